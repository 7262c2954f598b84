// Dates as the user reads them: weekday and day in their language and time
// zone. date-fns functions and locales are imported one by one. An instant is
// shifted to the zone's wall clock and formatted as a UTCDate (a Date whose
// getters read UTC), so no pattern here may show a zone or an offset.
import { UTCDateMini } from '@date-fns/utc/date/mini';
import { format as formatFns } from 'date-fns/format';
import { enGB } from 'date-fns/locale/en-GB';
import { ru } from 'date-fns/locale/ru';
import { wallClock } from '../time/zone-offset.js';
import type { Lang } from './catalog.js';

const LOCALES = { en: enGB, ru } as const;

export type DateStyle = 'day' | 'long' | 'time' | 'dayTime' | 'iso';

const PATTERNS: Record<Lang, Record<Exclude<DateStyle, 'iso'>, string>> = {
  en: { day: 'EEE d MMM', long: 'EEEE, d MMMM', time: 'HH:mm', dayTime: 'EEE d MMM, HH:mm' },
  ru: { day: 'EEEEEE, d MMM', long: 'EEEE, d MMMM', time: 'HH:mm', dayTime: 'EEEEEE, d MMM, HH:mm' },
};

/** A Date (an instant) or a 'YYYY-MM-DD' calendar day. */
export function formatDate(value: Date | string, style: DateStyle, lang: Lang, timeZone?: string): string {
  let zoned: Date;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    // A calendar day has no time zone: format it as that day's noon.
    const [y, m, d] = value.split('-').map(Number) as [number, number, number];
    zoned = timeZone ? new UTCDateMini(y, m - 1, d, 12) : new Date(y, m - 1, d, 12);
  } else {
    const date = typeof value === 'string' ? new Date(value) : value;
    zoned = timeZone ? new UTCDateMini(wallClock(timeZone, date.getTime()).getTime()) : date;
  }
  if (style === 'iso') return formatFns(zoned, 'yyyy-MM-dd');
  return formatFns(zoned, PATTERNS[lang][style], { locale: LOCALES[lang] });
}
