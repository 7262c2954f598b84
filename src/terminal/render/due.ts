// `followup due`: the calls to make, oldest first, each with why it is due and
// what is still open. The table for people and the --json shape for tools.
import { translator, type Translate } from '../../i18n/catalog.js';
import { formatDate } from '../../i18n/dates.js';
import { callMessages, type CallMessages } from '../../i18n/messages/call.js';
import type { DueItem } from '../../journal/index.js';
import type { NextCall } from '../../journal/types.js';
import { safeText } from '../safe-text.js';
import { makeChalk, table, width, type RenderOptions } from './style.js';

/** Why a call is due: the next call agreed, a retry, and how late it is. */
export function dueReason(item: { nextCall: NextCall; overdueDays: number }, t: Translate<CallMessages>): string {
  const base = item.nextCall.kind === 'retry' ? t('due.reason.retry') : item.nextCall.agreed ? t('due.reason.next') : t('due.reason.notAgreed');
  return item.overdueDays > 0 ? `${base}, ${t('due.reason.overdue', { count: item.overdueDays })}` : base;
}

export function renderDue(items: DueItem[], day: string, options: RenderOptions): string {
  const t = translator(callMessages, options.lang);
  const chalk = makeChalk(options.color);
  const dayText = formatDate(day, 'long', options.lang, options.timeZone);
  if (items.length === 0) return t('due.none', { date: dayText });
  const rows = items.map((item) => {
    const when = formatDate(item.nextCall.date, 'day', options.lang, options.timeZone) + (item.nextCall.at ? ` ${formatDate(item.nextCall.at, 'time', options.lang, options.timeZone)}` : '');
    const who = [safeText(item.client.name), item.client.phone ? safeText(item.client.phone) : undefined].filter(Boolean).join(' · ');
    const flags = item.openFlags.map((f) => `! ${safeText(f.text)} → ${safeText(f.owner)}`).join('; ');
    return [when, who, dueReason(item, t), safeText(item.nextCall.script ?? ''), flags];
  });
  const header = [t('due.col.when'), t('due.col.client'), t('due.col.reason'), t('due.col.script'), t('due.col.flags')];
  return `${chalk.bold(t('due.title', { date: dayText }))}\n${table(header, rows, width(options), { header: chalk.dim })}`;
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
