// A derived index beside the journal, so that `due`, `history` and `call`
// answer in a blink on a journal of a million calls. The journal stays the
// only source of truth: the index is a cache keyed to the journal's identity
// (device, inode, size, mtime and the last bytes indexed) and is
//   - used as is when the journal has not changed,
//   - brought up to date from the last indexed byte when the journal only
//     grew: a few appended entries (a call or two since the index was
//     written) are folded in memory by each reader and the index files are
//     left alone; past TAIL_KEEP entries the update is written,
//   - rebuilt when it is missing, unreadable, or the journal was rewritten
//     (`journal check --repair`), truncated or replaced.
// Each client's state is computed by D's own foldState over that client's
// entries (its calls, and entries that change its flags), so the answers are
// by construction those of a full read; test/perf and test/journal prove it
// on generated journals, stale, damaged and half-written indexes included.
//
// With several journals (--journal repeated), or where an index can't answer
// exactly (a flag id raised by two clients, a last line without its '\n'),
// this reads the journals in full, as the commands did before.
import { closeSync, fstatSync, openSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { clientHistory, dayDiff, dueCalls, foldState, type ClientState, type DueItem, type DueOptions, type JournalState } from './queries.js';
import { parseLine, readJournals, type Damage, type JournalItem, type ReadOptions } from './read.js';
import { Fingerprints } from './fingerprints.js';
import { privacyWarning, type JournalWarning } from './privacy.js';
import type { CallEntry, ClientInfo, FlagUpdateEntry, JournalEntry } from './types.js';
import {
  appendPos, bloomAdd, bloomBitsFor, bloomMayHave, clientInfoOf, flagHash, freshness, hashKey, identityOf, idHash, indexPaths, INDEX_FORMAT, INDEX_VERSION,
  inFoldOrder, loadBloom, loadDueParts, loadFlags, loadSummary, newBloom, newGeneration, NO_CLIENT, NO_RECORD, PosReader, PosRecords, readRange,
  readAllInfos, recoverInfoWith, saveBloom, saveFlags, saveSummary, writePos,
  type ClientSummary, type IndexFlags, type IndexSummary, type StoredDamage,
} from './index-store.js';

/** Where a first index build is (it reads a million-call journal twice: ~20 s). */
export interface IndexProgress {
  phase: 'scan' | 'fold';
  /** Bytes read (scan) or clients folded (fold), of `total`. */
  done: number;
  total: number;
}

export interface JournalViewOptions extends ReadOptions {
  /** Answer without writing or updating the index files. */
  readOnly?: boolean;
  /** Called while the index is being built (not for a few appended entries). */
  onIndexProgress?: (progress: IndexProgress) => void;
}

/** What `due`, `history` and client lookups need from the journal(s). */
export interface JournalView {
  /** How the answers are obtained. */
  source: 'index' | 'index-updated' | 'index-built' | 'full-read';
  /** index-updated: entries appended since the index was written, folded in
   * memory and not written (they are, once there are more than TAIL_KEEP). */
  unwrittenEntries?: number;
  /** Why the journal was read in full instead of through the index. */
  fallbackReason?: string;
  /** The index could not be written (the answers are still exact). */
  indexError?: string;
  damage: Damage[];
  warnings: JournalWarning[];
  duplicates: number;
  /** Every client's latest info, in the order a full fold meets them. From the
   * index, each one's details are parsed when read (see clientInfoOf). */
  clients(): ClientInfo[];
  /** = dueCalls(foldState(all entries), options). */
  due(options: DueOptions): Promise<DueItem[]>;
  /** = clientHistory(foldState(all entries), clientId). */
  history(clientId: string): Promise<ClientState | undefined>;
}

/** A JournalState holding only these clients: for code that takes a state but
 * looks up one client (e.g. the call's history), fed from view.history(). */
export function stateOfClients(clients: (ClientState | undefined)[]): JournalState {
  const state: JournalState = { clients: new Map(), flags: new Map(), orphanFlagUpdates: [] };
  for (const client of clients) {
    if (!client) continue;
    state.clients.set(client.id, client);
    for (const flag of client.flags) state.flags.set(flag.id, flag);
  }
  return state;
}

/** The index no longer matches the journal mid-query: answer from a full read. */
class IndexMismatch extends Error {}
/** An update needs an index file that is missing or not this index's: rebuild. */
class NeedsRebuild extends Error {}

/**
 * Opens the journal(s) for `due`/`history`: through the derived index for one
 * journal, with a full read for several. Errors reading the journal are D's
 * (JournalIoError); problems with the index itself only ever cost speed.
 */
export async function openJournalView(files: string[], options: JournalViewOptions = {}): Promise<JournalView> {
  if (files.length !== 1) return fullReadView(files, options, files.length > 1 ? 'several journals are merged' : undefined);
  const file = files[0]!;
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return fullReadView(files, options); // missing (reads as empty) or unreadable: D's reader says which
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return fullReadView(files, options);
    let opened: Opened;
    try {
      opened = openIndex(fd, file, options);
    } catch (error) {
      // The index could not be built or read (e.g. the journal changed while
      // being indexed): a full read answers, and says what is wrong if anything.
      return fullReadView(files, options, `index unusable: ${(error as Error).message}`);
    }
    if (opened.fallback) return fullReadView(files, options, opened.fallback, opened.indexError);
    return indexView(file, opened, privacyWarning(file, stats), options);
  } finally {
    closeSync(fd);
  }
}

async function fullReadView(files: string[], options: ReadOptions, reason?: string, indexError?: string): Promise<JournalView> {
  const read = await readJournals(files, options);
  return stateView(foldState(read.entries), {
    source: 'full-read',
    ...(reason ? { fallbackReason: reason } : {}),
    ...(indexError ? { indexError } : {}),
    damage: read.damage,
    warnings: read.warnings,
    duplicates: read.duplicates,
  });
}

function stateView(state: JournalState, base: Omit<JournalView, 'clients' | 'due' | 'history'>): JournalView {
  return {
    ...base,
    clients: () => [...state.clients.values()].map((c) => c.info),
    due: async (o) => dueCalls(state, o),
    history: async (id) => clientHistory(state, id),
  };
}

// ── opening: fresh, grown or stale ────────────────────────────────────────

interface Opened {
  summary: IndexSummary;
  /** The index's state after folding what was appended: its pos records and chains. */
  work: Work;
  source: JournalView['source'];
  unwrittenEntries?: number;
  fallback?: string;
  indexError?: string;
}

/** Growth indexed incrementally; past it the index is rebuilt (the update holds new entries in memory). */
const MAX_UPDATE_BYTES = 256 * 1024 * 1024;
/** Appended entries folded in memory by each reader before an update is written
 * (writing it rewrites the 3 MB summary: most of an append's cost on a 1M journal). */
export const TAIL_KEEP = 16;
const TAIL_KEEP_BYTES = 256 * 1024;

function openIndex(fd: number, file: string, options: JournalViewOptions): Opened {
  const stats = fstatSync(fd);
  const saved = loadSummary(file);
  const state = saved ? freshness(saved.journal, fd, stats) : 'stale';
  const rebuild = (): Opened => {
    const built = build(fd, file, stats.size, options);
    const indexError = persist(file, options, () => saveBuilt(file, built));
    return finish({ summary: built.summary, work: built.work, source: 'index-built', ...(indexError ? { indexError } : {}) }, stats.size);
  };
  if (!saved || state === 'stale') return rebuild();
  if (state === 'fresh' || saved.unsupported) return finish({ summary: saved, work: workOf(saved, true), source: 'index' }, stats.size);
  if (stats.size - saved.journal.size > MAX_UPDATE_BYTES) return rebuild();
  let update: Update;
  try {
    update = updateIndex(fd, file, stats.size, saved, options);
  } catch (error) {
    if (error instanceof NeedsRebuild) return rebuild();
    throw error;
  }
  if (!update.write || options.readOnly) {
    return finish({ summary: update.summary, work: update.work, source: 'index-updated', unwrittenEntries: update.entries }, stats.size);
  }
  const indexError = persist(file, options, () => saveUpdate(file, saved, update));
  return finish({ summary: update.summary, work: update.work, source: 'index-updated', ...(indexError ? { indexError } : {}) }, stats.size);
}

function finish(opened: Opened, size: number): Opened {
  const fallback = opened.summary.unsupported ?? (size > opened.summary.journal.size ? 'the journal ends in a line without its newline (a write cut short)' : undefined);
  return fallback ? { ...opened, fallback } : opened;
}

/** Writes the index under a lock file; a busy or read-only folder only costs speed. */
function persist(file: string, options: JournalViewOptions, write: () => void): string | undefined {
  if (options.readOnly) return undefined;
  const lock = `${indexPaths(file).summary}.lock`;
  try {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      // Another process is writing the index; a lock left by a crash expires.
      if (Date.now() - statSync(lock).mtimeMs < 60_000) return undefined;
      rmSync(lock, { force: true });
      writeFileSync(lock, String(process.pid), { flag: 'wx', mode: 0o600 });
      void error;
    }
    try {
      write();
    } finally {
      rmSync(lock, { force: true });
    }
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

// ── scanning the journal ──────────────────────────────────────────────────

const CHUNK = 1 << 20;

/**
 * Calls `visit` for every complete line ('\n'-terminated) from byte `from`,
 * with its byte range, number and parse (D's parseLine: the same entries and
 * damage as a full read). Returns the offset after the last '\n'.
 */
function scanLines(
  fd: number, file: string, from: number, to: number, firstLine: number, options: JournalViewOptions,
  visit: (offset: number, length: number, item: JournalItem | null) => void,
): { end: number; lines: number } {
  const chunk = Buffer.allocUnsafe(CHUNK);
  let carry: Buffer | null = null;
  let carryOffset = from;
  let position = from;
  let line = firstLine;
  let end = from;
  while (position < to) {
    const n = readSync(fd, chunk, 0, Math.min(CHUNK, to - position), position);
    if (n === 0) break;
    const data: Buffer = carry ? Buffer.concat([carry, chunk.subarray(0, n)]) : chunk.subarray(0, n);
    const base = carry ? carryOffset : position;
    position += n;
    let start = 0;
    let nl: number;
    while ((nl = data.indexOf(0x0a, start)) !== -1) {
      line++;
      visit(base + start, nl - start, parseLine(data, start, nl, file, line, false));
      start = nl + 1;
      end = base + start;
    }
    carry = start < data.length ? Buffer.from(data.subarray(start)) : null;
    carryOffset = base + start;
    options.onProgress?.({ file, bytesRead: position, totalBytes: to });
    options.onIndexProgress?.({ phase: 'scan', done: position, total: to });
  }
  return { end, lines: line };
}

// ── building and updating ─────────────────────────────────────────────────

/** The index being built or brought up to date. Record numbers are global:
 * those below `base` are in the pos file, the others in `records`. */
interface Work {
  clients: ClientSummary[];
  /** Client id → number; made on the first lookups past a few (`call` looks up one or two clients of 8,000). */
  numbers: Map<string, number> | null;
  /** The clients looked up so far (a few appended calls of one client look it up once). */
  recent: Map<string, number>;
  lookups: number;
  records: PosRecords;
  base: number;
  /** By client number: its latest record (NO_RECORD: none). */
  heads: number[];
  touched: Set<number>;
  /** Entry-id fingerprint → offset of the first entry with it. */
  seen: Fingerprints;
  /** A few touched clients' entries as read when they were recomputed (offset,
   * length, id hash, bytes): `call` then asks for the same client's history. */
  lines: Map<number, [offset: number, length: number, h1: number, h2: number, bytes: Buffer | null][]>;
  keepLines: boolean;
  /** Lengths of entries in `seen` that are not in `records` (found in the pos file). */
  lengths: Map<number, number>;
  owners: Map<string, number>;
  pending: Map<string, [number, number][]>;
  /** Update only: is this flag possibly known to the flags file (then it is read)? */
  flagMaybeKnown: ((flag: string) => boolean) | null;
  readFlags: (() => void) | null;
  /** Flags that entered `owners` or `pending` here (for the filter). */
  newFlags: string[];
  /** An update's new entries (for the filter); null in a build, which adds all its records. */
  newIds: [number, number][] | null;
  duplicates: number;
  damage: StoredDamage[];
  unsupported: string | null;
  flagsChanged: boolean;
  generation: number;
  file: string;
}

function workOf(summary: IndexSummary, complete: boolean): Work {
  return {
    clients: summary.clients, numbers: null, recent: new Map(), lines: new Map(), keepLines: false, lookups: 0, records: new PosRecords(), base: summary.posCount,
    heads: summary.clients.map((c) => c.head), touched: new Set(), seen: new Fingerprints(), lengths: new Map(), owners: new Map(), pending: new Map(),
    flagMaybeKnown: complete ? null : () => true, readFlags: null, newFlags: [], newIds: [],
    duplicates: summary.duplicates, damage: summary.damage, unsupported: summary.unsupported, flagsChanged: false,
    generation: summary.generation, file: '',
  };
}

function storeDamage(damage: Damage): StoredDamage {
  const { file: _file, ...rest } = damage;
  return rest;
}

function clientNumber(work: Work, id: string, firstSeen: number): number {
  let n = numberOf(work, id);
  if (n === undefined) {
    n = work.clients.length;
    work.numbers?.set(id, n);
    work.recent.set(id, n);
    work.heads.push(NO_RECORD);
    work.clients.push({ id, info: { id, name: id }, nextCall: null, last: [0, 0], first: [0, firstSeen], head: NO_RECORD, openFlags: [] });
  }
  return n;
}

function numberOf(work: Work, id: string): number | undefined {
  const recent = work.recent.get(id);
  if (recent !== undefined) return recent;
  if (!work.numbers && ++work.lookups > 8) work.numbers = new Map(work.clients.map((c, n) => [c.id, n]));
  if (work.numbers) return work.numbers.get(id);
  const n = work.clients.findIndex((c) => c.id === id);
  if (n >= 0) work.recent.set(id, n);
  return n < 0 ? undefined : n;
}

/** The id of the entry at `offset`, to tell a duplicate from a fingerprint collision. */
function idAt(fd: number, file: string, offset: number, length: number): string | undefined {
  return parseLine(readRange(fd, offset, length), 0, length, file, offset === 0 ? 1 : 2, false)?.entry?.id;
}

function lengthOf(work: Work, offset: number): number | undefined {
  const known = work.lengths.get(offset);
  if (known !== undefined) return known;
  const i = work.records.indexOfOffset(offset);
  return i >= 0 ? work.records.lengths[i] : undefined;
}

/** A flag's owner and early changes; an update reads the flags file only for a flag the filter may know. */
function flagEntry(work: Work, flag: string): { owner: number | undefined; pending: [number, number][] | undefined } {
  if (work.readFlags && work.flagMaybeKnown?.(flag)) {
    work.readFlags();
    work.readFlags = null;
  }
  return { owner: work.owners.get(flag), pending: work.pending.get(flag) };
}

/** Files one entry under the client(s) whose state it changes. */
function fileEntry(work: Work, fd: number, file: string, offset: number, length: number, entry: JournalEntry): void {
  const hash = idHash(entry.id);
  const earlier = work.seen.get(hash[0], hash[1]);
  if (earlier !== undefined && earlier !== offset) {
    // The same fingerprint: a duplicate (the first copy counts) or, rarely, another id.
    const earlierLength = lengthOf(work, earlier);
    const earlierId = earlierLength !== undefined ? idAt(fd, file, earlier, earlierLength) : undefined;
    if (earlierId === undefined || earlierId === entry.id) {
      work.duplicates++;
      return;
    }
  } else work.seen.set(hash[0], hash[1], offset);
  work.newIds?.push(hash);

  const record = (client: number, at = offset, size = length, h = hash) => {
    const prev = client === NO_CLIENT ? NO_RECORD : work.heads[client]!;
    work.records.push(at, size, client, h, prev);
    if (client === NO_CLIENT) return;
    work.heads[client] = work.base + work.records.count - 1;
    work.touched.add(client);
  };
  const changes = (flag: string, self: number | null) => {
    const { owner, pending } = flagEntry(work, flag);
    if (owner === undefined) {
      if (!pending) work.newFlags.push(flag);
      work.pending.set(flag, [...(pending ?? []), [offset, length]]);
      work.flagsChanged = true;
      if (self === null) record(NO_CLIENT);
    } else if (owner !== self) record(owner);
  };
  if (entry.type === 'call') {
    const call = entry as CallEntry;
    const self = clientNumber(work, call.client.id, offset);
    record(self);
    for (const flag of call.flags ?? []) {
      const { owner, pending } = flagEntry(work, flag.id);
      if (owner !== undefined && owner !== self) work.unsupported ??= `flag ${flag.id} is raised by the calls of two clients`;
      if (owner === undefined) {
        work.owners.set(flag.id, self);
        if (!pending) work.newFlags.push(flag.id);
        work.flagsChanged = true;
      }
      // Changes met before the flag was raised now belong to this client.
      for (const [o, l] of pending ?? []) record(self, o, l, idHash(idAt(fd, file, o, l) ?? ''));
      if (work.pending.delete(flag.id)) work.flagsChanged = true;
    }
    for (const review of call.reviewedFlags ?? []) changes(review.flag, self);
  } else if (entry.type === 'flag') {
    changes((entry as FlagUpdateEntry).flag, null);
  } else record(NO_CLIENT);
}

/** A client's entries as [offset, length, h1, h2], following its chain of pos records back from its head. */
function chainOf(work: Work, n: number): [number, number, number, number][] {
  const found: [number, number, number, number][] = [];
  let pos: PosReader | null = null;
  try {
    let i = work.heads[n]!;
    while (i !== NO_RECORD) {
      if (i >= work.base) {
        const k = i - work.base;
        found.push([work.records.offsets[k]!, work.records.lengths[k]!, work.records.h1[k]!, work.records.h2[k]!]);
        i = work.records.prev[k]!;
        continue;
      }
      pos ??= PosReader.open(work.file, work.generation, work.base);
      const record = pos?.record(i);
      // A chain must stay with its client and go back in the file: anything else is not this index.
      if (!record || record.client !== n || !(record.prev === NO_RECORD || record.prev < i)) throw new IndexMismatch(`pos record ${i}`);
      found.push([record.offset, record.length, record.h1, record.h2]);
      i = record.prev;
    }
  } finally {
    pos?.close();
  }
  return found.sort((a, b) => a[0] - b[0]);
}

/** A client's entries read from the journal (and where each is), each checked against its record's id hash. */
function entriesOf(work: Work, fd: number, file: string, n: number): { entries: JournalEntry[]; where: Map<JournalEntry, [number, number]> } {
  const entries: JournalEntry[] = [];
  const where = new Map<JournalEntry, [number, number]>();
  let previous = -1;
  let lines = work.lines.get(n);
  if (!lines) {
    lines = chainOf(work, n).map(([offset, length, h1, h2]) => [offset, length, h1, h2, null]);
    if (work.keepLines) work.lines.set(n, lines);
  }
  for (const line of lines) {
    const [offset, length, h1, h2] = line;
    if (offset === previous) continue;
    previous = offset;
    const bytes = (line[4] ??= readRange(fd, offset, length));
    const entry = parseLine(bytes, 0, length, file, offset === 0 ? 1 : 2, false)?.entry;
    const hash = entry ? idHash(entry.id) : null;
    if (!entry || hash![0] !== h1 || hash![1] !== h2) throw new IndexMismatch(`entry at byte ${offset}`);
    entries.push(entry);
    where.set(entry, [offset, length]);
  }
  return { entries, where };
}

/** Recomputes each touched client with foldState over its own entries. */
function refreshClients(work: Work, fd: number, file: string, options: JournalViewOptions, report: boolean): void {
  let done = 0;
  for (const n of work.touched) {
    const client = work.clients[n]!;
    const { entries, where } = entriesOf(work, fd, file, n);
    const state = foldState(entries).clients.get(client.id);
    if (!state) throw new IndexMismatch(`client ${client.id} has no call`);
    const firstCall = state.calls[0]!;
    client.info = state.info;
    client.nextCall = state.nextCall;
    client.last = where.get(state.lastCall)!;
    client.first = [Date.parse(firstCall.at), where.get(firstCall)![0]];
    client.openFlags = state.openFlags.map(({ client: _info, ...flag }) => flag);
    client.head = work.heads[n]!;
    if (report && ++done % 256 === 0) options.onIndexProgress?.({ phase: 'fold', done, total: work.touched.size });
  }
}

interface Built {
  summary: IndexSummary;
  work: Work;
}

function build(fd: number, file: string, size: number, options: JournalViewOptions): Built {
  const generation = newGeneration();
  const work: Work = {
    clients: [], numbers: new Map(), recent: new Map(), lines: new Map(), keepLines: false, lookups: 0, records: new PosRecords(), base: 0, heads: [], touched: new Set(), seen: new Fingerprints(1 << 16), lengths: new Map(),
    owners: new Map(), pending: new Map(), flagMaybeKnown: null, readFlags: null, newFlags: [], newIds: null,
    duplicates: 0, damage: [], unsupported: null, flagsChanged: true, generation, file,
  };
  const scanned = scanLines(fd, file, 0, size, 0, options, (offset, length, item) => {
    if (item?.damage) work.damage.push(storeDamage(item.damage));
    else if (item?.entry) fileEntry(work, fd, file, offset, length, item.entry);
  });
  work.seen = new Fingerprints(); // a million fingerprints: not needed any more
  if (!work.unsupported) refreshClients(work, fd, file, options, true);
  options.onIndexProgress?.({ phase: 'fold', done: work.touched.size, total: work.touched.size });
  const count = work.records.count;
  const summary = summaryOf(work, fd, scanned, { generation, posCount: count, flagsPosCount: count, bloomBits: bloomBitsFor(count + work.owners.size + work.pending.size) });
  return { summary, work };
}

function summaryOf(work: Work, fd: number, scanned: { end: number; lines: number }, fields: Pick<IndexSummary, 'generation' | 'posCount' | 'flagsPosCount' | 'bloomBits'>): IndexSummary {
  return {
    format: INDEX_FORMAT,
    version: INDEX_VERSION,
    ...fields,
    journal: identityOf(fd, fstatSync(fd), scanned.end),
    lines: scanned.lines,
    duplicates: work.duplicates,
    damage: work.damage,
    unsupported: work.unsupported,
    clients: work.clients,
  };
}

function saveBuilt(file: string, built: Built): void {
  const { summary, work } = built;
  writePos(file, summary.generation, work.records);
  const filter = newBloom(summary.generation, summary.bloomBits);
  for (let i = 0; i < work.records.count; i++) bloomAdd(filter, summary.bloomBits, [work.records.h1[i]!, work.records.h2[i]!]);
  for (const flag of [...work.owners.keys(), ...work.pending.keys()]) bloomAdd(filter, summary.bloomBits, flagHash(flag));
  saveBloom(file, filter);
  saveFlags(file, { generation: summary.generation, posCount: summary.posCount, owners: Object.fromEntries(work.owners), pending: Object.fromEntries(work.pending) });
  saveSummary(file, summary);
}

/** Does this entry raise or change a flag (then a written update may need the flags file)? */
function touchesFlags(entry: JournalEntry): boolean {
  if (entry.type === 'flag') return true;
  if (entry.type !== 'call') return false;
  const call = entry as CallEntry;
  return (call.flags?.length ?? 0) > 0 || (call.reviewedFlags?.length ?? 0) > 0;
}

interface Update {
  summary: IndexSummary;
  work: Work;
  /** Entries appended since the index was written. */
  entries: number;
  /** Enough was appended to write the update (else it is folded in memory by each reader). */
  write: boolean;
  /** The flags file with this update's changes, when it has to be written. */
  flags: IndexFlags | null;
  /** The filter file, read when the update is written (keys are added to it). */
  filter: Uint8Array | null;
}

/**
 * Folds in only the bytes appended since the index was written. Neither the
 * pos file nor the flags file is read whole for it: the Bloom filter says
 * which appended ids and flags are certainly new, the touched clients' old
 * entries are found through their chains of pos records. Throws NeedsRebuild
 * when an index file it needs is missing or not this index's.
 */
function updateIndex(fd: number, file: string, size: number, saved: IndexSummary, options: JournalViewOptions): Update {
  const work = workOf(saved, false);
  work.file = file;
  work.damage = [...saved.damage];
  const fresh: { offset: number; length: number; entry: JournalEntry }[] = [];
  const scanned = scanLines(fd, file, saved.journal.size, size, saved.lines, options, (offset, length, item) => {
    if (item?.damage) work.damage.push(storeDamage(item.damage));
    else if (item?.entry) fresh.push({ offset, length, entry: item.entry });
  });
  const write = fresh.length > TAIL_KEEP || scanned.end - saved.journal.size > TAIL_KEEP_BYTES;
  // Written, the filter must take the new keys: without it, the index is rebuilt.
  const filter = write ? loadBloom(file, saved.generation, saved.bloomBits) : null;
  if (write && !filter) throw new NeedsRebuild('filter file');

  // Which appended ids and flags the filter may have seen before (most: certainly not).
  const ids = fresh.map(({ entry }) => idHash(entry.id));
  const flagIds = [...new Set(fresh.flatMap(({ entry }) => flagIdsOf(entry)))];
  const maybe = bloomMayHave(file, saved.generation, saved.bloomBits, [...ids, ...flagIds.map(flagHash)]);
  const maybeFlags = new Set(flagIds.filter((_, i) => maybe[ids.length + i]));
  let flags: IndexFlags | null = null;
  work.readFlags = () => {
    flags = loadFlags(file, saved);
    if (!flags) throw new NeedsRebuild('flags file');
    for (const [flag, owner] of Object.entries(flags.owners)) if (!work.owners.has(flag)) work.owners.set(flag, owner);
    for (const [flag, ranges] of Object.entries(flags.pending)) if (!work.pending.has(flag)) work.pending.set(flag, ranges);
  };
  work.flagMaybeKnown = (flag) => maybeFlags.has(flag);
  // A written update writes the flags file whole: read it first if anything changes flags.
  if (write && fresh.some(({ entry }) => touchesFlags(entry))) {
    work.readFlags();
    work.readFlags = null;
  }
  // An appended id the filter may know: look for it among the pos records (rare).
  const maybeKeys = new Set(ids.filter((_, i) => maybe[i]).map(([h1, h2]) => hashKey(h1, h2)));
  const pos = PosReader.open(file, saved.generation, saved.posCount);
  if (!pos) throw new NeedsRebuild('pos file');
  try {
    for (const { record } of maybeKeys.size > 0 ? pos.withHashes(maybeKeys) : []) {
      const earlier = work.seen.get(record.h1, record.h2);
      if (earlier === undefined || record.offset < earlier) {
        work.seen.set(record.h1, record.h2, record.offset);
        work.lengths.set(record.offset, record.length);
      }
    }
  } finally {
    pos.close();
  }
  try {
    for (const { offset, length, entry } of fresh) fileEntry(work, fd, file, offset, length, entry);
    // A call appended since the index was written: its client's entries are read once for both.
    work.keepLines = work.touched.size <= 4;
    if (!work.unsupported) refreshClients(work, fd, file, options, false);
    work.keepLines = false;
  } catch (error) {
    // Chains that don't match the journal: the index is rebuilt rather than believed.
    if (error instanceof IndexMismatch) throw new NeedsRebuild(error.message);
    throw error;
  }
  const posCount = saved.posCount + work.records.count;
  const summary = summaryOf(work, fd, scanned, { generation: saved.generation, posCount, flagsPosCount: saved.flagsPosCount, bloomBits: saved.bloomBits });
  let written: IndexFlags | null = null;
  if (work.flagsChanged) {
    const loaded = flags as IndexFlags | null;
    if (loaded) {
      written = { generation: saved.generation, posCount, owners: Object.fromEntries(work.owners), pending: Object.fromEntries(work.pending) };
      summary.flagsPosCount = posCount;
    } else if (write) throw new NeedsRebuild('flags file');
  }
  return { summary, work, entries: fresh.length, write, flags: written, filter };
}

function flagIdsOf(entry: JournalEntry): string[] {
  if (entry.type === 'flag') return [(entry as FlagUpdateEntry).flag];
  if (entry.type !== 'call') return [];
  const call = entry as CallEntry;
  return [...(call.flags ?? []).map((f) => f.id), ...(call.reviewedFlags ?? []).map((r) => r.flag)];
}

function saveUpdate(file: string, saved: IndexSummary, update: Update): void {
  const { summary, work } = update;
  const filter = update.filter!;
  appendPos(file, saved.posCount, work.records);
  for (const hash of work.newIds ?? []) bloomAdd(filter, saved.bloomBits, hash);
  for (const flag of work.newFlags) bloomAdd(filter, saved.bloomBits, flagHash(flag));
  saveBloom(file, filter);
  if (update.flags) saveFlags(file, update.flags);
  saveSummary(file, summary, work.touched);
}

// ── answering from the index ──────────────────────────────────────────────

function indexView(file: string, opened: Opened, warning: JournalWarning | null, options: ReadOptions): JournalView {
  const { summary, source, indexError, work } = opened;
  work.file = file;
  work.generation = summary.generation;
  const damage: Damage[] = summary.damage.map((d) => ({ file, ...d }));
  const foldOrder = () => inFoldOrder(summary.clients, work.touched);
  let fallback: Promise<JournalView> | null = null;
  const full = () => (fallback ??= fullReadView([file], options, 'the index did not match the journal'));
  // A client's stored details unreadable (a damaged summary): recomputed from its entries.
  recoverInfoWith(summary, (n) => {
    let info: ClientInfo | undefined;
    withJournal(file, (fd) => {
      info = foldState(entriesOf(work, fd, file, n).entries).clients.get(summary.clients[n]!.id)?.info;
    });
    if (!info) throw new Error(`client ${summary.clients[n]!.id} is not in the journal`);
    return info;
  });
  const withFallback = async <T>(answer: () => T, again: (view: JournalView) => Promise<T>): Promise<T> => {
    try {
      return answer();
    } catch (error) {
      if (error instanceof IndexMismatch) return again(await full());
      throw error;
    }
  };

  return {
    source,
    ...(opened.unwrittenEntries !== undefined ? { unwrittenEntries: opened.unwrittenEntries } : {}),
    ...(indexError ? { indexError } : {}),
    damage,
    warnings: warning ? [warning] : [],
    duplicates: summary.duplicates,
    clients: () => foldOrder().map(clientInfoOf),
    due: (options) =>
      withFallback(
        () => {
          if (!loadDueParts(summary, work.touched)) throw new IndexMismatch('the summary could not be read');
          const candidates = foldOrder().filter((c) => c.nextCall?.date && !(dayDiff(c.nextCall.date, options.day) < 0));
          if (candidates.length > 16) readAllInfos(summary);
          const clients = new Map<string, ClientState>();
          withJournal(file, (fd) => {
            for (const c of candidates) {
              const [offset, length] = c.last;
              const lastCall = parseLine(readRange(fd, offset, length), 0, length, file, offset === 0 ? 1 : 2, false)?.entry as CallEntry | undefined;
              if (lastCall?.type !== 'call' || lastCall.client?.id !== c.id) throw new IndexMismatch(`last call of ${c.id}`);
              const openFlags = c.openFlags.map((flag) => ({ ...flag, client: c.info }));
              clients.set(c.id, { id: c.id, info: c.info, calls: [lastCall], lastCall, nextCall: c.nextCall, openFlags, flags: openFlags });
            }
          });
          return dueCalls({ clients, flags: new Map(), orphanFlagUpdates: [] }, options);
        },
        (view) => view.due(options),
      ),
    history: (clientId) =>
      withFallback(
        () => {
          const n = numberOf(work, clientId);
          if (n === undefined) return undefined;
          let entries: JournalEntry[] = [];
          withJournal(file, (fd) => {
            entries = entriesOf(work, fd, file, n).entries;
          });
          return foldState(entries).clients.get(clientId);
        },
        (view) => view.history(clientId),
      ),
  };
}

function withJournal(file: string, use: (fd: number) => void): void {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw new IndexMismatch((error as Error).message);
  }
  try {
    use(fd);
  } finally {
    closeSync(fd);
  }
}
