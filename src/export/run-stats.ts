// The stats of journal files: the prescan for flag changes, then one pass
// folding every call (calls outside the filter still settle next calls).
import type { Damage } from '../journal/index.js';
import type { CallFilter } from './filter.js';
import { callMatcher } from './filter.js';
import { prescanJournals } from './prescan.js';
import { callsOnly, journalEntries, type StreamJournal } from './source.js';
import { StatsFold, type Stats } from './stats.js';
import { zoneClock } from './zone.js';

export interface StatsRequest {
  journals: string[];
  filter: CallFilter;
  timeZone: string;
  now: Date;
  stream?: StreamJournal;
  onProgress?: (entriesRead: number) => void;
}

export async function journalStats(request: StatsRequest): Promise<{ stats: Stats; damage: Damage[] }> {
  const clock = zoneClock(request.timeZone);
  const { flags } = await prescanJournals(request.journals);
  const matcher = callMatcher(request.filter, clock, flags);
  const damage: Damage[] = [];
  const fold = new StatsFold({ matcher, flags, today: clock.day(request.now.getTime()), from: request.filter.from, to: request.filter.to });
  const entries = journalEntries(request.journals, { stream: request.stream, onDamage: (d) => damage.push(d), onProgress: request.onProgress });
  for await (const call of callsOnly(entries)) fold.add(call);
  return { stats: fold.result(), damage };
}
