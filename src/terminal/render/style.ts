// What every renderer shares: colours decided once (none on a pipe or with
// --no-color), the call clock as m:ss, rules that fill the line, and wrapping
// with a hanging indent. All pure: strings in, strings out.
import { Chalk, type ChalkInstance } from 'chalk';
import stringWidth from 'fast-string-width';
import { wrapAnsi } from 'fast-wrap-ansi';
import type { Lang } from '../../i18n/catalog.js';

export interface RenderOptions {
  lang: Lang;
  timeZone: string;
  color: boolean;
  /** Terminal width; lines are wrapped to it (capped at MAX_WIDTH for reading). */
  columns: number;
}

/** Long lines are hard to read aloud from: the call screen stops at 100 columns. */
export const MAX_WIDTH = 100;

export function makeChalk(color: boolean): ChalkInstance {
  return new Chalk({ level: color ? 1 : 0 });
}

export function width(options: Pick<RenderOptions, 'columns'>): number {
  return Math.max(40, Math.min(options.columns || 80, MAX_WIDTH));
}

export const textWidth = (text: string): number => stringWidth(text);

/** 171 → "2:51"; an hour and more → "1:02:03". */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** `── title ──────── right` across the line. */
export function rule(title: string, right: string, lineWidth: number, paint: { title?: (s: string) => string; right?: (s: string) => string; line?: (s: string) => string } = {}): string {
  const id = (s: string) => s;
  const line = paint.line ?? id;
  const tail = right ? ` ${right}` : '';
  title = truncate(title, Math.max(10, lineWidth - textWidth(tail) - 8));
  const left = `── ${title} `;
  const fill = Math.max(3, lineWidth - textWidth(left) - textWidth(tail));
  return `${line('── ')}${(paint.title ?? id)(title)} ${line('─'.repeat(fill))}${right ? ` ${(paint.right ?? id)(right)}` : ''}`;
}

/** Wraps `text` to the width with the first line after `label` (padded to
 * `labelWidth`) and the rest indented under it. */
export function labelled(label: string, labelWidth: number, text: string, lineWidth: number, paint: { label?: (s: string) => string; text?: (s: string) => string } = {}): string {
  const indent = ' '.repeat(labelWidth);
  const body = wrapAnsi(text, Math.max(20, lineWidth - labelWidth), { hard: true, trim: true });
  const paintText = paint.text ?? ((s: string) => s);
  return body
    .split('\n')
    .map((line, i) => (i === 0 ? `${(paint.label ?? ((s: string) => s))(label.padEnd(labelWidth))}${paintText(line)}` : `${indent}${paintText(line)}`))
    .join('\n');
}

/** Plain wrapping with an indent for every line. */
export function wrapIndented(text: string, indent: number, lineWidth: number): string {
  const pad = ' '.repeat(indent);
  return wrapAnsi(text, Math.max(20, lineWidth - indent), { hard: true, trim: true })
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
}

/** Pads to a display width (wide characters count double). */
export function padDisplay(text: string, size: number): string {
  return text + ' '.repeat(Math.max(0, size - textWidth(text)));
}

/** Cuts to a display width with an ellipsis. */
export function truncate(text: string, size: number): string {
  if (textWidth(text) <= size) return text;
  let out = '';
  for (const ch of text) {
    if (textWidth(out + ch) > size - 1) break;
    out += ch;
  }
  return `${out}…`;
}

/** A table of plain cells: columns as wide as their widest cell; when the
 * line is too short the widest of the leading columns give way first, and
 * the last column wraps. */
export function table(header: string[], rows: string[][], lineWidth: number, paint: { header?: (s: string) => string } = {}): string {
  const cols = header.length;
  const widths = header.map((h, i) => Math.max(textWidth(h), ...rows.map((r) => textWidth(r[i] ?? ''))));
  const gap = 2;
  const lastMin = Math.min(widths[cols - 1]!, 24);
  const total = () => widths.slice(0, -1).reduce((a, b) => a + b + gap, 0) + lastMin;
  while (total() > lineWidth) {
    let widest = 0;
    for (let i = 1; i < cols - 1; i++) if (widths[i]! > widths[widest]!) widest = i;
    if (widths[widest]! <= 10) break;
    widths[widest]! -= 1;
  }
  const used = widths.slice(0, -1).reduce((a, b) => a + b + gap, 0);
  const lastWidth = Math.max(lastMin, lineWidth - used, 10);
  const render = (cells: string[]) => {
    const last = wrapAnsi(cells[cols - 1] ?? '', lastWidth, { hard: true, trim: true }).split('\n');
    const first = cells.slice(0, -1).map((c, i) => padDisplay(truncate(c, widths[i]!), widths[i]!));
    const pad = ' '.repeat(used);
    return last.map((l, i) => (i === 0 ? [...first, l].join(' '.repeat(gap)) : pad + l).trimEnd()).join('\n');
  };
  const head = render(header);
  return [paint.header ? paint.header(head) : head, ...rows.map(render)].join('\n');
}
