// `followup due`: the calls to make, oldest first, each with why it is due and
// what is still open. The table for people and the --json shape for tools.
import { translator, type Translate } from '../../i18n/catalog.js';
import { formatDate } from '../../i18n/dates.js';
import { callMessages, type CallMessages } from '../../i18n/messages/call.js';
import type { DueItem } from '../../journal/index.js';
import type { NextCall } from '../../journal/types.js';
import { safeText } from '../safe-text.js';
import { flagLine } from './brief.js';
import { makeChalk, padDisplay, textWidth, width, wrapIndented, type RenderOptions } from './style.js';

/** Why a call is due: the next call agreed, a retry, and how late it is. */
export function dueReason(item: { nextCall: NextCall; overdueDays: number }, t: Translate<CallMessages>): string {
  const base = item.nextCall.kind === 'retry' ? t('due.reason.retry') : item.nextCall.agreed ? t('due.reason.next') : t('due.reason.notAgreed');
  return item.overdueDays > 0 ? `${base}, ${t('due.reason.overdue', { count: item.overdueDays })}` : base;
}

/** One call per block: when and who on the first line, why under it, then what is open. */
export function renderDue(items: DueItem[], day: string, options: RenderOptions): string {
  const t = translator(callMessages, options.lang);
  const chalk = makeChalk(options.color);
  const lineWidth = width(options);
  const dayText = formatDate(day, 'long', options.lang, options.timeZone);
  if (items.length === 0) return t('due.none', { date: dayText });
  // A big journal lists thousands of due calls on a few dozen distinct days:
  // each day (and time) is formatted once.
  const whenCache = new Map<string, string>();
  const whenOf = (item: DueItem) => {
    const key = `${item.nextCall.date}|${item.nextCall.at ?? ''}`;
    let when = whenCache.get(key);
    if (when === undefined) {
      when = formatDate(item.nextCall.date, 'day', options.lang, options.timeZone) + (item.nextCall.at ? ` ${formatDate(item.nextCall.at, 'time', options.lang, options.timeZone)}` : '');
      whenCache.set(key, when);
    }
    return when;
  };
  const pad = Math.max(...items.map((item) => textWidth(whenOf(item)))) + 2;
  const blocks = items.map((item) => {
    const who = [chalk.bold(safeText(item.client.name)), item.client.phone ? safeText(item.client.phone) : undefined, item.nextCall.script ? chalk.dim(safeText(item.nextCall.script)) : undefined]
      .filter(Boolean)
      .join(' · ');
    const reason = dueReason(item, t);
    const lines = [
      `${padDisplay(whenOf(item), pad)}${wrapIndented(who, pad, lineWidth).slice(pad)}`,
      wrapIndented(item.overdueDays > 0 ? chalk.red(reason) : reason, pad, lineWidth),
      ...item.openFlags.map((f) => wrapIndented(flagLine(f, day, options), pad, lineWidth)),
    ];
    return lines.join('\n');
  });
  return `${chalk.bold(t('due.title', { date: dayText }))}\n\n${blocks.join('\n\n')}`;
}

/** The --json shape of one due call (documented in docs/call.md). */
export function dueJson(item: DueItem) {
  return {
    client: item.client,
    date: item.nextCall.date,
    ...(item.nextCall.at ? { at: item.nextCall.at } : {}),
    reason: item.reason,
    agreed: item.nextCall.agreed,
    overdueDays: item.overdueDays,
    script: item.nextCall.script ?? null,
    lastCall: { id: item.lastCall.id, at: item.lastCall.at, outcome: item.lastCall.outcome, summary: item.lastCall.summary },
    openFlags: item.openFlags.map((f) => ({ id: f.id, text: f.text, owner: f.owner, due: f.due, ...(f.promise ? { promise: f.promise } : {}) })),
  };
}
