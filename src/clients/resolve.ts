// Which client a call is with: the best matches of what was typed among the
// clients the journal knows; several → the salesperson chooses (or, without a
// terminal, a usage error lists them); none → a new client, its details asked
// on a terminal or taken from flags and the answers file.
import { UsageError } from '../errors.js';
import { translator, type Lang } from '../i18n/catalog.js';
import { callMessages } from '../i18n/messages/call.js';
import type { ClientInfo } from '../journal/types.js';
import type { Prompter } from '../terminal/prompter.js';
import { safeText } from '../terminal/safe-text.js';
import { findClients, makeClientId } from './match.js';
import { parseMoment } from './when.js';

export interface ClientDetails {
  name?: string;
  phone?: string;
  product?: string;
  /** As typed: "today 11:40", an ISO time… */
  delivered?: string;
  script?: string;
}

export interface ResolveClientOptions {
  query: string;
  known: ClientInfo[];
  /** Absent without a terminal: nothing is asked. */
  prompter?: Prompter;
  /** From flags (--phone, --product, --delivered, --script) and the answers file. */
  details: ClientDetails;
  /** A new client even when the name matches someone (--new). */
  forceNew?: boolean;
  lang: Lang;
  now: Date;
  timeZone: string;
  /** Prints a line (a new client is announced before its questions). */
  show?: (text: string) => void;
}

export interface ResolvedClient {
  client: ClientInfo;
  isNew: boolean;
}

const NEW = '\u0000new';

export function parseDelivered(text: string, options: { now: Date; timeZone: string; lang: Lang }): string {
  const moment = parseMoment(text, options);
  if (!moment) {
    const t = translator(callMessages, options.lang);
    throw new UsageError(`--delivered: ${t('client.deliveredError')}`);
  }
  return moment.toISOString();
}

/** Flags given for a known client update what the journal knows (the latest entry wins). */
function withDetails(client: ClientInfo, details: ClientDetails, options: ResolveClientOptions): ClientInfo {
  return {
    ...client,
    ...(details.phone ? { phone: details.phone } : {}),
    ...(details.product ? { product: details.product } : {}),
    ...(details.delivered ? { deliveredAt: parseDelivered(details.delivered, options) } : {}),
  };
}

export async function resolveClient(options: ResolveClientOptions): Promise<ResolvedClient> {
  const t = translator(callMessages, options.lang);
  const { query, prompter } = options;
  const matches = options.forceNew ? [] : findClients(query, options.known);
  // One exact match (or any single match without a terminal) is the client;
  // a single near match on a terminal is confirmed: it may be a namesake.
  if (matches.length === 1 && (matches[0]!.tier === 'exact' || !prompter)) {
    return { client: withDetails(matches[0]!.client, options.details, options), isNew: false };
  }
  if (matches.length > 0) {
    const names = matches.map((m) => `${safeText(m.client.name)} (${m.client.id})`).join(', ');
    if (!prompter) {
      throw new UsageError(t('client.ambiguous', { query: safeText(query), names }), {
        hint: t('client.ambiguousHint', { example: matches[0]!.client.id }),
      });
    }
    const picked = await prompter.select<string>({
      key: 'client',
      message: t('client.choose'),
      choices: [
        ...matches.map((m) => ({
          value: m.client.id,
          name: [safeText(m.client.name), m.client.phone ? safeText(m.client.phone) : undefined, m.client.product ? safeText(m.client.product) : undefined]
            .filter(Boolean)
            .join(' · '),
          description: m.client.id,
        })),
        { separator: '─────────' },
        { value: NEW, name: t('client.new', { name: safeText(query) }) },
      ],
    });
    const chosen = matches.find((m) => m.client.id === picked);
    if (chosen) return { client: withDetails(chosen.client, options.details, options), isNew: false };
  }
  return { client: await newClient(options), isNew: true };
}

async function newClient(options: ResolveClientOptions): Promise<ClientInfo> {
  const t = translator(callMessages, options.lang);
  const { prompter, details, show } = options;
  const taken = new Set(options.known.map((c) => c.id));
  let name = (details.name ?? options.query).trim();
  if (!prompter) {
    if (!name) throw new UsageError(t('client.missing'));
    return withDetails({ id: makeClientId(name, taken), name }, details, options);
  }
  show?.(t('client.creating', { name: safeText(name) }));
  name = (await prompter.input({ key: 'client.name', message: t('client.name'), default: name || undefined, required: true })).trim();
  const phone = details.phone ?? (await prompter.input({ key: 'client.phone', message: t('client.phone') })).trim();
  const product = details.product ?? (await prompter.input({ key: 'client.product', message: t('client.product') })).trim();
  const delivered =
    details.delivered ??
    (await prompter.input({
      key: 'client.delivered',
      message: t('client.delivered'),
      validate: (v) => (v.trim() === '' || parseMoment(v, options) ? true : t('client.deliveredError')),
    }));
  const deliveredAt = delivered.trim() ? parseDelivered(delivered, options) : undefined;
  return {
    id: makeClientId(name, taken),
    name,
    ...(phone ? { phone } : {}),
    ...(product ? { product } : {}),
    ...(deliveredAt ? { deliveredAt } : {}),
  };
}
