import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { instantOfWallTime, isKnownTimeZone, resetZoneOffsets, systemTimeZone, wallClock, zoneOffsetMs } from '../../src/time/zone-offset.js';

/** The reference: the offset as Intl formats the instant's wall clock. */
function intlOffset(timeZone: string, ms: number): number {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  const p: Record<string, number> = {};
  for (const part of format.formatToParts(ms)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const whole = Math.floor(ms / 1000) * 1000;
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - whole;
}

const ZONES = ['Europe/Moscow', 'Europe/Berlin', 'America/New_York', 'America/Sao_Paulo', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Asia/Calcutta', 'US/Pacific', 'UTC', 'Etc/GMT+3'];
const instant = fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2040, 0, 1) });

afterEach(() => resetZoneOffsets());

describe('zoneOffsetMs', () => {
  it('agrees with Intl in every zone, across DST changes, by switching TZ and after the switch budget alike', () => {
    const saved = process.env.TZ;
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instant, (zone, ms) => {
        expect(zoneOffsetMs(zone, ms)).toBe(intlOffset(zone, ms));
      }),
      { numRuns: 2000 },
    );
    // The process's own zone is left as it was.
    expect(process.env.TZ).toBe(saved);
  });

  it('reads the hours next to a change right: Berlin 29 Mar and 25 Oct 2026, New York 8 Mar 2026', () => {
    expect(zoneOffsetMs('Europe/Berlin', Date.UTC(2026, 2, 29, 0, 59))).toBe(3_600_000);
    expect(zoneOffsetMs('Europe/Berlin', Date.UTC(2026, 2, 29, 1, 0))).toBe(7_200_000);
    expect(zoneOffsetMs('Europe/Berlin', Date.UTC(2026, 9, 25, 0, 59))).toBe(7_200_000);
    expect(zoneOffsetMs('Europe/Berlin', Date.UTC(2026, 9, 25, 1, 0))).toBe(3_600_000);
    expect(zoneOffsetMs('America/New_York', Date.UTC(2026, 2, 8, 7, 0))).toBe(-4 * 3_600_000);
    expect(zoneOffsetMs('America/New_York', Date.UTC(2026, 2, 8, 6, 59))).toBe(-5 * 3_600_000);
  });

  it('keeps TZ as it was when it was set, and when a lookup fails', () => {
    process.env.TZ = 'Asia/Tokyo';
    try {
      expect(zoneOffsetMs('Europe/Moscow', Date.UTC(2026, 10, 28))).toBe(3 * 3_600_000);
      expect(process.env.TZ).toBe('Asia/Tokyo');
      expect(new Date(Date.UTC(2026, 10, 28)).getHours()).toBe(9);
      expect(() => zoneOffsetMs('Mars/Olympus_Mons', 0)).toThrow(RangeError);
      expect(process.env.TZ).toBe('Asia/Tokyo');
    } finally {
      delete process.env.TZ;
    }
  });

  it('gives 0 for an instant that is not a date rather than NaN', () => {
    expect(zoneOffsetMs('Europe/Moscow', Number.NaN)).toBe(0);
  });
});

describe('instantOfWallTime and wallClock', () => {
  it('round-trips every wall time that exists', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instant, (zone, ms) => {
        const whole = Math.floor(ms / 60_000) * 60_000;
        const w = wallClock(zone, whole);
        const back = instantOfWallTime(zone, w.getUTCFullYear(), w.getUTCMonth(), w.getUTCDate(), w.getUTCHours(), w.getUTCMinutes());
        // A repeated hour may come back as its other instant, which shows the same wall clock.
        expect(wallClock(zone, back).getTime()).toBe(w.getTime());
      }),
      { numRuns: 1000 },
    );
  });

  it('moves a time a spring-forward night skips to the same clock time after it', () => {
    // Berlin 29 Mar 2026: 02:00 → 03:00 CEST; 02:30 does not exist.
    expect(new Date(instantOfWallTime('Europe/Berlin', 2026, 2, 29, 2, 30)).toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });
});

describe('isKnownTimeZone', () => {
  it('knows canonical names, aliases and UTC, and refuses the rest', () => {
    for (const zone of ['Europe/Moscow', 'UTC', 'Etc/UTC', 'US/Pacific', 'Asia/Kolkata', 'Europe/Kyiv']) expect(isKnownTimeZone(zone)).toBe(true);
    for (const zone of ['Mars/Olympus_Mons', 'Europe/Moskva', '', '+03:00']) expect(isKnownTimeZone(zone)).toBe(false);
  });
});

describe('systemTimeZone', () => {
  it('takes TZ when it names a zone', () => {
    expect(systemTimeZone({ TZ: 'Europe/Moscow' })).toBe('Europe/Moscow');
    expect(systemTimeZone({ TZ: ':Asia/Tokyo' })).toBe('Asia/Tokyo');
    expect(systemTimeZone({ TZ: 'Etc/UTC' })).toBe('UTC');
  });

  it('falls back to what the runtime itself finds when TZ names no zone', () => {
    const machine = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const found = systemTimeZone({ TZ: 'Nowhere/Special' });
    // The same zone, perhaps under another of its names.
    expect(zoneOffsetMs(found, Date.UTC(2026, 0, 15))).toBe(intlOffset(machine, Date.UTC(2026, 0, 15)));
    expect(zoneOffsetMs(found, Date.UTC(2026, 6, 15))).toBe(intlOffset(machine, Date.UTC(2026, 6, 15)));
  });
});
