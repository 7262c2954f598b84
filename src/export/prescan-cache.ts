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
import { closeSync, fstatSync, openSync, readSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Stats } from 'node:fs';
import { fnv1a, hex } from '../hash.js';
import { identityOf, type Freshness, type JournalIdentity } from '../journal/index-store.js';
import type { FlagStatus } from '../journal/types.js';

export const CACHE_FORMAT = 'followup-export-prescan';
export const CACHE_VERSION = 1;

export const cachePathOf = (journal: string) => `${journal}.export-cache`;

/**
 * The journal's identity as the export's caches keep it: the derived index's
 * (device, inode, size, modification time, its last bytes — index-store.ts),
 * with the last bytes digested, so a header line stays short whatever form
 * the index gives them (now the last 4 KiB themselves, in base64).
 */
export function cacheIdentityOf(fd: number, stats: Stats, size: number): JournalIdentity {
  const identity = identityOf(fd, stats, size);
  return { ...identity, tail: `${identity.tail.length}:${hex(fnv1a(Buffer.from(identity.tail, 'latin1')))}` };
}

/** Is a cache keyed to `saved` still the journal's? 'grown' when bytes were only appended (as index-store.ts's freshness). */
export function cacheFreshness(saved: JournalIdentity, fd: number, stats: Stats): Freshness {
  if (saved.dev !== stats.dev || saved.ino !== stats.ino || stats.size < saved.size) return 'stale';
  if (stats.size === saved.size && stats.mtimeMs !== saved.mtimeMs) return 'stale';
  if (cacheIdentityOf(fd, stats, saved.size).tail !== saved.tail) return 'stale';
  return stats.size === saved.size ? 'fresh' : 'grown';
}

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

/** A cache file opened, its header read and its length checked; the log is replayed (and hashed) from the file. */
export interface OpenedCache {
  journal: JournalIdentity;
  fd: number;
  /** Where the log starts in the file, its length and the FNV-1a the header gives. */
  start: number;
  bytes: number;
  hash: number;
}

const HEADER_MAX = 4096;

/** The cache of a journal, or null when there is none or its header doesn't fit. Close it with closeCache. */
export function openCache(journal: string): OpenedCache | null {
  return openWithHeader<Header, OpenedCache>(cachePathOf(journal), CACHE_FORMAT, CACHE_VERSION, (header, fd, start) => {
    const hash = Number.parseInt(String(header.hash), 16);
    if (typeof header.bytes !== 'number' || fstatSync(fd).size !== start + header.bytes || !Number.isInteger(hash)) throw new Error('cut or grown');
    return { journal: header.journal, fd, start, bytes: header.bytes, hash };
  });
}

/**
 * Opens a file beside a journal that starts with a JSON header line of this
 * format and version (and a journal identity): `use` checks the rest and
 * returns what keeps the file open; if anything throws, the file is closed
 * and the answer is null — never an error.
 */
export function openWithHeader<H extends { journal: JournalIdentity }, T>(
  file: string,
  format: string,
  version: number,
  use: (header: H, fd: number, start: number) => T,
): T | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const head = Buffer.allocUnsafe(HEADER_MAX);
    const n = readSync(fd, head, 0, HEADER_MAX, 0);
    const nl = head.subarray(0, n).indexOf(0x0a);
    if (nl < 0) throw new Error('no header');
    const header = JSON.parse(head.toString('utf8', 0, nl)) as H & { format?: unknown; version?: unknown };
    if (header?.format !== format || header.version !== version || typeof header.journal?.size !== 'number') throw new Error('another format');
    return use(header, fd, nl + 1);
  } catch {
    closeSync(fd);
    return null;
  }
}

export function closeCache(cache: OpenedCache): void {
  closeSync(cache.fd);
}

/**
 * Replays the cache's log into `events`, read in chunks (flat memory: a
 * million calls' cache is ~20 MB); false when a line is not what this version
 * writes or the log's hash is not the header's — the caller then starts
 * again without it, as the events already given can't be taken back.
 */
export function replayCache(cache: OpenedCache, events: PrescanEvents, buffer: { bytes: Buffer }): boolean {
  let buf = buffer.bytes;
  let hash: number | undefined;
  let kept = 0;
  let position = cache.start;
  const end = cache.start + cache.bytes;
  while (position < end || kept > 0) {
    if (kept === buf.length) {
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, kept);
      buf = buffer.bytes = bigger;
    }
    const n = position < end ? readSync(cache.fd, buf, kept, Math.min(buf.length - kept, end - position), position) : 0;
    if (n === 0 && position < end) return false;
    hash = n > 0 ? fnv1a(buf.subarray(kept, kept + n), hash) : hash;
    position += n;
    const filled = kept + n;
    const last = position >= end ? filled - 1 : buf.lastIndexOf(0x0a, filled - 1);
    if (last < 0) {
      kept = filled;
      continue;
    }
    if (!replayLines(buf, 0, last + 1, events)) return false;
    kept = filled - (last + 1);
    buf.copy(buf, 0, last + 1, filled);
    if (position >= end && kept === 0) break;
  }
  return (hash ?? fnv1a(Buffer.alloc(0))) === cache.hash;
}

/** Replays the log lines in buf[from, to) (the last may lack its newline). */
function replayLines(buf: Buffer, from: number, to: number, events: PrescanEvents): boolean {
  let start = from;
  while (start < to) {
    let end = buf.indexOf(0x0a, start);
    if (end < 0 || end > to) end = to;
    if (!replayLine(buf.toString('utf8', start, end), events)) return false;
    start = end + 1;
  }
  return true;
}

function replayLine(text: string, events: PrescanEvents): boolean {
  let item: unknown;
  try {
    item = JSON.parse(text);
  } catch {
    return false;
  }
  if (!Array.isArray(item)) return false;
  const [kind, a, b, c, d] = item as unknown[];
  if (kind === 's' && typeof a === 'string' && (b === null || typeof b === 'string') && item.length === 3) events.step(a, b);
  else if (kind === 'f' && typeof a === 'string' && (b === null || typeof b === 'number') && (c === 'open' || c === 'resolved') && (d === undefined || typeof d === 'string'))
    events.flag(a, b === null ? Number.NaN : b, c, d);
  else return false;
  return true;
}

/** The header's room at the front of a cache being written: it is written last, padded with spaces (JSON allows them). */
const HEADER_ROOM = 1024;

/**
 * Writes the cache as a scan finds things: the old cache's log copied, then
 * the new lines, straight into a temp file beside the cache (a million
 * calls' log is ~20 MB: kept as strings it was most of a first export's
 * memory); `commit` puts the header in front and renames the file into
 * place. Where the file can't be written the writer does nothing, and no
 * cache is kept — never an error.
 */
export class LogWriter implements PrescanEvents {
  private fd: number | undefined;
  private temp = '';
  private readonly chunk = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  private position = HEADER_ROOM;
  private bytes = 0;
  private hash: number;

  constructor(
    private readonly journal: string,
    old: OpenedCache | null,
    buffer: { bytes: Buffer },
  ) {
    this.hash = old?.hash ?? fnv1a(Buffer.alloc(0));
    this.temp = tempPathOf(cachePathOf(journal));
    try {
      this.fd = openSync(this.temp, 'wx', 0o600);
      if (old) {
        // Copied from the open file: the one that was replayed, even if another export has replaced it since.
        const buf = buffer.bytes;
        for (let done = 0; done < old.bytes; ) {
          const n = readSync(old.fd, buf, 0, Math.min(buf.length, old.bytes - done), old.start + done);
          if (n === 0) throw new Error('the old cache was cut short');
          this.position += writeAt(this.fd, buf.subarray(0, n), this.position);
          done += n;
        }
        this.bytes = old.bytes;
      }
    } catch {
      this.discard();
    }
  }

  step(key: string, previous: string | null): void {
    this.line(JSON.stringify(['s', key, previous]));
  }

  flag(flagId: string, time: number, status: FlagStatus, note: string | undefined): void {
    const at = Number.isNaN(time) ? null : time;
    this.line(JSON.stringify(note === undefined ? ['f', flagId, at, status] : ['f', flagId, at, status, note]));
  }

  private line(text: string): void {
    if (this.fd === undefined) return;
    const size = Buffer.byteLength(text, 'utf8') + 1;
    if (this.used + size > this.chunk.length) this.flush();
    if (size > this.chunk.length) {
      this.put(Buffer.from(`${text}\n`, 'utf8'));
      return;
    }
    this.used += this.chunk.write(text, this.used, 'utf8');
    this.chunk[this.used++] = 0x0a;
  }

  private flush(): void {
    if (this.used === 0) return;
    this.put(this.chunk.subarray(0, this.used));
    this.used = 0;
  }

  private put(bytes: Buffer): void {
    if (this.fd === undefined) return;
    try {
      this.position += writeAt(this.fd, bytes, this.position);
      this.hash = fnv1a(bytes, this.hash);
      this.bytes += bytes.length;
    } catch {
      this.discard();
    }
  }

  /** The header in front, the file renamed into place: true when the cache was kept. */
  commit(identity: JournalIdentity): boolean {
    this.flush();
    if (this.fd === undefined) return false;
    const header: Header = { format: CACHE_FORMAT, version: CACHE_VERSION, journal: identity, bytes: this.bytes, hash: hex(this.hash) };
    const text = JSON.stringify(header);
    try {
      if (text.length >= HEADER_ROOM) throw new Error('header too long');
      writeAt(this.fd, Buffer.from(`${text.padEnd(HEADER_ROOM - 1)}\n`, 'latin1'), 0);
      closeSync(this.fd);
      this.fd = undefined;
      renameSync(this.temp, cachePathOf(this.journal));
      return true;
    } catch {
      this.discard();
      return false;
    }
  }

  /** No cache after all: the temp file goes (safe to call more than once). */
  discard(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // closed already
    }
    this.fd = undefined;
    try {
      unlinkSync(this.temp);
    } catch {
      // never created
    }
  }
}

/** A name beside `file` no other process picks. */
const tempPathOf = (file: string) => path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);

function writeAt(fd: number, buffer: Buffer, position: number): number {
  let done = 0;
  while (done < buffer.length) done += writeSync(fd, buffer, done, buffer.length - done, position + done);
  return done;
}

/** Writes a file beside its name (0600) and renames it into place: the old file or the new one, never half; false (no file, no error) on failure. */
export function writeAtomically(file: string, write: (fd: number) => void): boolean {
  const temp = tempPathOf(file);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', 0o600);
    write(fd);
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

export function writeAll(fd: number, buffer: Buffer): void {
  let done = 0;
  while (done < buffer.length) done += writeSync(fd, buffer, done, buffer.length - done);
}
