// The journal folded for its flags alone (`followup flags`, `flags resolve`).
// A full read keeps every entry whole: 2.7 GB of memory for a million calls.
// Flags need far less of a call — its id, time, client, salesperson, the flags
// it raised and reviewed — so each call is kept without the rest (steps,
// summary, notes, gaps), and its client record is shared with the client's
// previous call when the two are equal field by field. foldState never reads
// what is dropped, so the flags are exactly those of a full read
// (test/perf/flag-state.test.ts).
import { foldState, type JournalState } from './queries.js';
import { readJournals, type ReadOptions, type ReadResult } from './read.js';
import type { CallEntry, ClientInfo, JournalEntry } from './types.js';

/** Equal keys in the same order with identical values: sharing one changes no merge. */
function sameRecord(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  const other = Object.keys(b);
  if (keys.length !== other.length) return false;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key !== other[i] || a[key] !== b[key]) return false;
  }
  return true;
}

/** A keep() for the reader: calls slimmed to what a flags fold reads. */
export function flagFieldsOnly(): (entry: JournalEntry) => JournalEntry {
  const lastClient = new Map<string, ClientInfo>();
  const names = new Map<string, string>();
  return (entry) => {
    if (entry.type !== 'call') return entry;
    const call = entry as CallEntry;
    const previous = lastClient.get(call.client.id);
    const client = previous && sameRecord(previous as unknown as Record<string, unknown>, call.client as unknown as Record<string, unknown>) ? previous : call.client;
    lastClient.set(call.client.id, client);
    let salesperson = names.get(call.salesperson);
    if (salesperson === undefined) names.set(call.salesperson, (salesperson = call.salesperson));
    const slim = { v: call.v, type: call.type, id: call.id, at: call.at, client, salesperson } as CallEntry;
    if (call.flags?.length) slim.flags = call.flags;
    if (call.reviewedFlags?.length) slim.reviewedFlags = call.reviewedFlags;
    return slim;
  };
}

/** readJournals + foldState, for flag queries only (clients' calls are slimmed). */
export async function readFlagState(files: string[], options: ReadOptions = {}): Promise<Omit<ReadResult, 'entries'> & { state: JournalState }> {
  const { entries, ...rest } = await readJournals(files, { ...options, keep: flagFieldsOnly() });
  return { ...rest, state: foldState(entries) };
}
