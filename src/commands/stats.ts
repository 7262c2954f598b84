// `followup stats`: where calls go wrong — outcomes, the step funnel, flags by
// owner, gaps, next calls. Terminal tables or --json (docs/export.md).
import type { Context } from '../context.js';
import type { FilterFlags } from '../export/options.js';
import { statsForCommand } from '../export/run-stats.js';
import { renderStats, type StatsView } from '../export/stats-render.js';
import { formatDamage } from '../journal/index.js';

export interface StatsOptions extends Pick<FilterFlags, 'from' | 'to'> {
  by?: StatsView;
  json?: boolean;
}

export async function run(ctx: Context, options: StatsOptions): Promise<number> {
  const { stats, damage } = await statsForCommand(ctx, options);
  if (damage.length > 0) ctx.io.err(formatDamage(damage, ctx.lang));
  if (options.json) ctx.io.out(`${JSON.stringify(stats, null, 2)}\n`);
  else ctx.io.out(renderStats(stats, { lang: ctx.lang, color: ctx.io.color, by: options.by }));
  return 0;
}
