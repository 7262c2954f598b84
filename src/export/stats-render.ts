// `followup stats` on a terminal: plain tables, numbers right-aligned, every
// name through safeText (a client's or salesperson's name can't drive the
// terminal). Returns a string; the command prints it.
import { Chalk } from 'chalk';
import stringWidth from 'fast-string-width';
import type { Lang } from '../i18n/catalog.js';
import { translator } from '../i18n/catalog.js';
import { exportMessages } from '../i18n/messages/export.js';
import { OUTCOMES } from '../journal/types.js';
import { safeText } from '../terminal/safe-text.js';
import { durationText } from './run-export.js';
import type { Stats } from './stats.js';

export type StatsView = 'step' | 'salesperson' | 'script';

export interface RenderStatsOptions {
  lang: Lang;
  color: boolean;
  /** One table only; all of them when absent. */
  by?: StatsView;
  /** Lines of grouped gaps shown per step. */
  gapsPerStep?: number;
}

type Cell = string | number | null;
type Align = 'left' | 'right';

function pad(text: string, width: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, width - stringWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

/** A table: header, rule, rows; the first column left-aligned, the rest right. */
export function table(header: string[], rows: Cell[][], style: { dim: (s: string) => string; bold: (s: string) => string }): string {
  const text = rows.map((r) => r.map((c) => (c === null ? '–' : String(c))));
  const widths = header.map((h, i) => Math.max(stringWidth(h), ...text.map((r) => stringWidth(r[i] ?? ''))));
  const align = (i: number): Align => (i === 0 ? 'left' : 'right');
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i]!, align(i))).join('  ').trimEnd();
  return [
    style.bold(line(header)),
    style.dim(widths.map((w) => '─'.repeat(w)).join('  ')),
    ...text.map(line),
  ].join('\n');
}

export function percent(value: number | null, lang: Lang): string {
  if (value === null) return '–';
  return new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', { style: 'percent', maximumFractionDigits: 0 }).format(value);
}

export function renderStats(stats: Stats, options: RenderStatsOptions): string {
  const t = translator(exportMessages, options.lang);
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const style = { dim: chalk.dim, bold: chalk.bold };
  const pct = (v: number | null) => percent(v, options.lang);
  const dur = (s: number | null) => (s === null ? null : durationText(s));
  const out: string[] = [];
  const section = (title: string, body: string) => out.push(`${chalk.bold.underline(title)}\n${body}`);
  const range =
    stats.from || stats.to ? t('stats.range', { from: stats.from ?? '…', to: stats.to ?? '…' }) : t('stats.allTime');
  out.push(`${chalk.bold(t('stats.title', { count: stats.calls, calls: t('what.calls', { count: stats.calls }) }))} · ${range}`);
  if (stats.calls === 0) {
    out.push(t('stats.none'));
    return `${out.join('\n\n')}\n`;
  }
  const all = options.by === undefined;

  if (all) {
    const rows = OUTCOMES.filter((o) => stats.byOutcome[o] > 0).map((o) => [
      t(`outcome.${o}` as 'outcome.completed'),
      stats.byOutcome[o],
      pct(stats.byOutcome[o] / stats.calls),
    ]);
    section(t('stats.outcomes'), table([t('th.outcome'), t('th.calls'), t('th.share')], rows, style));
  }

  if (all || options.by === 'step') {
    const rows = stats.steps.map((s) => [safeText(s.step), s.reached, s.answered, s.skipped, s.ended]);
    section(t('stats.steps'), table([t('th.step'), t('th.reached'), t('th.answered'), t('th.skipped'), t('th.ended')], rows, style));
  }

  if (all || options.by === 'salesperson') {
    const rows = stats.bySalesperson.map((p) => [
      safeText(p.name),
      p.calls,
      p.byOutcome.completed,
      dur(p.avgDurationSec),
      pct(p.nextCalls > 0 ? p.agreed / p.nextCalls : null),
      pct(p.onTime + p.late + p.missed > 0 ? p.onTime / (p.onTime + p.late + p.missed) : null),
      p.flagsRaised,
    ]);
    section(
      t('stats.salespeople'),
      table([t('th.salesperson'), t('th.calls'), t('th.completed'), t('th.avg'), t('th.agreed'), t('th.onTime'), t('th.flags')], rows, style),
    );
  }

  if (all || options.by === 'script') {
    const rows = stats.byScript.map((s) => [
      safeText(s.id),
      safeText(s.version),
      s.calls,
      s.byOutcome.completed,
      s.calls - s.byOutcome.completed,
      dur(s.avgDurationSec),
    ]);
    section(t('stats.scripts'), table([t('th.script'), t('th.version'), t('th.calls'), t('th.completed'), t('th.endedEarly'), t('th.avg')], rows, style));
  }

  if (all) {
    if (stats.flags.byOwner.length > 0) {
      const rows: Cell[][] = stats.flags.byOwner.map((o) => [safeText(o.owner), o.opened, o.resolved, o.open, o.overdue]);
      if (stats.flags.byOwner.length > 1) rows.push([t('stats.total'), stats.flags.opened, stats.flags.resolved, stats.flags.open, stats.flags.overdue]);
      section(t('stats.flags'), table([t('th.owner'), t('th.opened'), t('th.resolved'), t('th.open'), t('th.overdue')], rows, style));
    }
    if (stats.gaps.length > 0) {
      const limit = options.gapsPerStep ?? 5;
      const lines: string[] = [];
      for (const gap of stats.gaps) {
        lines.push(`${chalk.bold(safeText(gap.step))} (${gap.total})`);
        for (const g of gap.groups.slice(0, limit)) lines.push(`  ${pad(String(g.count), 4, 'right')} × ${safeText(g.text)}`);
        const more = gap.groups.length - limit;
        if (more > 0) lines.push(chalk.dim(`       ${t('stats.more', { count: more })}`));
      }
      section(t('stats.gaps'), lines.join('\n'));
    }
    const n = stats.nextCalls;
    section(
      t('stats.nextCalls'),
      [
        t('stats.agreedLine', { agreed: n.agreed, scheduled: n.scheduled, share: pct(n.agreedShare) }),
        t('stats.onTimeLine', { onTime: n.onTime, due: n.onTime + n.late + n.missed, share: pct(n.onTimeShare), late: n.late, missed: n.missed, pending: n.pending }),
        chalk.dim(t('stats.onTimeDef')),
      ].join('\n'),
    );
  }
  return `${out.join('\n\n')}\n`;
}
