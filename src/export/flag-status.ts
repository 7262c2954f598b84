// The current status of every flag that was changed after it was raised.
// Flags are raised inside call entries; later `flag` entries (and calls that
// review earlier flags) change their status. Only the changes are kept here —
// a few bytes per changed flag — so an export can show today's status while
// it streams the calls once.
import type { CallEntry, FlagRecord, FlagStatus, JournalEntry } from '../journal/types.js';
import { growFloat64, IdTable } from './id-table.js';

export interface FlagUpdate {
  status: FlagStatus;
  note?: string;
  at: string;
}

export interface FlagStatusOptions {
  /** Keep resolution notes (CSV flag rows, Markdown); off, a flag costs a time and a bit. */
  notes?: boolean;
}

/** What a CSV call row and the --open-flags filter need: how many of a call's flags are open today. */
export interface OpenFlagCounter {
  /** `real`: the call's strings are byte strings (byte-strings.ts). */
  openFlagCount(call: CallEntry, real?: (text: string) => string): number;
}

export class FlagStatusIndex implements OpenFlagCounter {
  // Compact on purpose: a million-call journal changes ~150,000 flags, and an
  // object per change ({status, note, at}: ~300 bytes), then a Map of times
  // and a Set of the open (~100 bytes a flag) were most of what made a big
  // export's memory grow. Now: ids numbered in an IdTable, and by number the
  // standing change's time and whether it left the flag open.
  private readonly ids = new IdTable();
  /** Time (ms) of the change that stands; NaN when its `at` is unreadable. */
  private times: Float64Array = new Float64Array(256);
  /** 1 when the standing change left the flag open. */
  private open = new Uint8Array(256);
  /** The note that stands (a change without a note keeps the last one). */
  private readonly notes: Map<number, string> | null;

  constructor(options: FlagStatusOptions = {}) {
    this.notes = options.notes === false ? null : new Map();
  }

  /** Later changes win; entries with equal times apply in reading order. */
  record(flagId: string, update: FlagUpdate): void {
    this.recordAt(flagId, Date.parse(update.at), update.status, update.note);
  }

  /** record() with the change's time already parsed (NaN when unreadable). */
  recordAt(flagId: string, time: number, status: FlagStatus, note: string | undefined): void {
    let n = this.ids.get(flagId);
    // Compared as instants: '…00Z' and '…00.000Z' are the same moment.
    if (n >= 0 && time < this.times[n]!) return;
    if (n < 0) {
      n = this.ids.add(flagId);
      if (n >= this.times.length) {
        this.times = growFloat64(this.times, n + 1);
        const open = new Uint8Array(this.times.length);
        open.set(this.open);
        this.open = open;
      }
    }
    this.times[n] = time;
    this.open[n] = status === 'open' ? 1 : 0;
    // As the journal's fold does: a change without a note keeps the last note.
    if (this.notes && note !== undefined) this.notes.set(n, note);
  }

  /** Learns the changes an entry carries (a `flag` entry or a call's reviewed flags). */
  learn(entry: JournalEntry | Record<string, unknown>): void {
    flagChanges(entry, (flagId, update) => this.record(flagId, update));
  }

  /** The flag as it stands now (`note` only when notes are kept). */
  current(flag: FlagRecord): { status: FlagStatus; note?: string } {
    const n = this.numberOf(flag.id);
    if (n < 0) return { status: flag.status, note: flag.note };
    return { status: this.open[n] === 1 ? 'open' : 'resolved', note: this.notes?.get(n) ?? flag.note };
  }

  isOpen(flag: FlagRecord): boolean {
    return this.isOpenId(flag.id, flag.status);
  }

  /** Is the flag with this id open now, if it was raised with `raised`? */
  isOpenId(id: string, raised: FlagStatus): boolean {
    const n = this.numberOf(id);
    return n >= 0 ? this.open[n] === 1 : raised === 'open';
  }

  /** Open today (true/false) when the flag was changed after it was raised; undefined when not. */
  openNow(id: string): boolean | undefined {
    const n = this.ids.get(id);
    return n < 0 ? undefined : this.open[n] === 1;
  }

  openFlagCount(call: CallEntry, real?: (text: string) => string): number {
    return openFlagCount(call, this, real);
  }

  get size(): number {
    return this.ids.size;
  }

  /** (A damaged journal may hold an id that is not a string: never a changed flag.) */
  private numberOf(id: unknown): number {
    return typeof id === 'string' ? this.ids.get(id) : -1;
  }
}

/** The flag changes an entry carries (a `flag` entry or a call's reviewed flags), in order. */
export function flagChanges(entry: JournalEntry | Record<string, unknown>, change: (flagId: string, update: FlagUpdate) => void): void {
  const e = entry as Partial<JournalEntry> & { reviewedFlags?: CallEntry['reviewedFlags'] };
  if (e.type === 'flag' && typeof e.flag === 'string' && (e.status === 'open' || e.status === 'resolved')) {
    change(e.flag, { status: e.status, note: typeof e.note === 'string' ? e.note : undefined, at: String(e.at ?? '') });
  } else if (e.type === 'call' && Array.isArray(e.reviewedFlags)) {
    for (const r of e.reviewedFlags) {
      if (r && typeof r.flag === 'string' && (r.status === 'open' || r.status === 'resolved'))
        change(r.flag, { status: r.status, note: r.note, at: String(e.at ?? '') });
    }
  }
}

/** How many of a call's flags are open now (`real`: the call's strings are byte strings, see byte-strings.ts). */
export function openFlagCount(call: CallEntry, flags: FlagStatusIndex, real?: (text: string) => string): number {
  let open = 0;
  for (const f of call.flags ?? []) if (flags.isOpenId(real && typeof f.id === 'string' ? real(f.id) : f.id, f.status)) open++;
  return open;
}
