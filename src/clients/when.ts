// A moment typed by a person: when a purchase was delivered (--delivered) or
// when a call happened (--at). Read in the salesperson's time zone. Written by
// hand: date-fns `parse` takes one fixed pattern, not "сегодня 11:40".
import { instantOfWallTime, wallClock } from '../time/zone-offset.js';

const TODAY = new Set(['today', 'сегодня']);
const YESTERDAY = new Set(['yesterday', 'вчера']);
const NOW = new Set(['now', 'сейчас']);

function partsIn(date: Date, timeZone: string): { y: number; m: number; d: number } {
  const z = wallClock(timeZone, date.getTime());
  return { y: z.getUTCFullYear(), m: z.getUTCMonth() + 1, d: z.getUTCDate() };
}

function at(y: number, m: number, d: number, hh: number, mm: number, timeZone: string): Date | null {
  if (m < 1 || m > 12 || d < 1 || d > 31 || hh > 23 || mm > 59) return null;
  // 31 February rolls over into March: refuse it rather than guess.
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) return null;
  return new Date(instantOfWallTime(timeZone, y, m - 1, d, hh, mm));
}

/** "2026-11-27T11:40:00Z" (any ISO with a zone) · "2026-11-27 11:40" · "2026-11-27T11:40" ·
 * "2026-11-27" (noon) · "today 11:40" · "сегодня в 11:40" · "yesterday" · "11:40" · "now".
 * Returns null for anything else. */
export function parseMoment(text: string, options: { now: Date; timeZone: string }): Date | null {
  const raw = text.trim();
  if (raw === '') return null;
  if (/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(raw)) {
    const t = Date.parse(raw);
    return Number.isNaN(t) ? null : new Date(t);
  }
  const lower = raw.toLocaleLowerCase('ru').replace(/\s+в\s+/, ' ').replace(/\s+at\s+/, ' ').replace(/,/g, ' ').replace(/\s+/g, ' ');
  if (NOW.has(lower)) return options.now;
  const full = /^(\d{4})-(\d{2})-(\d{2})(?:[ t](\d{1,2}):(\d{2}))?$/.exec(lower);
  if (full) {
    const [, y, m, d, hh, mm] = full;
    return at(Number(y), Number(m), Number(d), hh === undefined ? 12 : Number(hh), mm === undefined ? 0 : Number(mm), options.timeZone);
  }
  const relative = /^(?:(\p{L}+)\s*)?(?:(\d{1,2}):(\d{2}))?$/u.exec(lower);
  if (relative && (relative[1] !== undefined || relative[2] !== undefined)) {
    const [, word, hh, mm] = relative;
    let offset = 0;
    if (word !== undefined) {
      if (TODAY.has(word)) offset = 0;
      else if (YESTERDAY.has(word)) offset = 1;
      else return null;
    }
    const today = partsIn(options.now, options.timeZone);
    // Days on the calendar, not 24-hour steps (a DST night is 23 or 25 hours).
    const day = new Date(Date.UTC(today.y, today.m - 1, today.d - offset));
    const hours = hh === undefined ? 12 : Number(hh);
    const minutes = mm === undefined ? 0 : Number(mm);
    return at(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), hours, minutes, options.timeZone);
  }
  return null;
}
