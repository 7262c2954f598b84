// The calendar export read back by ical.js (an independent parser): right
// days and times, an alarm per event, RFC 5545 lines (CRLF, ≤ 75 octets,
// never splitting a UTF-8 character), unfolding gives back the text, and the
// same UIDs in two exports.
import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FlagStatusIndex } from '../../src/export/flag-status.js';
import { callMatcher } from '../../src/export/filter.js';
import { eventUid, renderIcs, type UpcomingCall } from '../../src/export/ics.js';
import { runExport } from '../../src/export/run-export.js';
import { MemorySink } from '../../src/export/sink.js';
import { zoneClock } from '../../src/export/zone.js';
import { NOW, TEAM, ZONE } from './helpers.js';

async function exportIcs(options: { from?: string; lang?: 'en' | 'ru'; now?: string } = {}) {
  const sink = new MemorySink();
  const result = await runExport(
    { journals: [TEAM], format: 'ics', filter: { from: options.from }, lang: options.lang ?? 'en', timeZone: ZONE, now: new Date(options.now ?? NOW) },
    sink,
  );
  return { text: sink.text, result };
}

function events(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
}

/** Checks the physical lines of an iCalendar text against RFC 5545 §3.1. */
function expectRfcLines(text: string) {
  expect(text.endsWith('\r\n')).toBe(true);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // no bare CR or LF
  const bytes = Buffer.from(text, 'utf8');
  let start = 0;
  for (let i = 0; i < bytes.length - 1; i++) {
    if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a) {
      const line = bytes.subarray(start, i);
      expect(line.length, line.toString()).toBeLessThanOrEqual(75);
      // A fold never splits a character: every line is valid UTF-8 on its own.
      expect(Buffer.from(line.toString('utf8'), 'utf8').equals(line), `split character in ${line.toString()}`).toBe(true);
      start = i + 2;
    }
  }
}

describe('ICS export', () => {
  it('one event per client whose next call is ahead, read back by ical.js', async () => {
    const { text, result } = await exportIcs({ from: '2026-11-01' });
    expectRfcLines(text);
    const list = events(text);
    expect(result.written).toBe(3);
    expect(list.map((e) => e.summary)).toEqual(['Call John Smith', 'Call Ольга', 'Call Мария Петровна']);

    const [john, olga, maria] = list as [ICAL.Event, ICAL.Event, ICAL.Event];
    // All-day next calls are DATE values on the agreed day.
    expect(john.startDate.isDate).toBe(true);
    expect(john.startDate.toString()).toBe('2026-12-02');
    expect(olga.startDate.toString()).toBe('2026-12-04');
    // A call with a set time: 15:30 in Moscow = 12:30 UTC.
    expect(maria.startDate.isDate).toBe(false);
    expect(maria.startDate.toJSDate().toISOString()).toBe('2026-12-08T12:30:00.000Z');
    // UIDs from client + scheduling call.
    expect(john.uid).toBe(eventUid('john-smith', '01KC4'));
    expect(maria.uid).toBe(eventUid('maria-petrovna', '01KC6'));
    // DTSTAMP is the export's clock.
    expect(john.component.getFirstPropertyValue('dtstamp')!.toString()).toBe('2026-12-05T09:00:00Z');

    // Alarms: all-day at 09:00 local (06:00 UTC), timed 15 minutes before.
    const alarm = (e: ICAL.Event) => e.component.getFirstSubcomponent('valarm')!;
    expect(alarm(john).getFirstPropertyValue('action')).toBe('DISPLAY');
    expect(alarm(john).getFirstPropertyValue('trigger')!.toString()).toBe('2026-12-02T06:00:00Z');
    expect(alarm(maria).getFirstPropertyValue('trigger')!.toString()).toBe('-PT15M');
    expect(alarm(maria).getFirstPropertyValue('description')).toBe('Follow-up call: Мария Петровна');

    // What to ask: the open flag is in the description, unfolded and unescaped.
    expect(maria.description).toContain('Open issues to ask about:\n- Нет второй полки → senior assembler, due 2026-12-04');
    expect(maria.description).toContain('Phone: +7 903 000-11-22');
    // John's flag was resolved later: not in the description.
    expect(john.description).not.toContain('Scratch');
  });

  it('by default only calls from today on; Andrey (no next call) never', async () => {
    const list = events((await exportIcs()).text);
    expect(list.map((e) => e.summary)).toEqual(['Call Мария Петровна']);
  });

  it('gives the same UIDs in two exports on different days', async () => {
    const first = events((await exportIcs({ from: '2026-11-01' })).text).map((e) => e.uid);
    const second = events((await exportIcs({ from: '2026-11-01', now: '2026-12-06T10:00:00Z', lang: 'ru' })).text).map((e) => e.uid);
    expect(first).toHaveLength(3);
    expect(second).toEqual(first);
  });

  describe('folding and escaping of long, tricky text', () => {
    const zone = process.env.TZ;
    beforeEach(() => {
      // The all-day date must not depend on the machine's zone.
      process.env.TZ = 'America/Los_Angeles';
    });
    afterEach(() => {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    });

    it('folds at 75 octets between characters and unfolds to the exact text', () => {
      const texts = [
        'Кухня; угол, «дверца» \\ 90° — просили 180°. '.repeat(6),
        '😀👍🏽👨‍👩‍👧 '.repeat(20),
        'a'.repeat(74) + 'я'.repeat(40) + '😀'.repeat(30),
        'line one\nline two\r\nline three; with, commas \\ and backslashes',
      ];
      const clock = zoneClock(ZONE);
      const upcoming: UpcomingCall[] = texts.map((text, i) => ({
        call: { id: `C${i}`, at: '2026-12-01T10:00:00Z', client: { id: `client-${i}`, name: text.slice(0, 60) }, salesperson: 'S', script: { id: 's', version: '1' }, outcome: 'completed', summary: text },
        next: { date: '2026-12-10', agreed: true },
        openFlags: [{ id: `F${i}`, step: 'x', text, owner: 'o', due: '2026-12-09', status: 'open' }],
      }));
      const ics = renderIcs(upcoming, {
        now: new Date(NOW),
        clock,
        text: { calendarName: 'Calls', summary: (n) => `Call ${n}`, alarm: (n) => n, description: (item) => `${item.call.summary}\n${item.openFlags[0]!.text}` },
      });
      expectRfcLines(ics);
      // Folding actually happened (the texts are long).
      expect(ics).toMatch(/\r\n [^\r]/);
      const list = events(ics);
      list.forEach((event, i) => {
        const expected = texts[i]!.replace(/\r\n/g, '\n');
        expect(event.description).toBe(`${expected}\n${expected}`);
        expect(event.summary).toBe(`Call ${texts[i]!.slice(0, 60).replace(/\r\n/g, '\n')}`);
        expect(event.startDate.toString()).toBe('2026-12-10');
      });
      // Unfolding by hand (RFC 5545 §3.1) gives lines ical.js agrees with.
      const unfolded = ics.replace(/\r\n[ \t]/g, '');
      expect(unfolded).toContain('DESCRIPTION:Кухня\\; угол\\, «дверца» \\\\ 90°');
    });
  });

  it('the matcher behind the calendar filters by person without a day range', () => {
    const m = callMatcher({ salesperson: 'anna', from: '2030-01-01' }, zoneClock(ZONE), new FlagStatusIndex());
    const call = { salesperson: 'Anna Berg', client: { id: 'x', name: 'X' }, at: NOW, outcome: 'completed', script: { id: 's', version: '1' } } as never;
    expect(m.who(call)).toBe(true);
    expect(m(call)).toBe(false);
  });
});
