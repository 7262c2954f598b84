// The settings `followup config` knows: how each is typed on the command line
// (parse), printed back (format, in the same form `set` accepts), its example
// and, for completion, the values it takes. One table serves `set`, `get`,
// `list`, the config file's error messages and shell completion.
import { closest, distance } from 'fastest-levenshtein';
import type { Config } from './config.js';
import { listScriptIds } from './script-ids.js';
import {
  InvalidValue,
  parseCallHours,
  parseDaysOff,
  parsePhone,
  parseSeconds,
  parseText,
  parseTimeZone,
  parseWorkingDays,
} from './values.js';

import { DEFAULT_HOOK_TIMEOUT_SEC, DEFAULT_WORKING_DAYS } from './defaults.js';

export { DEFAULT_HOOK_TIMEOUT_SEC, DEFAULT_WORKING_DAYS };

export interface ParseEnv {
  scriptsDirs: string[];
}

export interface KeySpec {
  key: string;
  path: string[];
  parse: (input: string, env: ParseEnv) => unknown;
  format: (value: unknown) => string;
  example: string;
  /** Written as a YAML flow collection ([1, 2, 3]) rather than a block. */
  flow?: boolean;
  /** A fixed default `get` and `list` show when the key is not set. */
  fallback?: unknown;
  /** Values to offer when completing `config set KEY <Tab>`. */
  values?: (env: ParseEnv) => string[];
}

const asText = (value: unknown) => String(value);
const asList = (value: unknown) => (Array.isArray(value) ? value.join(',') : String(value));

export const CONFIG_KEYS: readonly KeySpec[] = [
  { key: 'name', path: ['name'], parse: parseText, format: asText, example: '"Сергей Ларин"' },
  { key: 'company', path: ['company'], parse: parseText, format: asText, example: '"Глория фурнитура"' },
  { key: 'phone', path: ['phone'], parse: parsePhone, format: asText, example: '"+7 916 123-45-67"' },
  {
    key: 'workingDays',
    path: ['workingDays'],
    parse: parseWorkingDays,
    format: asList,
    example: 'mon-fri',
    flow: true,
    fallback: DEFAULT_WORKING_DAYS,
    values: () => ['mon-fri', 'mon-sat', '1,2,3,4,5', 'пн-пт', 'пн-сб'],
  },
  { key: 'daysOff', path: ['daysOff'], parse: parseDaysOff, format: asList, example: '2026-12-31,2027-01-01..2027-01-08' },
  {
    key: 'callHours',
    path: ['callHours'],
    parse: parseCallHours,
    format: (value) => {
      const hours = value as { from?: unknown; to?: unknown };
      return `${String(hours.from)}-${String(hours.to)}`;
    },
    example: '09:00-20:00',
    flow: true,
    values: () => ['09:00-20:00', '10:00-19:00'],
  },
  {
    key: 'language',
    path: ['language'],
    parse: (input) => {
      const code = input.trim().toLowerCase();
      if (code === 'en' || code === 'ru') return code;
      throw new InvalidValue('value.notLanguage', { value: input.trim() });
    },
    format: asText,
    example: 'ru',
    values: () => ['en', 'ru'],
  },
  {
    key: 'timeZone',
    path: ['timeZone'],
    parse: (input) => {
      try {
        return parseTimeZone(input);
      } catch (error) {
        const suggestion = suggestTimeZone(input);
        if (error instanceof InvalidValue && suggestion) throw new InvalidValue(error.problem, { ...error.params, suggestion });
        throw error;
      }
    },
    format: asText,
    example: 'Europe/Moscow',
    values: () => Intl.supportedValuesOf('timeZone'),
  },
  {
    key: 'defaultScript',
    path: ['defaultScript'],
    parse: (input, env) => {
      const id = input.trim();
      const ids = listScriptIds(env.scriptsDirs);
      if (ids.includes(id)) return id;
      const suggestion = nearest(id, ids);
      throw new InvalidValue('value.notScript', suggestion ? { value: id, suggestion } : { value: id });
    },
    format: asText,
    example: 'kitchen-furniture',
    values: (env) => listScriptIds(env.scriptsDirs),
  },
  {
    key: 'hooks.after-call',
    path: ['hooks', 'after-call'],
    parse: parseText,
    format: asText,
    example: `'jq -c . >> ~/calls.jsonl'`,
  },
  {
    key: 'hooks.timeoutSec',
    path: ['hooks', 'timeoutSec'],
    parse: parseSeconds,
    format: asText,
    example: '30',
    fallback: DEFAULT_HOOK_TIMEOUT_SEC,
    values: () => ['10', '30', '60'],
  },
];

export const CONFIG_KEY_NAMES = CONFIG_KEYS.map((k) => k.key);

/** Exact, then case-insensitive ('workingdays' works). */
export function findKey(name: string): KeySpec | undefined {
  return CONFIG_KEYS.find((k) => k.key === name) ?? CONFIG_KEYS.find((k) => k.key.toLowerCase() === name.toLowerCase());
}

/** The candidate nearest to what was typed, if it is near enough to be a typo. */
export function nearest(input: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0 || input === '') return undefined;
  const lower = input.toLowerCase();
  const prefixed = candidates.filter((c) => c.toLowerCase().startsWith(lower));
  if (prefixed.length === 1) return prefixed[0];
  const best = closest(lower, candidates.map((c) => c.toLowerCase()));
  const index = candidates.findIndex((c) => c.toLowerCase() === best);
  return distance(lower, best) <= Math.max(2, Math.floor(input.length / 3)) ? candidates[index] : undefined;
}

/** 'moskow' → 'Europe/Moscow': matched against whole zone names and their city part. */
export function suggestTimeZone(input: string): string | undefined {
  const zones = Intl.supportedValuesOf('timeZone');
  const city = input.trim().replace(/ /g, '_');
  const byCity = nearest(city, zones.map((z) => z.split('/').at(-1)!));
  if (byCity) return zones.find((z) => z.split('/').at(-1) === byCity);
  return nearest(city, zones);
}

export function getIn(config: Config, path: string[]): unknown {
  let value: unknown = config;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}
