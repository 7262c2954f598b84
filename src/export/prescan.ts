// The cheap first pass of an export. Streaming the calls once is not enough:
// a call's flags may have been resolved by entries further down, and a CSV
// header must name every step column before the first row. So before the
// real pass we skim the raw bytes — no JSON.parse of call lines, which would
// double the cost of a big export — and collect only:
//  - flag changes: the few lines holding a `"flag"` key (`flag` entries and
//    calls that review earlier flags) are parsed; the rest never are;
//  - the step keys of every call (`id`, or `handler.id` for a handler's
//    steps), read by a small scanner that walks the line's structure (native
//    indexOf jumps over string contents) to the top-level `"steps"` array.
// Damaged lines are skipped here; the real pass reports them.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { validateEntry } from '../journal/read.js';
import type { FlagStatus } from '../journal/types.js';
import { FlagStatusIndex, flagChanges } from './flag-status.js';
import { cacheFreshness, cacheIdentityOf, closeCache, LogWriter, openCache, replayCache, type OpenedCache, type PrescanEvents } from './prescan-cache.js';
import { StepOrder } from './step-order.js';
import { fnv1a } from '../hash.js';

export interface PrescanResult {
  flags: FlagStatusIndex;
  /** Step keys in a stable order: each new key lands after the step that preceded it in its call. */
  stepKeys: string[];
}

export interface PrescanOptions {
  steps?: boolean;
  /** Keep flags' resolution notes (default true). */
  notes?: boolean;
  /** Build the table of flag changes (default true); off, `flags` stays empty — the cache's log still gets them. */
  flags?: boolean;
  /** Start from, and keep, what was found beside each journal (prescan-cache.ts); default true. */
  cache?: boolean;
  /** Journals smaller than this (default 1 MiB, a few hundred calls, scanned in a few ms) get no cache file. */
  cacheMinBytes?: number;
}

export const CACHE_MIN_BYTES = 1 << 20;

const NL = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
// Searched without their opening quote, which is checked after: a needle that
// starts with '"' — the commonest byte of JSON — makes Buffer.indexOf ~8× slower.
const FLAG_TAIL = Buffer.from('flag"');
const STEPS_TAIL = Buffer.from('steps"');
const STEPS_NAME = Buffer.from('steps');
const ID_NAME = Buffer.from('id');
const HANDLER_NAME = Buffer.from('handler');

const CHUNK = 1 << 20;

/** A cache that passed its hash but not its replay (written by a broken build?): start again without caches. */
class CacheBroken extends Error {}

export async function prescanJournals(paths: string[], options: PrescanOptions = {}): Promise<PrescanResult> {
  try {
    return scanAll(paths, options, false);
  } catch (error) {
    if (error instanceof CacheBroken) return scanAll(paths, options, true);
    throw error;
  }
}

function scanAll(paths: string[], options: PrescanOptions, rebuild: boolean): PrescanResult {
  const state = new PrescanState(options);
  // One buffer for the whole scan: the unfinished last line of a read is
  // moved to its front and the next read lands after it.
  const buffer = { bytes: Buffer.allocUnsafe(CHUNK) };
  for (const path of paths) scanJournal(path, state, options, rebuild, buffer);
  return state.result();
}

/** The findings of all journals, in the order one pass over them would make them. */
class PrescanState implements PrescanEvents {
  readonly flags: FlagStatusIndex;
  readonly wantSteps: boolean;
  private readonly wantFlags: boolean;
  private readonly order = new StepOrder();

  constructor(options: PrescanOptions) {
    this.wantSteps = options.steps ?? false;
    this.wantFlags = options.flags ?? true;
    this.flags = new FlagStatusIndex({ notes: options.notes ?? true });
  }

  step(key: string, previous: string | null): void {
    this.order.add(key, previous);
  }

  flag(flagId: string, time: number, status: FlagStatus, note: string | undefined): void {
    if (this.wantFlags) this.flags.recordAt(flagId, time, status, note);
  }

  result(): PrescanResult {
    return { flags: this.flags, stepKeys: this.order.keys() };
  }
}

/** Both: the state and the cache's log. */
const both = (a: PrescanEvents, b: PrescanEvents): PrescanEvents => ({
  step: (key, previous) => {
    a.step(key, previous);
    b.step(key, previous);
  },
  flag: (flagId, time, status, note) => {
    a.flag(flagId, time, status, note);
    b.flag(flagId, time, status, note);
  },
});

function scanJournal(path: string, state: PrescanState, options: PrescanOptions, rebuild: boolean, buffer: { bytes: Buffer }): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    // A missing journal is an empty one; the real pass says what else is wrong.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    const stats = fstatSync(fd);
    const cached = options.cache !== false && stats.isFile() && stats.size >= (options.cacheMinBytes ?? CACHE_MIN_BYTES);
    const scan = new Prescan(state, state.wantSteps || cached);
    let from = 0;
    let saved: OpenedCache | null = null;
    let log: LogWriter | null = null;
    try {
      if (cached && !rebuild) {
        saved = openCache(path);
        const fresh = saved ? cacheFreshness(saved.journal, fd, stats) : 'stale';
        if (saved && fresh !== 'stale') {
          if (!replayCache(saved, scan.replaying(), buffer)) throw new CacheBroken();
          if (fresh === 'fresh') return;
          from = saved.journal.size;
        } else if (saved) {
          closeCache(saved);
          saved = null;
        }
      }
      log = cached ? new LogWriter(path, saved, buffer) : null;
      if (log) scan.events = both(state, log);
      const end = scanLines(fd, from, scan, buffer);
      if (log && (end > from || saved === null)) log.commit(cacheIdentityOf(fd, fstatSync(fd), end));
    } finally {
      log?.discard();
      if (saved) closeCache(saved);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Scans the journal's lines from byte `from` to its end; returns the offset
 * just after the last complete line. A last line without its newline (a write
 * in progress, or torn) is scanned into the state only, never into the cache.
 */
function scanLines(fd: number, from: number, scan: Prescan, buffer: { bytes: Buffer }): number {
  let buf = buffer.bytes;
  let position = from;
  let kept = 0;
  let complete = from;
  for (;;) {
    if (kept === buf.length) {
      // A line longer than the buffer: make room.
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, kept);
      buf = buffer.bytes = bigger;
    }
    const bytesRead = readSync(fd, buf, kept, buf.length - kept, position);
    if (bytesRead === 0) break;
    position += bytesRead;
    const filled = kept + bytesRead;
    const end = buf.lastIndexOf(NL, filled - 1);
    if (end < 0) {
      kept = filled;
      continue;
    }
    scan.lines(buf, 0, end + 1);
    complete += end + 1;
    kept = filled - (end + 1);
    buf.copy(buf, 0, end + 1, filled);
  }
  if (kept > 0) {
    const last = Buffer.allocUnsafe(kept + 1);
    buf.copy(last, 0, 0, kept);
    last[kept] = NL;
    scan.events = scan.state;
    scan.lines(last, 0, kept + 1);
  }
  return complete;
}

/** Exposed for tests: scans complete lines held in memory. */
export function prescanText(text: string, options: PrescanOptions = {}): PrescanResult {
  const state = new PrescanState(options);
  const buf = Buffer.from(text.endsWith('\n') ? text : `${text}\n`);
  new Prescan(state, state.wantSteps).lines(buf, 0, buf.length);
  return state.result();
}

/** Each line of buf[from, to) that holds the quoted name ending in `tail`, as [start, end). */
function linesWith(buf: Buffer, tail: Buffer, from: number, to: number, visit: (start: number, end: number) => void): void {
  let i = from;
  while ((i = findQuoted(buf, tail, i, to)) >= 0) {
    const start = buf.lastIndexOf(NL, i) + 1;
    let end = buf.indexOf(NL, i);
    if (end < 0 || end > to) end = to;
    visit(start, end);
    i = end + 1;
  }
}

/** The next `"name"` (its opening quote's index) in buf[from, to), found by its tail; -1 when none. */
function findQuoted(buf: Buffer, tail: Buffer, from: number, to: number): number {
  let i = from + 1;
  while ((i = buf.indexOf(tail, i)) >= 0 && i < to) {
    if (buf[i - 1] === QUOTE) return i - 1;
    i += tail.length;
  }
  return -1;
}

/** One journal's scanner: step keys are reported the first time this journal shows them. */
class Prescan {
  events: PrescanEvents;
  private readonly known = new Set<string>();
  private readonly names = new NameCache();

  constructor(
    readonly state: PrescanState,
    private readonly wantSteps: boolean,
  ) {
    this.events = state;
  }

  /** Where a cache's log goes: the state, and this journal's known keys. */
  replaying(): PrescanEvents {
    return {
      step: (key, previous) => {
        this.known.add(key);
        this.state.step(key, previous);
      },
      flag: (flagId, time, status, note) => this.state.flag(flagId, time, status, note),
    };
  }

  /** A step key of a call, after `previous` in it; returns the key. */
  private step(key: string, previous: string | null): string {
    if (!this.known.has(key)) {
      this.known.add(key);
      this.events.step(key, previous);
    }
    return key;
  }

  /** Scans buf[from, to), which ends with a newline. */
  lines(buf: Buffer, from: number, to: number): void {
    // Flag changes: find each `"flag"` and parse the one line around it.
    linesWith(buf, FLAG_TAIL, from, to, (start, end) => {
      try {
        const value: unknown = JSON.parse(buf.toString('utf8', start, end));
        if (validateEntry(value) === null)
          flagChanges(value as Record<string, unknown>, (flagId, update) => this.events.flag(flagId, Date.parse(update.at), update.status, update.note));
      } catch {
        // damaged: the real pass reports it
      }
    });
    if (!this.wantSteps) return;
    // Step keys: lines with a `"steps"` somewhere are walked for the
    // top-level key (a client's extra field may be called "steps" too).
    linesWith(buf, STEPS_TAIL, from, to, (start, end) => this.topLevelSteps(buf, start, end));
  }

  /** Finds the top-level `"steps"` key of the object on buf[start, end). */
  private topLevelSteps(buf: Buffer, start: number, end: number): void {
    let depth = 0;
    for (let i = start; i < end; i++) {
      const c = buf[i]!;
      if (c === QUOTE) {
        const close = stringEnd(buf, i + 1, end);
        if (close < 0) return;
        if (depth === 1 && isName(buf, i + 1, close, STEPS_NAME)) {
          const after = skipSpace(buf, close + 1, end);
          if (buf[after] === 0x3a /* : */) {
            this.stepsArray(buf, close + 1, end);
            return;
          }
        }
        i = close;
      } else if (c === 0x5b || c === 0x7b) depth++;
      else if (c === 0x5d || c === 0x7d) depth--;
    }
  }

  /** Walks `: [ {…}, … ]` from `at`, collecting each object's `id` and `handler`. */
  private stepsArray(buf: Buffer, at: number, end: number): void {
    let i = skipSpace(buf, at, end);
    if (buf[i] !== 0x3a /* : */) return;
    i = skipSpace(buf, i + 1, end);
    if (buf[i] !== 0x5b /* [ */) return;
    let depth = 0;
    let key: string | null = null;
    let id: string | undefined;
    let handler: string | undefined;
    let previous: string | null = null;
    for (; i < end; i++) {
      const c = buf[i]!;
      if (c === QUOTE) {
        const close = stringEnd(buf, i + 1, end);
        if (close < 0) return;
        if (depth === 2) {
          const after = skipSpace(buf, close + 1, end);
          if (buf[after] === 0x3a) {
            // Only `id` and `handler` matter: compared as bytes; only a key
            // written with escapes (e.g. "\u0069d") is decoded.
            key = isName(buf, i + 1, close, ID_NAME) ? 'id' : isName(buf, i + 1, close, HANDLER_NAME) ? 'handler' : hasBackslash(buf, i + 1, close) ? decode(buf, i + 1, close) : null;
            i = after;
            continue;
          }
          if (key === 'id') id = this.names.decode(buf, i + 1, close);
          else if (key === 'handler') handler = this.names.decode(buf, i + 1, close);
          key = null;
        }
        i = close;
      } else if (c === 0x5b || c === 0x7b) {
        depth++;
        if (depth === 2 && c === 0x7b) id = handler = undefined;
      } else if (c === 0x5d || c === 0x7d) {
        if (depth === 2 && c === 0x7d && id !== undefined) previous = this.step(handler ? `${handler}.${id}` : id, previous);
        depth--;
        if (depth === 0) return;
      } else if (depth === 2 && c === 0x2c /* , */) {
        key = null;
      }
    }
  }
}

/** (Byte by byte: Buffer#compare's argument checks cost more than comparing a short key.) */
function isName(buf: Buffer, start: number, end: number, name: Buffer): boolean {
  if (end - start !== name.length) return false;
  for (let k = 0; k < name.length; k++) if (buf[start + k] !== name[k]) return false;
  return true;
}

/** (A key is short: a loop, not indexOf, which would search on past `end`.) */
function hasBackslash(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf[i] === BACKSLASH) return true;
  return false;
}

function skipSpace(buf: Buffer, i: number, end: number): number {
  while (i < end && (buf[i] === 0x20 || buf[i] === 0x09 || buf[i] === 0x0d)) i++;
  return i;
}

/** Index of the quote that closes a JSON string whose body starts at `i`
 * (native indexOf jumps over the text; a quote after an odd run of
 * backslashes is escaped). */
function stringEnd(buf: Buffer, i: number, end: number): number {
  let q = buf.indexOf(QUOTE, i);
  while (q >= 0 && q < end) {
    let k = q - 1;
    while (k >= i && buf[k] === BACKSLASH) k--;
    if ((q - 1 - k) % 2 === 0) return q;
    q = buf.indexOf(QUOTE, q + 1);
  }
  return -1;
}

/**
 * Step ids and handlers, decoded once: a journal repeats a few dozen names a
 * million times, and a toString per name was a fifth of the scan. Found by a
 * hash of the bytes and checked byte by byte, so never the wrong name.
 */
class NameCache {
  private readonly names = new Map<number, { bytes: Buffer; text: string }>();

  decode(buf: Buffer, start: number, end: number): string {
    if (end - start > 64) return decode(buf, start, end);
    const h = fnv1a(buf, undefined, start, end);
    const known = this.names.get(h);
    if (known && known.bytes.length === end - start) {
      let same = true;
      for (let k = 0; k < known.bytes.length; k++) {
        if (known.bytes[k] !== buf[start + k]) {
          same = false;
          break;
        }
      }
      if (same) return known.text;
    }
    const text = decode(buf, start, end);
    // Bounded: a journal of ever-new names just decodes them.
    if (this.names.size < 4096) this.names.set(h, { bytes: Buffer.from(buf.subarray(start, end)), text });
    return text;
  }
}

function decode(buf: Buffer, start: number, end: number): string {
  const raw = buf.toString('utf8', start, end);
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}
