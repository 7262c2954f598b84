// The settings file on every command's start. Nearly every file is a few
// `key: value` lines as `followup config set` writes them; those are read here
// by a small reader for that subset of YAML and a hand-written check of the
// settings' shape, so a command's start-up loads neither the yaml parser
// (250 KB) nor zod (730 KB). Anything outside the subset or the shape — block
// lists, anchors, escapes, a wrong value to report with file:line:col — goes
// to the full loader (config.ts), which stays the reference: the tests prove
// that whatever the quick path accepts, the full loader reads the same.
// Hand-written because no YAML library is small; it only ever says "the
// same as yaml would" or "ask yaml".
import { readFileSync } from 'node:fs';
import type { Lang } from '../i18n/catalog.js';
import type { Config } from './config.js';

/** Not in the subset: the full loader decides. */
const ASK_YAML = Symbol('ask yaml');
type Read<T> = T | typeof ASK_YAML;

/** Characters the subset leaves to yaml: tabs, CR, controls, line separators, BOM, non-characters. */
// eslint-disable-next-line no-control-regex
const OUTSIDE = /[\t\r\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;
const ENTRY = /^( *)([A-Za-z][A-Za-z0-9_-]*):(?: +(.*))?$/;
const BLANK_OR_COMMENT = /^ *(?:#.*)?$/;
/** Keys the core schema reads as something other than a string. */
const SPECIAL_KEY = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE|[Nn]ull|NULL)$/;
/** Plain scalars the core schema resolves to null, booleans or numbers other than a plain decimal. */
const NOT_STRING = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
  /^[-+]?[0-9]+$/,
  /^0o[0-7]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
];
/** A plain scalar may not start with these (YAML indicators). */
const INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`]/;

/** A scalar from `at`; in a flow collection it stops at `,` `]` `}`. */
function scalar(text: string, at: number, flow: boolean): Read<[unknown, number]> {
  const quote = text[at];
  if (quote === '"') {
    const end = text.indexOf('"', at + 1);
    const content = text.slice(at + 1, end);
    if (end < 0 || content.includes('\\')) return ASK_YAML;
    return [content, end + 1];
  }
  if (quote === "'") {
    let i = at + 1;
    for (;;) {
      const end = text.indexOf("'", i);
      if (end < 0) return ASK_YAML;
      if (text[end + 1] !== "'") return [text.slice(at + 1, end).replaceAll("''", "'"), end + 1];
      i = end + 2;
    }
  }
  const stop = flow ? /[,\]}]| #/g : / #/g;
  stop.lastIndex = at;
  const end = stop.exec(text)?.index ?? text.length;
  const plain = text.slice(at, end).trimEnd();
  // `: ` (or a final `:`) would start a mapping; in a flow collection any `:` or `#` is yaml's call.
  if (plain === '' || INDICATOR.test(plain) || /[[\]{}]|:( |$)/.test(plain) || (flow && /[:#]/.test(plain))) return ASK_YAML;
  if (/^[0-9]+$/.test(plain)) return [Number(plain), end];
  if (NOT_STRING.some((pattern) => pattern.test(plain))) return ASK_YAML;
  return [plain, end];
}

const skipSpaces = (text: string, at: number) => {
  while (text[at] === ' ') at += 1;
  return at;
};

/** `[a, b]` or `{ k: v, … }` of scalars, from `at` (the bracket). */
function flowCollection(text: string, at: number): Read<[unknown, number]> {
  const isMap = text[at] === '{';
  const close = isMap ? '}' : ']';
  const items: unknown[] = [];
  const map: Record<string, unknown> = {};
  let i = skipSpaces(text, at + 1);
  if (text[i] === close) return [isMap ? map : items, i + 1];
  for (;;) {
    if (isMap) {
      const entry = /^([A-Za-z][A-Za-z0-9_-]*): +/.exec(text.slice(i));
      if (!entry || SPECIAL_KEY.test(entry[1]!) || Object.hasOwn(map, entry[1]!)) return ASK_YAML;
      i += entry[0].length;
      const value = scalar(text, i, true);
      if (value === ASK_YAML) return ASK_YAML;
      map[entry[1]!] = value[0];
      i = value[1];
    } else {
      const value = scalar(text, i, true);
      if (value === ASK_YAML) return ASK_YAML;
      items.push(value[0]);
      i = value[1];
    }
    i = skipSpaces(text, i);
    if (text[i] === close) return [isMap ? map : items, i + 1];
    if (text[i] !== ',') return ASK_YAML;
    i = skipSpaces(text, i + 1);
    if (text[i] === close || text[i] === ',') return ASK_YAML; // trailing or empty entries: yaml's call
  }
}

/** The value after `key: ` — a scalar or a one-line flow collection, then at most a comment. */
function entryValue(text: string): Read<unknown> {
  const read = text[0] === '[' || text[0] === '{' ? flowCollection(text, 0) : scalar(text, 0, false);
  if (read === ASK_YAML) return ASK_YAML;
  const rest = text.slice(read[1]);
  return rest === '' || /^ +(?:#.*)?$/.test(rest) ? read[0] : ASK_YAML;
}

const ITEM = /^( *)- +(.*)$/;

/**
 * The document as yaml's `toJS()` would give it ({} for an empty one, as
 * loadConfig reads it), or undefined when the text is outside the subset:
 * top-level `key: value` lines; under a `key:` of its own, one level of
 * indented `key: value` lines or of `- value` items; values that are plain,
 * 'single' or "double" (escape-free) quoted scalars or one-line flow
 * collections of them; comments.
 */
export function readSimpleYaml(text: string): Record<string, unknown> | undefined {
  if (OUTSIDE.test(text)) return undefined;
  const top: Record<string, unknown> = {};
  let section: { key: string; map?: Record<string, unknown>; list?: unknown[]; indent?: number } | undefined;
  const sectionEmpty = () => section !== undefined && section.map === undefined && section.list === undefined;
  for (const line of text.split('\n')) {
    if (BLANK_OR_COMMENT.test(line)) continue;
    const item = ITEM.exec(line);
    if (item) {
      // `- value` under `key:` — at the key's own indent (0) or deeper, the same for every item.
      if (!section || section.map || (section.indent !== undefined && section.indent !== item[1]!.length)) return undefined;
      section.indent = item[1]!.length;
      const value = entryValue(item[2]!);
      if (value === ASK_YAML) return undefined;
      (section.list ??= []).push(value);
      top[section.key] = section.list;
      continue;
    }
    const entry = ENTRY.exec(line);
    if (!entry) return undefined;
    const [, indent, key, rest = ''] = entry as unknown as [string, string, string, string | undefined];
    if (SPECIAL_KEY.test(key)) return undefined;
    if (indent === '') {
      if (sectionEmpty()) return undefined; // `key:` alone is null
      section = undefined;
      if (Object.hasOwn(top, key)) return undefined;
      if (BLANK_OR_COMMENT.test(rest)) {
        section = { key };
        continue;
      }
      const value = entryValue(rest);
      if (value === ASK_YAML) return undefined;
      top[key] = value;
      continue;
    }
    if (!section || section.list || (section.indent !== undefined && section.indent !== indent.length)) return undefined;
    section.indent = indent.length;
    section.map ??= {};
    top[section.key] = section.map;
    if (Object.hasOwn(section.map, key) || BLANK_OR_COMMENT.test(rest)) return undefined;
    const value = entryValue(rest);
    if (value === ASK_YAML) return undefined;
    section.map[key] = value;
  }
  if (sectionEmpty()) return undefined;
  return top;
}

const TIME = /^\d{2}:\d{2}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const onlyKeys = (v: Record<string, unknown>, keys: readonly string[]) => Object.keys(v).every((k) => keys.includes(k));
const TOP_KEYS = ['name', 'company', 'phone', 'language', 'timeZone', 'workingDays', 'daysOff', 'callHours', 'defaultScript', 'hooks'] as const;

/**
 * The settings when `data` certainly has the shape config.ts's schema accepts
 * (and the schema would return it unchanged); undefined when it doesn't or
 * when in doubt — the schema then says what is wrong.
 */
export function checkConfigShape(data: unknown): Config | undefined {
  if (!isObject(data) || !onlyKeys(data, TOP_KEYS)) return undefined;
  const text = (key: string) => data[key] === undefined || typeof data[key] === 'string';
  if (!text('company') || !text('phone') || !text('timeZone') || !text('defaultScript')) return undefined;
  if (data.name !== undefined && (typeof data.name !== 'string' || data.name.length === 0)) return undefined;
  if (data.language !== undefined && data.language !== 'en' && data.language !== 'ru') return undefined;
  const { workingDays, daysOff, callHours, hooks } = data;
  if (workingDays !== undefined && !(Array.isArray(workingDays) && workingDays.every((d) => Number.isInteger(d) && d >= 1 && d <= 7))) return undefined;
  if (daysOff !== undefined && !(Array.isArray(daysOff) && daysOff.every((d) => typeof d === 'string' && DAY.test(d)))) return undefined;
  if (callHours !== undefined) {
    // The schema drops unknown keys here (and keeps them out of the result): its call.
    if (!isObject(callHours) || !onlyKeys(callHours, ['from', 'to'])) return undefined;
    if (typeof callHours.from !== 'string' || !TIME.test(callHours.from) || typeof callHours.to !== 'string' || !TIME.test(callHours.to)) return undefined;
  }
  if (hooks !== undefined) {
    if (!isObject(hooks) || !onlyKeys(hooks, ['after-call', 'timeoutSec'])) return undefined;
    if (hooks['after-call'] !== undefined && typeof hooks['after-call'] !== 'string') return undefined;
    const timeout = hooks.timeoutSec;
    if (timeout !== undefined && !(typeof timeout === 'number' && Number.isFinite(timeout) && timeout > 0)) return undefined;
  }
  return data as Config;
}

/**
 * The settings, as config.ts's loadConfig reads them — through the quick path
 * when the file is in the subset and well-formed, else through loadConfig
 * itself (which also reports every problem).
 */
export async function readConfig(file: string, lang: Lang = 'en'): Promise<Config> {
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
  }
  const quick = text === undefined ? undefined : checkConfigShape(readSimpleYaml(text));
  if (quick) return quick;
  const { loadConfig } = await import('./config.js');
  return loadConfig(file, lang);
}
