// CSV (RFC 4180: CRLF line ends, fields with the separator, a quote, CR or LF
// quoted, quotes doubled) that spreadsheets can open safely.
//
// Hand-written rather than csv-stringify: measured on a 100,000-call journal
// (see docs/export.md), csv-stringify added ~95% to the JSON.parse floor and
// this writer ~30%, and issue #6 allows an export 1.3× the floor. The writer is
// tested against csv-parse, an independent RFC 4180 parser.
//
// Spreadsheet safety (OWASP "CSV injection"): a text cell that starts with
// = + - @ tab CR LF or the full-width ＝ ＋ － ＠ is prefixed with ' so no
// spreadsheet runs it as a formula. Number cells (durations, counts) are
// written as bare numbers and stay numbers.
import type { CallEntry, FlagRecord } from '../journal/types.js';
import type { FlagStatusIndex, OpenFlagCounter } from './flag-status.js';
import type { ZoneClock } from './zone.js';
import { realText, toBytes } from './byte-strings.js';

export interface CsvDialect {
  separator: ',' | ';';
  /** Excel: a UTF-8 BOM first, local date-times instead of ISO instants. */
  excel: boolean;
}

const TRIGGERS = new Set([0x3d, 0x2b, 0x2d, 0x40, 0x09, 0x0d, 0x0a, 0xff1d, 0xff0b, 0xff0d, 0xff20]);

/** True when a spreadsheet would treat the text as a formula. */
export function isFormulaTrigger(text: string): boolean {
  return text.length > 0 && TRIGGERS.has(text.charCodeAt(0));
}

const NEEDS_QUOTES_COMMA = /[",\r\n]/;
const NEEDS_QUOTES_SEMICOLON = /[";\r\n]/;
const QUOTES = /"/g;

/** A text cell: neutralised, then quoted when it must be. */
export function textCell(value: unknown, separator: ',' | ';' = ','): string {
  if (value === undefined || value === null || value === '') return '';
  let text = typeof value === 'string' ? value : String(value);
  if (TRIGGERS.has(text.charCodeAt(0))) text = `'${text}`;
  const needs = separator === ',' ? NEEDS_QUOTES_COMMA : NEEDS_QUOTES_SEMICOLON;
  return needs.test(text) ? `"${text.replace(QUOTES, '""')}"` : text;
}

// The full-width triggers as byte strings (byte-strings.ts): EF BC then 8B ＋, 8D －, 9D ＝ or A0 ＠.
const FULL_WIDTH_LAST = new Set([0x8b, 0x8d, 0x9d, 0xa0]);

/** textCell for a byte string: the same cell, as bytes. */
export function byteTextCell(value: unknown, separator: ',' | ';' = ','): string {
  if (value === undefined || value === null || value === '') return '';
  let text = typeof value === 'string' ? value : String(value);
  const first = text.charCodeAt(0);
  if (first < 0x80 ? TRIGGERS.has(first) : first === 0xef && text.charCodeAt(1) === 0xbc && FULL_WIDTH_LAST.has(text.charCodeAt(2))) text = `'${text}`;
  const needs = separator === ',' ? NEEDS_QUOTES_COMMA : NEEDS_QUOTES_SEMICOLON;
  return needs.test(text) ? `"${text.replace(QUOTES, '""')}"` : text;
}

/** A number cell: bare digits, never neutralised (a negative number stays a number). */
export function numberCell(value: unknown): string {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
}

export interface CallColumnsOptions {
  stepKeys: string[];
  dialect: CsvDialect;
  clock: ZoneClock;
  /** Today's open flags: the whole table, or the journal's flag file read alongside (flag-status-file.ts). */
  flags: OpenFlagCounter;
  /** Header labels (localised for Excel, stable snake_case otherwise). */
  header: (column: string) => string;
  /** yes / no in the output's language. */
  yesNo: (value: boolean) => string;
  /** Calls whose strings are byte strings, and a row written as one (byte-strings.ts). */
  bytes?: boolean;
}

export const CALL_COLUMNS_BEFORE_STEPS = [
  'id', 'at', 'client_id', 'client_name', 'phone', 'salesperson', 'script', 'script_version',
  'started', 'ended', 'duration_sec', 'outcome',
] as const;
export const CALL_COLUMNS_AFTER_STEPS = ['flags', 'open_flags', 'next_call', 'agreed', 'summary', 'notes'] as const;
export const FLAG_COLUMNS = [
  'flag_id', 'call_id', 'client_id', 'client_name', 'step', 'text', 'owner', 'promise', 'due', 'status', 'resolution_note',
] as const;

export function stepKeyOf(step: { id: string; handler?: string }): string {
  return step.handler ? `${step.handler}.${step.id}` : step.id;
}

const realTextCell = textCell;

/** Builds the writer of call rows: the header once, then one line per call. */
export function callRowWriter(options: CallColumnsOptions): { header: string; row: (call: CallEntry) => string } {
  const { dialect, clock, flags } = options;
  const sep = dialect.separator;
  const bytes = options.bytes ?? false;
  // Real text in, the output's kind of string out; and a journal string as real text where its meaning matters.
  const out = bytes ? toBytes : (text: string) => text;
  const real = bytes ? realText : undefined;
  const textCell = bytes ? byteTextCell : realTextCell;
  const stepIndex = new Map(options.stepKeys.map((k, i) => [out(k), i]));
  const time = dialect.excel ? (v: unknown) => (typeof v === 'string' ? clock.local(real ? real(v) : v) : '') : (v: unknown) => v;
  const yes = out(options.yesNo(true));
  const no = out(options.yesNo(false));
  const header = out([
    ...CALL_COLUMNS_BEFORE_STEPS.map(options.header),
    ...options.stepKeys.map((k) => `${options.header('answer')}${k}`),
    ...CALL_COLUMNS_AFTER_STEPS.map(options.header),
  ]
    .map((h) => textCell(h, sep))
    .join(sep));
  const answers: (string | undefined)[] = new Array(options.stepKeys.length);

  function row(call: CallEntry): string {
    answers.fill(undefined);
    let notes = typeof call.note === 'string' ? call.note : '';
    for (const step of call.steps ?? []) {
      const key = stepKeyOf(step);
      const at = stepIndex.get(key);
      if (at !== undefined && step.answer !== undefined && step.answer !== null && !step.skipped) {
        const answer = String(step.answer);
        answers[at] = answers[at] === undefined ? answer : `${answers[at]}; ${answer}`;
      }
      if (step.note) notes += `${notes ? '\n' : ''}${key}: ${step.note}`;
    }
    const client = call.client ?? ({} as CallEntry['client']);
    const next = call.nextCall;
    let line =
      textCell(call.id, sep) + sep +
      textCell(time(call.at), sep) + sep +
      textCell(client.id, sep) + sep +
      textCell(client.name, sep) + sep +
      textCell(client.phone, sep) + sep +
      textCell(call.salesperson, sep) + sep +
      textCell(call.script?.id, sep) + sep +
      textCell(call.script?.version, sep) + sep +
      textCell(time(call.startedAt), sep) + sep +
      textCell(time(call.endedAt), sep) + sep +
      numberCell(call.durationSec) + sep +
      textCell(call.outcome, sep);
    for (let i = 0; i < answers.length; i++) line += sep + textCell(answers[i], sep);
    line +=
      sep + numberCell(call.flags?.length ?? 0) +
      sep + numberCell(flags.openFlagCount(call, real)) +
      sep + textCell(next ? nextCallText(next, clock, real) : '', sep) +
      sep + (next ? textCell(next.agreed ? yes : no, sep) : '') +
      sep + textCell(call.summary, sep) +
      sep + textCell(notes, sep);
    return line;
  }
  return { header, row };
}

/** The next call's day, with its local time when one was set ('2026-12-08 15:30'). */
export function nextCallText(next: NonNullable<CallEntry['nextCall']>, clock: ZoneClock, real?: (text: string) => string): string {
  if (typeof next.at === 'string') {
    const at = real ? real(next.at) : next.at;
    if (!Number.isNaN(Date.parse(at))) return clock.local(at).slice(0, 16);
  }
  return next.date;
}

export interface FlagRowsOptions {
  dialect: CsvDialect;
  flags: FlagStatusIndex;
  header: (column: string) => string;
  status: (status: string) => string;
}

export function flagRowWriter(options: FlagRowsOptions): { header: string; rows: (call: CallEntry, only?: (f: FlagRecord) => boolean) => string } {
  const sep = options.dialect.separator;
  const header = FLAG_COLUMNS.map((c) => textCell(options.header(c), sep)).join(sep);
  function rows(call: CallEntry, only?: (f: FlagRecord) => boolean): string {
    let out = '';
    for (const flag of call.flags ?? []) {
      if (only && !only(flag)) continue;
      const now = options.flags.current(flag);
      out +=
        textCell(flag.id, sep) + sep +
        textCell(call.id, sep) + sep +
        textCell(call.client?.id, sep) + sep +
        textCell(call.client?.name, sep) + sep +
        textCell(flag.step, sep) + sep +
        textCell(flag.text, sep) + sep +
        textCell(flag.owner, sep) + sep +
        textCell(flag.promise, sep) + sep +
        textCell(flag.due, sep) + sep +
        textCell(options.status(now.status), sep) + sep +
        textCell(now.status === 'resolved' ? now.note : '', sep) +
        '\r\n';
    }
    return out;
  }
  return { header, rows };
}
