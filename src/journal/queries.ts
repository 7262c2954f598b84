// Pure queries over the journal's entries: the state of clients and flags is
// a fold over the entries (DESIGN.md). No I/O, no clock: "today" is a
// 'YYYY-MM-DD' passed in by the caller, computed in the user's time zone.
import { sortByTime } from './order.js';
import type { CallEntry, ClientInfo, Day, FlagRecord, FlagStatus, FlagUpdateEntry, Instant, JournalEntry, NextCall } from './types.js';
import { compareText, foldText } from '../i18n/text.js';

export interface FlagChange {
  at: Instant;
  status: FlagStatus;
  note?: string;
  /** The entry that changed it: a `flag` entry or a later call (reviewedFlags). */
  source: 'flag' | 'call';
  entryId: string;
}

export interface FlagState extends FlagRecord {
  clientId: string;
  /** The client as known now (latest info). */
  client: ClientInfo;
  /** The call that raised the flag. */
  callId: string;
  raisedAt: Instant;
  salesperson: string;
  /** Every later change, oldest first; status/note above are the latest. */
  changes: FlagChange[];
  /** When the status last changed (the raising call's time if never). */
  updatedAt: Instant;
}

export interface ClientState {
  id: string;
  /** Merged from every call; fields of the latest call win. */
  info: ClientInfo;
  /** Oldest first. */
  calls: CallEntry[];
  lastCall: CallEntry;
  /** The latest call's nextCall: null when it set none (e.g. wrong number). */
  nextCall: NextCall | null;
  /** Open flags of this client, by due date. */
  openFlags: FlagState[];
  /** Every flag of this client, oldest first. */
  flags: FlagState[];
}

export interface JournalState {
  clients: Map<string, ClientState>;
  flags: Map<string, FlagState>;
  /** Flag updates naming a flag no loaded call raised (e.g. its journal wasn't given). */
  orphanFlagUpdates: FlagUpdateEntry[];
}

export interface DueItem {
  clientId: string;
  client: ClientInfo;
  nextCall: NextCall;
  /** 'retry' for a call-back / no answer, 'next' for the script's next call. */
  reason: 'next' | 'retry';
  lastCall: CallEntry;
  openFlags: FlagState[];
  /** Days past the due date at `day` (0 when due that day; negative never returned). */
  overdueDays: number;
}

export interface DueOptions {
  /** The day asked about (usually today). */
  day: Day;
  /** Only calls due before `day`. */
  overdue?: boolean;
  /** Only calls due exactly on `day` (`due --on DATE`). */
  exact?: boolean;
}

export interface FlagQueueOptions {
  /** 'open' (default) or 'all'. */
  status?: 'open' | 'all';
  /** Only owners whose name contains this (case-, space- and ё-insensitive). */
  owner?: string;
  /** Only open flags due before `today`. */
  overdue?: boolean;
  today: Day;
}

export type FlagQueueItem = FlagState & { overdueDays: number };

const RETRY_OUTCOMES = new Set(['call-back', 'no-answer']);

/** Days from `from` to `to` ('YYYY-MM-DD'), e.g. dayDiff('2026-11-28', '2026-12-01') = 3. */
export function dayDiff(from: Day, to: Day): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}


const byDue = (a: FlagState, b: FlagState) => (a.due < b.due ? -1 : a.due > b.due ? 1 : Date.parse(a.raisedAt) - Date.parse(b.raisedAt));

/** Folds entries (any order; sorted by `at` here) into clients and flags.
 * Entries of unknown types are ignored. */
export function foldState(entries: readonly JournalEntry[]): JournalState {
  const clients = new Map<string, ClientState>();
  const flags = new Map<string, FlagState>();
  const changes: (FlagChange & { flag: string; entry: JournalEntry })[] = [];

  for (const entry of sortByTime(entries as JournalEntry[])) {
    if (entry.type === 'call') {
      const call = entry as CallEntry;
      const id = call.client.id;
      const existing = clients.get(id);
      const client: ClientState = existing ?? { id, info: call.client, calls: [], lastCall: call, nextCall: null, openFlags: [], flags: [] };
      client.info = existing ? { ...existing.info, ...call.client } : { ...call.client };
      client.calls.push(call);
      client.lastCall = call;
      client.nextCall = call.nextCall ?? null;
      clients.set(id, client);
      for (const record of call.flags ?? []) {
        if (flags.has(record.id)) continue;
        const flag: FlagState = {
          ...record,
          clientId: id,
          client: client.info,
          callId: call.id,
          raisedAt: call.at,
          salesperson: call.salesperson,
          changes: [],
          updatedAt: call.at,
        };
        flags.set(record.id, flag);
        client.flags.push(flag);
      }
      for (const review of call.reviewedFlags ?? []) {
        changes.push({ flag: review.flag, at: call.at, status: review.status, note: review.note, source: 'call', entryId: call.id, entry });
      }
    } else if (entry.type === 'flag') {
      const update = entry as FlagUpdateEntry;
      changes.push({ flag: update.flag, at: update.at, status: update.status, note: update.note, source: 'flag', entryId: update.id, entry });
    }
  }

  // Changes apply after every flag is known, in time order: a resolution in
  // a colleague's journal may carry a clock a little behind the call's.
  const orphanFlagUpdates: FlagUpdateEntry[] = [];
  for (const change of sortByTime(changes)) {
    const flag = flags.get(change.flag);
    if (!flag) {
      if (change.source === 'flag') orphanFlagUpdates.push(change.entry as FlagUpdateEntry);
      continue;
    }
    const { flag: _id, entry: _entry, ...record } = change;
    if (record.note === undefined) delete record.note;
    flag.changes.push(record);
    flag.status = change.status;
    if (change.note !== undefined) flag.note = change.note;
    flag.updatedAt = change.at;
  }

  for (const client of clients.values()) {
    for (const flag of client.flags) flag.client = client.info;
    client.openFlags = client.flags.filter((f) => f.status === 'open').sort(byDue);
  }
  return { clients, flags, orphanFlagUpdates };
}

/** Calls due by `day` (default: that day and overdue ones), by date then name. */
export function dueCalls(state: JournalState, options: DueOptions): DueItem[] {
  const items: DueItem[] = [];
  for (const client of state.clients.values()) {
    const next = client.nextCall;
    if (!next?.date) continue;
    const overdueDays = dayDiff(next.date, options.day);
    if (options.exact ? overdueDays !== 0 : options.overdue ? overdueDays <= 0 : overdueDays < 0) continue;
    items.push({
      clientId: client.id,
      client: client.info,
      nextCall: next,
      reason: next.kind === 'retry' || (next.kind === undefined && RETRY_OUTCOMES.has(client.lastCall.outcome)) ? 'retry' : 'next',
      lastCall: client.lastCall,
      openFlags: client.openFlags,
      overdueDays,
    });
  }
  return items.sort(
    (a, b) => (a.nextCall.date < b.nextCall.date ? -1 : a.nextCall.date > b.nextCall.date ? 1 : compareText(a.client.name, b.client.name)),
  );
}


/** Flags as a work queue: by due date (oldest first), then when raised. */
export function flagQueue(state: JournalState, options: FlagQueueOptions): FlagQueueItem[] {
  const owner = options.owner === undefined ? undefined : foldText(options.owner);
  const items: FlagQueueItem[] = [];
  for (const flag of state.flags.values()) {
    if ((options.status ?? 'open') === 'open' && flag.status !== 'open') continue;
    if (owner !== undefined && !foldText(flag.owner).includes(owner)) continue;
    const overdueDays = flag.status === 'open' ? Math.max(0, dayDiff(flag.due, options.today)) : 0;
    if (options.overdue && overdueDays === 0) continue;
    items.push({ ...flag, overdueDays });
  }
  return items.sort(byDue);
}

/** A client's calls, flags and next call. */
export function clientHistory(state: JournalState, clientId: string): ClientState | undefined {
  return state.clients.get(clientId);
}
