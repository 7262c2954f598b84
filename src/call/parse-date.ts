// What a salesperson types for a date, in English or Russian, relative to the
// call's day in their time zone. Written by hand: date-fns `parse` takes one
// fixed pattern, and no kept library reads "послезавтра" or "через 3 дня".
//   today · tomorrow · day after tomorrow · сегодня · завтра · послезавтра
//   +5d · +2w · +5 · +3д · +1н · in 3 days · in 2 weeks · через 3 дня · через неделю
//   2026-12-03 · 3.12 · 3.12. · 03.12.2026 · 3.12.26
//   a weekday (the next one after today): tue · tuesday · next tue · on friday ·
//   вт · вторник · в пятницу · в следующую среду
import type { Lang } from '../i18n/catalog.js';
import type { Day } from '../journal/types.js';
import { dayString } from '../time/day.js';
import { addCalendarDays, dayOf, isDay, isoWeekday } from './dates.js';

export interface ParseDateOptions {
  now: Date | string;
  /** Accepted for symmetry with the other date helpers: both languages are always understood. */
  lang?: Lang;
  timeZone: string;
}

const WEEKDAYS: Record<string, number> = {};
function weekday(iso: number, ...names: string[]): void {
  for (const name of names) WEEKDAYS[name] = iso;
}
weekday(1, 'monday', 'mon', 'mo', 'понедельник', 'пн', 'пнд');
weekday(2, 'tuesday', 'tue', 'tues', 'tu', 'вторник', 'вт', 'втр');
weekday(3, 'wednesday', 'wed', 'we', 'среда', 'среду', 'ср', 'срд');
weekday(4, 'thursday', 'thu', 'thur', 'thurs', 'th', 'четверг', 'чт', 'чтв');
weekday(5, 'friday', 'fri', 'fr', 'пятница', 'пятницу', 'пт', 'птн');
weekday(6, 'saturday', 'sat', 'sa', 'суббота', 'субботу', 'сб', 'сбт');
weekday(7, 'sunday', 'sun', 'su', 'воскресенье', 'вс', 'вск');

const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  один: 1, одну: 1, одна: 1, два: 2, две: 2, три: 3, четыре: 4, пять: 5, шесть: 6, семь: 7, восемь: 8,
  девять: 9, десять: 10, пару: 2,
};

const DAY_UNITS = new Set(['d', 'day', 'days', 'д', 'дн', 'день', 'дня', 'дней']);
const WEEK_UNITS = new Set(['w', 'wk', 'week', 'weeks', 'н', 'нед', 'неделю', 'недели', 'недель', 'неделя']);

const SINGULAR_UNITS = new Set(['day', 'week', 'день', 'неделю']);

function unitDays(unit: string | undefined): number | null {
  if (unit === undefined || unit === '' || DAY_UNITS.has(unit)) return 1;
  if (WEEK_UNITS.has(unit)) return 7;
  return null;
}

function count(word: string | undefined): number | null {
  if (word === undefined || word === '') return 1;
  if (/^\d{1,4}$/.test(word)) return Number(word);
  return NUMBER_WORDS[word] ?? null;
}

function dayFrom(y: number, m: number, d: number): Day | null {
  const day = dayString(y, m, d);
  return isDay(day) ? day : null;
}

/** A day from what the user typed, or null when it isn't one. */
export function parseDateInput(text: string, opts: ParseDateOptions): Day | null {
  const input = text
    .trim()
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/\s+/g, ' ')
    .replace(/[,!]$/, '')
    .replace(/(\d)([a-zа-я])/g, '$1 $2');
  if (input === '') return null;
  const tz = opts.timeZone;
  const today = dayOf(opts.now, tz);
  const plus = (days: number): Day => addCalendarDays(today, days);

  switch (input) {
    case 'today':
    case 'сегодня':
      return today;
    case 'tomorrow':
    case 'tmrw':
    case 'завтра':
      return plus(1);
    case 'day after tomorrow':
    case 'the day after tomorrow':
    case 'послезавтра':
      return plus(2);
    case 'next week':
    case 'через неделю':
    case 'на следующей неделе':
      return plus(7);
  }

  // +5d, +2w, +5, +3д
  let m = /^\+\s*(\d{1,4})\s*([a-zа-я]*)$/.exec(input);
  if (m) {
    const unit = unitDays(m[2]);
    return unit === null ? null : plus(Number(m[1]) * unit);
  }
  // in 3 days, in a week, in two weeks, через 3 дня, через день, через пару дней
  m = /^(?:in|через) (?:(\S+) )?(\S+)$/.exec(input);
  if (m) {
    // Without a number only a singular unit reads right: "через день", "in a week" (not "in days").
    if (m[1] === undefined && !SINGULAR_UNITS.has(m[2]!)) return null;
    const n = count(m[1]);
    const unit = m[2] ? unitDays(m[2]) : null;
    return n === null || unit === null ? null : plus(n * unit);
  }
  // 2026-12-03
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(input);
  if (m) return dayFrom(Number(m[1]), Number(m[2]), Number(m[3]));
  // 03.12.2026, 3.12.26, 3.12, 3.12.
  m = /^(\d{1,2})\.(\d{1,2})(?:\.(\d{2}|\d{4})?)?$/.exec(input);
  if (m) {
    const d = Number(m[1]);
    const mo = Number(m[2]);
    if (m[3]) return dayFrom(m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3]), mo, d);
    // No year: the next such day from today on.
    const year = Number(today.slice(0, 4));
    const thisYear = dayFrom(year, mo, d);
    if (thisYear && thisYear >= today) return thisYear;
    return dayFrom(year + 1, mo, d) ?? (mo === 2 && d === 29 ? nextLeapDay(year + 1) : null);
  }
  // Weekdays: strictly after today ("tuesday" said on a Tuesday means next week's).
  const name = input
    .replace(/^(?:on |next |this |coming |в следующ(?:ий|ую|ее) |в эт(?:от|у|о) |следующ(?:ий|ая|ее) |в |во )/, '')
    .replace(/\.$/, '');
  const iso = WEEKDAYS[name];
  if (iso !== undefined) {
    const todayIso = isoWeekday(today);
    const ahead = (iso - todayIso + 7) % 7 || 7;
    return plus(ahead);
  }
  return null;
}

function nextLeapDay(fromYear: number): Day | null {
  for (let y = fromYear; y < fromYear + 8; y++) {
    const day = dayFrom(y, 2, 29);
    if (day) return day;
  }
  return null;
}
