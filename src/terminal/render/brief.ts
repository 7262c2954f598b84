// The brief before dialing: who the client is, which call this is, what was
// said last time and what is still open. Read in the seconds before the
// client picks up, so the important things come first and fit a glance.
import { dayDiff } from '../../journal/queries.js';
import type { ClientInfo, Day, FlagRecord, Outcome } from '../../journal/types.js';
import { translator } from '../../i18n/catalog.js';
import { formatDate } from '../../i18n/dates.js';
import { callMessages } from '../../i18n/messages/call.js';
import { safeText } from '../safe-text.js';
import { clock, makeChalk, truncate, width, wrapIndented, type RenderOptions } from './style.js';

export interface BriefModel {
  client: ClientInfo;
  script: { id: string; title: string; targetSec: number };
  /** 1 for the first call with this client. */
  callNumber: number;
  lastCall?: { at: string; summary?: string; outcome: Outcome };
  openFlags: FlagRecord[];
  /** Today in the salesperson's time zone (YYYY-MM-DD). */
  today: Day;
  /** Why the call is due (from `followup due`), if it is. */
  reason?: string;
}

export function deliveredText(at: string, today: Day, options: RenderOptions): string {
  const t = translator(callMessages, options.lang);
  const day = formatDate(at, 'iso', options.lang, options.timeZone);
  const time = formatDate(at, 'time', options.lang, options.timeZone);
  const diff = dayDiff(day, today);
  if (diff === 0) return t('brief.today', { time });
  if (diff === 1) return t('brief.yesterday', { time });
  return formatDate(at, 'dayTime', options.lang, options.timeZone);
}

/** One flag: text → owner, due date, overdue marked. */
export function flagLine(flag: FlagRecord, today: Day, options: RenderOptions): string {
  const t = translator(callMessages, options.lang);
  const chalk = makeChalk(options.color);
  const due = t('brief.due', { date: formatDate(flag.due, 'day', options.lang, options.timeZone) });
  const late = flag.status === 'open' ? dayDiff(flag.due, today) : -1;
  const when = late > 0 ? chalk.red(`${due}, ${t('brief.overdue', { count: late })}`) : late === 0 ? chalk.yellow(`${due}, ${t('brief.dueToday')}`) : due;
  return `! ${safeText(flag.text)} → ${safeText(flag.owner)}, ${when}`;
}

export function renderBrief(model: BriefModel, options: RenderOptions): string {
  const t = translator(callMessages, options.lang);
  const chalk = makeChalk(options.color);
  const lineWidth = width(options);
  const c = model.client;

  const product = [c.product ? safeText(c.product) : undefined, c.deliveredAt ? t('brief.delivered', { when: deliveredText(c.deliveredAt, model.today, options) }) : undefined]
    .filter(Boolean)
    .join(', ');
  const who = [chalk.bold(safeText(c.name)), c.phone ? safeText(c.phone) : undefined, product || undefined].filter(Boolean).join(' · ');

  const flagsText = model.openFlags.length === 0 ? t('brief.noFlags') : chalk.yellow(t('brief.flagsTitle', { count: model.openFlags.length }).replace(/:$/, ''));
  const sequence = [
    t('brief.call', { n: model.callNumber, script: safeText(model.script.id) }),
    t('brief.target', { target: clock(model.script.targetSec) }),
    model.callNumber === 1 && !model.lastCall ? t('brief.newClient') : undefined,
    flagsText,
  ]
    .filter(Boolean)
    .join(' · ');

  const lines = [wrapIndented(who, 0, lineWidth), wrapIndented(sequence, 0, lineWidth)];
  if (model.script.title) lines.push(chalk.dim(wrapIndented(safeText(model.script.title), 2, lineWidth)));
  if (model.reason) lines.push(wrapIndented(t('brief.reason', { reason: model.reason }), 0, lineWidth));
  if (model.lastCall) {
    const date = formatDate(model.lastCall.at, 'day', options.lang, options.timeZone);
    // Two lines at most: the brief is read at a glance; `followup history` has it all.
    const text = model.lastCall.summary
      ? truncate(t('brief.lastCall', { date, summary: safeText(model.lastCall.summary) }), lineWidth * 2 - 4)
      : t('brief.lastCallNoSummary', { date, outcome: t(`outcome.${model.lastCall.outcome}`) });
    lines.push(chalk.dim(wrapIndented(text, 0, lineWidth)));
  }
  if (model.openFlags.length > 0) {
    lines.push(chalk.yellow(t('brief.flagsTitle', { count: model.openFlags.length })));
    const sorted = [...model.openFlags].sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
    for (const flag of sorted) {
      lines.push(wrapIndented(flagLine(flag, model.today, options), 2, lineWidth));
      if (flag.promise) lines.push(chalk.dim(wrapIndented(`${t('review.promised')}: ${safeText(flag.promise)}`, 4, lineWidth)));
    }
  }
  return lines.join('\n');
}
