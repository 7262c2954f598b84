// Small SVG charts for the HTML report, written here because the report must
// work offline as one file: a charting library would mean a CDN or a large
// inline bundle for four simple charts. Every text goes through escapeHtml.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (ch) => ENTITIES[ch]!);
}

const round = (n: number) => Math.round(n * 10) / 10;

export interface Bar {
  label: string;
  value: number;
  title?: string;
}

/** Vertical bars (calls per day), labels thinned out to fit. */
export function columnChart(bars: Bar[], options: { width?: number; height?: number; label: string }): string {
  const width = options.width ?? 720;
  const height = options.height ?? 220;
  const top = 16;
  const bottom = 34;
  const left = 36;
  const plotW = width - left - 8;
  const plotH = height - top - bottom;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const ticks = niceTicks(max);
  const step = plotW / Math.max(1, bars.length);
  const barW = Math.max(2, Math.min(40, step * 0.7));
  const labelEvery = Math.max(1, Math.ceil(bars.length / Math.floor(plotW / 56)));
  let svg = `<svg class="chart columns" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(options.label)}" xmlns="http://www.w3.org/2000/svg">`;
  for (const tick of ticks) {
    const y = round(top + plotH - (tick / ticks.at(-1)!) * plotH);
    svg += `<line class="grid" x1="${left}" x2="${width - 8}" y1="${y}" y2="${y}"/><text class="axis" x="${left - 6}" y="${y + 4}" text-anchor="end">${tick}</text>`;
  }
  const scale = ticks.at(-1)!;
  bars.forEach((bar, i) => {
    const h = round((bar.value / scale) * plotH);
    const x = round(left + i * step + (step - barW) / 2);
    svg += `<rect class="bar" x="${x}" y="${round(top + plotH - h)}" width="${round(barW)}" height="${h}"><title>${escapeHtml(bar.title ?? `${bar.label}: ${bar.value}`)}</title></rect>`;
    if (i % labelEvery === 0)
      svg += `<text class="axis" x="${round(x + barW / 2)}" y="${height - bottom + 16}" text-anchor="middle">${escapeHtml(bar.label)}</text>`;
  });
  return `${svg}</svg>`;
}

export interface Segment {
  value: number;
  className: string;
  label: string;
}

export interface StackedRow {
  label: string;
  segments: Segment[];
  /** Text at the end of the row. */
  note?: string;
}

/** Horizontal stacked bars (the funnel, flags by owner, outcomes). */
export function barRows(rows: StackedRow[], options: { width?: number; label: string; max?: number }): string {
  const width = options.width ?? 720;
  const rowH = 26;
  const labelW = Math.min(260, Math.max(90, ...rows.map((r) => r.label.length * 7.2 + 12)));
  const noteW = 110;
  const plotW = width - labelW - noteW;
  const max = Math.max(1, options.max ?? Math.max(...rows.map((r) => r.segments.reduce((n, s) => n + s.value, 0))));
  const height = rows.length * rowH + 8;
  let svg = `<svg class="chart rows" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(options.label)}" xmlns="http://www.w3.org/2000/svg">`;
  rows.forEach((row, i) => {
    const y = 4 + i * rowH;
    svg += `<text class="label" x="${labelW - 8}" y="${y + 17}" text-anchor="end">${escapeHtml(row.label)}</text>`;
    let x = labelW;
    for (const seg of row.segments) {
      if (seg.value <= 0) continue;
      const w = round((seg.value / max) * plotW);
      svg += `<rect class="seg ${escapeHtml(seg.className)}" x="${round(x)}" y="${y + 3}" width="${w}" height="${rowH - 8}"><title>${escapeHtml(`${row.label} — ${seg.label}: ${seg.value}`)}</title></rect>`;
      x += w;
    }
    if (row.note) svg += `<text class="note" x="${round(x + 6)}" y="${y + 17}">${escapeHtml(row.note)}</text>`;
  });
  return `${svg}</svg>`;
}

/** A ring of parts (on time / late / missed) with the main share in the middle. */
export function donut(parts: Segment[], options: { center: string; caption: string; label: string; size?: number }): string {
  const size = options.size ?? 180;
  const r = size / 2 - 14;
  const c = size / 2;
  const total = parts.reduce((n, p) => n + p.value, 0);
  const circumference = 2 * Math.PI * r;
  let svg = `<svg class="chart donut" viewBox="0 0 ${size} ${size}" width="${size}" height="${size}" role="img" aria-label="${escapeHtml(options.label)}" xmlns="http://www.w3.org/2000/svg">`;
  svg += `<circle class="track" cx="${c}" cy="${c}" r="${round(r)}" fill="none" stroke-width="22"/>`;
  let offset = 0;
  for (const part of parts) {
    if (total === 0 || part.value <= 0) continue;
    const length = (part.value / total) * circumference;
    svg += `<circle class="arc ${escapeHtml(part.className)}" cx="${c}" cy="${c}" r="${round(r)}" fill="none" stroke-width="22" stroke-dasharray="${round(length)} ${round(circumference - length)}" stroke-dashoffset="${round(-offset)}" transform="rotate(-90 ${c} ${c})"><title>${escapeHtml(`${part.label}: ${part.value}`)}</title></circle>`;
    offset += length;
  }
  svg += `<text class="big" x="${c}" y="${c + 6}" text-anchor="middle">${escapeHtml(options.center)}</text>`;
  svg += `<text class="small" x="${c}" y="${c + 26}" text-anchor="middle">${escapeHtml(options.caption)}</text>`;
  return `${svg}</svg>`;
}

/** 0, a round step, … up to at least max (the y axis). */
export function niceTicks(max: number): number[] {
  const raw = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(1, raw)));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let v = 0; v < max + step; v += step) {
    ticks.push(v);
    if (v >= max) break;
  }
  return ticks;
}
