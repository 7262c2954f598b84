// The derived index's files, beside the journal. They are a cache: never a
// source of truth, rebuilt whenever they are missing, unreadable or stale.
//
//   <journal>.index.json   a header line (the journal's identity, counts, the
//                          damage seen), then two JSON arrays, one client a
//                          line each: the clients' latest info — all `call`
//                          parses — then what `due` needs (next call, last
//                          call's byte range, open flags); then, binary, 24
//                          bytes a client: when first seen and its latest pos
//                          record. A write re-serialises only the clients it
//                          touched
//   <journal>.index.pos    one 32-byte record per entry kept (byte offset,
//                          length, client number, id hash, and the record of
//                          the same client's previous entry): a client's
//                          entries are a chain read record by record, never
//                          the whole file. Append-only between rebuilds
//   <journal>.index.bloom  a Bloom filter of the entry ids and flag ids
//                          indexed: an appended entry is known to be new (not
//                          a duplicate, no flag met before) without reading
//                          the pos or flags file. Bits are only ever set
//   <journal>.index.flags  which client raised each flag, and flag changes
//                          whose flag is not known yet: read only when an
//                          appended entry refers to a flag the filter knows
//
// The summary is the commit point: it is written last, to a temp file renamed
// over the old one (0600), so a crash leaves the old index or the new one.
// The other files carry the summary's `generation` (pos, bloom) or the pos
// count they were written at (flags), so a file left by an interrupted write
// is recognised: pos records past the summary's count are cut off by the next
// update, filter bits only ever add false "maybe"s (which cost a lookup, never
// an answer), and a flags file of another write makes the index be rebuilt.
import { closeSync, fstatSync, openSync, readFileSync, readSync, renameSync, statSync, truncateSync, unlinkSync, writeFileSync, writeSync, type Stats } from 'node:fs';
import type { ClientInfo, NextCall } from './types.js';
import type { FlagState } from './queries.js';
import type { DamageReason } from './read.js';
import { INDEXED_NAME, normalizeName, type IndexedName } from '../clients/names.js';

export const INDEX_FORMAT = 'followup-journal-index';
export const INDEX_VERSION = 5;
const FILE_MODE = 0o600;
/** How many bytes before the indexed end are hashed to recognise the journal. */
export const TAIL_BYTES = 4096;

export const indexPaths = (journal: string) => ({
  summary: `${journal}.index.json`,
  flags: `${journal}.index.flags`,
  pos: `${journal}.index.pos`,
  bloom: `${journal}.index.bloom`,
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
  /** When the client was first seen (fold order): [Date.parse(at), offset]. */
  first: [time: number, offset: number];
  /** The client's latest pos record (its chain's head), NO_RECORD if none. */
  head: number;
  nextCall: NextCall | null;
  /** The latest call's byte range in the journal. */
  last: [offset: number, length: number];
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
  /** Random, set by each rebuild; the pos and bloom files carry it too. */
  generation: number;
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
  /** The pos count when the flags file was last written (it says the same). */
  flagsPosCount: number;
  /** Size of the Bloom filter in bits (a power of two). */
  bloomBits: number;
  clients: ClientSummary[];
}

export interface IndexFlags {
  generation: number;
  posCount: number;
  /** Flag id → number of the client whose call raised it. */
  owners: Record<string, number>;
  /** Flag id → byte ranges of changes to it seen before any call raised it. */
  pending: Record<string, [offset: number, length: number][]>;
}

/** A pos record: where an entry is, whose it is, and that client's previous record. */
export const POS_RECORD = 32;
export const NO_CLIENT = 0xffffffff;
export const NO_RECORD = 0xffffffff;
const POS_MAGIC = 0x46555031; // "FUP1"

/** FNV-1a 32-bit of a byte range. */
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
/** The filter's key of a flag id (apart from entry ids). */
export const flagHash = (flag: string): [number, number] => idHash(`flag\u0000${flag}`);
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

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export const newGeneration = () => (Math.random() * 0x100000000) >>> 0;

// ── the summary ───────────────────────────────────────────────────────────

type DueLine = [nextCall: NextCall | null, last: [number, number], openFlags: Omit<FlagState, 'client'>[]];

/** Per client, binary after the JSON: when first seen (time, offset), its chain's
 * head and where its line of the info part starts. */
const COLUMN = 24;
const NO_FLAGS: ClientSummary['openFlags'] = Object.freeze([]) as unknown as ClientSummary['openFlags'];
const NO_RANGE = Object.freeze([0, 0]) as unknown as [number, number];
const dueLine = (c: ClientSummary): DueLine => [c.nextCall, c.last, c.openFlags];
/** Past this many clients' details asked for one by one, the info part is parsed whole. */
const SINGLE_INFOS = 64;

/** A summary's parts as read (their bytes): for writing untouched clients back
 * as they were, and for reading the info and due parts only when asked. */
interface Sections {
  names: Buffer;
  info: Buffer;
  due: Buffer;
  dueLoaded: boolean;
}
const sections = new WeakMap<ClientSummary[], Sections>();

/** A names line: `id TAB normalized-name TAB name`; a name that is not a
 * string (no journal written by followup has one) gives the id alone. Tabs,
 * newlines and backslashes in ids and names are escaped; normalised names
 * have none (normalizeName makes them spaces). */
function namesLine(info: ClientInfo): string {
  return typeof info.name === 'string' ? `${escapeField(info.id)}\t${normalizeName(info.name)}\t${escapeField(info.name)}` : escapeField(info.id);
}
const escapeField = (text: string) => (/[\\\t\n]/.test(text) ? text.replace(/[\\\t\n]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : '\\n')) : text);
const unescapeField = (text: string) => (text.includes('\\') ? text.replace(/\\(.)/g, (_, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c)) : text);

/**
 * The clients of a loaded summary: ids and names from the names part, the rest
 * parsed when asked for. A `call` on 8,000 clients reads one client's details
 * (the one matched), not 8,000 (their allocation, and the collections it
 * caused, were most of what a big journal added to an append).
 */
class StoredClients {
  /** Where each client's names line, normalised name and name start in `text` (-1: no name). */
  readonly lineStart: Int32Array;
  readonly normStart: Int32Array;
  readonly nameStart: Int32Array;
  private singles = 0;
  private all = false;
  /** Recomputes a client's info from the journal when its stored line is unreadable. */
  recover: ((n: number) => ClientInfo) | null = null;
  constructor(readonly text: string, private readonly info: Buffer, private readonly columns: Buffer, readonly list: StoredClient[], count: number) {
    this.lineStart = new Int32Array(count + 1);
    this.normStart = new Int32Array(count);
    this.nameStart = new Int32Array(count);
  }
  infoOf(n: number): ClientInfo {
    if (!this.all && ++this.singles > SINGLE_INFOS) this.parseAll();
    const client = this.list[n]!;
    const start = this.columns.readUInt32LE(n * COLUMN + 20);
    let end = this.info.indexOf(0x0a, start);
    if (end > start && this.info[end - 1] === 0x2c /* , */) end--;
    try {
      const info = JSON.parse(this.info.toString('utf8', start, end)) as ClientInfo;
      if (info?.id === client.id) return info;
    } catch {}
    if (this.recover) return this.recover(n);
    throw new Error(`the index's details of client ${client.id} are unreadable`);
  }
  /** Many clients' details (due): one parse of the info part instead of a parse a client. */
  private parseAll(): void {
    this.all = true;
    let infos: ClientInfo[];
    try {
      infos = JSON.parse(this.info.toString('utf8')) as ClientInfo[];
    } catch {
      return;
    }
    if (!Array.isArray(infos) || infos.length !== this.list.length) return;
    this.list.forEach((c, n) => {
      if (infos[n]?.id === c.id) c.offerInfo(infos[n]!);
    });
  }
  normalized(n: number): string {
    return this.text.slice(this.normStart[n], this.nameStart[n]! - 1);
  }
  name(n: number): string {
    return unescapeField(this.text.slice(this.nameStart[n], this.lineStart[n + 1]! - 1));
  }
}

/** `client[INDEXED_NAME]` of a stored client's info (see findClients), until its info is recomputed. */
const INFO_HANDLER: ProxyHandler<StoredClient> = {
  get: (c, key) => (key === 'id' ? c.id : key === INDEXED_NAME ? c.indexedName() : Reflect.get(c.info, key)),
  has: (c, key) => Reflect.has(c.info, key),
  ownKeys: (c) => Reflect.ownKeys(c.info),
  getOwnPropertyDescriptor: (c, key) => Reflect.getOwnPropertyDescriptor(c.info, key),
  set: (c, key, value) => Reflect.set(c.info, key, value),
  deleteProperty: (c, key) => Reflect.deleteProperty(c.info, key),
  defineProperty: (c, key, descriptor) => Reflect.defineProperty(c.info, key, descriptor),
  getPrototypeOf: (c) => Reflect.getPrototypeOf(c.info),
};

class StoredClient implements ClientSummary, IndexedName {
  nextCall: NextCall | null = null;
  last: [offset: number, length: number] = NO_RANGE;
  openFlags: ClientSummary['openFlags'] = NO_FLAGS;
  #info: ClientInfo | undefined;
  /** The info was set since the summary was read (the names part no longer says it). */
  #changed = false;
  constructor(private readonly store: StoredClients, private readonly n: number, readonly id: string, public first: [time: number, offset: number], public head: number) {}
  get info(): ClientInfo {
    return (this.#info ??= this.store.infoOf(this.n));
  }
  set info(info: ClientInfo) {
    this.#info = info;
    this.#changed = true;
  }
  offerInfo(info: ClientInfo): void {
    this.#info ??= info;
  }
  /** The info as a client list gives it: read when a field other than the id is. */
  asInfo(): ClientInfo {
    return this.#info ?? (new Proxy(this, INFO_HANDLER) as unknown as ClientInfo);
  }
  indexedName(): IndexedName | undefined {
    return this.#changed || this.store.nameStart[this.n] === -1 ? undefined : this;
  }
  normalizedIs(text: string): boolean {
    const { text: names, normStart } = this.store;
    const at = normStart[this.n]!;
    return names.startsWith(text, at) && names.charCodeAt(at + text.length) === 0x09;
  }
  normalized(): string {
    return this.store.normalized(this.n);
  }
  name(): string {
    return this.store.name(this.n);
  }
}

/** A client's info as a client list hands it over (view.clients()): its
 * details parsed only when read, its name compared in place (findClients). */
export function clientInfoOf(client: ClientSummary): ClientInfo {
  return client instanceof StoredClient ? client.asInfo() : client.info;
}

/** Lets a loaded summary recompute a client's info from the journal if its
 * stored details turn out unreadable (a damaged index is slower, never wrong). */
export function recoverInfoWith(summary: IndexSummary, recover: (n: number) => ClientInfo): void {
  const store = stores.get(summary.clients);
  if (store) store.recover = recover;
}
const stores = new WeakMap<ClientSummary[], StoredClients>();

/**
 * The summary file, or null when missing, unreadable or of another format.
 * Only the header, the names part and the columns are read (what `call`
 * needs); a client's details are parsed when read, loadDueParts fills in the rest.
 */
export function loadSummary(journal: string): IndexSummary | null {
  try {
    const bytes = readFileSync(indexPaths(journal).summary);
    const nl = bytes.indexOf(0x0a);
    type Header = Omit<IndexSummary, 'clients'> & { clientCount: number; namesBytes: number; infoBytes: number; dueBytes: number };
    const header = JSON.parse(bytes.toString('utf8', 0, nl)) as Header;
    if (header?.format !== INDEX_FORMAT || header.version !== INDEX_VERSION) return null;
    const { clientCount: count, namesBytes, infoBytes, dueBytes, ...fields } = header;
    let at = nl + 1;
    const part = (length: number) => bytes.subarray(at, (at += length));
    const names = part(namesBytes);
    const info = part(infoBytes);
    const due = part(dueBytes);
    // Copied: typed arrays need an aligned start (Buffer.readDoubleLE, cold, took ~10 ms for 8,000 clients).
    const columns = Buffer.from(bytes.subarray(at));
    if (columns.length !== count * COLUMN || !(count >= 0)) return null;
    const f64 = LITTLE_ENDIAN ? new Float64Array(columns.buffer, columns.byteOffset, count * 3) : null;
    const u32 = LITTLE_ENDIAN ? new Uint32Array(columns.buffer, columns.byteOffset, count * 6) : null;
    const firstTime = (n: number) => (f64 ? f64[n * 3]! : columns.readDoubleLE(n * COLUMN));
    const firstOffset = (n: number) => (f64 ? f64[n * 3 + 1]! : columns.readDoubleLE(n * COLUMN + 8));
    const head = (n: number) => (u32 ? u32[n * 6 + 4]! : columns.readUInt32LE(n * COLUMN + 16));
    const text = names.toString('utf8');
    const clients: StoredClient[] = new Array(count);
    const store = new StoredClients(text, info, columns, clients, count);
    let start = 0;
    for (let n = 0; n < count; n++) {
      const end = text.indexOf('\n', start);
      if (end < 0) return null;
      const tab = text.indexOf('\t', start);
      const named = tab >= 0 && tab < end;
      const nameTab = named ? text.indexOf('\t', tab + 1) : -1;
      if (named && !(nameTab >= 0 && nameTab < end)) return null;
      store.lineStart[n] = start;
      store.normStart[n] = named ? tab + 1 : -1;
      store.nameStart[n] = named ? nameTab + 1 : -1;
      clients[n] = new StoredClient(store, n, unescapeField(text.slice(start, named ? tab : end)), [firstTime(n), firstOffset(n)], head(n));
      start = end + 1;
    }
    if (start !== text.length) return null;
    store.lineStart[count] = start;
    sections.set(clients, { names, info, due, dueLoaded: false });
    stores.set(clients, store);
    return { ...fields, clients };
  } catch {
    return null;
  }
}

/** Parses the due part of a loaded summary into its clients (once), but those
 * in `fresher` (recomputed since); false when it is unreadable. */
export function loadDueParts(summary: IndexSummary, fresher?: ReadonlySet<number>): boolean {
  const read = sections.get(summary.clients);
  if (!read || read.dueLoaded) return true;
  try {
    const lines = JSON.parse(read.due.toString('utf8')) as DueLine[];
    if (!Array.isArray(lines) || lines.length !== summary.clients.length) return false;
    lines.forEach(([nextCall, last, openFlags], n) => {
      if (fresher?.has(n)) return;
      const c = summary.clients[n]!;
      c.nextCall = nextCall;
      c.last = last;
      c.openFlags = openFlags;
    });
    read.dueLoaded = true;
    return true;
  } catch {
    return false;
  }
}

export function loadFlags(journal: string, summary: Pick<IndexSummary, 'generation' | 'flagsPosCount'>): IndexFlags | null {
  try {
    const value = JSON.parse(readFileSync(indexPaths(journal).flags, 'utf8')) as IndexFlags;
    const ok = value && typeof value.owners === 'object' && typeof value.pending === 'object'
      && value.generation === summary.generation && value.posCount === summary.flagsPosCount;
    return ok ? value : null;
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

const COMMA_NEWLINE = Buffer.from(',\n');
const NEWLINE = Buffer.from('\n');
const OPEN = Buffer.from('[\n');
const CLOSE = Buffer.from(']\n');

/** The lines of an array written one element a line ('[', '…,' but the last, ']'), without their commas. */
function elementLines(array: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = array.indexOf(0x0a) + 1;
  for (let end = array.indexOf(0x0a, start); end > start; start = end + 1, end = array.indexOf(0x0a, start)) {
    if (array[start] === 0x5d /* ] */) break;
    lines.push(array.subarray(start, array[end - 1] === 0x2c /* , */ ? end - 1 : end));
  }
  return lines;
}

/** An array written one element a line; `starts` gets where each element's line starts. */
function arrayBytes(count: number, line: (n: number) => Buffer, starts?: Uint32Array): Buffer {
  const parts: Buffer[] = [OPEN];
  let at = OPEN.length;
  for (let n = 0; n < count; n++) {
    const bytes = line(n);
    if (starts) starts[n] = at;
    at += bytes.length + 2;
    parts.push(bytes, n < count - 1 ? COMMA_NEWLINE : NEWLINE);
  }
  parts.push(CLOSE);
  return Buffer.concat(parts);
}

/** The lines of a names part (one a client, each ending in '\n'), without their '\n'. */
function textLines(part: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  for (let start = 0, end = part.indexOf(0x0a); end >= 0; start = end + 1, end = part.indexOf(0x0a, start)) lines.push(part.subarray(start, end));
  return lines;
}

/**
 * Writes the summary. `changed`: the numbers of the clients changed since it
 * was loaded — the others are written back as the lines read (serialising
 * 8,000 clients was most of an index update, and their details and due part
 * may not even have been parsed); without it, all are serialised.
 */
export function saveSummary(journal: string, summary: IndexSummary, changed?: ReadonlySet<number>): void {
  const { clients, ...header } = summary;
  const read = sections.get(clients);
  if (!changed && read && !read.dueLoaded && !loadDueParts(summary)) throw new Error('the index summary could not be read back');
  const keep = (n: number) => Boolean(changed && read && !changed.has(n));
  const oldNames = changed && read ? textLines(read.names) : [];
  const oldInfo = changed && read ? elementLines(read.info) : [];
  const oldDue = changed && read ? elementLines(read.due) : [];
  const nameParts: Buffer[] = [];
  for (let n = 0; n < clients.length; n++) nameParts.push(keep(n) && oldNames[n] ? oldNames[n]! : Buffer.from(namesLine(clients[n]!.info)), NEWLINE);
  const names = Buffer.concat(nameParts);
  const infoStarts = new Uint32Array(clients.length);
  const info = arrayBytes(clients.length, (n) => (keep(n) && oldInfo[n] ? oldInfo[n]! : Buffer.from(JSON.stringify(clients[n]!.info))), infoStarts);
  const due = arrayBytes(clients.length, (n) => {
    if (keep(n)) {
      if (oldDue[n]) return oldDue[n]!;
      if (!read!.dueLoaded) throw new Error(`client ${n}'s due part was not read`);
    }
    return Buffer.from(JSON.stringify(dueLine(clients[n]!)));
  });
  const columns = Buffer.alloc(clients.length * COLUMN);
  clients.forEach((c, n) => {
    columns.writeDoubleLE(c.first[0], n * COLUMN);
    columns.writeDoubleLE(c.first[1], n * COLUMN + 8);
    columns.writeUInt32LE(c.head, n * COLUMN + 16);
    columns.writeUInt32LE(infoStarts[n]!, n * COLUMN + 20);
  });
  const head = Buffer.from(`${JSON.stringify({ ...header, clientCount: clients.length, namesBytes: names.length, infoBytes: info.length, dueBytes: due.length })}\n`);
  writeAtomic(indexPaths(journal).summary, Buffer.concat([head, names, info, due, columns]));
}

export function saveFlags(journal: string, flags: IndexFlags): void {
  writeAtomic(indexPaths(journal).flags, JSON.stringify(flags));
}

// ── the pos file ──────────────────────────────────────────────────────────

/** Pos records being collected in memory (indices relative to the first), in
 * typed arrays: a build collects a million. Read a field's array afresh after
 * a push (it is replaced when it grows). */
export class PosRecords {
  count = 0;
  offsets = new Float64Array(1024);
  lengths = new Uint32Array(1024);
  clients = new Uint32Array(1024);
  h1 = new Uint32Array(1024);
  h2 = new Uint32Array(1024);
  prev = new Uint32Array(1024);
  push(offset: number, length: number, client: number, hash: [number, number], prev: number): void {
    if (this.count === this.offsets.length) this.grow();
    const i = this.count++;
    this.offsets[i] = offset;
    this.lengths[i] = length;
    this.clients[i] = client;
    this.h1[i] = hash[0];
    this.h2[i] = hash[1];
    this.prev[i] = prev;
  }
  private grow(): void {
    const twice = <T extends Float64Array | Uint32Array>(array: T): T => {
      const next = new (array.constructor as new (n: number) => T)(array.length * 2);
      next.set(array);
      return next;
    };
    this.offsets = twice(this.offsets);
    this.lengths = twice(this.lengths);
    this.clients = twice(this.clients);
    this.h1 = twice(this.h1);
    this.h2 = twice(this.h2);
    this.prev = twice(this.prev);
  }
  indexOfOffset(offset: number): number {
    return this.offsets.subarray(0, this.count).indexOf(offset);
  }
  encode(): Buffer {
    const buffer = Buffer.alloc(this.count * POS_RECORD);
    for (let i = 0; i < this.count; i++) {
      const at = i * POS_RECORD;
      buffer.writeDoubleLE(this.offsets[i]!, at);
      buffer.writeUInt32LE(this.lengths[i]!, at + 8);
      buffer.writeUInt32LE(this.clients[i]!, at + 12);
      buffer.writeUInt32LE(this.h1[i]!, at + 16);
      buffer.writeUInt32LE(this.h2[i]!, at + 20);
      buffer.writeUInt32LE(this.prev[i]!, at + 24);
    }
    return buffer;
  }
}

/** One pos record read back. */
export interface PosRecord {
  offset: number;
  length: number;
  client: number;
  h1: number;
  h2: number;
  prev: number;
}

function decode(buffer: Buffer, at: number): PosRecord {
  return {
    offset: buffer.readDoubleLE(at), length: buffer.readUInt32LE(at + 8), client: buffer.readUInt32LE(at + 12),
    h1: buffer.readUInt32LE(at + 16), h2: buffer.readUInt32LE(at + 20), prev: buffer.readUInt32LE(at + 24),
  };
}

function posHeader(generation: number): Buffer {
  const header = Buffer.alloc(POS_RECORD);
  header.writeUInt32LE(POS_MAGIC, 0);
  header.writeUInt32LE(generation, 4);
  return header;
}

/**
 * Reads single pos records (a client's chain) without reading the file whole:
 * a client's 700 entries are 700 reads of 32 bytes. Null when the file is
 * missing, of another generation or shorter than `count` records.
 */
export class PosReader {
  private constructor(private readonly fd: number, readonly count: number) {}
  static open(journal: string, generation: number, count: number): PosReader | null {
    let fd: number | undefined;
    try {
      fd = openSync(indexPaths(journal).pos, 'r');
      const header = readRange(fd, 0, POS_RECORD);
      const ok = header.length === POS_RECORD && header.readUInt32LE(0) === POS_MAGIC && header.readUInt32LE(4) === generation
        && fstatSync(fd).size >= (count + 1) * POS_RECORD;
      if (ok) return new PosReader(fd, count);
    } catch {}
    if (fd !== undefined) closeSync(fd);
    return null;
  }
  private readonly one = Buffer.allocUnsafe(POS_RECORD);
  record(i: number): PosRecord | null {
    if (!(i >= 0 && i < this.count)) return null;
    return readSync(this.fd, this.one, 0, POS_RECORD, (i + 1) * POS_RECORD) === POS_RECORD ? decode(this.one, 0) : null;
  }
  /** Every record whose id hash is one of `keys` (hashKey): a scan of the whole file, for the rare appended id the filter may have seen. */
  withHashes(keys: ReadonlySet<number>): { index: number; record: PosRecord }[] {
    const found: { index: number; record: PosRecord }[] = [];
    const block = Buffer.allocUnsafe(POS_RECORD * 32768);
    for (let i = 0; i < this.count; ) {
      const n = Math.min(32768, this.count - i);
      const got = readSync(this.fd, block, 0, n * POS_RECORD, (i + 1) * POS_RECORD);
      if (got < n * POS_RECORD) break;
      for (let k = 0; k < n; k++) {
        const at = k * POS_RECORD;
        if (keys.has(hashKey(block.readUInt32LE(at + 16), block.readUInt32LE(at + 20)))) found.push({ index: i + k, record: decode(block, at) });
      }
      i += n;
    }
    return found;
  }
  close(): void {
    closeSync(this.fd);
  }
}

export function writePos(journal: string, generation: number, records: PosRecords): void {
  writeAtomic(indexPaths(journal).pos, Buffer.concat([posHeader(generation), records.encode()]));
}

/** Appends records after the first `validCount` (cutting off leftovers of an interrupted update). */
export function appendPos(journal: string, validCount: number, records: PosRecords): void {
  const file = indexPaths(journal).pos;
  const size = (validCount + 1) * POS_RECORD;
  if (statSync(file).size !== size) truncateSync(file, size);
  const fd = openSync(file, 'a', FILE_MODE);
  try {
    const buffer = records.encode();
    let done = 0;
    while (done < buffer.length) done += writeSync(fd, buffer, done, buffer.length - done);
  } finally {
    closeSync(fd);
  }
}

// ── the Bloom filter ──────────────────────────────────────────────────────

const BLOOM_HEADER = 8;
const PROBES = 4;

/** Bits for `count` keys: ~16 a key (a false "maybe" ~0.25%, ~2.4% once the journal doubled), a power of two. */
export function bloomBitsFor(count: number): number {
  let bits = 1 << 16;
  while (bits < count * 16 && bits < 2 ** 31) bits *= 2;
  return bits;
}

function probe(hash: readonly [number, number], i: number, bits: number): number {
  return (hash[0] + Math.imul(i, hash[1] | 1)) & (bits - 1);
}

export function bloomAdd(filter: Uint8Array, bits: number, hash: readonly [number, number]): void {
  for (let i = 0; i < PROBES; i++) {
    const bit = probe(hash, i, bits);
    filter[BLOOM_HEADER + (bit >>> 3)]! |= 1 << (bit & 7);
  }
}

export function newBloom(generation: number, bits: number): Uint8Array {
  const filter = new Uint8Array(BLOOM_HEADER + bits / 8);
  new DataView(filter.buffer).setUint32(0, generation, true);
  return filter;
}

/** The filter file whole (for adding keys), or null when missing or not this index's. */
export function loadBloom(journal: string, generation: number, bits: number): Uint8Array | null {
  try {
    const bytes = readFileSync(indexPaths(journal).bloom);
    return bytes.length === BLOOM_HEADER + bits / 8 && bytes.readUInt32LE(0) === generation ? bytes : null;
  } catch {
    return null;
  }
}

export function saveBloom(journal: string, filter: Uint8Array): void {
  writeAtomic(indexPaths(journal).bloom, filter);
}

/** Asks the filter file about a few keys, reading only the bytes probed: false
 * means certainly never added. All "maybe" when the file is not this index's. */
export function bloomMayHave(journal: string, generation: number, bits: number, hashes: readonly (readonly [number, number])[]): boolean[] {
  if (hashes.length === 0) return [];
  let fd: number | undefined;
  try {
    fd = openSync(indexPaths(journal).bloom, 'r');
    const header = readRange(fd, 0, BLOOM_HEADER);
    if (header.length !== BLOOM_HEADER || header.readUInt32LE(0) !== generation || fstatSync(fd).size !== BLOOM_HEADER + bits / 8) return hashes.map(() => true);
    const byte = Buffer.allocUnsafe(1);
    return hashes.map((hash) => {
      for (let i = 0; i < PROBES; i++) {
        const bit = probe(hash, i, bits);
        if (readSync(fd!, byte, 0, 1, BLOOM_HEADER + (bit >>> 3)) !== 1) return true;
        if ((byte[0]! & (1 << (bit & 7))) === 0) return false;
      }
      return true;
    });
  } catch {
    return hashes.map(() => true);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
