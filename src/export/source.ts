// The entries of one or several journals as one stream with flat memory.
// One journal: file order. Several (a team's): a k-way merge by `at`, so the
// output reads in time order when each journal does, and each entry once —
// that needs the set of ids seen (~100 bytes an entry), the one thing that
// grows with the journal; a single journal needs nothing.
import { forEachJournalItem, streamJournal, type Damage, type JournalItem } from '../journal/index.js';
import type { JournalEntry } from '../journal/types.js';
import { forEachByteEntry } from './byte-reader.js';

export type StreamJournal = (file: string) => AsyncIterable<JournalItem>;

export interface SourceOptions {
  /** D's streamJournal; tests may pass another. */
  stream?: StreamJournal;
  /** Called for every damaged line (the command reports them once, at the end). */
  onDamage?: (damage: Damage) => void;
  /** Called every `progressEvery` entries with the count read so far. */
  onProgress?: (entriesRead: number) => void;
  progressEvery?: number;
  /** eachEntry, one journal, no `stream`: entries with byte strings (byte-strings.ts). */
  bytes?: boolean;
}

export async function* journalEntries(paths: string[], options: SourceOptions = {}): AsyncGenerator<JournalEntry> {
  const stream = options.stream ?? ((file: string) => streamJournal(file));
  const every = options.progressEvery ?? 2000;
  let read = 0;
  const counted = (entry: JournalEntry) => {
    read++;
    if (options.onProgress && read % every === 0) options.onProgress(read);
    return entry;
  };
  if (paths.length === 1) {
    for await (const item of stream(paths[0]!)) {
      if (item.damage) options.onDamage?.(item.damage);
      else if (item.entry) yield counted(item.entry);
    }
  } else {
    const seen = new Set<string>();
    for await (const entry of mergeByTime(paths.map((p) => stream(p)), options.onDamage)) {
      if (seen.has(entry.id)) continue;
      seen.add(entry.id);
      yield counted(entry);
    }
  }
  options.onProgress?.(read);
}

/** The same entries as journalEntries, handed to a callback with the line
 * they were read from (one journal): one loop instead
 * of a chain of async generators (each costs a promise per entry — a tenth of
 * a big export's time). `visit` may return a promise to pause reading (for one
 * journal, awaited at the end of the chunk being read: the output's writes
 * wait for a full pipe chunk by chunk). */
export async function eachEntry(
  paths: string[],
  options: SourceOptions,
  visit: (entry: JournalEntry, line: number) => void | Promise<void>,
): Promise<void> {
  if (paths.length !== 1) {
    // (Several journals: no line numbers; 0.)
    for await (const entry of journalEntries(paths, options)) {
      const pending = visit(entry, 0);
      if (pending) await pending;
    }
    return;
  }
  const every = options.progressEvery ?? 2000;
  const onProgress = options.onProgress;
  let read = 0;
  const take = (item: JournalItem): void | Promise<void> => {
    if (item.entry) {
      read++;
      if (onProgress && read % every === 0) onProgress(read);
      return visit(item.entry, item.line);
    }
    if (item.damage) options.onDamage?.(item.damage);
  };
  if (options.stream) {
    for await (const item of options.stream(paths[0]!)) {
      const pending = take(item);
      if (pending) await pending;
    }
  } else {
    // Each line handed over as it is parsed (see forEachJournalItem).
    if (options.bytes) await forEachByteEntry(paths[0]!, take);
    else await forEachJournalItem(paths[0]!, take);
  }
  onProgress?.(read);
}

interface Head {
  iterator: AsyncIterator<JournalItem>;
  entry: JournalEntry;
  time: number;
  order: number;
}

/** Merges streams by `at` (ties: the earlier journal first). */
async function* mergeByTime(streams: AsyncIterable<JournalItem>[], onDamage?: (d: Damage) => void): AsyncGenerator<JournalEntry> {
  const heads: Head[] = [];
  async function advance(iterator: AsyncIterator<JournalItem>, order: number): Promise<Head | null> {
    for (;;) {
      const next = await iterator.next();
      if (next.done) return null;
      if (next.value.damage) onDamage?.(next.value.damage);
      else if (next.value.entry) {
        const time = Date.parse(next.value.entry.at);
        return { iterator, entry: next.value.entry, time: Number.isNaN(time) ? 0 : time, order };
      }
    }
  }
  const iterators = streams.map((s) => s[Symbol.asyncIterator]());
  try {
    for (let i = 0; i < iterators.length; i++) {
      const head = await advance(iterators[i]!, i);
      if (head) heads.push(head);
    }
    while (heads.length > 0) {
      let best = 0;
      for (let i = 1; i < heads.length; i++) {
        const h = heads[i]!;
        const b = heads[best]!;
        if (h.time < b.time || (h.time === b.time && h.order < b.order)) best = i;
      }
      const head = heads[best]!;
      yield head.entry;
      const next = await advance(head.iterator, head.order);
      if (next) heads[best] = next;
      else heads.splice(best, 1);
    }
  } finally {
    await Promise.all(iterators.map((it) => it.return?.()));
  }
}

/** Only call entries (flag updates are folded in by the prescan). */
export async function* callsOnly(entries: AsyncIterable<JournalEntry>): AsyncGenerator<import('../journal/types.js').CallEntry> {
  for await (const entry of entries) if (entry.type === 'call') yield entry;
}
