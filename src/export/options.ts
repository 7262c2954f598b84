// From the command line's strings to a checked CallFilter: days (with a few
// relative forms), outcomes and scripts as comma lists. Errors are UsageErrors
// that say what is wrong and what would be right.
import { parseDateInput } from '../call/parse-date.js';
import { UsageError } from '../errors.js';
import type { Lang } from '../i18n/catalog.js';
import { translator } from '../i18n/catalog.js';
import { exportMessages } from '../i18n/messages/export.js';
import { OUTCOMES } from '../journal/types.js';
import { isOutcome, listOption, type CallFilter } from './filter.js';
import type { ZoneClock } from './zone.js';

export interface FilterFlags {
  from?: string;
  to?: string;
  salesperson?: string;
  client?: string;
  outcome?: string;
  script?: string;
  openFlags?: boolean;
}

const DAY_MS = 86_400_000;

/** A day from --from/--to: YYYY-MM-DD, today, yesterday, -7d (days ago), -2w, or what the call prompt understands (3.12, 03.12.2026, завтра…). */
export function parseDayOption(flag: string, value: string, context: { now: Date; clock: ZoneClock; lang: Lang }): string {
  const text = value.trim().toLowerCase();
  const today = context.clock.day(context.now.getTime());
  const daysAgo = (n: number) => context.clock.day(context.clock.instantOf(today, '12:00') - n * DAY_MS);
  let day: string | null = null;
  if (text === 'yesterday' || text === 'вчера') day = daysAgo(1);
  else {
    const ago = /^-(\d{1,4})\s*(d|w|д|н)?$/.exec(text);
    if (ago) day = daysAgo(Number(ago[1]) * (ago[2] === 'w' || ago[2] === 'н' ? 7 : 1));
    else day = parseDateInput(text, { now: context.now, lang: context.lang, timeZone: context.clock.timeZone });
  }
  if (!day) {
    const t = translator(exportMessages, context.lang);
    throw new UsageError(t('error.date', { flag, value }), { hint: t('error.dateHint', { example: today }) });
  }
  return day;
}

export function parseFilter(flags: FilterFlags, context: { now: Date; clock: ZoneClock; lang: Lang }): CallFilter {
  const t = translator(exportMessages, context.lang);
  const filter: CallFilter = {};
  if (flags.from !== undefined) filter.from = parseDayOption('--from', flags.from, context);
  if (flags.to !== undefined) filter.to = parseDayOption('--to', flags.to, context);
  if (filter.from && filter.to && filter.from > filter.to)
    throw new UsageError(t('error.range', { from: filter.from, to: filter.to }), { hint: t('error.rangeHint') });
  if (flags.salesperson !== undefined) filter.salesperson = flags.salesperson;
  if (flags.client !== undefined) filter.client = flags.client;
  const outcomes = listOption(flags.outcome);
  if (outcomes) {
    for (const o of outcomes)
      if (!isOutcome(o)) throw new UsageError(t('error.outcome', { value: o }), { hint: t('error.outcomeHint', { list: OUTCOMES.join(', ') }) });
    filter.outcomes = outcomes as CallFilter['outcomes'];
  }
  const scripts = listOption(flags.script);
  if (scripts) filter.scripts = scripts;
  if (flags.openFlags) filter.openFlags = true;
  return filter;
}
