import { describe, expect, test } from 'vitest';
import { parseDateInput } from '../../src/call/index.js';

// Thursday 26 Nov 2026, 17:00 in Moscow.
const NOW = '2026-11-26T14:00:00.000Z';
const parse = (text: string, now = NOW, timeZone = 'Europe/Moscow') => parseDateInput(text, { now, timeZone, lang: 'en' });

describe('parseDateInput', () => {
  test.each([
    ['today', '2026-11-26'],
    ['Tomorrow', '2026-11-27'],
    ['day after tomorrow', '2026-11-28'],
    ['сегодня', '2026-11-26'],
    ['Завтра', '2026-11-27'],
    ['послезавтра', '2026-11-28'],
    ['+5d', '2026-12-01'],
    ['+ 5 d', '2026-12-01'],
    ['+3', '2026-11-29'],
    ['+3д', '2026-11-29'],
    ['+2w', '2026-12-10'],
    ['+1н', '2026-12-03'],
    ['in 3 days', '2026-11-29'],
    ['in 3d', '2026-11-29'],
    ['in a week', '2026-12-03'],
    ['in two weeks', '2026-12-10'],
    ['next week', '2026-12-03'],
    ['через 3 дня', '2026-11-29'],
    ['через три дня', '2026-11-29'],
    ['через 5 дней', '2026-12-01'],
    ['через день', '2026-11-27'],
    ['через пару дней', '2026-11-28'],
    ['через неделю', '2026-12-03'],
    ['через две недели', '2026-12-10'],
    ['2026-12-03', '2026-12-03'],
    ['3.12', '2026-12-03'],
    ['3.12.', '2026-12-03'],
    ['03.12.2026', '2026-12-03'],
    ['3.12.27', '2027-12-03'],
    ['25.11', '2027-11-25'], // already past this year → next year's
    ['26.11', '2026-11-26'], // today counts
  ])('%s → %s', (text, expected) => {
    expect(parse(text)).toBe(expected);
  });

  test.each([
    ['tuesday', '2026-12-01'],
    ['Tue', '2026-12-01'],
    ['next tue', '2026-12-01'],
    ['on Friday', '2026-11-27'],
    ['mon', '2026-11-30'],
    ['thursday', '2026-12-03'], // said on a Thursday: next week's
    ['вторник', '2026-12-01'],
    ['вт', '2026-12-01'],
    ['Пн', '2026-11-30'],
    ['в пятницу', '2026-11-27'],
    ['в следующую среду', '2026-12-02'],
    ['чт', '2026-12-03'],
    ['воскресенье', '2026-11-29'],
  ])('weekday %s → %s (the next one after today)', (text, expected) => {
    expect(parse(text)).toBe(expected);
  });

  test.each(['', '   ', 'soon', 'blah 3', '+', '+5x', '3.', '32.12', '31.11', '2026-02-30', '2026-13-01', 'in days', 'через', 'через 3', 'tue tue', '12/03/2026'])(
    'nonsense %j → null',
    (text) => {
      expect(parse(text)).toBeNull();
    },
  );

  test('today is the day in the user’s time zone', () => {
    const instant = '2026-11-26T22:30:00.000Z'; // Fri 01:30 in Moscow, Thu 14:30 in Los Angeles
    expect(parse('today', instant, 'Europe/Moscow')).toBe('2026-11-27');
    expect(parse('today', instant, 'America/Los_Angeles')).toBe('2026-11-26');
    expect(parse('fri', instant, 'Europe/Moscow')).toBe('2026-12-04');
    expect(parse('fri', instant, 'America/Los_Angeles')).toBe('2026-11-27');
  });

  test('across the year end', () => {
    const dec30 = '2026-12-30T12:00:00.000Z';
    expect(parse('+3d', dec30)).toBe('2027-01-02');
    expect(parse('tomorrow', '2026-12-31T12:00:00.000Z')).toBe('2027-01-01');
    expect(parse('5.01', dec30)).toBe('2027-01-05');
    expect(parse('29.02', dec30)).toBe('2028-02-29');
  });

  test('takes a Date as now', () => {
    expect(parseDateInput('tomorrow', { now: new Date(NOW), timeZone: 'Europe/Moscow' })).toBe('2026-11-27');
  });
});
