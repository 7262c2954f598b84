// The stats of journal files: the prescan for flag changes, then one pass
// folding every call (calls outside the filter still settle next calls).
import type { Context } from '../context.js';
import { translator } from '../i18n/catalog.js';
import { exportMessages } from '../i18n/messages/export.js';
import type { Damage } from '../journal/index.js';
import { parseFilter } from './options.js';
import { startProgress, wantsSpinner } from './progress.js';
import type { CallFilter } from './filter.js';
import { callMatcher } from './filter.js';
import { prescanJournals } from './prescan.js';
import { eachEntry, type StreamJournal } from './source.js';
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
  const { flags } = await prescanJournals(request.journals, { notes: false }); // stats read statuses only
  const matcher = callMatcher(request.filter, clock, flags);
  const damage: Damage[] = [];
  const fold = new StatsFold({ matcher, flags, today: clock.day(request.now.getTime()), from: request.filter.from, to: request.filter.to });
  // One callback a line (no async generator chain: a promise per entry).
  await eachEntry(request.journals, { stream: request.stream, onDamage: (d) => damage.push(d), onProgress: request.onProgress }, (entry) => {
    if (entry.type === 'call') fold.add(entry);
  });
  return { stats: fold.result(), damage };
}

/** What `stats` and `report` share: the filter from --from/--to, the
 * spinner while reading (when it can't mix with data), the figures. */
export async function statsForCommand(
  ctx: Context,
  flags: { from?: string; to?: string; json?: boolean },
): Promise<{ stats: Stats; damage: Damage[] }> {
  const t = translator(exportMessages, ctx.lang);
  const now = ctx.now();
  const filter = parseFilter({ from: flags.from, to: flags.to }, { now, clock: zoneClock(ctx.timeZone), lang: ctx.lang });
  const progress = await startProgress(ctx.io, wantsSpinner(ctx.io, { json: flags.json, dataToStdout: false }), t('progress.reading', { count: 0 }));
  try {
    return await journalStats({
      journals: ctx.journals,
      filter,
      timeZone: ctx.timeZone,
      now,
      onProgress: (count) => progress.update(t('progress.reading', { count })),
    });
  } finally {
    progress.stop();
  }
}
