// A time zone's UTC offset at an instant, without paying for an
// Intl.DateTimeFormat where it can be helped. The first DateTimeFormat a
// process makes loads ICU's locale and calendar data, ~9 ms: a fifth of
// node's own start-up, for `due` or `call`, which need an offset or two. V8
// answers Date#getTimezoneOffset from ICU's zone data alone (~0.3 ms) for the
// process's own zone, so the offset is read with TZ set to the zone for a
// moment and put back. Node tells V8 of every change of TZ, which costs ~20 µs
// a switch; a process that needs many offsets (an export over years of calls)
// makes the DateTimeFormat after SWITCH_BUDGET lookups (~5 µs each after).
// Offsets are cached per quarter hour: zones change offset only on such
// boundaries (LMT before the 1900s aside, where whole minutes are close enough).

const QUARTER_HOUR = 900_000;
const SWITCH_BUDGET = 256;
/** Names that are UTC itself: no lookup at all. */
const UTC_NAMES = new Set(['UTC', 'Etc/UTC', 'Etc/UCT', 'UCT', 'GMT', 'Etc/GMT', 'Etc/GMT0', 'Etc/GMT+0', 'Etc/GMT-0', 'GMT0', 'Etc/Greenwich', 'Greenwich', 'Etc/Universal', 'Universal', 'Etc/Zulu', 'Zulu']);

const offsets = new Map<string, Map<number, number>>();
const formats = new Map<string, Intl.DateTimeFormat>();
let switches = 0;
let canonicalZones: Set<string> | undefined;

/**
 * Is `timeZone` an IANA zone this runtime knows? Checked against the list of
 * canonical names first (~1 ms once); an alias ('US/Pacific') or another
 * spelling is asked of Intl, which refuses what it doesn't know.
 */
export function isKnownTimeZone(timeZone: string): boolean {
  if (UTC_NAMES.has(timeZone)) return true;
  canonicalZones ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (canonicalZones.has(timeZone)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The machine's zone as ICU finds it: TZ, then where /etc/localtime links to
 * (…/zoneinfo/Europe/Moscow). Intl is asked only when neither names a known
 * zone (a copied /etc/localtime), as resolvedOptions() costs a DateTimeFormat.
 */
export function systemTimeZone(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [env.TZ?.replace(/^:/, '')];
  try {
    candidates.push(/\/zoneinfo\/(.+)$/.exec(process.getBuiltinModule('node:fs').readlinkSync('/etc/localtime'))?.[1]);
  } catch {
    // Not a link, or no such file: Intl decides.
  }
  for (const zone of candidates) {
    if (zone && !zone.startsWith('/') && isKnownTimeZone(zone)) return UTC_NAMES.has(zone) ? 'UTC' : zone;
  }
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Milliseconds to add to an instant (ms since the epoch) to read the zone's wall clock. */
export function zoneOffsetMs(timeZone: string, ms: number): number {
  if (UTC_NAMES.has(timeZone) || !Number.isFinite(ms)) return 0;
  let zone = offsets.get(timeZone);
  if (!zone) offsets.set(timeZone, (zone = new Map()));
  const bucket = Math.floor(ms / QUARTER_HOUR);
  let offset = zone.get(bucket);
  if (offset === undefined) {
    const start = bucket * QUARTER_HOUR;
    offset = switches < SWITCH_BUDGET && isKnownTimeZone(timeZone) ? offsetBySwitching(timeZone, start) : offsetByIntl(timeZone, start);
    zone.set(bucket, offset);
  }
  return offset;
}

function offsetBySwitching(timeZone: string, ms: number): number {
  switches++;
  const env = process.env;
  const saved = env.TZ;
  env.TZ = timeZone;
  try {
    // getTimezoneOffset is minutes *behind* UTC (Moscow: -180).
    return -new Date(ms).getTimezoneOffset() * 60_000 || 0;
  } finally {
    if (saved === undefined) delete env.TZ;
    else env.TZ = saved;
  }
}

function offsetByIntl(timeZone: string, ms: number): number {
  let format = formats.get(timeZone);
  if (!format) {
    // Throws a RangeError for a zone Intl doesn't know, as TZDate would give NaN.
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formats.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const p of format.formatToParts(ms)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) - ms;
}

/** The zone's wall clock at an instant, as a Date to read with getUTC…(). */
export function wallClock(timeZone: string, ms: number): Date {
  return new Date(ms + zoneOffsetMs(timeZone, ms));
}

/**
 * The instant of a wall-clock time in the zone. A time a DST change skips
 * (02:30 on a spring-forward night) comes out as the same clock time after
 * the change (03:30); one it repeats (an autumn night) as one of the two.
 */
export function instantOfWallTime(timeZone: string, y: number, month0: number, d: number, hh = 0, mm = 0, ss = 0): number {
  const guess = Date.UTC(y, month0, d, hh, mm, ss);
  // Two rounds settle the offset even next to a DST change.
  const first = guess - zoneOffsetMs(timeZone, guess);
  return guess - zoneOffsetMs(timeZone, first);
}

/** For tests: forget cached offsets and start counting switches again. */
export function resetZoneOffsets(): void {
  offsets.clear();
  formats.clear();
  switches = 0;
}
