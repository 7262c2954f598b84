// Today's status of the flags a CSV call row counts, kept beside the journal
// in `<journal>.export-flags` so that an export streams it alongside the
// journal instead of holding the status of every changed flag in memory
// (~155,000 in a million-call journal: the one table that made a big export's
// memory grow with the journal).
//
// An export that had the whole table (the first one of a journal, or after it
// changed) writes, while it reads the calls, one record per flag raised in a
// call whose status was changed after it was raised — in reading order: the
// call's line, the flag's place in the call's `flags`, and whether it is open
// today. A later export of the very same journal bytes reads the records as it
// reads the lines: a flag with a record has the record's status, any other the
// status it was raised with — exactly what the table gives.
//
// A cache, never a source of truth: keyed to the journal's whole identity
// (device, inode, size, modification time, hash of the last bytes — as the
// prescan's cache), used only when the journal is unchanged (appended bytes
// may change older flags: the next export builds it again), checked by its
// length and hash before any record is used, and written 0600 to a temp file
// renamed into place. Missing, stale, damaged or unwritable: the export uses
// the table as before.
import { closeSync, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { fnv1a, hex } from '../hash.js';
import type { JournalIdentity } from '../journal/index-store.js';
import type { CallEntry } from '../journal/types.js';
import type { FlagStatusIndex, OpenFlagCounter } from './flag-status.js';
import { cacheFreshness, cacheIdentityOf, openWithHeader, writeAll, writeAtomically } from './prescan-cache.js';

export const FLAG_FILE_FORMAT = 'followup-export-flags';
export const FLAG_FILE_VERSION = 1;

export const flagFilePathOf = (journal: string) => `${journal}.export-flags`;

/** A record: the call's line (u32), the flag's index in its `flags` (u32), open today (u8). Little-endian. */
const RECORD = 9;
/** Records read at a time. */
const CHUNK_RECORDS = 7282;

interface Header {
  format: typeof FLAG_FILE_FORMAT;
  version: number;
  journal: JournalIdentity;
  records: number;
  hash: string;
}

/** The journal's identity as it is now, or null when it can't be read (missing: no file either). */
export function journalIdentityNow(journal: string): JournalIdentity | null {
  return withJournal(journal, null, (fd, stats) => (stats.isFile() ? cacheIdentityOf(fd, stats, stats.size) : null));
}

/** `use` on the journal opened (and closed after); `missing` when it can't be opened. */
function withJournal<T>(journal: string, missing: T, use: (fd: number, stats: Stats) => T): T {
  let fd: number;
  try {
    fd = openSync(journal, 'r');
  } catch {
    return missing;
  }
  try {
    return use(fd, fstatSync(fd));
  } finally {
    closeSync(fd);
  }
}

const sameIdentity = (a: JournalIdentity, b: JournalIdentity) =>
  a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.tail === b.tail;

/**
 * The statuses of a journal's changed flags, read in step with the journal.
 * Call `enter(line)` for every call entry, in reading order, before counting
 * its open flags.
 */
export class FlagStatusStream implements OpenFlagCounter {
  private readonly chunk = Buffer.allocUnsafe(RECORD * CHUNK_RECORDS);
  /** Records in `chunk`, and the next one to read. */
  private held = 0;
  private next = 0;
  private position: number;
  private readonly end: number;
  /** The current call's records: flag index → open (a call raises a few flags). */
  private indexes: number[] = [];
  private opens: boolean[] = [];

  constructor(
    private readonly fd: number,
    start: number,
    records: number,
  ) {
    this.position = start;
    this.end = start + records * RECORD;
  }

  /** The call on this line is the one counted next. */
  enter(line: number): void {
    this.indexes.length = 0;
    this.opens.length = 0;
    for (;;) {
      if (this.next === this.held && !this.fill()) return;
      const at = this.next * RECORD;
      const recordLine = this.chunk.readUInt32LE(at);
      if (recordLine > line) return;
      // (A record for a line that is no call of this journal can't be, as the file matches the journal: skipped.)
      if (recordLine === line) {
        this.indexes.push(this.chunk.readUInt32LE(at + 4));
        this.opens.push(this.chunk[at + 8] === 1);
      }
      this.next++;
    }
  }

  openFlagCount(call: CallEntry): number {
    let open = 0;
    const flags = call.flags ?? [];
    for (let i = 0; i < flags.length; i++) {
      const k = this.indexes.length === 0 ? -1 : this.indexes.indexOf(i);
      if (k >= 0 ? this.opens[k] : flags[i]!.status === 'open') open++;
    }
    return open;
  }

  close(): void {
    closeSync(this.fd);
  }

  private fill(): boolean {
    if (this.position >= this.end) return false;
    const want = Math.min(this.chunk.length, this.end - this.position);
    let got = 0;
    while (got < want) {
      const n = readSync(this.fd, this.chunk, got, want - got, this.position + got);
      if (n === 0) break;
      got += n;
    }
    this.position += got;
    this.held = Math.floor(got / RECORD);
    this.next = 0;
    return this.held > 0;
  }
}

/**
 * The journal's flag file, when it is the journal's as it is now and whole
 * (length and hash checked before any record is used); null otherwise.
 */
export function openFlagStatus(journal: string): FlagStatusStream | null {
  return openWithHeader<Header, FlagStatusStream>(flagFilePathOf(journal), FLAG_FILE_FORMAT, FLAG_FILE_VERSION, (header, fd, start) => {
    if (!Number.isInteger(header.records) || header.records < 0 || fstatSync(fd).size !== start + header.records * RECORD) throw new Error('cut or grown');
    if (!isFresh(journal, header.journal)) throw new Error('stale');
    if (hashOf(fd, start, header.records * RECORD) !== header.hash) throw new Error('damaged');
    return new FlagStatusStream(fd, start, header.records);
  });
}

function isFresh(journal: string, saved: JournalIdentity): boolean {
  return withJournal(journal, false, (fd, stats) => cacheFreshness(saved, fd, stats) === 'fresh');
}

function hashOf(fd: number, start: number, length: number): string {
  const buf = Buffer.allocUnsafe(1 << 16);
  let hash = fnv1a(Buffer.alloc(0));
  for (let done = 0; done < length; ) {
    const n = readSync(fd, buf, 0, Math.min(buf.length, length - done), start + done);
    if (n === 0) return '';
    hash = fnv1a(buf.subarray(0, n), hash);
    done += n;
  }
  return hex(hash);
}

/**
 * Gathers the records while an export that has the whole table reads the
 * calls (every call, whether it is exported or not); `save` writes them if the
 * journal is still what it was before the export read it.
 */
export class FlagStatusRecorder {
  private records = Buffer.allocUnsafe(RECORD * 1024);
  private count = 0;
  private broken = false;

  constructor(
    private readonly table: FlagStatusIndex,
    private readonly real?: (text: string) => string,
  ) {}

  visit(call: CallEntry, line: number): void {
    const flags = call.flags ?? [];
    for (let i = 0; i < flags.length; i++) {
      const id = flags[i]!.id;
      if (typeof id !== 'string') continue;
      const open = this.table.openNow(this.real ? this.real(id) : id);
      if (open === undefined) continue;
      if (line > 0xffffffff) {
        this.broken = true;
        return;
      }
      if ((this.count + 1) * RECORD > this.records.length) {
        const bigger = Buffer.allocUnsafe(this.records.length * 2);
        this.records.copy(bigger, 0, 0, this.count * RECORD);
        this.records = bigger;
      }
      const at = this.count * RECORD;
      this.records.writeUInt32LE(line, at);
      this.records.writeUInt32LE(i, at + 4);
      this.records[at + 8] = open ? 1 : 0;
      this.count++;
    }
  }

  /** Writes the file when the journal is still `before` (no write may have slipped in); a failure leaves none, never an error. */
  save(journal: string, before: JournalIdentity): boolean {
    if (this.broken) return false;
    const now = journalIdentityNow(journal);
    if (!now || !sameIdentity(now, before)) return false;
    const body = this.records.subarray(0, this.count * RECORD);
    const header: Header = { format: FLAG_FILE_FORMAT, version: FLAG_FILE_VERSION, journal: before, records: this.count, hash: hex(fnv1a(body)) };
    return writeAtomically(flagFilePathOf(journal), (fd) => {
      writeAll(fd, Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'));
      writeAll(fd, body);
    });
  }
}

