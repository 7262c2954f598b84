// Reading tolerates damage. Lines are split over Buffers (no readline: it
// decodes everything to strings first and is several times slower on big
// journals), each line is JSON.parse'd on its own, and a bad line — torn by a
// crash, garbage, a newer format version, missing fields — becomes a Damage
// record while the good entries around it are returned. Entries are passed
// through as parsed, so unknown fields of newer entries are kept.
import { isUtf8 } from 'node:buffer';
import type { Lang } from '../i18n/catalog.js';
import { JOURNAL_VERSION, type JournalEntry } from './types.js';
import { nodeFs, type FsLayer } from './fs-layer.js';
import { isCode, JournalIoError } from './errors.js';
import { sortByTime } from './order.js';
import { privacyWarning, type JournalWarning } from './privacy.js';

export type DamageReason =
  /** The last line has no '\n' and is not valid JSON: a crash mid-write. */
  | 'torn'
  /** A line that is not JSON. */
  | 'invalid-json'
  /** Valid JSON but not an object. */
  | 'not-an-object'
  /** `v` is higher than this version of followup understands. */
  | 'newer-version'
  /** Required fields (v, type, id, at; client for calls; flag, status for flag updates) missing or wrong. */
  | 'invalid-entry';

export interface Damage {
  file: string;
  /** 1-based line number. */
  line: number;
  reason: DamageReason;
  /** The line as text (UTF-8; invalid bytes replaced — see `base64`). */
  text: string;
  /** What exactly is wrong, e.g. the missing fields or the version found. */
  detail?: string;
  /** The line's exact bytes when they are not valid UTF-8. */
  base64?: string;
}

export type JournalItem = { entry: JournalEntry; damage?: undefined; line: number } | { entry?: undefined; damage: Damage; line: number };

export interface ReadProgress {
  file: string;
  bytesRead: number;
  totalBytes: number;
}

export interface ReadOptions {
  fs?: FsLayer;
  lang?: Lang;
  onProgress?: (progress: ReadProgress) => void;
  /** readJournal(s): what to keep of each entry read (e.g. only the fields a
   * query reads, so a big journal fits in memory), null to drop it; the entry
   * itself by default. */
  keep?: (entry: JournalEntry) => JournalEntry | null;
}

export interface ReadResult {
  /** Merged by id (the first copy kept), sorted by `at`. */
  entries: JournalEntry[];
  damage: Damage[];
  warnings: JournalWarning[];
  /** Entries seen more than once (same id) and counted once. */
  duplicates: number;
}

const CHUNK = 256 * 1024;
const NEWLINE = 0x0a;

export type LineHandler = (buffer: Buffer, start: number, end: number, line: number, last: boolean) => void;

/** Splits chunks into lines (without their '\n') and hands each to `onLine`;
 * carries a partial line over to the next chunk. `last` marks a final line
 * that had no '\n'. */
export class LineSplitter {
  private carry: Buffer[] = [];
  private lineNo = 0;
  constructor(private readonly onLine: LineHandler) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(NEWLINE, start);
      if (nl === -1) break;
      this.lineNo++;
      if (this.carry.length > 0) {
        this.carry.push(chunk.subarray(start, nl));
        const whole = Buffer.concat(this.carry);
        this.carry = [];
        this.onLine(whole, 0, whole.length, this.lineNo, false);
      } else {
        this.onLine(chunk, start, nl, this.lineNo, false);
      }
      start = nl + 1;
    }
    // The chunk buffer is reused by the reader: copy the unfinished line.
    if (start < chunk.length) this.carry.push(Buffer.from(chunk.subarray(start)));
  }

  end(): void {
    if (this.carry.length === 0) return;
    const whole = Buffer.concat(this.carry);
    this.carry = [];
    this.lineNo++;
    this.onLine(whole, 0, whole.length, this.lineNo, true);
  }
}

export function isBlank(buffer: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = buffer[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}

/** One line as an entry or a damage record; null for a blank line. */
export function parseLine(buffer: Buffer, start: number, end: number, file: string, line: number, last: boolean): JournalItem | null {
  if (isBlank(buffer, start, end)) return null;
  // A UTF-8 byte order mark from an editor on the first line.
  if (line === 1 && buffer[start] === 0xef && buffer[start + 1] === 0xbb && buffer[start + 2] === 0xbf) start += 3;
  const text = buffer.toString('utf8', start, end);
  const damage = (reason: DamageReason, detail?: string): JournalItem => {
    const record: Damage = { file, line, reason, text };
    if (detail) record.detail = detail;
    const bytes = buffer.subarray(start, end);
    if (!isUtf8(bytes)) record.base64 = bytes.toString('base64');
    return { damage: record, line };
  };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Without its '\n' the last line is an entry cut short by a crash.
    return damage(last ? 'torn' : 'invalid-json');
  }
  const problem = validateEntry(value);
  return problem ? damage(problem.reason, problem.detail) : { entry: value as JournalEntry, line };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The fields every reader relies on. Anything else is passed through. */
export function validateEntry(value: unknown): { reason: DamageReason; detail?: string } | null {
  if (!isObject(value)) return { reason: 'not-an-object' };
  const v = value.v;
  if (typeof v === 'number' && Number.isInteger(v) && v > JOURNAL_VERSION) return { reason: 'newer-version', detail: `v${v}` };
  const bad: string[] = [];
  if (!(typeof v === 'number' && Number.isInteger(v) && v >= 1)) bad.push('v');
  if (typeof value.type !== 'string' || value.type === '') bad.push('type');
  if (typeof value.id !== 'string' || value.id === '') bad.push('id');
  if (typeof value.at !== 'string' || Number.isNaN(Date.parse(value.at))) bad.push('at');
  if (value.type === 'call') {
    const client = value.client;
    if (!isObject(client) || typeof client.id !== 'string' || client.id === '') bad.push('client.id');
    if (value.flags !== undefined && !Array.isArray(value.flags)) bad.push('flags');
    if (value.steps !== undefined && !Array.isArray(value.steps)) bad.push('steps');
  } else if (value.type === 'flag') {
    if (typeof value.flag !== 'string' || value.flag === '') bad.push('flag');
    if (value.status !== 'open' && value.status !== 'resolved') bad.push('status');
  }
  return bad.length > 0 ? { reason: 'invalid-entry', detail: bad.join(', ') } : null;
}

/** A journal's bytes, chunk by chunk (two buffers, reused: a chunk is valid
 * until the next is asked for). A journal that doesn't exist yet is read as
 * empty (`onOpen` is not called). */
export async function* chunksOf(
  file: string,
  options: ReadOptions,
  onOpen?: (stats: { mode: number; size: number }) => void,
): AsyncGenerator<Buffer> {
  const fs = options.fs ?? nodeFs;
  let fd: number;
  try {
    fd = await fs.open(file, 'r');
  } catch (error) {
    if (isCode(error, 'ENOENT')) return;
    throw new JournalIoError('read', file, error, options.lang);
  }
  let next: Promise<number> | undefined;
  try {
    let stats;
    try {
      stats = await fs.fstat(fd);
      if (stats.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    } catch (error) {
      throw new JournalIoError('read', file, error, options.lang);
    }
    onOpen?.(stats);
    // Two buffers: the next chunk is read while the caller parses this one
    // (a fifth of a big export's time was spent waiting for reads).
    const buffers = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
    const readInto = (buffer: Buffer) => {
      const read = fs.read(fd, buffer, 0, CHUNK, null).catch((error: unknown) => {
        throw new JournalIoError('read', file, error, options.lang);
      });
      read.catch(() => undefined); // handled where it is awaited, maybe a tick later
      return read;
    };
    let bytesRead = 0;
    next = readInto(buffers[0]!);
    for (let turn = 0; ; turn ^= 1) {
      const n = await next;
      if (n === 0) break;
      const chunk = buffers[turn]!;
      next = readInto(buffers[turn ^ 1]!);
      bytesRead += n;
      options.onProgress?.({ file, bytesRead, totalBytes: stats.size });
      yield n === CHUNK ? chunk : chunk.subarray(0, n);
    }
  } finally {
    // A read still running when the caller stops early must end before the close.
    await next?.catch(() => undefined);
    await fs.close(fd).catch(() => undefined);
  }
}

/** Reads a journal chunk by chunk and yields each chunk's parsed lines as a
 * batch. Memory stays flat: one chunk and one batch at a time. */
async function* scanBatches(
  file: string,
  options: ReadOptions,
  onOpen?: (stats: { mode: number; size: number }) => void,
): AsyncGenerator<JournalItem[]> {
  let items: JournalItem[] = [];
  const splitter = new LineSplitter((buffer, start, end, line, last) => {
    const item = parseLine(buffer, start, end, file, line, last);
    if (item) items.push(item);
  });
  for await (const chunk of chunksOf(file, options, onOpen)) {
    splitter.push(chunk);
    if (items.length > 0) {
      const batch = items;
      items = [];
      yield batch;
    }
  }
  splitter.end();
  if (items.length > 0) yield items;
}

/** Every line of one journal in file order: an entry or a damage record.
 * Streaming with flat memory; a missing journal yields nothing. */
export async function* streamJournal(file: string, options: ReadOptions = {}): AsyncGenerator<JournalItem> {
  for await (const batch of scanBatches(file, options)) yield* batch;
}

/**
 * Every line of one journal in file order, handed to `visit` as soon as it
 * is parsed: no batch held, no promise per line (streamJournal's async
 * iteration costs one per line), so a big export's entries die young and its
 * memory stays flat. What `visit` returns (an output asking to wait) is
 * awaited before the next chunk is read; a missing journal visits nothing.
 */
export async function forEachJournalItem(
  file: string,
  visit: (item: JournalItem) => void | Promise<void>,
  options: ReadOptions = {},
): Promise<void> {
  const { take, settle } = visitQueue(visit);
  const splitter = new LineSplitter((buffer, start, end, line, last) => take(parseLine(buffer, start, end, file, line, last)));
  for await (const chunk of chunksOf(file, options)) {
    splitter.push(chunk);
    await settle();
  }
  splitter.end();
  await settle();
}

/** Hands each item to `visit` and keeps what it returns (an output asking to
 * wait) for `settle`, awaited once a chunk. */
export function visitQueue(visit: (item: JournalItem) => void | Promise<void>): { take: (item: JournalItem | null) => void; settle: () => Promise<void> } {
  let pending: Promise<void>[] = [];
  return {
    take(item) {
      if (!item) return;
      const wait = visit(item);
      if (wait) pending.push(wait);
    },
    // Every promise is awaited (a rejected one must not go unhandled).
    async settle() {
      if (pending.length === 0) return;
      const all = pending;
      pending = [];
      await Promise.all(all);
    },
  };
}

/** One journal: entries in file order, damage, warnings. */
export async function readJournal(
  file: string,
  options: ReadOptions = {},
): Promise<{ entries: JournalEntry[]; damage: Damage[]; warnings: JournalWarning[]; exists: boolean; lines: number }> {
  const entries: JournalEntry[] = [];
  const damage: Damage[] = [];
  const warnings: JournalWarning[] = [];
  let lines = 0;
  let exists = false;
  const onOpen = (stats: { mode: number }) => {
    exists = true;
    const warning = privacyWarning(file, stats);
    if (warning) warnings.push(warning);
  };
  for await (const batch of scanBatches(file, options, onOpen)) {
    for (const item of batch) {
      lines = item.line;
      if (item.entry) {
        const kept = options.keep ? options.keep(item.entry) : item.entry;
        if (kept) entries.push(kept);
      }
      else damage.push(item.damage);
    }
  }
  return { entries, damage, warnings, exists, lines };
}

/** Several journals (a team's): merged by id, each entry once, sorted by `at`
 * (ties keep file order). A journal that doesn't exist yet reads as empty. */
export async function readJournals(files: string[], options: ReadOptions = {}): Promise<ReadResult> {
  const byId = new Map<string, JournalEntry>();
  const damage: Damage[] = [];
  const warnings: JournalWarning[] = [];
  let duplicates = 0;
  for (const file of files) {
    const one = await readJournal(file, options);
    damage.push(...one.damage);
    warnings.push(...one.warnings);
    for (const entry of one.entries) {
      if (byId.has(entry.id)) duplicates++;
      else byId.set(entry.id, entry);
    }
  }
  return { entries: sortByTime([...byId.values()]), damage, warnings, duplicates };
}

