import { describe, expect, it } from 'vitest';
import { DurationSyntaxError, parseDuration, parseTarget } from '../../src/script/index.js';

describe('parseDuration', () => {
  it.each([
    ['90m', 90, 'minutes'],
    ['30 минут', 30, 'minutes'],
    ['2 hours', 2, 'hours'],
    ['1 hour', 1, 'hours'],
    ['2 часа', 2, 'hours'],
    ['5 часов', 5, 'hours'],
    ['3 days', 3, 'days'],
    ['1 день', 1, 'days'],
    ['3 дня', 3, 'days'],
    ['5 дней', 5, 'days'],
    ['3 business days', 3, 'business-days'],
    ['2 working days', 2, 'business-days'],
    ['1 рабочий день', 1, 'business-days'],
    ['3 рабочих дня', 3, 'business-days'],
    ['5 рабочих дней', 5, 'business-days'],
    ['1 week', 1, 'weeks'],
    ['2 недели', 2, 'weeks'],
    ['1 неделя', 1, 'weeks'],
    ['3d', 3, 'days'],
  ])('%s → %i %s', (text, amount, unit) => {
    expect(parseDuration(text)).toEqual({ amount, unit, text });
  });

  it.each(['3', 'tomorrow', '0 days', '3 dayz', '1.5 hours', '-2 days', '', '3 days ago'])('refuses %j', (text) => {
    expect(() => parseDuration(text)).toThrow(DurationSyntaxError);
  });

  it('suggests the lower-case spelling', () => {
    try {
      parseDuration('3 Days');
      expect.unreachable();
    } catch (error) {
      expect((error as DurationSyntaxError).suggestion).toBe('3 days');
    }
  });
});

describe('parseTarget', () => {
  it.each([
    ['3m', 180],
    ['3:00', 180],
    ['2:30', 150],
    ['150s', 150],
    ['3 минуты', 180],
    ['1 hour', 3600],
  ])('%s → %i s', (text, sec) => expect(parseTarget(text)).toBe(sec));

  it('refuses days as a call length', () => expect(() => parseTarget('3 days')).toThrow(DurationSyntaxError));
});
