// What every renderer shares: colours decided once (none on a pipe or with
// --no-color), the call clock as m:ss, rules that fill the line, and wrapping
// with a hanging indent. All pure: strings in, strings out.
import { Chalk, type ChalkInstance } from 'chalk';
import { wrapAnsi } from 'fast-wrap-ansi';
import type { Lang } from '../../i18n/catalog.js';
import { plainOf, textWidth } from './text-width.js';

export interface RenderOptions {
  lang: Lang;
  timeZone: string;
  color: boolean;
  /** Terminal width; lines are wrapped to it (capped at MAX_WIDTH for reading). */
  columns: number;
}

/** Long lines are hard to read aloud from: the call screen stops at 100 columns. */
export const MAX_WIDTH = 100;

/** A command's rendering options: its language, zone and terminal. */
export function renderOptions(ctx: { lang: Lang; timeZone: string; io: { color: boolean; columns: number } }): RenderOptions {
  return { lang: ctx.lang, timeZone: ctx.timeZone, color: ctx.io.color, columns: ctx.io.columns };
}

export function makeChalk(color: boolean): ChalkInstance {
  return new Chalk({ level: color ? 1 : 0 });
}

export function width(options: Pick<RenderOptions, 'columns'>): number {
  return Math.max(40, Math.min(options.columns || 80, MAX_WIDTH));
}

export { textWidth };

/** wrapAnsi(text, columns, hard + trim), without the library for one short plain line. */
export function wrapText(text: string, columns: number): string {
  if (!text.includes('\n')) {
    const { plain, width } = plainOf(text);
    if (width !== undefined && width <= columns && plain === plain.trim()) return text;
  }
  return wrapAnsi(text, columns, { hard: true, trim: true });
}

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
  const body = wrapText(text, Math.max(20, lineWidth - labelWidth));
  const paintText = paint.text ?? ((s: string) => s);
  return body
    .split('\n')
    .map((line, i) => (i === 0 ? `${(paint.label ?? ((s: string) => s))(label.padEnd(labelWidth))}${paintText(line)}` : `${indent}${paintText(line)}`))
    .join('\n');
}

/** Plain wrapping with an indent for every line. */
export function wrapIndented(text: string, indent: number, lineWidth: number): string {
  const pad = ' '.repeat(indent);
  return wrapText(text, Math.max(20, lineWidth - indent))
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
