// `followup journal check [--repair] [--json]`: lists the damaged lines of
// every journal given (exit 3 when any is damaged); --repair moves them to a
// quarantine file beside each journal (exit 0 once repaired).
import type { Context } from '../context.js';
import { EXIT } from '../errors.js';
import { translator } from '../i18n/catalog.js';
import { journalMessages } from '../i18n/messages/journal.js';
import { safeText } from '../terminal/safe-text.js';
import { checkJournal, formatWarnings, quarantinePathFor, repairJournal, type CheckReport, type RepairReport } from '../journal/index.js';
import { reasonText } from '../journal/format.js';

export interface JournalCheckOptions {
  repair?: boolean;
  json?: boolean;
}

/** The line of a damaged journal line shown to the user, cut to fit. */
function preview(text: string, width = 60): string {
  const flat = safeText(text);
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

export async function run(ctx: Context, options: JournalCheckOptions): Promise<number> {
  const t = translator(journalMessages, ctx.lang);
  const reports: CheckReport[] = [];
  for (const file of ctx.journals) reports.push(await checkJournal(file, { lang: ctx.lang }));
  const repairs: RepairReport[] = [];
  if (options.repair) {
    for (const report of reports) {
      if (report.damage.length > 0) repairs.push(await repairJournal(report.file, { lang: ctx.lang, now: ctx.now }));
    }
  }
  const damaged = reports.some((r) => r.damage.length > 0);
  const code = damaged && !options.repair ? EXIT.journalDamaged : EXIT.ok;

  ctx.io.err(formatWarnings(reports.flatMap((r) => r.warnings), ctx.lang));
  if (options.json) {
    const journals = reports.map((r) => {
      const repaired = repairs.find((x) => x.file === r.file);
      return {
        file: r.file,
        exists: r.exists,
        lines: r.lines,
        entries: r.entries,
        damage: r.damage.map(({ line, reason, detail, text }) => ({ line, reason, ...(detail ? { detail } : {}), text })),
        quarantineFile: quarantinePathFor(r.file),
        readableByOthers: r.warnings.length > 0,
        ...(repaired ? { repaired: { quarantined: repaired.quarantined.length, kept: repaired.kept } } : {}),
      };
    });
    ctx.io.out(`${JSON.stringify({ damaged, repaired: Boolean(options.repair) && damaged, journals }, null, 2)}\n`);
    return code;
  }

  for (const report of reports) {
    const file = safeText(report.file);
    if (!report.exists) {
      ctx.io.out(`${t('check.missing', { file })}\n`);
      continue;
    }
    if (report.damage.length === 0) {
      ctx.io.out(`${t('check.clean.count', { file, count: report.entries })}\n`);
      continue;
    }
    const repaired = repairs.find((x) => x.file === report.file);
    const quarantine = safeText(quarantinePathFor(report.file));
    ctx.io.out(`${repaired ? t('check.repaired', { file, count: repaired.quarantined.length, quarantine }) : t('check.damaged', { file, count: report.damage.length })}\n`);
    for (const d of report.damage) ctx.io.out(`  ${d.line}: ${reasonText(d, ctx.lang)}\n      ${preview(d.text)}\n`);
    if (!repaired) ctx.io.err(`${t('check.repairHint', { quarantine })}\n`);
  }
  return code;
}
