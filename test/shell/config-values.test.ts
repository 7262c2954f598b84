import { describe, expect, it } from 'vitest';
import {
  describeWorkingDays,
  InvalidValue,
  parseCallHours,
  parseDaysOff,
  parsePhone,
  parseSeconds,
  parseTimeZone,
  parseWorkingDays,
} from '../../src/config/values.js';
import { suggestTimeZone } from '../../src/config/keys.js';

const problem = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidValue) return [error.problem, error.params];
    throw error;
  }
  throw new Error('expected InvalidValue');
};

describe('working days', () => {
  it.each([
    ['1,2,3,4,5', [1, 2, 3, 4, 5]],
    ['mon-fri', [1, 2, 3, 4, 5]],
    ['Mon-Fri', [1, 2, 3, 4, 5]],
    ['пн-пт', [1, 2, 3, 4, 5]],
    ['пн - сб', [1, 2, 3, 4, 5, 6]],
    ['mon,wed,fri', [1, 3, 5]],
    ['sat-thu', [1, 2, 3, 4, 6, 7]],
    ['1-5,7', [1, 2, 3, 4, 5, 7]],
    ['понедельник, среда', [1, 3]],
    ['5 4 3', [3, 4, 5]],
  ])('%s → %j', (input, days) => {
    expect(parseWorkingDays(input)).toEqual(days);
  });
  it('names what is not a weekday', () => {
    expect(problem(() => parseWorkingDays('mon-fry'))).toEqual(['value.notWeekday', { value: 'fry' }]);
    expect(problem(() => parseWorkingDays('8'))).toEqual(['value.notWeekday', { value: '8' }]);
    expect(problem(() => parseWorkingDays(' '))).toEqual(['value.empty', {}]);
  });
  it('describes them for people', () => {
    expect(describeWorkingDays([1, 2, 3, 4, 5])).toBe('Mon–Fri');
    expect(describeWorkingDays([1, 3, 5])).toBe('Mon, Wed, Fri');
  });
});

describe('days off', () => {
  it('takes lists, ranges and the Russian date form', () => {
    expect(parseDaysOff('2026-12-31, 2027-01-01')).toEqual(['2026-12-31', '2027-01-01']);
    expect(parseDaysOff('01.01.2027..03.01.2027 2026-12-31')).toEqual(['2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03']);
    expect(parseDaysOff('2028-02-28..2028-03-01')).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
  });
  it('rejects days that do not exist and backwards ranges', () => {
    expect(problem(() => parseDaysOff('2026-02-30'))).toEqual(['value.notDay', { value: '2026-02-30' }]);
    expect(problem(() => parseDaysOff('tomorrow'))).toEqual(['value.notDay', { value: 'tomorrow' }]);
    expect(problem(() => parseDaysOff('2027-01-08..2027-01-01'))[0]).toBe('value.rangeBackwards');
    expect(problem(() => parseDaysOff('2026-01-01..2028-01-01'))[0]).toBe('value.rangeTooLong');
  });
});

describe('call hours, time zone, phone, seconds', () => {
  it('normalises hours', () => {
    expect(parseCallHours('09:00-20:00')).toEqual({ from: '09:00', to: '20:00' });
    expect(parseCallHours('9-20')).toEqual({ from: '09:00', to: '20:00' });
    expect(parseCallHours('9:30 – 18')).toEqual({ from: '09:30', to: '18:00' });
    expect(problem(() => parseCallHours('20-9'))[0]).toBe('value.hoursBackwards');
    expect(problem(() => parseCallHours('25:00-26:00'))[0]).toBe('value.notHours');
    expect(problem(() => parseCallHours('morning'))[0]).toBe('value.notHours');
  });
  it('accepts IANA zones in any case and suggests the nearest for a typo', () => {
    expect(parseTimeZone('europe/moscow')).toBe('Europe/Moscow');
    expect(parseTimeZone('UTC')).toBe('UTC');
    expect(problem(() => parseTimeZone('Moskow'))[0]).toBe('value.notTimeZone');
    expect(problem(() => parseTimeZone('+03:00'))[0]).toBe('value.notTimeZone');
    expect(suggestTimeZone('Moskow')).toBe('Europe/Moscow');
    expect(suggestTimeZone('Yekaterinburg')).toBe('Asia/Yekaterinburg');
  });
  it('checks phones loosely and seconds strictly', () => {
    expect(parsePhone(' +7 916 123-45-67 ')).toBe('+7 916 123-45-67');
    expect(parsePhone('8 (495) 123-45-67 доб. 12')).toBe('8 (495) 123-45-67 доб. 12');
    expect(problem(() => parsePhone('call me'))[0]).toBe('value.notPhone');
    expect(parseSeconds('30')).toBe(30);
    expect(parseSeconds('2.5s')).toBe(2.5);
    expect(problem(() => parseSeconds('0'))[0]).toBe('value.notSeconds');
    expect(problem(() => parseSeconds('forever'))[0]).toBe('value.notSeconds');
  });
});
