// `followup report -o report.html`: the stats as a self-contained HTML page
// with charts, written 0600 (it names clients and salespeople).
import type { Context } from '../context.js';
import { parseFilter, type FilterFlags } from '../export/options.js';
import { fileOutput, OutputError } from '../export/output.js';
import { startProgress, wantsSpinner } from '../export/progress.js';
import { renderReport } from '../export/report-html.js';
import { journalStats } from '../export/run-stats.js';
import { zoneClock } from '../export/zone.js';
import { translator } from '../i18n/catalog.js';
import { exportMessages } from '../i18n/messages/export.js';
import { formatDamage } from '../journal/index.js';
import { safeText } from '../terminal/safe-text.js';

export interface ReportOptions extends Pick<FilterFlags, 'from' | 'to'> {
  output: string;
}

export async function run(ctx: Context, options: ReportOptions): Promise<number> {
  const t = translator(exportMessages, ctx.lang);
  const now = ctx.now();
  const filter = parseFilter({ from: options.from, to: options.to }, { now, clock: zoneClock(ctx.timeZone), lang: ctx.lang });
  const progress = await startProgress(ctx.io, wantsSpinner(ctx.io, { dataToStdout: false }), t('progress.reading', { count: 0 }));
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
  const output = await fileOutput(options.output, (message) => new OutputError(t('error.write', { file: safeText(options.output), message }), { hint: t('error.writeHint') }));
  try {
    await output.sink.write(renderReport(result.stats, { lang: ctx.lang, timeZone: ctx.timeZone, now }));
    await output.finish();
  } catch (error) {
    await output.abort();
    throw error;
  }
  if (result.damage.length > 0) ctx.io.err(formatDamage(result.damage, ctx.lang));
  ctx.io.err(`${t('done.report', { file: safeText(options.output), count: result.stats.calls })}\n`);
  return 0;
}
