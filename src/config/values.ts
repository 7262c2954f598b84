// Parsers for what people type after `followup config set KEY`: working days
// as numbers, names or ranges in English and Russian, dates off as a list or
// a range, call hours as a span. Each throws InvalidValue with a catalog key
// saying what is wrong; the command adds the key's accepted form.
// Hand-written: the forms are ours (ISO weekdays, ru day names) and small.
import { dayString, twoDigits } from '../time/day.js';

export class InvalidValue extends Error {
  constructor(
    readonly problem: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(problem);
  }
}

const WEEKDAY_NAMES: Record<number, string[]> = {
  1: ['mon', 'monday', 'пн', 'пон', 'понедельник'],
  2: ['tue', 'tues', 'tuesday', 'вт', 'вто', 'вторник'],
  3: ['wed', 'wednesday', 'ср', 'сре', 'среда'],
  4: ['thu', 'thur', 'thurs', 'thursday', 'чт', 'чет', 'четверг'],
  5: ['fri', 'friday', 'пт', 'пят', 'пятница'],
  6: ['sat', 'saturday', 'сб', 'суб', 'суббота'],
  7: ['sun', 'sunday', 'вс', 'вос', 'воскресенье'],
};
const WEEKDAY_BY_NAME = new Map<string, number>(
  Object.entries(WEEKDAY_NAMES).flatMap(([n, names]) => names.map((name) => [name, Number(n)] as const)),
);

function weekday(word: string): number {
  const w = word.trim().toLowerCase().replace(/\.$/, '');
  if (/^[1-7]$/.test(w)) return Number(w);
  const day = WEEKDAY_BY_NAME.get(w);
  if (day === undefined) throw new InvalidValue('value.notWeekday', { value: word.trim() });
  return day;
}

/** '1,2,3,4,5', 'mon-fri', 'пн-пт', 'mon,wed,fri', 'sat-thu' (wraps) → sorted ISO weekdays. */
export function parseWorkingDays(input: string): number[] {
  const days = new Set<number>();
  const parts = input.replace(/\s*([-–—]|\.\.)\s*/g, '$1').split(/[,;\s]+/).filter(Boolean);
  if (parts.length === 0) throw new InvalidValue('value.empty');
  for (const part of parts) {
    const range = part.split(/[-–—]|\.\./);
    if (range.length > 2) throw new InvalidValue('value.notWeekday', { value: part });
    if (range.length === 2) {
      let day = weekday(range[0]!);
      const last = weekday(range[1]!);
      days.add(day);
      while (day !== last) {
        day = (day % 7) + 1;
        days.add(day);
      }
    } else days.add(weekday(part));
  }
  return [...days].sort((a, b) => a - b);
}

const SHORT_EN = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** [1,2,3,4,5] → 'mon-fri' style summary for people ('Mon–Fri', 'Mon, Wed, Fri'). */
export function describeWorkingDays(days: number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const runs: number[][] = [];
  for (const day of sorted) {
    const run = runs.at(-1);
    if (run && run.at(-1) === day - 1) run.push(day);
    else runs.push([day]);
  }
  return runs.map((r) => (r.length >= 3 ? `${SHORT_EN[r[0]!]}–${SHORT_EN[r.at(-1)!]}` : r.map((d) => SHORT_EN[d]).join(', '))).join(', ');
}

/** 'YYYY-MM-DD' or the Russian 'DD.MM.YYYY' → 'YYYY-MM-DD', checking the day exists. */
export function parseDay(input: string): string {
  const text = input.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const dotted = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  const [y, m, d] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : dotted
      ? [Number(dotted[3]), Number(dotted[2]), Number(dotted[1])]
      : [Number.NaN, 0, 0];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (Number.isNaN(y) || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    throw new InvalidValue('value.notDay', { value: text });
  }
  return dayString(y, m, d);
}

const MAX_RANGE_DAYS = 366;

/** '2026-12-31, 2027-01-01', '2027-01-01..2027-01-08', '31.12.2026' → sorted unique days. */
export function parseDaysOff(input: string): string[] {
  const days = new Set<string>();
  const parts = input.replace(/\s*\.\.\s*/g, '..').split(/[,;\s]+/).filter(Boolean);
  if (parts.length === 0) throw new InvalidValue('value.empty');
  for (const part of parts) {
    const range = part.split('..');
    if (range.length > 2) throw new InvalidValue('value.notDay', { value: part });
    const first = parseDay(range[0]!);
    const last = parseDay(range[1] ?? range[0]!);
    if (last < first) throw new InvalidValue('value.rangeBackwards', { value: part });
    const cursor = new Date(`${first}T00:00:00Z`);
    for (let n = 0; ; n += 1) {
      if (n > MAX_RANGE_DAYS) throw new InvalidValue('value.rangeTooLong', { value: part, max: MAX_RANGE_DAYS });
      const day = cursor.toISOString().slice(0, 10);
      days.add(day);
      if (day === last) break;
      cursor.setUTCDate(cursor.getUTCDate() + 1);
    }
  }
  return [...days].sort();
}

function clock(hours: string, minutes: string | undefined, whole: string): string {
  const h = Number(hours);
  const m = minutes === undefined ? 0 : Number(minutes);
  if (h > 23 || m > 59) throw new InvalidValue('value.notHours', { value: whole });
  return `${twoDigits(h)}:${twoDigits(m)}`;
}

/** '09:00-20:00', '9-20', '9:30–18' → { from: '09:00', to: '20:00' }. */
export function parseCallHours(input: string): { from: string; to: string } {
  const text = input.trim();
  const match = /^(\d{1,2})(?:[:.](\d{2}))?\s*(?:[-–—]|\.\.)\s*(\d{1,2})(?:[:.](\d{2}))?$/.exec(text);
  if (!match) throw new InvalidValue('value.notHours', { value: text });
  const from = clock(match[1]!, match[2], text);
  const to = clock(match[3]!, match[4], text);
  if (to <= from) throw new InvalidValue('value.hoursBackwards', { value: text });
  return { from, to };
}

/** An IANA zone as the runtime knows it ('europe/moscow' → 'Europe/Moscow'). */
export function parseTimeZone(input: string): string {
  const text = input.trim();
  if (!/^[A-Za-z_+\-/0-9]+$/.test(text) || /^[+-]?\d/.test(text)) throw new InvalidValue('value.notTimeZone', { value: text });
  try {
    return new Intl.DateTimeFormat('en', { timeZone: text }).resolvedOptions().timeZone;
  } catch {
    throw new InvalidValue('value.notTimeZone', { value: text });
  }
}

/** A phone as people write it: digits with + ( ) - . spaces, an extension allowed. */
export function parsePhone(input: string): string {
  const text = input.trim().replace(/\s+/g, ' ');
  const digits = text.replace(/\D/g, '').length;
  if (!/^\+?[\d\s().\-/]+((ext|x|доб)\.?\s*\d+)?$/i.test(text) || digits < 3) {
    throw new InvalidValue('value.notPhone', { value: text });
  }
  return text;
}

export function parseSeconds(input: string): number {
  const text = input.trim().replace(/\s*(s|sec|с|сек)\.?$/i, '');
  const n = Number(text);
  if (text === '' || !Number.isFinite(n) || n <= 0 || n > 3600) throw new InvalidValue('value.notSeconds', { value: input.trim() });
  return n;
}

export function parseText(input: string): string {
  const text = input.trim();
  if (text === '') throw new InvalidValue('value.empty');
  if (/[\u0000-\u001F\u007F-\u009F]/.test(text)) throw new InvalidValue('value.control');
  return text;
}
