// The journal folded for its flags alone (`followup flags`, `flags resolve`).
// A full read keeps every entry whole: 2.7 GB of memory for a million calls.
// A flags fold reads far less:
//  - of a call that raises or reviews no flag, only its client's details,
//    which foldState merges into the client's latest info (`{...info,
//    ...call.client}` in time order). When each client's calls come in time
//    order as read — a journal is appended in time order — that merge is done
//    here while reading, into one object per client, and the call is dropped;
//  - of the other calls, their id, time, salesperson and flags; their client
//    is the merged object (the client's first call kept) or a stub holding
//    the id alone, which merges as a no-op.
// A journal whose calls for some client are out of time order is read again
// keeping every call, slimmed (no steps, summary, notes, gaps). Either way
// foldState gives exactly the flags of a full read (test/perf/flag-state.test.ts).
import { foldState, type JournalState } from './queries.js';
import { readJournals, type ReadOptions, type ReadResult } from './read.js';
import type { CallEntry, ClientInfo, JournalEntry } from './types.js';

function slimCall(call: CallEntry, client: ClientInfo, salesperson: string): CallEntry {
  const slim = { v: call.v, type: call.type, id: call.id, at: call.at, client, salesperson } as CallEntry;
  if (call.flags?.length) slim.flags = call.flags;
  if (call.reviewedFlags?.length) slim.reviewedFlags = call.reviewedFlags;
  return slim;
}

const raisesOrReviews = (call: CallEntry) => (call.flags?.length ?? 0) > 0 || (call.reviewedFlags?.length ?? 0) > 0;

/** The reader's keep() that merges client details as it reads; `inOrder()` says whether that was exact. */
function mergingReader() {
  const merged = new Map<string, { info: ClientInfo; stub: ClientInfo; time: number; kept: boolean }>();
  const ids = new Set<string>();
  const names = new Map<string, string>();
  let duplicates = 0;
  let ordered = true;
  const keep = (entry: JournalEntry): JournalEntry | null => {
    // Duplicates are dropped here (the reader would drop them later, after their client was merged).
    if (ids.has(entry.id)) {
      duplicates++;
      return null;
    }
    ids.add(entry.id);
    if (entry.type !== 'call') return entry;
    const call = entry as CallEntry;
    const time = Date.parse(call.at);
    let client = merged.get(call.client.id);
    if (client && !(time >= client.time)) ordered = false;
    const first = !client;
    if (!client) merged.set(call.client.id, (client = { info: { ...call.client }, stub: { id: call.client.id } as ClientInfo, time, kept: false }));
    else {
      Object.assign(client.info, call.client);
      client.time = time;
    }
    if (!first && !raisesOrReviews(call)) return null;
    let salesperson = names.get(call.salesperson);
    if (salesperson === undefined) names.set(call.salesperson, (salesperson = call.salesperson));
    const carries = !client.kept;
    client.kept = true;
    return slimCall(call, carries ? client.info : client.stub, salesperson);
  };
  return { keep, inOrder: () => ordered, duplicates: () => duplicates };
}

/** Every call kept, slimmed; a client record equal to the client's previous one shared. */
function slimmingReader(): (entry: JournalEntry) => JournalEntry {
  const lastClient = new Map<string, ClientInfo>();
  const names = new Map<string, string>();
  return (entry) => {
    if (entry.type !== 'call') return entry;
    const call = entry as CallEntry;
    const previous = lastClient.get(call.client.id);
    const client = previous && sameRecord(previous, call.client) ? previous : call.client;
    lastClient.set(call.client.id, client);
    let salesperson = names.get(call.salesperson);
    if (salesperson === undefined) names.set(call.salesperson, (salesperson = call.salesperson));
    return slimCall(call, client, salesperson);
  };
}

/** Equal keys in the same order with identical values: sharing one changes no merge. */
function sameRecord(a: object, b: object): boolean {
  const keys = Object.keys(a);
  const other = Object.keys(b);
  if (keys.length !== other.length) return false;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key !== other[i] || (a as Record<string, unknown>)[key] !== (b as Record<string, unknown>)[key]) return false;
  }
  return true;
}

/** readJournals + foldState, for flag queries only. */
export async function readFlagState(files: string[], options: ReadOptions = {}): Promise<Omit<ReadResult, 'entries'> & { state: JournalState }> {
  const reader = mergingReader();
  const merging = await readJournals(files, { ...options, keep: reader.keep });
  if (reader.inOrder()) {
    const { entries, ...rest } = merging;
    return { ...rest, duplicates: reader.duplicates(), state: foldState(entries) };
  }
  const { entries, ...rest } = await readJournals(files, { ...options, keep: slimmingReader() });
  return { ...rest, state: foldState(entries) };
}
