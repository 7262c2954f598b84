// `followup history <client> [--json]`: a client's calls, flags and next call.
import { findClients } from '../clients/match.js';
import { loadJournalView, todayIn } from '../clients/journal-state.js';
import type { Context } from '../context.js';
import { NotFoundError, UsageError } from '../errors.js';
import { translator } from '../i18n/catalog.js';
import { callMessages } from '../i18n/messages/call.js';
import { renderOptions } from '../terminal/render/style.js';
import { historyJson, renderHistory } from '../terminal/render/history.js';
import { safeText } from '../terminal/safe-text.js';

export interface HistoryOptions {
  client: string;
  json?: boolean;
}

export async function run(ctx: Context, options: HistoryOptions): Promise<number> {
  const t = translator(callMessages, ctx.lang);
  const view = await loadJournalView(ctx, { progress: !options.json });
  const matches = findClients(options.client, view.clients());
  if (matches.length === 0) throw new NotFoundError(t('history.notFound', { query: safeText(options.client) }), { hint: t('client.notFoundHint') });
  if (matches.length > 1) {
    throw new UsageError(
      t('client.ambiguous', { query: safeText(options.client), names: matches.map((m) => `${safeText(m.client.name)} (${m.client.id})`).join(', ') }),
      { hint: t('client.ambiguousHintHistory', { example: matches[0]!.client.id }) },
    );
  }
  const client = (await view.history(matches[0]!.client.id))!;
  if (options.json) ctx.io.out(`${JSON.stringify(historyJson(client), null, 2)}\n`);
  else ctx.io.out(`${renderHistory(client, todayIn(ctx), renderOptions(ctx))}\n`);
  return 0;
}
