// `followup export`: the journal as CSV, JSON, Markdown or a calendar, to
// stdout or a 0600 file. Streams; see src/export/ and docs/export.md.
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { translator } from '../i18n/catalog.js';
import { exportMessages } from '../i18n/messages/export.js';
import { formatDamage } from '../journal/index.js';
import { parseFilter, type FilterFlags } from '../export/options.js';
import { fileOutput, OutputClosed, OutputError, stdoutOutput } from '../export/output.js';
import { startProgress, wantsSpinner } from '../export/progress.js';
import { runExport, type ExportFormat } from '../export/run-export.js';
import { zoneClock } from '../export/zone.js';
import { safeText } from '../terminal/safe-text.js';

export interface ExportOptions extends FilterFlags {
  format?: ExportFormat;
  rows?: 'calls' | 'flags';
  excel?: boolean;
  output?: string;
}

export async function run(ctx: Context, options: ExportOptions): Promise<number> {
  const t = translator(exportMessages, ctx.lang);
  const format = options.format ?? 'csv';
  const rows = options.rows ?? 'calls';
  if (rows === 'flags' && format !== 'csv') throw new UsageError(t('error.rowsFormat'), { hint: t('error.rowsFormatHint') });
  if (options.excel && format !== 'csv') throw new UsageError(t('error.excelFormat'), { hint: t('error.rowsFormatHint') });
  const now = ctx.now();
  const clock = zoneClock(ctx.timeZone);
  const filter = parseFilter(options, { now, clock, lang: ctx.lang });

  const output = options.output
    ? await fileOutput(options.output, (message) => new OutputError(t('error.write', { file: safeText(options.output), message }), { hint: t('error.writeHint') }))
    : stdoutOutput(ctx.io);
  const progress = await startProgress(ctx.io, wantsSpinner(ctx.io, { dataToStdout: !options.output }), t('progress.reading', { count: 0 }));
  let result;
  try {
    result = await runExport(
      {
        journals: ctx.journals,
        format,
        rows,
        excel: options.excel,
        filter,
        lang: ctx.lang,
        timeZone: ctx.timeZone,
        now,
        remindAt: ctx.config.callHours?.from,
        onProgress: ({ read, written }) => progress.update(t('progress.writing', { count: read, written })),
      },
      output.sink,
    );
    await output.finish();
  } catch (error) {
    progress.stop();
    await output.abort();
    if (error instanceof OutputClosed) return 0; // the reader of our pipe has gone (| head)
    throw error;
  }
  progress.stop();
  if (result.damage.length > 0) ctx.io.err(formatDamage(result.damage, ctx.lang));
  if (options.output) {
    const what = t(`what.${result.what}`, { count: result.written });
    ctx.io.err(`${t('done.file', { file: safeText(options.output), count: result.written, what })}\n`);
  }
  return 0;
}
