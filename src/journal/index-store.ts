// The derived index's files, beside the journal. They are a cache: never a
// source of truth, rebuilt whenever they are missing, unreadable or stale.
//
//   <journal>.index.json   a header line (the journal's identity, counts, the
//                          damage seen); the clients' ids, a line each; their
//                          names (normalised, tab, as written), a line each;
//                          32 bytes a client (first seen, latest pos record,
//                          where its details and name lines start, and the
//                          fold order); then two JSON arrays, one client a
//                          line: their latest info, and what `due` needs (next
//                          call, last call's byte range, open flags). `call`
//                          reads the first four parts only (on a big journal,
//                          the last two are read when first asked for). A
//                          write re-serialises only the clients it touched
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
import { fnv1a } from '../hash.js';

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
  /** The TAIL_BYTES before `size`, base64: compared whole (a native compare;
   * hashing them in JS took 1–2 ms of cold code on every command). */
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
  const tail = readRange(fd, from, size - from).toString('base64');
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

/** Per client, binary after the text parts: when first seen (time, offset), its
 * chain's head, where its line of the info part starts, and where its line
 * of the names part starts; and (not the client's own) the number of the
 * client at this place in fold order. */
const COLUMN = 32;
const NO_FLAGS: ClientSummary['openFlags'] = Object.freeze([]) as unknown as ClientSummary['openFlags'];
const NO_RANGE = Object.freeze([0, 0]) as unknown as [number, number];
const dueLine = (c: ClientSummary): DueLine => [c.nextCall, c.last, c.openFlags];
/** Past this many clients' details asked for one by one, the info part is parsed whole. */
const SINGLE_INFOS = 64;

/** The info and due parts: read when first asked for. */
interface LaterParts {
  info: Buffer;
  due: Buffer;
}

/** A summary's parts as read (their bytes): for writing untouched clients back
 * as they were, and for reading the info and due parts only when asked. */
interface Sections {
  ids: Buffer;
  names: Buffer;
  /** Null when the file no longer holds this summary (replaced since). */
  later: () => LaterParts | null;
  dueLoaded: boolean;
}
const sections = new WeakMap<ClientSummary[], Sections>();
/** A summary this small is read whole at once (`due` on a small journal: no second read). */
const READ_WHOLE = 256 * 1024;

// The ids part has a client's id a line; the names part its normalised name,
// a tab and its name (an empty line for a name that is not a string, which
// no journal written by followup has). Tabs, newlines and backslashes in ids
// and names are escaped; normalised names have none (normalizeName makes
// them spaces), so `\n<normalised>\t` finds a name without decoding any.
const escapeField = (text: string) => (/[\\\t\n]/.test(text) ? text.replace(/[\\\t\n]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : '\\n')) : text);
const unescapeField = (text: string) => (text.includes('\\') ? text.replace(/\\(.)/g, (_, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c)) : text);
const namesLine = (info: ClientInfo) => (typeof info.name === 'string' ? `${normalizeName(info.name)}\t${escapeField(info.name)}` : '');
const byFirst = (a: ClientSummary, b: ClientSummary) => a.first[0] - b.first[0] || a.first[1] - b.first[1];

/**
 * The clients of a loaded summary: ids from the ids part; names compared in
 * the names part's bytes; details, due parts and first calls read when asked
 * for. A `call` on 8,000 clients reads one client's details (the one matched),
 * not 8,000: their allocation, and the collections it caused, were most of
 * what a big journal added to an append.
 */
class StoredClients {
  private singles = 0;
  private all = false;
  private exactQuery: string | undefined;
  private exactFound = new Set<number>();
  /** Recomputes a client's info from the journal when its stored line is unreadable. */
  recover: ((n: number) => ClientInfo) | null = null;
  /** Clients stored (the list grows when an update meets new ones). */
  readonly count: number;
  constructor(
    readonly list: StoredClient[],
    private readonly names: Buffer,
    private readonly later: () => LaterParts | null,
    private readonly columns: Buffer,
    private readonly f64: Float64Array | null,
    private readonly u32: Uint32Array | null,
  ) {
    this.count = list.length;
  }
  private column(n: number, at: number): number {
    return this.u32 ? this.u32[n * 8 + at / 4]! : this.columns.readUInt32LE(n * COLUMN + at);
  }
  firstTime(n: number): number {
    return this.f64 ? this.f64[n * 4]! : this.columns.readDoubleLE(n * COLUMN);
  }
  firstOffset(n: number): number {
    return this.f64 ? this.f64[n * 4 + 1]! : this.columns.readDoubleLE(n * COLUMN + 8);
  }
  head(n: number): number {
    return this.column(n, 16);
  }
  /** The stored clients in fold order (the column at 24 holds the number of the
   * client at each place); null when that is not a permutation (a damaged summary). */
  order(): ClientSummary[] | null {
    const order: ClientSummary[] = new Array(this.count);
    const seen = new Uint8Array(this.count);
    const u32 = this.u32;
    for (let place = 0; place < this.count; place++) {
      const n = u32 ? u32[place * 8 + 6]! : this.column(place, 24);
      if (!(n < this.count) || seen[n]) return null;
      seen[n] = 1;
      order[place] = this.list[n]!;
    }
    return order;
  }
  /** Where a client's names line starts and ends (before its '\n'); numbers, not a
   * pair: destructuring runs the iterator protocol in cold code (~4 ms for 8,000). */
  private lineStart(n: number): number {
    return this.column(n, 28);
  }
  private lineEnd(n: number): number {
    return n + 1 < this.count ? this.column(n + 1, 28) - 1 : this.names.length - 1;
  }
  /** Are the names lines where the columns say (checked once, at load)? */
  namesLinesValid(): boolean {
    let previous = -1;
    const u32 = this.u32;
    for (let n = 0; n < this.count; n++) {
      const start = u32 ? u32[n * 8 + 7]! : this.column(n, 28);
      if (start <= previous || start >= this.names.length) return false;
      previous = start;
    }
    return this.count === 0 || (this.column(0, 28) === 0 && this.names[this.names.length - 1] === 0x0a);
  }
  /** Where a client's name starts in its line (after the tab), checked where it is
   * read (namesLinesValid checks only the lines' order); -1 when not as written. */
  private nameAt(n: number): number {
    const start = this.lineStart(n);
    const end = this.lineEnd(n);
    const tab = start === 0 || this.names[start - 1] === 0x0a ? this.names.indexOf(0x09, start) : -1;
    return tab >= start && tab < end ? tab + 1 : -1;
  }
  /** A names line is empty only for a name that is not a string (a named one has its tab). */
  hasName(n: number): boolean {
    return this.lineEnd(n) > this.lineStart(n);
  }
  normalized(n: number): string {
    const at = this.nameAt(n);
    return at < 0 ? normalizeName(this.list[n]!.info.name) : this.names.toString('utf8', this.lineStart(n), at - 1);
  }
  name(n: number): string {
    const at = this.nameAt(n);
    return at < 0 ? this.list[n]!.info.name : unescapeField(this.names.toString('utf8', at, this.lineEnd(n)));
  }
  /** The clients whose normalised name is `text`: one search of the names part's bytes. */
  exact(text: string): ReadonlySet<number> {
    if (text === this.exactQuery) return this.exactFound;
    const found = new Set<number>();
    if (!/[\t\n]/.test(text)) {
      const needle = Buffer.from(`${text}\t`);
      for (let at = this.names.indexOf(needle); at >= 0; at = this.names.indexOf(needle, at + 1)) {
        if (at > 0 && this.names[at - 1] !== 0x0a) continue;
        // The client whose line starts there (lines are in client order).
        let low = 0;
        let high = this.count - 1;
        while (low < high) {
          const mid = (low + high + 1) >>> 1;
          if (this.column(mid, 28) <= at) low = mid;
          else high = mid - 1;
        }
        if (this.column(low, 28) === at) found.add(low);
      }
    }
    // Checked against the matches' details (parsed for the call anyway): a names
    // part at odds with them is not believed.
    for (const n of found) if (normalizeName(this.list[n]!.info.name) !== text) found.delete(n);
    this.exactQuery = text;
    this.exactFound = found;
    return found;
  }
  infoOf(n: number): ClientInfo {
    if (!this.all && ++this.singles > SINGLE_INFOS) this.parseAll();
    const client = this.list[n]!;
    const part = this.later()?.info;
    const start = this.column(n, 20);
    let end = part ? part.indexOf(0x0a, start) : -1;
    if (end > start && part![end - 1] === 0x2c /* , */) end--;
    try {
      const info = end > start ? (JSON.parse(part!.toString('utf8', start, end)) as ClientInfo) : undefined;
      if (info?.id === client.id) return info;
    } catch {}
    if (this.recover) return this.recover(n);
    throw new Error(`the index's details of client ${client.id} are unreadable`);
  }
  /** Many clients' details (due): one parse of the info part instead of a parse a client. */
  parseAll(): void {
    if (this.all) return;
    this.all = true;
    let infos: ClientInfo[];
    try {
      infos = JSON.parse(this.later()!.info.toString('utf8')) as ClientInfo[];
    } catch {
      return;
    }
    if (!Array.isArray(infos) || infos.length !== this.count) return;
    for (let n = 0; n < this.count; n++) if (infos[n]?.id === this.list[n]!.id) this.list[n]!.offerInfo(infos[n]!);
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

// Fields assigned in the constructor, none declared with an initialiser: V8
// defines declared class fields one by one (and # fields through private
// symbols), which cost ~6 ms for 8,000 clients; assignments don't.
class StoredClient implements ClientSummary, IndexedName {
  declare nextCall: NextCall | null;
  declare last: [offset: number, length: number];
  declare openFlags: ClientSummary['openFlags'];
  declare head: number;
  declare readonly id: string;
  declare readonly n: number;
  declare private readonly store: StoredClients;
  declare private loadedInfo: ClientInfo | undefined;
  declare private loadedFirst: [time: number, offset: number] | undefined;
  /** The info was set since the summary was read (the names part no longer says it). */
  declare private changed: boolean;
  constructor(store: StoredClients, n: number, id: string, head: number) {
    this.store = store;
    this.n = n;
    this.id = id;
    this.head = head;
    this.nextCall = null;
    this.last = NO_RANGE;
    this.openFlags = NO_FLAGS;
    this.loadedInfo = undefined;
    this.loadedFirst = undefined;
    this.changed = false;
  }
  get info(): ClientInfo {
    return (this.loadedInfo ??= this.store.infoOf(this.n));
  }
  set info(info: ClientInfo) {
    this.loadedInfo = info;
    this.changed = true;
  }
  get first(): [time: number, offset: number] {
    return (this.loadedFirst ??= [this.store.firstTime(this.n), this.store.firstOffset(this.n)]);
  }
  set first(first: [time: number, offset: number]) {
    this.loadedFirst = first;
  }
  offerInfo(info: ClientInfo): void {
    this.loadedInfo ??= info;
  }
  /** The info as a client list gives it: read when a field other than the id is. */
  asInfo(): ClientInfo {
    return this.loadedInfo ?? (new Proxy(this, INFO_HANDLER) as unknown as ClientInfo);
  }
  indexedName(): IndexedName | undefined {
    return this.changed || !this.store.hasName(this.n) ? undefined : this;
  }
  normalizedIs(text: string): boolean {
    return this.store.exact(text).has(this.n);
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

const stores = new WeakMap<ClientSummary[], StoredClients>();

/** About to read the details of many of a loaded summary's clients (`due`): one
 * parse of them all rather than one a client. */
export function readAllInfos(summary: IndexSummary): void {
  stores.get(summary.clients)?.parseAll();
}

/** Lets a loaded summary recompute a client's info from the journal if its
 * stored details turn out unreadable (a damaged index is slower, never wrong). */
export function recoverInfoWith(summary: IndexSummary, recover: (n: number) => ClientInfo): void {
  const store = stores.get(summary.clients);
  if (store) store.recover = recover;
}

/**
 * The clients in the order a full fold meets them (by first call: time, then
 * byte offset). A loaded summary has that order stored: only `changed`
 * clients (recomputed since, or new) are taken out and put back in by their
 * first call, found by bisection.
 */
export function inFoldOrder(clients: ClientSummary[], changed: ReadonlySet<number>): ClientSummary[] {
  const store = stores.get(clients);
  const order = store?.order();
  if (!store || !order) return [...clients].sort(byFirst);
  const moved: ClientSummary[] = [];
  for (const n of changed) {
    if (n >= store.count) continue;
    order.splice(order.indexOf(clients[n] as StoredClient), 1);
    moved.push(clients[n]!);
  }
  for (let n = store.count; n < clients.length; n++) moved.push(clients[n]!);
  for (const client of moved.sort(byFirst)) {
    let low = 0;
    let high = order.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (byFirst(order[mid]!, client) < 0) low = mid + 1;
      else high = mid;
    }
    order.splice(low, 0, client);
  }
  return order;
}

/**
 * The summary file, or null when missing, unreadable or of another format.
 * Only the header, the ids part and the columns are read (what `call`
 * needs); names are searched in their bytes, a client's details parsed when
 * read, and loadDueParts fills in the rest.
 */
export function loadSummary(journal: string): IndexSummary | null {
  const file = indexPaths(journal).summary;
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    let first = readRange(fd, 0, Math.min(size, size <= READ_WHOLE ? size : 64 * 1024));
    let nl = first.indexOf(0x0a);
    if (nl < 0 && first.length < size) {
      first = readRange(fd, 0, size); // a long header (much damage recorded)
      nl = first.indexOf(0x0a);
    }
    type Header = Omit<IndexSummary, 'clients'> & { clientCount: number; idsBytes: number; namesBytes: number; infoBytes: number; dueBytes: number };
    const headerBytes = Buffer.from(first.subarray(0, nl + 1));
    const header = JSON.parse(headerBytes.toString('utf8')) as Header;
    if (header?.format !== INDEX_FORMAT || header.version !== INDEX_VERSION) return null;
    const { clientCount: count, idsBytes, namesBytes, infoBytes, dueBytes, ...fields } = header;
    // Header, ids, names and columns first: what `call` reads; the info and due parts after them.
    const laterAt = nl + 1 + idsBytes + namesBytes + count * COLUMN;
    if (!(count >= 0) || size !== laterAt + infoBytes + dueBytes) return null;
    const bytes = first.length >= laterAt ? first : readRange(fd, 0, laterAt);
    let at = nl + 1;
    const part = (length: number) => bytes.subarray(at, (at += length));
    const ids = part(idsBytes);
    const names = part(namesBytes);
    // Copied: typed arrays need an aligned start (Buffer.readDoubleLE, cold, took ~10 ms for 8,000 clients).
    const columns = Buffer.from(part(count * COLUMN));
    const split = (rest: Buffer): LaterParts => ({ info: rest.subarray(0, infoBytes), due: rest.subarray(infoBytes, infoBytes + dueBytes) });
    let later: LaterParts | null | undefined = first.length === size ? split(first.subarray(laterAt)) : undefined;
    // Read later from the same file: if it was replaced meanwhile (its header differs), not this summary's.
    const readLater = () => (later !== undefined ? later : (later = readLaterParts(file, headerBytes, laterAt, size, split)));
    const f64 = LITTLE_ENDIAN ? new Float64Array(columns.buffer, columns.byteOffset, count * 4) : null;
    const u32 = LITTLE_ENDIAN ? new Uint32Array(columns.buffer, columns.byteOffset, count * 8) : null;
    const clients: StoredClient[] = new Array(count);
    const store = new StoredClients(clients, names, readLater, columns, f64, u32);
    const text = ids.toString('utf8');
    let start = 0;
    for (let n = 0; n < count; n++) {
      const end = text.indexOf('\n', start);
      if (end < 0) return null;
      clients[n] = new StoredClient(store, n, unescapeField(text.slice(start, end)), u32 ? u32[n * 8 + 4]! : store.head(n));
      start = end + 1;
    }
    if (start !== text.length || !store.namesLinesValid()) return null;
    sections.set(clients, { ids, names, later: readLater, dueLoaded: false });
    stores.set(clients, store);
    return { ...fields, clients };
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function readLaterParts(file: string, header: Buffer, from: number, size: number, split: (rest: Buffer) => LaterParts): LaterParts | null {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    if (fstatSync(fd).size !== size || !readRange(fd, 0, header.length).equals(header)) return null;
    return split(readRange(fd, from, size - from));
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Parses the due part of a loaded summary into its clients (once), but those
 * in `fresher` (recomputed since); false when it is unreadable. */
export function loadDueParts(summary: IndexSummary, fresher?: ReadonlySet<number>): boolean {
  const read = sections.get(summary.clients);
  if (!read || read.dueLoaded) return true;
  try {
    const due = read.later()?.due;
    if (!due) return false;
    const lines = JSON.parse(due.toString('utf8')) as DueLine[];
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

/** The lines of a text part (each ending in '\n'), without their '\n'. */
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
  const later = changed && read ? read.later() : null;
  if (changed && read && !later) throw new Error('the index summary was replaced while in use');
  const oldIds = changed && read ? textLines(read.ids) : [];
  const oldNames = changed && read ? textLines(read.names) : [];
  const oldInfo = later ? elementLines(later.info) : [];
  const oldDue = later ? elementLines(later.due) : [];
  const idParts: Buffer[] = [];
  const nameParts: Buffer[] = [];
  const namesStarts = new Uint32Array(clients.length);
  let namesAt = 0;
  for (let n = 0; n < clients.length; n++) {
    const kept = keep(n) && oldIds[n] && oldNames[n];
    const line = kept ? oldNames[n]! : Buffer.from(namesLine(clients[n]!.info));
    idParts.push(kept ? oldIds[n]! : Buffer.from(escapeField(clients[n]!.id)), NEWLINE);
    nameParts.push(line, NEWLINE);
    namesStarts[n] = namesAt;
    namesAt += line.length + 1;
  }
  const ids = Buffer.concat(idParts);
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
  const numbers = new Map(clients.map((c, n) => [c, n]));
  const order = inFoldOrder(clients, changed ?? new Set()).map((c) => numbers.get(c)!);
  const columns = Buffer.alloc(clients.length * COLUMN);
  clients.forEach((c, n) => {
    columns.writeDoubleLE(c.first[0], n * COLUMN);
    columns.writeDoubleLE(c.first[1], n * COLUMN + 8);
    columns.writeUInt32LE(c.head, n * COLUMN + 16);
    columns.writeUInt32LE(infoStarts[n]!, n * COLUMN + 20);
    columns.writeUInt32LE(order[n]!, n * COLUMN + 24);
    columns.writeUInt32LE(namesStarts[n]!, n * COLUMN + 28);
  });
  const head = Buffer.from(
    `${JSON.stringify({ ...header, clientCount: clients.length, idsBytes: ids.length, namesBytes: names.length, infoBytes: info.length, dueBytes: due.length })}\n`,
  );
  writeAtomic(indexPaths(journal).summary, Buffer.concat([head, ids, names, columns, info, due]));
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
