import { describe, expect, test } from 'vitest';
import { dayOf, isWorkingDay, proposeDate, proposeNext, type CallCalendar } from '../../src/call/index.js';
import { addWorkingDays } from '../../src/call/dates.js';
import { formatDate } from '../../src/i18n/dates.js';
import { dur } from './fixtures.js';

const WEEKDAYS = [1, 2, 3, 4, 5];
const moscow: CallCalendar = { timeZone: 'Europe/Moscow', workingDays: WEEKDAYS, daysOff: [] };
const moscowHours: CallCalendar = { ...moscow, callHours: { from: '09:00', to: '20:00' } };
const everyDay = (timeZone: string): CallCalendar => ({ timeZone, workingDays: [1, 2, 3, 4, 5, 6, 7], daysOff: [] });

/** An instant given as Moscow wall-clock time (UTC+3 all year). */
const msk = (local: string) => new Date(`${local}+03:00`).toISOString();

describe('days, business days and weeks', () => {
  test.each([
    // from (Moscow)            duration                       expected      why
    ['2026-11-23T10:00', dur(3, 'days'), '2026-11-26'], // Mon + 3 = Thu, a working day
    ['2026-11-26T17:00', dur(3, 'days'), '2026-11-30'], // Thu + 3 = Sun → Mon
    ['2026-11-27T17:00', dur(1, 'days'), '2026-11-30'], // Fri + 1 = Sat → Mon
    ['2026-11-26T17:00', dur(3, 'business-days'), '2026-12-01'], // Fri, Mon, Tue
    ['2026-11-27T17:00', dur(1, 'business-days'), '2026-11-30'],
    ['2026-11-28T12:00', dur(1, 'business-days'), '2026-11-30'], // from a Saturday
    ['2026-11-28T12:00', dur(0, 'days'), '2026-11-30'], // today is off → Monday
    ['2026-11-26T17:00', dur(1, 'weeks'), '2026-12-03'],
    ['2026-11-26T17:00', dur(2, 'weeks'), '2026-12-10'],
  ])('%s + %o → %s', (from, duration, expected) => {
    expect(proposeDate(msk(from), duration, moscow)).toBe(expected);
  });

  test('days off are skipped by the roll-forward and do not count as business days', () => {
    const holidays: CallCalendar = { ...moscow, daysOff: ['2026-11-30', '2026-11-27'] };
    // Thu + 3 days = Sun → Mon 30 is off → Tue 1 Dec.
    expect(proposeDate(msk('2026-11-26T17:00'), dur(3, 'days'), holidays)).toBe('2026-12-01');
    // Thu + 3 business days, Fri 27 and Mon 30 off: Tue 1, Wed 2, Thu 3.
    expect(proposeDate(msk('2026-11-26T17:00'), dur(3, 'business-days'), holidays)).toBe('2026-12-03');
    // A week on lands on a day off: the next working day.
    expect(proposeDate(msk('2026-11-20T12:00'), dur(10, 'days'), holidays)).toBe('2026-12-01');
    expect(isWorkingDay('2026-11-30', holidays)).toBe(false);
    expect(isWorkingDay('2026-12-01', holidays)).toBe(true);
  });

  test('month ends', () => {
    expect(proposeDate(msk('2026-01-30T12:00'), dur(3, 'days'), moscow)).toBe('2026-02-02');
    expect(proposeDate(msk('2026-02-27T12:00'), dur(1, 'days'), moscow)).toBe('2026-03-02');
    expect(proposeDate(msk('2028-02-28T12:00'), dur(1, 'days'), moscow)).toBe('2028-02-29'); // leap day, a Tuesday
    expect(proposeDate(msk('2026-04-30T12:00'), dur(2, 'business-days'), moscow)).toBe('2026-05-04');
  });

  test('year ends: Dec 30 + 3 days, and the New Year holidays', () => {
    // Wed 30 Dec + 3 = Sat 2 Jan → Mon 4 Jan 2027.
    expect(proposeDate(msk('2026-12-30T15:00'), dur(3, 'days'), moscow)).toBe('2027-01-04');
    const newYear: CallCalendar = {
      ...moscow,
      daysOff: ['2027-01-01', '2027-01-04', '2027-01-05', '2027-01-06', '2027-01-07', '2027-01-08'],
    };
    expect(proposeDate(msk('2026-12-30T15:00'), dur(3, 'days'), newYear)).toBe('2027-01-11');
    // Wed 30, Thu 31 Dec count; then the holidays don't.
    expect(proposeDate(msk('2026-12-29T15:00'), dur(3, 'business-days'), newYear)).toBe('2027-01-11');
    expect(proposeDate(msk('2026-12-31T23:30'), dur(1, 'weeks'), moscow)).toBe('2027-01-07');
  });

  test('a calendar with no working day at all does not hang', () => {
    const none: CallCalendar = { ...moscow, workingDays: [] };
    expect(proposeDate(msk('2026-11-26T17:00'), dur(3, 'days'), none)).toBe('2026-11-29');
    expect(addWorkingDays('2026-11-26', 2, { ...moscow, workingDays: [9] })).toBe('2026-11-28');
  });
});

describe('hours and minutes: a time inside call hours on a working day', () => {
  test.each([
    // from (Moscow)       hours  expected (Moscow)     why
    ['2026-11-26T14:00', 2, '2026-11-26T16:00'], // within call hours
    ['2026-11-26T19:30', 2, '2026-11-27T09:00'], // late evening → next working morning
    ['2026-11-27T19:00', 2, '2026-11-30T09:00'], // Friday evening → Monday
    ['2026-11-28T11:00', 2, '2026-11-30T09:00'], // Saturday → Monday
    ['2026-11-26T05:00', 2, '2026-11-26T09:00'], // before hours → the same morning
    ['2026-11-26T17:59', 2, '2026-11-26T19:59'],
    ['2026-11-26T18:00', 2, '2026-11-27T09:00'], // 20:00 is closing time: next morning
  ])('%s + %i h → %s', (from, hours, expected) => {
    expect(proposeNext(msk(from), dur(hours, 'hours'), moscowHours)).toEqual({
      date: expected.slice(0, 10),
      at: msk(expected),
    });
  });

  test('minutes, and a day off on the Monday', () => {
    expect(proposeNext(msk('2026-11-26T15:10'), dur(90, 'minutes'), moscowHours).at).toBe(msk('2026-11-26T16:40'));
    const mondayOff = { ...moscowHours, daysOff: ['2026-11-30'] };
    expect(proposeNext(msk('2026-11-27T19:00'), dur(2, 'hours'), mondayOff)).toEqual({
      date: '2026-12-01',
      at: msk('2026-12-01T09:00'),
    });
  });

  test('without call hours only working days matter (a day off moves to 09:00 of the next)', () => {
    expect(proposeNext(msk('2026-11-26T21:00'), dur(2, 'hours'), moscow).at).toBe(msk('2026-11-26T23:00'));
    expect(proposeNext(msk('2026-11-27T23:00'), dur(2, 'hours'), moscow)).toEqual({
      date: '2026-11-30',
      at: msk('2026-11-30T09:00'),
    });
  });
});

describe('time zones and DST', () => {
  test('the same instant is a different day in Moscow and Los Angeles', () => {
    const instant = '2026-11-26T22:30:00.000Z'; // Fri 01:30 in Moscow, Thu 14:30 in Los Angeles
    expect(dayOf(instant, 'Europe/Moscow')).toBe('2026-11-27');
    expect(dayOf(instant, 'America/Los_Angeles')).toBe('2026-11-26');
    const la: CallCalendar = { ...moscow, timeZone: 'America/Los_Angeles' };
    // Moscow: Fri + 1 = Sat → Mon 30. Los Angeles: Thu + 1 = Fri 27.
    expect(proposeDate(instant, dur(1, 'days'), moscow)).toBe('2026-11-30');
    expect(proposeDate(instant, dur(1, 'days'), la)).toBe('2026-11-27');
    // Just after midnight in Moscow it is still the previous day in UTC.
    expect(dayOf(msk('2026-11-26T23:30'), 'Europe/Moscow')).toBe('2026-11-26');
    expect(dayOf(msk('2026-11-27T00:30'), 'Europe/Moscow')).toBe('2026-11-27');
    expect(dayOf(msk('2026-11-27T00:30'), 'UTC')).toBe('2026-11-26');
  });

  test('Europe/Berlin, 25 Oct 2026 (clocks go back): a day is a calendar day, an hour is an hour', () => {
    const berlin = everyDay('Europe/Berlin');
    // 00:30 CEST on Sunday 25 Oct; that day lasts 25 hours, so +24 h would still be the 25th.
    const from = '2026-10-24T22:30:00.000Z';
    expect(dayOf(from, 'Europe/Berlin')).toBe('2026-10-25');
    expect(proposeDate(from, dur(1, 'days'), berlin)).toBe('2026-10-26');
    // 02:30 CEST + 2 hours = 03:30 CET (the 02:00–03:00 hour happens twice).
    const next = proposeNext('2026-10-25T00:30:00.000Z', dur(2, 'hours'), berlin);
    expect(next.at).toBe('2026-10-25T02:30:00.000Z');
    expect(formatDate(next.at!, 'time', 'en', 'Europe/Berlin')).toBe('03:30');
    // Friday evening before the change → Monday 09:00 CET (08:00Z, not CEST's 07:00Z).
    const hours: CallCalendar = { timeZone: 'Europe/Berlin', workingDays: WEEKDAYS, daysOff: [], callHours: { from: '09:00', to: '20:00' } };
    expect(proposeNext('2026-10-23T17:30:00.000Z', dur(2, 'hours'), hours)).toEqual({
      date: '2026-10-26',
      at: '2026-10-26T08:00:00.000Z',
    });
  });

  test('America/New_York, 1 Nov 2026 (clocks go back) and 8 Mar 2026 (forward)', () => {
    const ny = everyDay('America/New_York');
    // 00:30 EDT on 1 Nov + 1 day = 2 Nov (24 h later is still 1 Nov, 23:30 EST).
    expect(proposeDate('2026-11-01T04:30:00.000Z', dur(1, 'days'), ny)).toBe('2026-11-02');
    // 23:30 EST on 7 Mar + 1 day = 8 Mar, a 23-hour day; + 2 days = 9 Mar.
    expect(proposeDate('2026-03-08T04:30:00.000Z', dur(1, 'days'), ny)).toBe('2026-03-08');
    expect(proposeDate('2026-03-08T04:30:00.000Z', dur(2, 'days'), ny)).toBe('2026-03-09');
    expect(proposeDate('2026-03-09T03:30:00.000Z', dur(1, 'days'), ny)).toBe('2026-03-09');
  });
});
