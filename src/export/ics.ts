// The calendar export: one VEVENT per client whose next call is still ahead.
// Written with ical-generator, checked against RFC 5545 in test/export/ics:
// it folds lines at 75 octets without splitting a UTF-8 character and
// escapes TEXT (\\ ; , newline). Its numeric alarm triggers have a quirk
// (positive numbers become RELATED=END), so all-day reminders use an
// absolute trigger time and timed ones a plain "before start" offset.
//
// Memory: the latest call and the open flags of each client — it grows with
// the number of clients, not calls.
import { createHash } from 'node:crypto';
import ical, { ICalAlarmType, ICalCalendarMethod } from 'ical-generator';
import type { CallEntry, FlagRecord } from '../journal/types.js';
import type { CallMatcher } from './filter.js';
import type { FlagStatusIndex } from './flag-status.js';
import type { ZoneClock } from './zone.js';
import { compareText } from '../i18n/text.js';

export interface IcsText {
  calendarName: string;
  summary: (name: string) => string;
  description: (call: UpcomingCall) => string;
  alarm: (name: string) => string;
}

export interface IcsOptions {
  now: Date;
  clock: ZoneClock;
  flags: FlagStatusIndex;
  matcher: CallMatcher;
  /** Inclusive range of next-call days; `from` defaults to today. */
  from?: string;
  to?: string;
  openFlagsOnly?: boolean;
  /** When an all-day call's reminder rings, HH:MM local (the config's call hours). */
  remindAt?: string;
  /** How long before a timed call its reminder rings. */
  remindMinutesBefore?: number;
  text: IcsText;
}

export interface UpcomingCall {
  call: Pick<CallEntry, 'id' | 'at' | 'client' | 'salesperson' | 'script' | 'outcome' | 'summary'>;
  next: NonNullable<CallEntry['nextCall']>;
  openFlags: FlagRecord[];
}

/** Stable across exports: the same client and scheduling call give the same
 * UID, so a calendar re-importing the file updates the event in place. */
export function eventUid(clientId: string, callId: string): string {
  return `${createHash('sha256').update(`${clientId}\n${callId}`).digest('hex').slice(0, 32)}@followup`;
}

// RFC 5545 forbids control characters other than HTAB in TEXT.
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
export const icsSafe = (text: string) => text.replace(CONTROLS, '\uFFFD');

/** Folds calls into the latest call and open flags per client. */
export async function collectUpcoming(calls: AsyncIterable<CallEntry>, options: Pick<IcsOptions, 'flags' | 'clock' | 'now' | 'from' | 'to' | 'matcher' | 'openFlagsOnly'>): Promise<UpcomingCall[]> {
  const latest = new Map<string, { call: UpcomingCall['call']; next: CallEntry['nextCall']; time: number; matches: boolean }>();
  const open = new Map<string, FlagRecord[]>();
  for await (const call of calls) {
    const clientId = call.client?.id;
    if (!clientId) continue;
    for (const flag of call.flags ?? []) {
      if (!options.flags.isOpen(flag)) continue;
      const list = open.get(clientId);
      if (list) list.push(flag);
      else open.set(clientId, [flag]);
    }
    const time = Date.parse(call.at);
    const known = latest.get(clientId);
    if (known && known.time > time) continue;
    latest.set(clientId, {
      call: { id: call.id, at: call.at, client: call.client, salesperson: call.salesperson, script: call.script, outcome: call.outcome, summary: call.summary },
      next: call.nextCall,
      time,
      matches: options.matcher.who(call),
    });
  }
  const from = options.from ?? options.clock.day(options.now.getTime());
  const upcoming: UpcomingCall[] = [];
  for (const [clientId, { call, next, matches }] of latest) {
    if (!next || !matches || typeof next.date !== 'string') continue;
    if (next.date < from || (options.to !== undefined && next.date > options.to)) continue;
    const openFlags = open.get(clientId) ?? [];
    if (options.openFlagsOnly && openFlags.length === 0) continue;
    upcoming.push({ call, next, openFlags });
  }
  upcoming.sort((a, b) => (a.next.date < b.next.date ? -1 : a.next.date > b.next.date ? 1 : compareText(a.call.client.name, b.call.client.name)));
  return upcoming;
}

export function renderIcs(upcoming: UpcomingCall[], options: Pick<IcsOptions, 'now' | 'clock' | 'remindAt' | 'remindMinutesBefore' | 'text'>): string {
  const calendar = ical({
    prodId: { company: 'followup', product: 'followup', language: 'EN' },
    name: options.text.calendarName,
    method: ICalCalendarMethod.PUBLISH,
  });
  for (const item of upcoming) {
    const { call, next } = item;
    const name = icsSafe(String(call.client.name ?? call.client.id));
    const at = typeof next.at === 'string' ? Date.parse(next.at) : Number.NaN;
    const timed = !Number.isNaN(at);
    const [y, m, d] = next.date.split('-').map(Number) as [number, number, number];
    const event = calendar.createEvent({
      id: eventUid(call.client.id, call.id),
      stamp: options.now,
      summary: options.text.summary(name),
      description: icsSafe(options.text.description(item)),
      ...(timed
        ? {
            start: new Date(at),
            end: new Date(at + 15 * 60_000),
          }
        : { start: new Date(Date.UTC(y, m - 1, d)), allDay: true }),
    });
    event.createAlarm({
      type: ICalAlarmType.display,
      description: options.text.alarm(name),
      trigger: timed
        ? (options.remindMinutesBefore ?? 15) * 60
        : new Date(options.clock.instantOf(next.date, options.remindAt ?? '09:00')),
    });
  }
  // RFC 5545 ends every content line, the last one too, with CRLF.
  const text = calendar.toString();
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
}
