// Durations as trainers write them: "90m", "2 hours", "3 days",
// "3 business days", "1 week", and the Russian forms ("3 дня", "2 часа",
// "3 рабочих дня"). One table drives both the parser and the pattern the
// schema publishes, so the editor and the loader accept exactly the same text.
import type { Duration, DurationUnit } from './types.js';

/** Regex fragments per unit, matched whole and case-sensitively (the JSON
 * Schema `pattern` has no flags, so the loader must not be laxer than editors). */
const UNIT_WORDS: Record<DurationUnit, string[]> = {
  minutes: ['m', 'min', 'mins', 'minutes?', 'мин', 'минут[аыу]?'],
  hours: ['h', 'hr', 'hrs', 'hours?', 'ч', 'час', 'часа', 'часов'],
  days: ['d', 'days?', 'д', 'дн', 'день', 'дня', 'дней', 'сутки', 'суток'],
  'business-days': [
    'bd',
    'business\\s+days?',
    'working\\s+days?',
    'workdays?',
    'рабочий\\s+день',
    'рабочих\\s+дня',
    'рабочих\\s+дней',
    'раб\\.?\\s*дн(?:я|ей)?\\.?',
  ],
  weeks: ['w', 'wk', 'weeks?', 'нед', 'недел[яиюь]'],
};

const UNITS = Object.keys(UNIT_WORDS) as DurationUnit[];

function unitGroup(): string {
  return UNITS.map((u) => `(${UNIT_WORDS[u].join('|')})`).join('|');
}

/** The published pattern (no flags): an amount, optional space, a unit. */
export const DURATION_PATTERN = `^\\s*([1-9]\\d{0,3})\\s*(?:${unitGroup()})\\s*$`;
const DURATION_RE = new RegExp(DURATION_PATTERN);

/** A call's target length: minutes or hours like any duration, or seconds
 * ("150s", "150 сек") or m:ss ("3:00"). */
export const TARGET_PATTERN = `^\\s*(?:\\d{1,3}:[0-5]\\d|[1-9]\\d{0,4}\\s*(?:s|sec|secs|seconds?|с|сек|секунд[аы]?)|[1-9]\\d{0,3}\\s*(?:${[
  ...UNIT_WORDS.minutes,
  ...UNIT_WORDS.hours,
].join('|')}))\\s*$`;
const TARGET_RE = new RegExp(TARGET_PATTERN);

export class DurationSyntaxError extends Error {
  constructor(
    readonly text: string,
    /** A corrected spelling, when the text only differs in case or spacing. */
    readonly suggestion?: string,
  ) {
    super(`not a duration: '${text}'`);
    this.name = 'DurationSyntaxError';
  }
}

/** Parses a duration; throws DurationSyntaxError (never anything else). */
export function parseDuration(text: string): Duration {
  const match = DURATION_RE.exec(text);
  if (!match) {
    const lower = String(text).toLowerCase().replace(/\s+/g, ' ').trim();
    const suggestion = lower !== text && DURATION_RE.test(lower) ? lower : undefined;
    throw new DurationSyntaxError(String(text), suggestion);
  }
  const amount = Number(match[1]);
  const index = match.slice(2).findIndex((g) => g !== undefined);
  return { amount, unit: UNITS[index]!, text: text.trim() };
}

const SECONDS_PER: Partial<Record<DurationUnit, number>> = { minutes: 60, hours: 3600 };

/** The target length in seconds; throws DurationSyntaxError. */
export function parseTarget(text: string): number {
  if (!TARGET_RE.test(text)) throw new DurationSyntaxError(String(text));
  const t = text.trim();
  const clock = /^(\d{1,3}):(\d\d)$/.exec(t);
  if (clock) return Number(clock[1]) * 60 + Number(clock[2]);
  const seconds = /^(\d+)\s*(?:s|sec|secs|seconds?|с|сек|секунд[аы]?)$/.exec(t);
  if (seconds) return Number(seconds[1]);
  const d = parseDuration(t);
  return d.amount * SECONDS_PER[d.unit]!;
}
