// Date rules for next calls and call-backs, in the salesperson's time zone:
//   N days            → N calendar days on, then moved forward off weekends and days off
//   N business days   → counted in working days only (weekends and days off don't count)
//   N weeks           → 7·N calendar days, then moved forward like days
//   N hours / minutes → that moment, moved to the next working day's start of call
//                       hours when it falls outside them (or on a day off)
// "Today" is the day of the instant in the calendar's zone (00:30 in Moscow is
// still yesterday in UTC); from there on, days are calendar days, so a DST
// change (a 23- or 25-hour day) never adds or loses one. Hours are real hours.
import { addHours } from 'date-fns/addHours';
import { addMinutes } from 'date-fns/addMinutes';
import type { Day, Instant } from '../journal/types.js';
import { instantOfWallTime, wallClock } from '../time/zone-offset.js';
import type { Duration } from '../script/types.js';
import type { CallCalendar } from './types.js';

export interface ProposedCall {
  date: Day;
  /** Set for hours/minutes durations: the moment to call (ISO, Z). */
  at?: Instant;
}

/** Where a roll-forward starts the day when no call hours are configured. */
const DEFAULT_DAY_START = 9 * 60;
/** A calendar with every day off would never yield a date: stop after ten years. */
const MAX_ROLL_DAYS = 3660;

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Is `text` a real calendar day written YYYY-MM-DD? */
export function isDay(text: string): boolean {
  const m = DAY_RE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d;
}

function dayParts(day: Day): [number, number, number] {
  const m = DAY_RE.exec(day);
  if (!m) throw new RangeError(`not a day: ${day}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function toDate(from: Date | string): Date {
  return typeof from === 'string' ? new Date(from) : from;
}

/** The calendar day of an instant in the zone. */
export function dayOf(instant: Date | string, timeZone: string): Day {
  return isoDay(wallClock(timeZone, toDate(instant).getTime()));
}

/** YYYY-MM-DD of a date read with getUTC…() (years 0–9999). */
function isoDay(date: Date): Day {
  return date.toISOString().slice(0, 10);
}

// Calendar days themselves have no zone: once "today" is known in the user's
// zone, "3 days on" and "which weekday" are plain calendar arithmetic, done
// on UTC dates (exact, and no DST can add or lose a day there).

/** A day N calendar days from another (negative goes back). */
export function addCalendarDays(day: Day, amount: number): Day {
  const [y, m, d] = dayParts(day);
  return isoDay(new Date(Date.UTC(y, m - 1, d + amount)));
}

/** ISO weekday of a calendar day: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: Day): number {
  const [y, m, d] = dayParts(day);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay() || 7;
}

function workingDays(cal: CallCalendar): number[] {
  const days = cal.workingDays.filter((d) => Number.isInteger(d) && d >= 1 && d <= 7);
  // No working day at all would make every date impossible: treat it as "every day".
  return days.length > 0 ? days : [1, 2, 3, 4, 5, 6, 7];
}

export function isWorkingDay(day: Day, cal: CallCalendar): boolean {
  if (cal.daysOff.includes(day)) return false;
  return workingDays(cal).includes(isoWeekday(day));
}

/** The day itself if it is a working day, else the next one (`after`: strictly later). */
export function nextWorkingDay(day: Day, cal: CallCalendar, opts: { after?: boolean } = {}): Day {
  let candidate = opts.after ? addCalendarDays(day, 1) : day;
  for (let i = 0; i < MAX_ROLL_DAYS; i++) {
    if (isWorkingDay(candidate, cal)) return candidate;
    candidate = addCalendarDays(candidate, 1);
  }
  return opts.after ? addCalendarDays(day, 1) : day;
}

/** N working days after `day` (0 → the day itself, or the next working day). */
export function addWorkingDays(day: Day, amount: number, cal: CallCalendar): Day {
  let current = nextWorkingDay(day, cal);
  if (amount <= 0) return current;
  current = day;
  for (let counted = 0; counted < amount; counted++) current = nextWorkingDay(current, cal, { after: true });
  return current;
}

function parseClock(text: string | undefined): number | null {
  const m = text ? /^(\d{1,2}):(\d{2})$/.exec(text) : null;
  if (!m) return null;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return Number(m[1]) < 24 && Number(m[2]) < 60 ? minutes : null;
}

/** Call hours as minutes of the day; null when not set or not a sensible window. */
function callWindow(cal: CallCalendar): { from: number; to: number } | null {
  const from = parseClock(cal.callHours?.from);
  const to = parseClock(cal.callHours?.to);
  return from !== null && to !== null && from < to ? { from, to } : null;
}

/** The instant of a local time of day (minutes) on a calendar day. */
export function atTimeOfDay(day: Day, minutes: number, timeZone: string): Date {
  const [y, m, d] = dayParts(day);
  return new Date(instantOfWallTime(timeZone, y, m - 1, d, Math.floor(minutes / 60), minutes % 60));
}

function proposeMoment(moment: Date, cal: CallCalendar): ProposedCall {
  const tz = cal.timeZone;
  const local = wallClock(tz, moment.getTime());
  const day = isoDay(local);
  const minutes = local.getUTCHours() * 60 + local.getUTCMinutes();
  const window = callWindow(cal);
  const start = window?.from ?? DEFAULT_DAY_START;
  let result: Date;
  if (isWorkingDay(day, cal) && (!window || (minutes >= window.from && minutes < window.to))) result = moment;
  else if (isWorkingDay(day, cal) && window && minutes < window.from) result = atTimeOfDay(day, start, tz);
  else result = atTimeOfDay(nextWorkingDay(day, cal, { after: true }), start, tz);
  return { date: dayOf(result, tz), at: result.toISOString() };
}

/** The next call after a call at `from`, by the rules above. */
export function proposeNext(from: Date | string, d: Duration, cal: CallCalendar): ProposedCall {
  const start = toDate(from);
  const amount = Math.max(0, d.amount);
  const today = dayOf(start, cal.timeZone);
  switch (d.unit) {
    case 'minutes':
      return proposeMoment(addMinutes(start, amount), cal);
    case 'hours':
      return proposeMoment(addHours(start, amount), cal);
    case 'business-days':
      return { date: addWorkingDays(today, amount, cal) };
    case 'weeks':
      return { date: nextWorkingDay(addCalendarDays(today, 7 * amount), cal) };
    case 'days':
      return { date: nextWorkingDay(addCalendarDays(today, amount), cal) };
  }
}

/** The day of the next call (YYYY-MM-DD): proposeNext without the time. */
export function proposeDate(from: Date | string, d: Duration, cal: CallCalendar): Day {
  return proposeNext(from, d, cal).date;
}
