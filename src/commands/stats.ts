// `followup stats`: where calls go wrong — outcomes, the step funnel, flags by
// owner, gaps, next calls. Terminal tables or --json (docs/export.md).
import type { Context } from '../context.js';
import { parseFilter, type FilterFlags } from '../export/options.js';
import { startProgress, wantsSpinner } from '../export/progress.js';
import { journalStats } from '../export/run-stats.js';
import { renderStats, type StatsView } from '../export/stats-render.js';
import { zoneClock } from '../export/zone.js';
import { translator } from '../i18n/catalog.js';
import { exportMessages } from '../i18n/messages/export.js';
import { formatDamage } from '../journal/index.js';

export interface StatsOptions extends Pick<FilterFlags, 'from' | 'to'> {
  by?: StatsView;
  json?: boolean;
}

export async function run(ctx: Context, options: StatsOptions): Promise<number> {
  const t = translator(exportMessages, ctx.lang);
  const now = ctx.now();
  const filter = parseFilter({ from: options.from, to: options.to }, { now, clock: zoneClock(ctx.timeZone), lang: ctx.lang });
  // The tables go to the same terminal as a spinner would: it shows only while reading.
  const progress = await startProgress(ctx.io, wantsSpinner(ctx.io, { json: options.json, dataToStdout: false }), t('progress.reading', { count: 0 }));
  let result;
  try {
    result = await journalStats({
      journals: ctx.journals,
      filter,
      timeZone: ctx.timeZone,
      now,
      onProgress: (count) => progress.update(t('progress.reading', { count })),
    });
  } finally {
    progress.stop();
  }
  if (result.damage.length > 0) ctx.io.err(formatDamage(result.damage, ctx.lang));
  if (options.json) ctx.io.out(`${JSON.stringify(result.stats, null, 2)}\n`);
  else ctx.io.out(renderStats(result.stats, { lang: ctx.lang, color: ctx.io.color, by: options.by }));
  return 0;
}
