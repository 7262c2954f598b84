// Dates as the user reads them: weekday and day in their language and time
// zone, worded by date-fns's locales (en-GB, ru: the formatting forms, so
// «28 ноября»). The four patterns are put together here from the locale's
// words rather than by date-fns `format`, whose token machinery (~60 KB) is
// most of what `due` would load for them; test/unit/dates-format.test.ts
// checks the result against `format` with the patterns below.
import { enGB } from 'date-fns/locale/en-GB';
import { ru } from 'date-fns/locale/ru';
import type { Day, Month } from 'date-fns';
import { dayString, twoDigits } from '../time/day.js';
import { wallClock } from '../time/zone-offset.js';
import type { Lang } from './catalog.js';

const LOCALES = { en: enGB, ru } as const;

export type DateStyle = 'day' | 'long' | 'time' | 'dayTime' | 'iso';

/** The date-fns patterns each style writes (what the test compares with). */
export const PATTERNS: Record<Lang, Record<Exclude<DateStyle, 'iso'>, string>> = {
  en: { day: 'EEE d MMM', long: 'EEEE, d MMMM', time: 'HH:mm', dayTime: 'EEE d MMM, HH:mm' },
  ru: { day: 'EEEEEE, d MMM', long: 'EEEE, d MMMM', time: 'HH:mm', dayTime: 'EEEEEE, d MMM, HH:mm' },
};

/** The weekday's width in the `day` style: EEE (Mon) in English, EEEEEE (пн) in Russian. */
const SHORT_DAY = { en: 'abbreviated', ru: 'short' } as const;

interface Fields {
  year: number;
  month: Month;
  date: number;
  weekday: Day;
  hours: number;
  minutes: number;
}

function utcFields(d: Date): Fields {
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() as Month, date: d.getUTCDate(), weekday: d.getUTCDay() as Day, hours: d.getUTCHours(), minutes: d.getUTCMinutes() };
}

function localFields(d: Date): Fields {
  return { year: d.getFullYear(), month: d.getMonth() as Month, date: d.getDate(), weekday: d.getDay() as Day, hours: d.getHours(), minutes: d.getMinutes() };
}

/** A Date (an instant) or a 'YYYY-MM-DD' calendar day. */
export function formatDate(value: Date | string, style: DateStyle, lang: Lang, timeZone?: string): string {
  let f: Fields;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    // A calendar day has no time zone: it is that day, at noon.
    const [y, m, d] = value.split('-').map(Number) as [number, number, number];
    const noon = new Date(Date.UTC(y, m - 1, d, 12));
    noon.setUTCFullYear(y); // Date.UTC reads years 0–99 as 1900–1999
    f = utcFields(noon);
  } else {
    const date = typeof value === 'string' ? new Date(value) : value;
    if (Number.isNaN(date.getTime())) throw new RangeError('Invalid time value');
    f = timeZone ? utcFields(wallClock(timeZone, date.getTime())) : localFields(date);
  }
  if (style === 'iso') return dayString(f.year, f.month + 1, f.date);
  const { localize } = LOCALES[lang];
  const time = `${twoDigits(f.hours)}:${twoDigits(f.minutes)}`;
  if (style === 'time') return time;
  if (style === 'long') {
    return `${localize.day(f.weekday, { width: 'wide', context: 'formatting' })}, ${f.date} ${localize.month(f.month, { width: 'wide', context: 'formatting' })}`;
  }
  const day = `${localize.day(f.weekday, { width: SHORT_DAY[lang], context: 'formatting' })}${lang === 'ru' ? ',' : ''} ${f.date} ${localize.month(f.month, { width: 'abbreviated', context: 'formatting' })}`;
  return style === 'day' ? day : `${day}, ${time}`;
}
