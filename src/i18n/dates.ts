// Dates as the user reads them: weekday and day in their language and time
// zone. date-fns functions and locales are imported one by one.
import { format as formatFns } from 'date-fns/format';
import { enGB } from 'date-fns/locale/en-GB';
import { ru } from 'date-fns/locale/ru';
import { TZDate } from '@date-fns/tz';
import type { Lang } from './catalog.js';

const LOCALES = { en: enGB, ru } as const;

export type DateStyle = 'day' | 'long' | 'time' | 'dayTime' | 'iso';

const PATTERNS: Record<Lang, Record<Exclude<DateStyle, 'iso'>, string>> = {
  en: { day: 'EEE d MMM', long: 'EEEE, d MMMM', time: 'HH:mm', dayTime: 'EEE d MMM, HH:mm' },
  ru: { day: 'EEEEEE, d MMM', long: 'EEEE, d MMMM', time: 'HH:mm', dayTime: 'EEEEEE, d MMM, HH:mm' },
};

/** A Date (an instant) or a 'YYYY-MM-DD' calendar day. */
export function formatDate(value: Date | string, style: DateStyle, lang: Lang, timeZone?: string): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    // A calendar day has no time zone: format it as a local noon of that day.
    const [y, m, d] = value.split('-').map(Number) as [number, number, number];
    value = timeZone ? new TZDate(y, m - 1, d, 12, timeZone) : new Date(y, m - 1, d, 12);
  }
  const date = typeof value === 'string' ? new Date(value) : value;
  const zoned = timeZone ? new TZDate(date, timeZone) : date;
  if (style === 'iso') return formatFns(zoned, 'yyyy-MM-dd');
  return formatFns(zoned, PATTERNS[lang][style], { locale: LOCALES[lang] });
}
