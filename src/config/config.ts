// The user's settings: a YAML file in the XDG config dir (or $FOLLOWUP_HOME).
// Read once per command by the context; `followup config` edits it
// (src/config/store.ts). A broken file is reported with file:line:col, what
// is wrong and the `config set` command that fixes it.
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { translator, type Lang } from '../i18n/catalog.js';
import { shellMessages } from '../i18n/messages/shell.js';
import { ConfigError } from './errors.js';
import { CONFIG_KEYS, CONFIG_KEY_NAMES, getIn, nearest, type KeySpec } from './keys.js';
import { acceptedForm } from './settings.js';
import { InvalidValue } from './values.js';

export { DEFAULT_HOOK_TIMEOUT_SEC, DEFAULT_WORKING_DAYS } from './keys.js';

const time = z.string().regex(/^\d{2}:\d{2}$/, 'expected HH:MM');

export const configSchema = z
  .object({
    /** The salesperson's name, said in `remind` as {{me.name}}. */
    name: z.string().min(1).optional(),
    company: z.string().optional(),
    phone: z.string().optional(),
    language: z.enum(['en', 'ru']).optional(),
    /** IANA zone, e.g. Europe/Moscow; defaults to the system's. */
    timeZone: z.string().optional(),
    /** ISO weekday numbers that are working days (1 = Monday … 7 = Sunday). */
    workingDays: z.array(z.number().int().min(1).max(7)).optional(),
    /** Public holidays and days off, YYYY-MM-DD: business-day rules skip them. */
    daysOff: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).optional(),
    callHours: z.object({ from: time, to: time }).optional(),
    defaultScript: z.string().optional(),
    hooks: z
      .object({
        'after-call': z.string().optional(),
        timeoutSec: z.number().positive().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;

export { ConfigError };

/** Reads and checks the settings; a missing file is an empty config. */
export function loadConfig(file: string, lang: Lang = 'en'): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    const t = translator(shellMessages, lang);
    throw new ConfigError(t('error.cannotRead', { file, message: (error as Error).message }));
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const problem = configErrorFromDocument(doc, file, lang, { schema: true, lineCounter });
  if (problem) throw problem;
  return configSchema.parse(doc.toJS() ?? {});
}

/** The first problem of a parsed settings file as a ConfigError, or null.
 * With `schema: false` only YAML syntax is checked (an editor of the file
 * must still be able to fix a bad value). */
export function configErrorFromDocument(
  doc: Document,
  file: string,
  lang: Lang,
  options: { schema: boolean; lineCounter?: LineCounter },
): ConfigError | null {
  const t = translator(shellMessages, lang);
  const where = (offset: number | undefined) => {
    const pos = offset === undefined ? undefined : options.lineCounter?.linePos(offset);
    return pos ? `${file}:${pos.line}:${pos.col}` : file;
  };
  const syntax = doc.errors[0];
  if (syntax) {
    return new ConfigError(t('error.fileBroken', { where: where(syntax.pos[0]), message: syntax.message.split('\n')[0] }), {
      hint: t('error.fileBroken.hint', { file }),
    });
  }
  if (!options.schema) return null;
  const data = doc.toJS() ?? {};
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return new ConfigError(t('error.fileNotMap', { where: where(doc.contents?.range?.[0]) }), { hint: t('error.fileBroken.hint', { file }) });
  }
  const parsed = configSchema.safeParse(data);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const key = [...path, issue.keys[0]!].join('.');
    const pair = doc.getIn([...path, issue.keys[0]!], true) as { range?: [number, number, number] } | undefined;
    const keyNode = findKeyOffset(doc, path, issue.keys[0]!) ?? pair?.range?.[0];
    const suggestion = nearest(key, CONFIG_KEY_NAMES);
    return new ConfigError(t('error.fileUnknownKey', { where: where(keyNode), key }), {
      hint: suggestion
        ? t('error.fileUnknownKey.hint', { suggestion, file })
        : t('error.fileUnknownKey.list', { file, keys: CONFIG_KEY_NAMES.join(', ') }),
    });
  }
  const spec = specForPath(path);
  const node = doc.getIn(spec?.path ?? path, true) as { range?: [number, number, number] } | undefined;
  const offset = (doc.getIn(path, true) as { range?: [number, number, number] } | undefined)?.range?.[0] ?? node?.range?.[0];
  if (!spec) {
    return new ConfigError(t('error.fileBroken', { where: where(offset), message: `${path.join('.')}: ${issue.message}` }), {
      hint: t('error.fileBroken.hint', { file }),
    });
  }
  return new ConfigError(
    t('error.fileValue', { where: where(offset), key: spec.key, problem: describeStoredProblem(spec, getIn(data as Config, spec.path), t) }),
    { hint: t('error.fileValue.hint', { accepted: acceptedForm(spec, lang), key: spec.key, example: spec.example }) },
  );
}

/** Why a stored value is wrong, in the words `config set` would use: the value
 * is printed back in its command-line form and run through the same parser. */
function describeStoredProblem(spec: KeySpec, value: unknown, t: ReturnType<typeof translator<typeof shellMessages.en>>): string {
  try {
    if (value !== null && value !== undefined && (typeof value !== 'object' || Array.isArray(value) || spec.key === 'callHours')) {
      spec.parse(spec.format(value), { scriptsDirs: [] });
    }
  } catch (error) {
    if (error instanceof InvalidValue) return t(error.problem as 'value.invalid', error.params);
  }
  return t('value.invalid');
}

function specForPath(path: string[]): KeySpec | undefined {
  for (let n = path.length; n > 0; n -= 1) {
    const key = path.slice(0, n).join('.');
    const spec = CONFIG_KEYS.find((k) => k.key === key);
    if (spec) return spec;
  }
  return undefined;
}

function findKeyOffset(doc: Document, parentPath: string[], key: string): number | undefined {
  const parent = parentPath.length === 0 ? doc.contents : doc.getIn(parentPath, true);
  const items = (parent as { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] } | null)?.items;
  return items?.find((pair) => pair.key?.value === key)?.key?.range?.[0];
}
