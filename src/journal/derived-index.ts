// A derived index beside the journal, so that `due` and `history` answer in a
// blink on a journal of a million calls. The journal stays the only source of
// truth: the index is a cache keyed to the journal's identity (device, inode,
// size, mtime and a hash of the last bytes indexed) and is
//   - used as is when the journal has not changed,
//   - brought up to date from the last indexed byte when the journal only grew,
//   - rebuilt when it is missing, unreadable, or the journal was rewritten
//     (`journal check --repair`), truncated or replaced.
// Each client's state is computed by D's own foldState over that client's
// entries (its calls, and entries that change its flags), so the answers are
// by construction those of a full read; test/perf proves it on generated
// journals, stale and damaged ones included.
//
// With several journals (--journal repeated), or where an index can't answer
// exactly (a flag id raised by two clients, a last line without its '\n'),
// this reads the journals in full, as the commands did before.
import { closeSync, fstatSync, openSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { clientHistory, dayDiff, dueCalls, foldState, type ClientState, type DueItem, type DueOptions, type JournalState } from './queries.js';
import { parseLine, readJournals, type Damage, type JournalItem, type ReadOptions } from './read.js';
import { privacyWarning, type JournalWarning } from './privacy.js';
import type { CallEntry, ClientInfo, FlagUpdateEntry, JournalEntry } from './types.js';
import {
  appendPos, freshness, hashKey, identityOf, idHash, indexPaths, INDEX_FORMAT, INDEX_VERSION, loadFlags, loadSummary,
  NO_CLIENT, PosRecords, readPos, readRange, saveFlags, saveSummary, writePos,
  type ClientSummary, type IndexFlags, type IndexSummary, type PosTable, type StoredDamage,
} from './index-store.js';

export interface JournalViewOptions extends ReadOptions {
  /** Answer without writing or updating the index files. */
  readOnly?: boolean;
}

/** What `due`, `history` and client lookups need from the journal(s). */
export interface JournalView {
  /** How the answers are obtained. */
  source: 'index' | 'index-updated' | 'index-built' | 'full-read';
  /** Why the journal was read in full instead of through the index. */
  fallbackReason?: string;
  /** The index could not be written (the answers are still exact). */
  indexError?: string;
  damage: Damage[];
  warnings: JournalWarning[];
  duplicates: number;
  /** Every client's latest info, in the order a full fold meets them. */
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
  source: JournalView['source'];
  fallback?: string;
  indexError?: string;
  /** The pos records an update has read already (old ones, then those it added). */
  pos?: { table: PosTable; added: PosRecords };
}

/** Growth indexed incrementally; past it the index is rebuilt (the update holds new entries in memory). */
const MAX_UPDATE_BYTES = 256 * 1024 * 1024;

function openIndex(fd: number, file: string, options: JournalViewOptions): Opened {
  const stats = fstatSync(fd);
  const saved = loadSummary(file);
  const state = saved ? freshness(saved.journal, fd, stats) : 'stale';
  let summary: IndexSummary;
  let source: JournalView['source'] = 'index';
  let indexError: string | undefined;
  let posRead: Opened['pos'];
  const rebuild = () => {
    const built = build(fd, file, stats.size, options);
    indexError = persist(file, options, () => saveAll(file, built));
    source = 'index-built';
    return built.summary;
  };
  if (!saved || state === 'stale') summary = rebuild();
  else if (state === 'fresh' || saved.unsupported) summary = saved;
  else {
    const pos = stats.size - saved.journal.size <= MAX_UPDATE_BYTES ? readPos(file, saved.posCount) : null;
    const update = pos && updateIndex(fd, file, stats.size, saved, pos, options);
    if (!update) summary = rebuild();
    else {
      summary = update.summary;
      source = 'index-updated';
      posRead = { table: pos, added: update.records };
      indexError = persist(file, options, () => {
        appendPos(file, update.previousPosCount, update.records);
        if (update.flags) saveFlags(file, update.flags);
        saveSummary(file, update.summary, update.changed);
      });
    }
  }
  const fallback = summary.unsupported ?? (stats.size > summary.journal.size ? 'the journal ends in a line without its newline (a write cut short)' : undefined);
  return { summary, source, ...(fallback ? { fallback } : {}), ...(indexError ? { indexError } : {}), ...(posRead ? { pos: posRead } : {}) };
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
  fd: number, file: string, from: number, to: number, firstLine: number, options: ReadOptions,
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
  }
  return { end, lines: line };
}

// ── building and updating ─────────────────────────────────────────────────

interface Work {
  clients: ClientSummary[];
  numbers: Map<string, number>;
  owners: Map<string, number>;
  pending: Map<string, [number, number][]>;
  records: PosRecords;
  touched: Set<number>;
  /** Entry-id fingerprint → offset of the first entry with it. */
  seen: Map<number, number>;
  duplicates: number;
  damage: StoredDamage[];
  unsupported: string | null;
  flagsChanged: boolean;
}

interface Built {
  summary: IndexSummary;
  records: PosRecords;
  owners: Map<string, number>;
  pending: Map<string, [number, number][]>;
}

function storeDamage(damage: Damage): StoredDamage {
  const { file: _file, ...rest } = damage;
  return rest;
}

function clientNumber(work: Work, id: string): number {
  let n = work.numbers.get(id);
  if (n === undefined) {
    n = work.clients.length;
    work.numbers.set(id, n);
    work.clients.push({ id, info: { id, name: id }, nextCall: null, last: [0, 0], first: [0, 0], openFlags: [] });
  }
  return n;
}

/** The id of the entry at `offset`, to tell a duplicate from a fingerprint collision. */
function idAt(fd: number, file: string, offset: number, length: number): string | undefined {
  return parseLine(readRange(fd, offset, length), 0, length, file, offset === 0 ? 1 : 2, false)?.entry?.id;
}

/** Files one entry under the client(s) whose state it changes. */
function fileEntry(work: Work, fd: number, file: string, offset: number, length: number, entry: JournalEntry): void {
  const hash = idHash(entry.id);
  const key = hashKey(hash[0], hash[1]);
  const earlier = work.seen.get(key);
  if (earlier !== undefined && earlier !== offset) {
    // The same fingerprint: a duplicate (the first copy counts) or, rarely, another id.
    const lengthAt = work.records.offsets.indexOf(earlier);
    const earlierId = lengthAt >= 0 ? idAt(fd, file, earlier, work.records.lengths[lengthAt]!) : undefined;
    if (earlierId === undefined || earlierId === entry.id) {
      work.duplicates++;
      return;
    }
  } else work.seen.set(key, offset);

  const record = (client: number) => {
    work.records.push(offset, length, client, hash);
    if (client !== NO_CLIENT) work.touched.add(client);
  };
  const changes = (flag: string, self: number | null) => {
    const owner = work.owners.get(flag);
    if (owner === undefined) {
      work.pending.set(flag, [...(work.pending.get(flag) ?? []), [offset, length]]);
      work.flagsChanged = true;
      if (self === null) record(NO_CLIENT);
    } else if (owner !== self) record(owner);
  };
  if (entry.type === 'call') {
    const call = entry as CallEntry;
    const self = clientNumber(work, call.client.id);
    record(self);
    for (const flag of call.flags ?? []) {
      const owner = work.owners.get(flag.id);
      if (owner !== undefined && owner !== self) work.unsupported ??= `flag ${flag.id} is raised by the calls of two clients`;
      if (owner === undefined) {
        work.owners.set(flag.id, self);
        work.flagsChanged = true;
      }
      // Changes met before the flag was raised now belong to this client.
      for (const [o, l] of work.pending.get(flag.id) ?? []) {
        work.records.push(o, l, self, idHash(idAt(fd, file, o, l) ?? ''));
      }
      if (work.pending.delete(flag.id)) work.flagsChanged = true;
    }
    for (const review of call.reviewedFlags ?? []) changes(review.flag, self);
  } else if (entry.type === 'flag') {
    changes((entry as FlagUpdateEntry).flag, null);
  } else record(NO_CLIENT);
}

/** Recomputes each touched client with foldState over its own entries. */
function refreshClients(work: Work, fd: number, file: string, byClient: Map<number, [number, number][]>): void {
  for (const [n, ranges] of byClient) {
    const client = work.clients[n]!;
    ranges.sort((a, b) => a[0] - b[0]);
    const entries: JournalEntry[] = [];
    const where = new Map<JournalEntry, [number, number]>();
    let previous = -1;
    for (const [offset, length] of ranges) {
      if (offset === previous) continue;
      previous = offset;
      const entry = parseLine(readRange(fd, offset, length), 0, length, file, offset === 0 ? 1 : 2, false)?.entry;
      if (!entry) throw new IndexMismatch(`no entry at byte ${offset}`);
      entries.push(entry);
      where.set(entry, [offset, length]);
    }
    const state = foldState(entries).clients.get(client.id);
    if (!state) throw new IndexMismatch(`client ${client.id} has no call`);
    const firstCall = state.calls[0]!;
    client.info = state.info;
    client.nextCall = state.nextCall;
    client.last = where.get(state.lastCall)!;
    client.first = [Date.parse(firstCall.at), where.get(firstCall)![0]];
    client.openFlags = state.openFlags.map(({ client: _info, ...flag }) => flag);
  }
}

function newWork(): Work {
  return {
    clients: [], numbers: new Map(), owners: new Map(), pending: new Map(), records: new PosRecords(), touched: new Set(),
    seen: new Map(), duplicates: 0, damage: [], unsupported: null, flagsChanged: true,
  };
}

function build(fd: number, file: string, size: number, options: ReadOptions): Built {
  const work = newWork();
  const scanned = scanLines(fd, file, 0, size, 0, options, (offset, length, item) => {
    if (item?.damage) work.damage.push(storeDamage(item.damage));
    else if (item?.entry) fileEntry(work, fd, file, offset, length, item.entry);
  });
  const byClient = new Map<number, [number, number][]>();
  const { offsets, lengths, clients } = work.records;
  for (let i = 0; i < offsets.length; i++) {
    const c = clients[i]!;
    if (c === NO_CLIENT) continue;
    let list = byClient.get(c);
    if (!list) byClient.set(c, (list = []));
    list.push([offsets[i]!, lengths[i]!]);
  }
  if (!work.unsupported) refreshClients(work, fd, file, byClient);
  return { summary: summaryOf(work, fd, scanned, 0), records: work.records, owners: work.owners, pending: work.pending };
}

function summaryOf(work: Work, fd: number, scanned: { end: number; lines: number }, extraDuplicates: number): IndexSummary {
  return {
    format: INDEX_FORMAT,
    version: INDEX_VERSION,
    journal: identityOf(fd, fstatSync(fd), scanned.end),
    lines: scanned.lines,
    duplicates: work.duplicates + extraDuplicates,
    damage: work.damage,
    unsupported: work.unsupported,
    posCount: work.records.count,
    clients: work.clients,
  };
}

function saveAll(file: string, built: Built): void {
  writePos(file, built.records);
  saveFlags(file, { owners: Object.fromEntries(built.owners), pending: Object.fromEntries(built.pending) });
  saveSummary(file, built.summary);
}

/** Does this entry raise or change a flag (then an update needs the flags file)? */
function touchesFlags(entry: JournalEntry): boolean {
  if (entry.type === 'flag') return true;
  if (entry.type !== 'call') return false;
  const call = entry as CallEntry;
  return (call.flags?.length ?? 0) > 0 || (call.reviewedFlags?.length ?? 0) > 0;
}

/**
 * Indexes only the bytes appended since the index was written. The flags file
 * (which client raised each flag: 5 MB on a million calls) is read only when
 * an appended entry raises or changes a flag. Null when it is needed and
 * unreadable (then the index is rebuilt).
 */
function updateIndex(
  fd: number, file: string, size: number, saved: IndexSummary, pos: PosTable, options: ReadOptions,
): { summary: IndexSummary; records: PosRecords; previousPosCount: number; flags: IndexFlags | null; changed: Set<number> } | null {
  const work = newWork();
  work.flagsChanged = false;
  work.clients = saved.clients;
  work.clients.forEach((c, n) => work.numbers.set(c.id, n));
  work.damage = saved.damage;

  // New entries first, so that the old pos records are scanned once for their fingerprints.
  const fresh: { offset: number; length: number; entry: JournalEntry }[] = [];
  const scanned = scanLines(fd, file, saved.journal.size, size, saved.lines, options, (offset, length, item) => {
    if (item?.damage) work.damage.push(storeDamage(item.damage));
    else if (item?.entry) fresh.push({ offset, length, entry: item.entry });
  });
  let flags: IndexFlags | null = null;
  if (fresh.some(({ entry }) => touchesFlags(entry))) {
    flags = loadFlags(file);
    if (!flags) return null;
    work.owners = new Map(Object.entries(flags.owners));
    work.pending = new Map(Object.entries(flags.pending));
  }
  // An appended id met before is a duplicate: look for the new fingerprints among the old ones.
  const wanted = new Set(fresh.map(({ entry }) => hashKey(...idHash(entry.id))));
  const old = new PosRecords();
  // A few appended entries: a tight scan for their first hashes; many: one Set lookup a record.
  const firsts = [...new Set(fresh.map(({ entry }) => idHash(entry.id)[0]))];
  const candidates = firsts.length <= 16 ? pos.withFirstHash(firsts) : null;
  const wantedFirst = new Set(firsts);
  for (let k = 0, n = candidates ? candidates.length : pos.count; k < n; k++) {
    const i = candidates ? candidates[k]! : k;
    if (!candidates && !wantedFirst.has(pos.h1(i))) continue;
    const h: [number, number] = [pos.h1(i), pos.h2(i)];
    const key = hashKey(h[0], h[1]);
    if (wanted.has(key) && !work.seen.has(key)) {
      work.seen.set(key, pos.offset(i));
      old.push(pos.offset(i), pos.length(i), pos.client(i), h);
    }
  }
  // idAt needs the lengths of earlier entries: those found in the old records.
  work.records = old;
  const oldCount = old.count;
  for (const { offset, length, entry } of fresh) fileEntry(work, fd, file, offset, length, entry);
  const added = new PosRecords();
  for (let i = oldCount; i < work.records.count; i++) {
    added.push(work.records.offsets[i]!, work.records.lengths[i]!, work.records.clients[i]!, [work.records.h1[i]!, work.records.h2[i]!]);
  }

  const byClient = new Map<number, [number, number][]>([...work.touched].map((n) => [n, []]));
  const touched = new Uint8Array(work.clients.length);
  for (const n of work.touched) touched[n] = 1;
  for (const i of pos.ofClients(touched)) byClient.get(pos.client(i))!.push([pos.offset(i), pos.length(i)]);
  for (let i = 0; i < added.count; i++) byClient.get(added.clients[i]!)?.push([added.offsets[i]!, added.lengths[i]!]);
  if (!work.unsupported) refreshClients(work, fd, file, byClient);

  work.records = added;
  const summary = summaryOf(work, fd, scanned, saved.duplicates);
  summary.posCount = saved.posCount + added.count;
  if (flags && work.flagsChanged) {
    flags.owners = Object.fromEntries(work.owners);
    flags.pending = Object.fromEntries(work.pending);
  }
  return { summary, records: added, previousPosCount: saved.posCount, flags: flags && work.flagsChanged ? flags : null, changed: work.touched };
}

// ── answering from the index ──────────────────────────────────────────────

function indexView(file: string, opened: Opened, warning: JournalWarning | null, options: ReadOptions): JournalView {
  const { summary, source, indexError } = opened;
  const damage: Damage[] = summary.damage.map((d) => ({ file, ...d }));
  const inFoldOrder = () => [...summary.clients].sort((a, b) => a.first[0] - b.first[0] || a.first[1] - b.first[1]);
  let fallback: Promise<JournalView> | null = null;
  const full = () => (fallback ??= fullReadView([file], options, 'the index did not match the journal'));
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
    ...(indexError ? { indexError } : {}),
    damage,
    warnings: warning ? [warning] : [],
    duplicates: summary.duplicates,
    clients: () => inFoldOrder().map((c) => c.info),
    due: (options) =>
      withFallback(
        () => {
          const candidates = inFoldOrder().filter((c) => c.nextCall?.date && !(dayDiff(c.nextCall.date, options.day) < 0));
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
          const n = summary.clients.findIndex((c) => c.id === clientId);
          if (n < 0) return undefined;
          // An update has just read the pos file (e.g. `call` right after a call was appended): not again.
          const pos = opened.pos?.table ?? readPos(file, summary.posCount);
          if (!pos) throw new IndexMismatch('pos file unreadable');
          const ranges: [number, number][] = [];
          const hashes = new Map<number, [number, number]>();
          const only = new Uint8Array(n + 1);
          only[n] = 1;
          for (const i of pos.ofClients(only)) {
            ranges.push([pos.offset(i), pos.length(i)]);
            hashes.set(pos.offset(i), [pos.h1(i), pos.h2(i)]);
          }
          const added = opened.pos?.added;
          for (let i = 0; i < (added?.count ?? 0); i++) {
            if (added!.clients[i] !== n) continue;
            ranges.push([added!.offsets[i]!, added!.lengths[i]!]);
            hashes.set(added!.offsets[i]!, [added!.h1[i]!, added!.h2[i]!]);
          }
          ranges.sort((a, b) => a[0] - b[0]);
          const entries: JournalEntry[] = [];
          withJournal(file, (fd) => {
            let previous = -1;
            for (const [offset, length] of ranges) {
              if (offset === previous) continue;
              previous = offset;
              const entry = parseLine(readRange(fd, offset, length), 0, length, file, offset === 0 ? 1 : 2, false)?.entry;
              const [h1, h2] = entry ? idHash(entry.id) : [0, 0];
              const expected = hashes.get(offset)!;
              if (!entry || h1 !== expected[0] || h2 !== expected[1]) throw new IndexMismatch(`entry at byte ${offset}`);
              entries.push(entry);
            }
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
