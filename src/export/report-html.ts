// `followup report`: the stats as one self-contained HTML page — inline CSS,
// inline SVG, no script, no fonts or images to fetch — that opens offline
// and prints cleanly (A4, charts kept whole, no backgrounds wasted).
import type { Lang } from '../i18n/catalog.js';
import { translator } from '../i18n/catalog.js';
import { formatDate } from '../i18n/dates.js';
import { exportMessages } from '../i18n/messages/export.js';
import { OUTCOMES } from '../journal/types.js';
import { durationText } from './run-export.js';
import type { Stats } from './stats.js';
import { percent } from './stats-render.js';
import { barRows, columnChart, donut, escapeHtml } from './svg.js';

export interface ReportOptions {
  lang: Lang;
  timeZone: string;
  now: Date;
}

const CSS = `
:root{--ink:#1d2433;--muted:#667085;--line:#e4e7ec;--bg:#f6f7f9;--card:#fff;--c1:#2f6fed;--c2:#9db8f6;--ok:#1f9d6a;--warn:#e0a100;--bad:#d64545;--soft:#cfd6e4}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:980px;margin:0 auto;padding:28px 20px 48px}
header h1{margin:0 0 4px;font-size:26px}
header p{margin:0;color:var(--muted)}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:12px;margin:22px 0}
.kpi{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 14px}
.kpi b{display:block;font-size:24px}
.kpi span{color:var(--muted);font-size:13px}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 18px;margin:14px 0;break-inside:avoid}
section h2{margin:0 0 4px;font-size:18px}
section p.note{margin:0 0 8px;color:var(--muted);font-size:13px}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:14px}
.grid2 section{margin:0}
@media (max-width:760px){.grid2{grid-template-columns:1fr}}
svg.chart{max-width:100%;height:auto;display:block}
svg.donut{width:180px;margin:6px auto}
svg text{fill:var(--ink);font-size:12px}
svg text.axis{fill:var(--muted);font-size:11px}
svg text.note{fill:var(--muted)}
svg text.big{font-size:26px;font-weight:600}
svg text.small{fill:var(--muted);font-size:11px}
svg .grid{stroke:var(--line)}
svg .bar{fill:var(--c1)}
svg .seg.answered,svg .seg.completed{fill:var(--c1)}
svg .seg.reached{fill:var(--c2)}
svg .seg.skipped,svg .seg.open{fill:var(--warn)}
svg .seg.overdue{fill:var(--bad)}
svg .seg.resolved{fill:var(--ok)}
svg .seg.other{fill:var(--soft)}
svg circle.arc.ontime{stroke:var(--ok)}
svg circle.arc.late{stroke:var(--warn)}
svg circle.arc.missed{stroke:var(--bad)}
svg circle.track{stroke:var(--line)}
.legend{display:flex;flex-wrap:wrap;gap:14px;margin:6px 0 0;padding:0;list-style:none;color:var(--muted);font-size:13px}
.legend i{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:5px;vertical-align:-1px}
.legend .reached{background:var(--c2)}.legend .answered{background:var(--c1)}.legend .skipped,.legend .open,.legend .late{background:var(--warn)}
.legend .overdue,.legend .missed{background:var(--bad)}.legend .resolved,.legend .ontime{background:var(--ok)}.legend .pending{background:var(--line)}
table{border-collapse:collapse;width:100%;font-size:14px}
table.owners{margin-top:12px;font-size:13px}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line)}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.empty{color:var(--muted)}
footer{color:var(--muted);font-size:12px;margin-top:24px}
@media print{
  @page{size:A4;margin:14mm}
  body{background:#fff;font-size:12px}
  main{max-width:none;padding:0}
  section,.kpi{border-color:#bbb;box-shadow:none}
  .grid2{grid-template-columns:1fr 1fr}
  section{break-inside:avoid;page-break-inside:avoid}
  h2{break-after:avoid}
}
`;

export function renderReport(stats: Stats, options: ReportOptions): string {
  const t = translator(exportMessages, options.lang);
  const pct = (v: number | null) => percent(v, options.lang);
  const day = (d: string) => formatDate(d, 'day', options.lang, options.timeZone);
  const range = stats.from || stats.to ? t('stats.range', { from: stats.from ? day(stats.from) : '…', to: stats.to ? day(stats.to) : '…' }) : t('stats.allTime');
  const legend = (items: [string, string][]) =>
    `<ul class="legend">${items.map(([cls, label]) => `<li><i class="${cls}"></i>${escapeHtml(label)}</li>`).join('')}</ul>`;
  const n = stats.nextCalls;

  const kpis: [string, string][] = [
    [String(stats.calls), t('report.kpiCalls')],
    [pct(stats.calls > 0 ? stats.byOutcome.completed / stats.calls : null), t('report.kpiCompleted')],
    [pct(n.agreedShare), t('report.kpiAgreed')],
    [pct(n.onTimeShare), t('report.kpiOnTime')],
    [String(stats.flags.open), t('report.kpiOpenFlags')],
    [stats.avgDurationSec === null ? '–' : durationText(stats.avgDurationSec), t('report.kpiAvg')],
  ];

  const sections: string[] = [];
  if (stats.calls === 0) {
    sections.push(`<section><p class="empty">${escapeHtml(t('report.noData'))}</p></section>`);
  } else {
    sections.push(
      `<section id="per-day"><h2>${escapeHtml(t('report.perDay'))}</h2>${columnChart(
        everyDay(stats.perDay).map((d) => ({ label: shortDay(d.day, options.lang), value: d.calls, title: `${day(d.day)}: ${d.calls}` })),
        { label: t('report.perDay'), width: 900 },
      )}</section>`,
    );
    const mainSteps = stats.steps.filter((s) => !s.step.includes('.'));
    const funnelMax = Math.max(1, ...mainSteps.map((s) => s.reached));
    sections.push(
      `<section id="funnel"><h2>${escapeHtml(t('report.funnel'))}</h2><p class="note">${escapeHtml(t('report.funnelNote'))}</p>${barRows(
        stats.steps.map((s) => ({
          label: s.step,
          segments: [
            { value: s.answered, className: 'answered', label: t('report.legendAnswered') },
            { value: s.skipped, className: 'skipped', label: t('report.legendSkipped') },
            { value: s.reached - s.answered - s.skipped, className: 'reached', label: t('report.legendReached') },
          ],
          note: `${s.reached}${s.ended > 0 ? ` · ${t('report.legendEnded')} ${s.ended}` : ''}`,
        })),
        { label: t('report.funnel'), max: funnelMax, width: 900 },
      )}${legend([
        ['answered', t('report.legendAnswered')],
        ['skipped', t('report.legendSkipped')],
        ['reached', t('report.legendReached')],
      ])}</section>`,
    );
    const outcomes = OUTCOMES.filter((o) => stats.byOutcome[o] > 0);
    const flagsChart =
      stats.flags.byOwner.length > 0
        ? `${barRows(
            stats.flags.byOwner.map((o) => ({
              label: o.owner,
              segments: [
                { value: o.resolved, className: 'resolved', label: t('report.legendResolved') },
                { value: o.open - o.overdue, className: 'open', label: t('report.legendOpen') },
                { value: o.overdue, className: 'overdue', label: t('report.legendOverdue') },
              ],
              note: String(o.opened),
            })),
            { label: t('report.flagsByOwner'), width: 430 },
          )}${legend([
            ['resolved', t('report.legendResolved')],
            ['open', t('report.legendOpen')],
            ['overdue', t('report.legendOverdue')],
          ])}<table class="owners"><thead><tr><th>${escapeHtml(t('th.owner'))}</th>${['th.opened', 'th.resolved', 'th.open', 'th.overdue']
            .map((k) => `<th class="n">${escapeHtml(t(k as 'th.opened'))}</th>`)
            .join('')}</tr></thead><tbody>${stats.flags.byOwner
            .map((o) => `<tr><td>${escapeHtml(o.owner)}</td><td class="n">${o.opened}</td><td class="n">${o.resolved}</td><td class="n">${o.open}</td><td class="n">${o.overdue}</td></tr>`)
            .join('')}</tbody></table>`
        : `<p class="empty">–</p>`;
    sections.push(
      `<div class="grid2"><section id="flags"><h2>${escapeHtml(t('report.flagsByOwner'))}</h2>${flagsChart}</section>` +
        `<section id="on-time"><h2>${escapeHtml(t('report.nextCalls'))}</h2>${donut(
          [
            { value: n.onTime, className: 'ontime', label: t('report.onTimeLabel') },
            { value: n.late, className: 'late', label: t('report.late') },
            { value: n.missed, className: 'missed', label: t('report.missed') },
          ],
          { center: pct(n.onTimeShare), caption: t('report.onTimeLabel'), label: t('report.kpiOnTime') },
        )}${legend([
          ['ontime', `${t('report.onTimeLabel')} ${n.onTime}`],
          ['late', `${t('report.late')} ${n.late}`],
          ['missed', `${t('report.missed')} ${n.missed}`],
          ['pending', `${t('report.pending')} ${n.pending}`],
        ])}<p class="note">${escapeHtml(t('stats.agreedLine', { agreed: n.agreed, scheduled: n.scheduled, share: pct(n.agreedShare) }))}<br>${escapeHtml(t('stats.onTimeDef'))}</p></section></div>`,
    );
    sections.push(
      `<section id="outcomes"><h2>${escapeHtml(t('report.outcomes'))}</h2>${barRows(
        outcomes.map((o) => ({
          label: t(`outcome.${o}` as 'outcome.completed'),
          segments: [{ value: stats.byOutcome[o], className: o === 'completed' ? 'completed' : 'other', label: t(`outcome.${o}` as 'outcome.completed') }],
          note: `${stats.byOutcome[o]} · ${pct(stats.byOutcome[o] / stats.calls)}`,
        })),
        { label: t('report.outcomes'), width: 900 },
      )}</section>`,
    );
    const people = stats.bySalesperson
      .map(
        (p) =>
          `<tr><td>${escapeHtml(p.name)}</td><td class="n">${p.calls}</td><td class="n">${p.byOutcome.completed}</td><td class="n">${p.avgDurationSec === null ? '–' : durationText(p.avgDurationSec)}</td><td class="n">${pct(p.nextCalls > 0 ? p.agreed / p.nextCalls : null)}</td><td class="n">${pct(p.onTime + p.late + p.missed > 0 ? p.onTime / (p.onTime + p.late + p.missed) : null)}</td><td class="n">${p.flagsRaised}</td></tr>`,
      )
      .join('');
    sections.push(
      `<section id="salespeople"><h2>${escapeHtml(t('report.salespeople'))}</h2><table><thead><tr><th>${escapeHtml(t('th.salesperson'))}</th>${[
        'th.calls', 'th.completed', 'th.avg', 'th.agreed', 'th.onTime', 'th.flags',
      ].map((k) => `<th class="n">${escapeHtml(t(k as 'th.calls'))}</th>`).join('')}</tr></thead><tbody>${people}</tbody></table></section>`,
    );
    if (stats.gaps.length > 0) {
      const rows = stats.gaps
        .flatMap((g) => g.groups.slice(0, 8).map((x, i) => `<tr><td>${i === 0 ? escapeHtml(g.step) : ''}</td><td>${escapeHtml(x.text)}</td><td class="n">${x.count}</td></tr>`))
        .join('');
      sections.push(
        `<section id="gaps"><h2>${escapeHtml(t('report.gaps'))}</h2><table><thead><tr><th>${escapeHtml(t('th.step'))}</th><th>${escapeHtml(t('th.said'))}</th><th class="n">${escapeHtml(t('th.times'))}</th></tr></thead><tbody>${rows}</tbody></table></section>`,
      );
    }
  }

  const generated = formatDate(options.now, 'dayTime', options.lang, options.timeZone);
  return `<!doctype html>
<html lang="${options.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(t('report.title'))}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header><h1>${escapeHtml(t('report.title'))}</h1><p>${escapeHtml(t('report.period', { range }))} · ${escapeHtml(t('report.generated', { when: generated }))}</p></header>
<div class="kpis">${kpis.map(([value, label]) => `<div class="kpi"><b>${escapeHtml(value)}</b><span>${escapeHtml(label)}</span></div>`).join('')}</div>
${sections.join('\n')}
<footer>followup · ${escapeHtml(t('stats.onTimeDef'))}</footer>
</main>
</body>
</html>
`;
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function shortDay(day: string, lang: Lang): string {
  const [, m, d] = day.split('-').map(Number) as [number, number, number];
  return lang === 'ru' ? `${String(d).padStart(2, '0')}.${String(m).padStart(2, '0')}` : `${d} ${MONTHS_EN[m - 1]}`;
}

/** The days between the first and the last with calls, quiet days as zero
 * (an honest time axis); very long spans keep only the days with calls. */
export function everyDay(perDay: { day: string; calls: number }[]): { day: string; calls: number }[] {
  if (perDay.length < 2) return perDay;
  const first = Date.parse(`${perDay[0]!.day}T00:00:00Z`);
  const last = Date.parse(`${perDay.at(-1)!.day}T00:00:00Z`);
  const span = Math.round((last - first) / 86_400_000) + 1;
  if (span > 400) return perDay;
  const counts = new Map(perDay.map((d) => [d.day, d.calls]));
  return Array.from({ length: span }, (_, i) => {
    const day = new Date(first + i * 86_400_000).toISOString().slice(0, 10);
    return { day, calls: counts.get(day) ?? 0 };
  });
}
