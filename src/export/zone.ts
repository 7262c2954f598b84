// Calendar days and local times of instants in the user's time zone, fast
// enough for a million rows: offsets come from ../time/zone-offset.ts, cached
// per quarter hour. date-fns/tz would construct a TZDate per row, ~10× slower.
import { twoDigits as two } from '../time/day.js';
import { instantOfWallTime, zoneOffsetMs } from '../time/zone-offset.js';

export interface ZoneClock {
  readonly timeZone: string;
  /** 'YYYY-MM-DD' of the instant in the zone. */
  day(instant: string | number): string;
  /** 'YYYY-MM-DD HH:MM:SS' in the zone (what spreadsheets read as a date-time). */
  local(instant: string | number): string;
  /** Milliseconds to add to UTC to get the zone's wall clock. */
  offsetMs(ms: number): number;
  /** The instant (ms) of a wall-clock time in the zone. */
  instantOf(day: string, time?: string): number;
}

export function zoneClock(timeZone: string): ZoneClock {
  const offsetMs = (ms: number) => zoneOffsetMs(timeZone, ms);

  function wall(instant: string | number): Date {
    const ms = typeof instant === 'number' ? instant : Date.parse(instant);
    return new Date(ms + offsetMs(ms));
  }

  return {
    timeZone,
    offsetMs,
    day(instant) {
      const d = wall(instant);
      if (Number.isNaN(d.getTime())) return '';
      return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
    },
    local(instant) {
      const d = wall(instant);
      if (Number.isNaN(d.getTime())) return '';
      return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
    },
    instantOf(day, time = '00:00') {
      const [y, m, d] = day.split('-').map(Number) as [number, number, number];
      const [hh, mm] = time.split(':').map(Number) as [number, number];
      return instantOfWallTime(timeZone, y, m - 1, d, hh, mm);
    },
  };
}
