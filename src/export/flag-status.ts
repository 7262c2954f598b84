// The current status of every flag that was changed after it was raised.
// Flags are raised inside call entries; later `flag` entries (and calls that
// review earlier flags) change their status. Only the changes are kept here —
// a few bytes per changed flag — so an export can show today's status while
// it streams the calls once.
import type { CallEntry, FlagRecord, FlagStatus, JournalEntry } from '../journal/types.js';

export interface FlagUpdate {
  status: FlagStatus;
  note?: string;
  at: string;
}

export class FlagStatusIndex {
  private readonly updates = new Map<string, FlagUpdate>();

  /** Later changes win; entries with equal times apply in reading order. */
  record(flagId: string, update: FlagUpdate): void {
    const known = this.updates.get(flagId);
    // Compared as instants: '…00Z' and '…00.000Z' are the same moment.
    if (!known) this.updates.set(flagId, update);
    else if (!(Date.parse(update.at) < Date.parse(known.at)))
      // As the journal's fold does: a change without a note keeps the last note.
      this.updates.set(flagId, update.note === undefined && known.note !== undefined ? { ...update, note: known.note } : update);
  }

  /** Learns the changes an entry carries (a `flag` entry or a call's reviewed flags). */
  learn(entry: JournalEntry | Record<string, unknown>): void {
    const e = entry as Partial<JournalEntry> & { reviewedFlags?: CallEntry['reviewedFlags'] };
    if (e.type === 'flag' && typeof e.flag === 'string' && (e.status === 'open' || e.status === 'resolved')) {
      this.record(e.flag, { status: e.status, note: typeof e.note === 'string' ? e.note : undefined, at: String(e.at ?? '') });
    } else if (e.type === 'call' && Array.isArray(e.reviewedFlags)) {
      for (const r of e.reviewedFlags) {
        if (r && typeof r.flag === 'string' && (r.status === 'open' || r.status === 'resolved'))
          this.record(r.flag, { status: r.status, note: r.note, at: String(e.at ?? '') });
      }
    }
  }

  /** The flag as it stands now. */
  current(flag: FlagRecord): { status: FlagStatus; note?: string } {
    const update = this.updates.get(flag.id);
    if (!update) return { status: flag.status, note: flag.note };
    return { status: update.status, note: update.note ?? flag.note };
  }

  isOpen(flag: FlagRecord): boolean {
    return this.current(flag).status === 'open';
  }

  get size(): number {
    return this.updates.size;
  }
}

/** How many of a call's flags are open now. */
export function openFlagCount(call: CallEntry, flags: FlagStatusIndex): number {
  let open = 0;
  for (const f of call.flags ?? []) if (flags.isOpen(f)) open++;
  return open;
}
