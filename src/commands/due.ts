// `followup due [--on DATE] [--overdue] [--json]`: the calls to make.
import { loadJournalView, todayIn } from '../clients/journal-state.js';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { translator } from '../i18n/catalog.js';
import { callMessages } from '../i18n/messages/call.js';
import { renderOptions } from '../terminal/render/style.js';
import { dueJson, renderDue } from '../terminal/render/due.js';

export interface DueOptions {
  on?: string;
  overdue?: boolean;
  json?: boolean;
}

/** A day the user typed: 2026-12-01, today, tomorrow, +3d, a weekday. The date
 * parser alone (not the call engine's index), and only when --on is given. */
async function dayOption(ctx: Context, value: string): Promise<string> {
  const { parseDateInput } = await import('../call/parse-date.js');
  const day = parseDateInput(value, { now: ctx.now(), lang: ctx.lang, timeZone: ctx.timeZone });
  if (!day) throw new UsageError(translator(callMessages, ctx.lang)('date.invalid', { value }));
  return day;
}

export async function run(ctx: Context, options: DueOptions): Promise<number> {
  const day = options.on ? await dayOption(ctx, options.on) : todayIn(ctx);
  const view = await loadJournalView(ctx, { progress: !options.json });
  // --on DATE: what is due that day and before it, unless only the overdue are asked.
  const items = await view.due({ day, ...(options.overdue ? { overdue: true } : {}) });
  if (options.json) {
    ctx.io.out(`${JSON.stringify({ day, calls: items.map(dueJson) }, null, 2)}\n`);
    return 0;
  }
  ctx.io.out(`${renderDue(items, day, renderOptions(ctx))}\n`);
  return 0;
}
