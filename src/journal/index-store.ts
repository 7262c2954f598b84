// The derived index's files, beside the journal. They are a cache: never a
// source of truth, rebuilt whenever they are missing, unreadable or stale.
//
//   <journal>.index.json   what `due` needs: the journal's identity, every
//                          client's latest info, next call, last call (as a
//                          byte range) and open flags; the damage seen. A
//                          header line, then the clients' array, one client
//                          a line: an update re-serialises only those it touched
//   <journal>.index.flags  what an update needs: which client raised each flag
//                          and flag changes whose flag is not known yet
//   <journal>.index.pos    what `history` needs: one 24-byte record per entry
//                          kept (byte offset, length, client number, id hash),
//                          in file order; append-only between rebuilds
//
// JSON and pos files are written to a temp file and renamed (0600), so a crash
// leaves the old index or the new one, never half of one. The pos file may
// hold records past the count in index.json (an update cut short): they are
// ignored and cut off by the next update.
import { closeSync, fstatSync, openSync, readFileSync, readSync, renameSync, statSync, truncateSync, unlinkSync, writeFileSync, writeSync, type Stats } from 'node:fs';
import type { ClientInfo, NextCall } from './types.js';
import type { FlagState } from './queries.js';
import type { DamageReason } from './read.js';

export const INDEX_FORMAT = 'followup-journal-index';
export const INDEX_VERSION = 2;
const FILE_MODE = 0o600;
/** How many bytes before the indexed end are hashed to recognise the journal. */
export const TAIL_BYTES = 4096;

export const indexPaths = (journal: string) => ({
  summary: `${journal}.index.json`,
  flags: `${journal}.index.flags`,
  pos: `${journal}.index.pos`,
});

/** What identifies the journal bytes the index was built from. */
export interface JournalIdentity {
  dev: number;
  ino: number;
  /** Bytes indexed: always just after a '\n'. */
  size: number;
  mtimeMs: number;
  /** FNV-1a of the TAIL_BYTES before `size`. */
  tail: string;
}

/** A client as `due` and the client list need it (see ClientState). */
export interface ClientSummary {
  id: string;
  info: ClientInfo;
  nextCall: NextCall | null;
  /** The latest call's byte range in the journal. */
  last: [offset: number, length: number];
  /** When the client was first seen (fold order): [Date.parse(at), offset]. */
  first: [time: number, offset: number];
  /** Open flags, by due date, without `client` (it is `info`). */
  openFlags: Omit<FlagState, 'client'>[];
}

/** A damaged line, without the journal's name (filled in on load). */
export interface StoredDamage {
  line: number;
  reason: DamageReason;
  text: string;
  detail?: string;
  base64?: string;
}

export interface IndexSummary {
  format: typeof INDEX_FORMAT;
  version: number;
  journal: JournalIdentity;
  /** Lines up to `journal.size` (for the numbers of damage found later). */
  lines: number;
  /** Entries seen again with an id already read (counted once). */
  duplicates: number;
  damage: StoredDamage[];
  /** Set when this journal can't be answered from an index (then a full read is used). */
  unsupported: string | null;
  /** Valid records in the pos file. */
  posCount: number;
  clients: ClientSummary[];
}

export interface IndexFlags {
  /** Flag id → number of the client whose call raised it. */
  owners: Record<string, number>;
  /** Flag id → byte ranges of changes to it seen before any call raised it. */
  pending: Record<string, [offset: number, length: number][]>;
}

/** A pos record: where an entry is and whose it is. */
export const POS_RECORD = 24;
export const NO_CLIENT = 0xffffffff;

/** FNV-1a 32-bit of a byte range, as 8 hex digits. */
export function fnv1a(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 16777619);
  return h >>> 0;
}

/** Two independent 32-bit hashes of an entry id (a 64-bit fingerprint). */
export function idHash(id: string): [number, number] {
  const bytes = Buffer.from(id, 'utf8');
  return [fnv1a(bytes), fnv1a(bytes, 0x01000193 ^ 0x5bd1e995)];
}
export const hashKey = (h1: number, h2: number) => h1 * 0x200000 + (h2 >>> 11);

/** Reads `length` bytes at `position` (a short file gives fewer). */
export function readRange(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buffer, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done === length ? buffer : buffer.subarray(0, done);
}

export function identityOf(fd: number, stats: Stats, size: number): JournalIdentity {
  const from = Math.max(0, size - TAIL_BYTES);
  const tail = fnv1a(readRange(fd, from, size - from)).toString(16).padStart(8, '0');
  return { dev: stats.dev, ino: stats.ino, size, mtimeMs: stats.mtimeMs, tail };
}

export type Freshness = 'fresh' | 'grown' | 'stale';

/** Is the index still the journal's? 'grown' when bytes were only appended. */
export function freshness(saved: JournalIdentity, fd: number, stats: Stats): Freshness {
  if (saved.dev !== stats.dev || saved.ino !== stats.ino || stats.size < saved.size) return 'stale';
  if (stats.size === saved.size && stats.mtimeMs !== saved.mtimeMs) return 'stale';
  if (identityOf(fd, stats, saved.size).tail !== saved.tail) return 'stale';
  return stats.size === saved.size ? 'fresh' : 'grown';
}

const COMMA_NEWLINE = Buffer.from(',\n');
const NEWLINE = Buffer.from('\n');
const CLOSE = Buffer.from(']\n');

/** Each loaded summary's client array as read (its bytes), to write unchanged clients back as they were. */
const clientsBytes = new WeakMap<ClientSummary[], Buffer>();

/** The summary file, or null when missing, unreadable or of another format. */
export function loadSummary(journal: string): IndexSummary | null {
  try {
    const bytes = readFileSync(indexPaths(journal).summary);
    const nl = bytes.indexOf(0x0a);
    const header = JSON.parse(bytes.toString('utf8', 0, nl)) as Omit<IndexSummary, 'clients'> & { clientCount?: number };
    if (header?.format !== INDEX_FORMAT || header.version !== INDEX_VERSION) return null;
    const rest = bytes.subarray(nl + 1);
    const clients = JSON.parse(rest.toString('utf8')) as ClientSummary[];
    if (!Array.isArray(clients) || clients.length !== header.clientCount) return null;
    clientsBytes.set(clients, rest);
    const { clientCount: _count, ...fields } = header;
    return { ...fields, clients };
  } catch {
    return null;
  }
}

export function loadFlags(journal: string): IndexFlags | null {
  try {
    const value = JSON.parse(readFileSync(indexPaths(journal).flags, 'utf8')) as IndexFlags;
    return value && typeof value.owners === 'object' && typeof value.pending === 'object' ? value : null;
  } catch {
    return null;
  }
}

/** Writes a file atomically, 0600: a temp file beside it, then rename. */
function writeAtomic(file: string, data: string | Uint8Array): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, data, { mode: FILE_MODE });
    renameSync(temp, file);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {}
    throw error;
  }
}

/**
 * Writes the summary: a header line, then the clients as a JSON array with
 * one client a line. `changed`: the numbers of the clients changed since it
 * was loaded — the others are written back as the lines read (serialising
 * 8,000 clients was most of an append's index update); without it, all are
 * serialised.
 */
export function saveSummary(journal: string, summary: IndexSummary, changed?: ReadonlySet<number>): void {
  const { clients, ...header } = summary;
  const before = changed ? clientsBytes.get(clients) : undefined;
  const parts: Buffer[] = [Buffer.from(`${JSON.stringify({ ...header, clientCount: clients.length })}\n[\n`)];
  // The array as read: '[', then one line a client ('…,' but the last), then ']'.
  let start = 2;
  for (let i = 0; i < clients.length; i++) {
    const end = before ? before.indexOf(0x0a, start) : -1;
    if (before && end > start && before[start] === 0x7b /* { */ && !changed!.has(i)) {
      parts.push(before.subarray(start, before[end - 1] === 0x2c /* , */ ? end - 1 : end));
    } else parts.push(Buffer.from(JSON.stringify(clients[i])));
    parts.push(i < clients.length - 1 ? COMMA_NEWLINE : NEWLINE);
    if (end > start) start = end + 1;
  }
  parts.push(CLOSE);
  writeAtomic(indexPaths(journal).summary, Buffer.concat(parts));
}

export function saveFlags(journal: string, flags: IndexFlags): void {
  writeAtomic(indexPaths(journal).flags, JSON.stringify(flags));
}

/** Pos records being collected in memory. */
export class PosRecords {
  offsets: number[] = [];
  lengths: number[] = [];
  clients: number[] = [];
  h1: number[] = [];
  h2: number[] = [];
  get count() {
    return this.offsets.length;
  }
  push(offset: number, length: number, client: number, hash: [number, number]): void {
    this.offsets.push(offset);
    this.lengths.push(length);
    this.clients.push(client);
    this.h1.push(hash[0]);
    this.h2.push(hash[1]);
  }
  encode(): Buffer {
    const buffer = Buffer.allocUnsafe(this.count * POS_RECORD);
    for (let i = 0; i < this.count; i++) {
      const at = i * POS_RECORD;
      buffer.writeDoubleLE(this.offsets[i]!, at);
      buffer.writeUInt32LE(this.lengths[i]!, at + 8);
      buffer.writeUInt32LE(this.clients[i]!, at + 12);
      buffer.writeUInt32LE(this.h1[i]!, at + 16);
      buffer.writeUInt32LE(this.h2[i]!, at + 20);
    }
    return buffer;
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The pos file's records, read through typed arrays: a scan of a million
 * records for one client takes ~2 ms, where Buffer.readUInt32LE calls took
 * ~100 ns a record (profiled: a third of an append's time on a 1M journal).
 */
export class PosTable {
  readonly count: number;
  private readonly f64: Float64Array;
  private readonly u32: Uint32Array;
  constructor(bytes: Buffer) {
    // Typed arrays need an aligned start; a big read has its own ArrayBuffer anyway.
    const aligned = bytes.byteOffset % 8 === 0 ? bytes : Buffer.from(bytes);
    this.count = Math.floor(aligned.length / POS_RECORD);
    this.f64 = new Float64Array(aligned.buffer, aligned.byteOffset, this.count * 3);
    this.u32 = new Uint32Array(aligned.buffer, aligned.byteOffset, this.count * 6);
  }
  offset(i: number): number {
    return this.f64[i * 3]!;
  }
  length(i: number): number {
    return this.u32[i * 6 + 2]!;
  }
  client(i: number): number {
    return this.u32[i * 6 + 3]!;
  }
  h1(i: number): number {
    return this.u32[i * 6 + 4]!;
  }
  h2(i: number): number {
    return this.u32[i * 6 + 5]!;
  }
  /** Records whose client number is marked in `clients` (tight loop: no allocation per record). */
  ofClients(clients: Uint8Array): number[] {
    const found: number[] = [];
    const u32 = this.u32;
    const limit = clients.length;
    for (let i = 0, at = 3; i < this.count; i++, at += 6) {
      const c = u32[at]!;
      if (c < limit && clients[c] === 1) found.push(i);
    }
    return found;
  }
  /** Records whose id hash starts with one of `firsts` (a few: the entries just appended). */
  withFirstHash(firsts: readonly number[]): number[] {
    const found: number[] = [];
    const u32 = this.u32;
    const wanted = Uint32Array.from(firsts);
    for (let i = 0, at = 4; i < this.count; i++, at += 6) {
      const h = u32[at]!;
      for (let k = 0; k < wanted.length; k++) {
        if (wanted[k] === h) {
          found.push(i);
          break;
        }
      }
    }
    return found;
  }
}

/** The pos file's first `count` records, read whole (24 MB for a million entries);
 * null when missing or short (then the index is rebuilt), or on a big-endian machine. */
export function readPos(journal: string, count: number): PosTable | null {
  if (!LITTLE_ENDIAN) return null;
  try {
    const fd = openSync(indexPaths(journal).pos, 'r');
    try {
      const bytes = count * POS_RECORD;
      if (fstatSync(fd).size < bytes) return null;
      const buffer = readRange(fd, 0, bytes);
      return buffer.length === bytes ? new PosTable(buffer) : null;
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
}

export function writePos(journal: string, records: PosRecords): void {
  writeAtomic(indexPaths(journal).pos, records.encode());
}

/** Appends records after the first `validCount` (cutting off leftovers of an interrupted update). */
export function appendPos(journal: string, validCount: number, records: PosRecords): void {
  const file = indexPaths(journal).pos;
  if (statSync(file).size !== validCount * POS_RECORD) truncateSync(file, validCount * POS_RECORD);
  const fd = openSync(file, 'a', FILE_MODE);
  try {
    const buffer = records.encode();
    let done = 0;
    while (done < buffer.length) done += writeSync(fd, buffer, done, buffer.length - done);
  } finally {
    closeSync(fd);
  }
}


