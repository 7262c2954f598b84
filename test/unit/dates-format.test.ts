// formatDate writes what date-fns `format` writes for its patterns, in both
// languages, for instants in any zone and for calendar days.
import { UTCDateMini } from '@date-fns/utc/date/mini';
import { format } from 'date-fns/format';
import { enGB } from 'date-fns/locale/en-GB';
import { ru } from 'date-fns/locale/ru';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDate, PATTERNS, type DateStyle } from '../../src/i18n/dates.js';
import { zoneOffsetMs } from '../../src/time/zone-offset.js';

const LOCALES = { en: enGB, ru };
const STYLES: DateStyle[] = ['day', 'long', 'time', 'dayTime', 'iso'];
const ZONES = ['UTC', 'Europe/Moscow', 'Europe/Berlin', 'America/New_York', 'Asia/Kathmandu', 'Pacific/Chatham'];

function reference(wall: Date, style: DateStyle, lang: 'en' | 'ru'): string {
  return style === 'iso' ? format(wall, 'yyyy-MM-dd') : format(wall, PATTERNS[lang][style], { locale: LOCALES[lang] });
}

describe('formatDate', () => {
  it('writes an instant in a zone as date-fns format does', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 0, 1) }), fc.constantFrom(...ZONES), fc.constantFrom(...STYLES), fc.constantFrom('en' as const, 'ru' as const), (ms, zone, style, lang) => {
        const wall = new UTCDateMini(ms + zoneOffsetMs(zone, ms));
        expect(formatDate(new Date(ms), style, lang, zone)).toBe(reference(wall, style, lang));
      }),
      { numRuns: 3000 },
    );
  });

  it('writes a calendar day as date-fns format does, with or without a zone', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }), fc.constantFrom(...STYLES), fc.constantFrom('en' as const, 'ru' as const), fc.boolean(), (d, style, lang, zoned) => {
        const day = d.toISOString().slice(0, 10);
        const [y, m, dd] = day.split('-').map(Number) as [number, number, number];
        expect(formatDate(day, style, lang, zoned ? 'Europe/Moscow' : undefined)).toBe(reference(new UTCDateMini(y, m - 1, dd, 12), style, lang));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads the Russian forms a salesperson expects', () => {
    expect(formatDate('2026-11-28', 'long', 'ru')).toBe('суббота, 28 ноября');
    expect(formatDate('2026-11-28', 'day', 'ru')).toBe('сб, 28 нояб.');
    expect(formatDate('2026-11-28', 'day', 'en')).toBe('Sat 28 Nov');
    expect(formatDate(new Date('2026-11-28T21:30:00Z'), 'dayTime', 'ru', 'Europe/Moscow')).toBe('вс, 29 нояб., 00:30');
  });

  it('refuses a date that is not one, as format did', () => {
    expect(() => formatDate(new Date(Number.NaN), 'day', 'en', 'UTC')).toThrow(RangeError);
  });
});
