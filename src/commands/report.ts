// `followup report -o report.html`: the stats as a self-contained HTML page
// with charts, written 0600 (it names clients and salespeople).
import type { Context } from '../context.js';
import type { FilterFlags } from '../export/options.js';
import { fileOutput, OutputError } from '../export/output.js';
import { renderReport } from '../export/report-html.js';
import { statsForCommand } from '../export/run-stats.js';
import { translator } from '../i18n/catalog.js';
import { exportMessages } from '../i18n/messages/export.js';
import { formatDamage } from '../journal/index.js';
import { safeText } from '../terminal/safe-text.js';

export interface ReportOptions extends Pick<FilterFlags, 'from' | 'to'> {
  output: string;
}

export async function run(ctx: Context, options: ReportOptions): Promise<number> {
  const t = translator(exportMessages, ctx.lang);
  const { stats, damage } = await statsForCommand(ctx, options);
  const output = await fileOutput(options.output, (message) => new OutputError(t('error.write', { file: safeText(options.output), message }), { hint: t('error.writeHint') }));
  try {
    await output.sink.write(renderReport(stats, { lang: ctx.lang, timeZone: ctx.timeZone, now: ctx.now() }));
    await output.finish();
  } catch (error) {
    await output.abort();
    throw error;
  }
  if (damage.length > 0) ctx.io.err(formatDamage(damage, ctx.lang));
  ctx.io.err(`${t('done.report', { file: safeText(options.output), count: stats.calls })}\n`);
  return 0;
}
