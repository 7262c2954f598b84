// What the prescan found in a journal, kept beside it so the next export
// skips the first pass: `<journal>.export-cache`. A cache, never a source of
// truth (the journal is): keyed to the journal's identity as the derived index
// is (device, inode, size, mtime, a hash of the last bytes — src/journal/
// index-store.ts), extended when bytes were only appended, rebuilt when it is
// missing, stale or damaged. Written 0600 to a temp file and renamed, so a
// crash leaves the old cache or the new one; one that can't be written (a
// read-only folder) is simply not kept.
//
// The file: a header line (JSON), then the log — one JSON array a line, in
// reading order:
//   ["s", key, previous|null]        a step key's first occurrence in this
//                                    journal and the step before it in its call
//   ["f", flagId, timeMs|null, status(, note)]   a flag change (null: no
//                                    readable time)
// A log, not the resulting state, so that several journals, or a journal and
// its appended bytes, give what one pass over all of them would (a flag
// change's note may lose to an earlier journal's later change).
import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fnv1a, type JournalIdentity } from '../journal/index-store.js';
import type { FlagStatus } from '../journal/types.js';

export const CACHE_FORMAT = 'followup-export-prescan';
export const CACHE_VERSION = 1;

export const cachePathOf = (journal: string) => `${journal}.export-cache`;

/** Where a journal's prescan findings go, from the journal or from a cache. */
export interface PrescanEvents {
  /** A step key seen for the first time in this journal, after `previous` in its call. */
  step(key: string, previous: string | null): void;
  /** A flag change; `time` is NaN when its `at` can't be read. */
  flag(flagId: string, time: number, status: FlagStatus, note: string | undefined): void;
}

interface Header {
  format: typeof CACHE_FORMAT;
  version: number;
  journal: JournalIdentity;
  /** The log's length in bytes and its FNV-1a: a cut or altered log is not replayed. */
  bytes: number;
  hash: string;
}

export interface LoadedCache {
  journal: JournalIdentity;
  log: Buffer;
}

/** The cache of a journal, or null when there is none or it is not whole. */
export function loadCache(journal: string): LoadedCache | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(cachePathOf(journal));
  } catch {
    return null;
  }
  const nl = bytes.indexOf(0x0a);
  if (nl < 0) return null;
  let header: Header;
  try {
    header = JSON.parse(bytes.toString('utf8', 0, nl)) as Header;
  } catch {
    return null;
  }
  if (header?.format !== CACHE_FORMAT || header.version !== CACHE_VERSION || typeof header.journal?.size !== 'number') return null;
  const log = bytes.subarray(nl + 1);
  if (log.length !== header.bytes || hashOf(log) !== header.hash) return null;
  return { journal: header.journal, log };
}

/** Replays a log into `events`; false when a line is not what this version writes (nothing is trusted past it). */
export function replayLog(log: Buffer, events: PrescanEvents): boolean {
  let start = 0;
  while (start < log.length) {
    let end = log.indexOf(0x0a, start);
    if (end < 0) end = log.length;
    let item: unknown;
    try {
      item = JSON.parse(log.toString('utf8', start, end));
    } catch {
      return false;
    }
    if (!Array.isArray(item)) return false;
    const [kind, a, b, c, d] = item as unknown[];
    if (kind === 's' && typeof a === 'string' && (b === null || typeof b === 'string') && item.length === 3) events.step(a, b);
    else if (kind === 'f' && typeof a === 'string' && (b === null || typeof b === 'number') && (c === 'open' || c === 'resolved') && (d === undefined || typeof d === 'string'))
      events.flag(a, b === null ? Number.NaN : b, c, d);
    else return false;
    start = end + 1;
  }
  return true;
}

/** Collects the log lines of what a scan finds, to be written as a cache. */
export class LogWriter implements PrescanEvents {
  readonly lines: string[] = [];

  step(key: string, previous: string | null): void {
    this.lines.push(JSON.stringify(['s', key, previous]));
  }

  flag(flagId: string, time: number, status: FlagStatus, note: string | undefined): void {
    const at = Number.isNaN(time) ? null : time;
    this.lines.push(JSON.stringify(note === undefined ? ['f', flagId, at, status] : ['f', flagId, at, status, note]));
  }
}

/** Writes the cache (the old log, then the new lines) atomically, 0600; a failure leaves no cache, never an error. */
export function writeCache(journal: string, identity: JournalIdentity, oldLog: Buffer | null, lines: string[]): boolean {
  const added = lines.length > 0 ? Buffer.from(`${lines.join('\n')}\n`, 'utf8') : Buffer.alloc(0);
  const log = oldLog && oldLog.length > 0 ? Buffer.concat([oldLog, added]) : added;
  const header: Header = { format: CACHE_FORMAT, version: CACHE_VERSION, journal: identity, bytes: log.length, hash: hashOf(log) };
  const file = cachePathOf(journal);
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', 0o600);
    writeAll(fd, Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'));
    writeAll(fd, log);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, file);
    return true;
  } catch {
    try {
      if (fd !== undefined) closeSync(fd);
      unlinkSync(temp);
    } catch {
      // never created
    }
    return false;
  }
}

function writeAll(fd: number, buffer: Buffer): void {
  let done = 0;
  while (done < buffer.length) done += writeSync(fd, buffer, done, buffer.length - done);
}

function hashOf(log: Buffer): string {
  return fnv1a(log).toString(16).padStart(8, '0');
}
