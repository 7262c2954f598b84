// `followup flags [--open|--all] [--owner X] [--overdue] [--json]` — the flagged
// issues as a work queue — and `followup flags resolve <flag-id> [--note]`.
import { loadFlagState, todayIn } from '../clients/journal-state.js';
import type { Context } from '../context.js';
import { NotFoundError, UsageError } from '../errors.js';
import { translator } from '../i18n/catalog.js';
import { callMessages } from '../i18n/messages/call.js';
import { appendEntry, flagQueue } from '../journal/index.js';
import { JOURNAL_VERSION, type FlagUpdateEntry } from '../journal/types.js';
import { idMaker } from '../terminal/call-context.js';
import { renderOptions } from '../terminal/render/style.js';
import { flagsJson, renderFlags } from '../terminal/render/flags.js';
import { safeText } from '../terminal/safe-text.js';

export type FlagsOptions =
  | { action: 'list'; open?: boolean; all?: boolean; owner?: string; overdue?: boolean; json?: boolean }
  | { action: 'resolve'; flagId: string; note?: string };

export async function run(ctx: Context, options: FlagsOptions): Promise<number> {
  return options.action === 'resolve' ? resolve(ctx, options.flagId, options.note) : list(ctx, options);
}

async function list(ctx: Context, options: Extract<FlagsOptions, { action: 'list' }>): Promise<number> {
  const t = translator(callMessages, ctx.lang);
  if (options.open && options.all) throw new UsageError(t('flags.openOrAll'));
  const today = todayIn(ctx);
  const state = await loadFlagState(ctx);
  const items = flagQueue(state, {
    status: options.all ? 'all' : 'open',
    ...(options.owner ? { owner: options.owner } : {}),
    ...(options.overdue ? { overdue: true } : {}),
    today,
  });
  if (options.json) ctx.io.out(`${JSON.stringify(flagsJson(items, today), null, 2)}\n`);
  else ctx.io.out(`${renderFlags(items, renderOptions(ctx), [...state.flags.keys()])}\n`);
  return 0;
}

async function resolve(ctx: Context, wanted: string, note: string | undefined): Promise<number> {
  const t = translator(callMessages, ctx.lang);
  const state = await loadFlagState(ctx);
  const prefix = wanted.trim().toLowerCase();
  const matches = prefix ? [...state.flags.values()].filter((f) => f.id.toLowerCase().startsWith(prefix)) : [];
  const exact = matches.find((f) => f.id.toLowerCase() === prefix);
  if (matches.length === 0) throw new NotFoundError(t('flags.notFound', { id: safeText(wanted) }), { hint: t('flags.notFoundHint') });
  if (matches.length > 1 && !exact) {
    throw new UsageError(t('flags.ambiguous', { id: safeText(wanted), ids: matches.map((f) => f.id).join(', ') }), { hint: t('flags.ambiguousHint') });
  }
  const flag = exact ?? matches[0]!;
  if (flag.status === 'resolved') {
    ctx.io.err(`${t('flags.alreadyResolved', { id: flag.id })}\n`);
    return 0;
  }
  const at = ctx.now();
  const entry: FlagUpdateEntry = {
    v: JOURNAL_VERSION,
    type: 'flag',
    id: idMaker()(at),
    at: at.toISOString(),
    flag: flag.id,
    status: 'resolved',
    ...(note?.trim() ? { note: note.trim() } : {}),
  };
  await appendEntry(ctx.journal, entry, { lang: ctx.lang });
  ctx.io.err(`${t('flags.resolved', { id: flag.id, text: safeText(flag.text) })}\n`);
  return 0;
}
