// The user's settings: a YAML file in the XDG config dir (or $FOLLOWUP_HOME).
// Read once per command by the context; `followup config` edits it.
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { FollowupError } from '../errors.js';

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
      .optional(),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;

export const DEFAULT_WORKING_DAYS = [1, 2, 3, 4, 5];

export class ConfigError extends FollowupError {}

export function loadConfig(file: string): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const pos = e.linePos?.[0];
    throw new ConfigError(`${file}${pos ? `:${pos.line}:${pos.col}` : ''}: ${e.message.split('\n')[0]}`, {
      hint: 'fix the YAML or run `followup config list` after removing the line',
    });
  }
  const parsed = configSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`${file}: ${issue.path.join('.') || 'config'}: ${issue.message}`, {
      hint: 'see `followup config --help` for the keys and their values',
    });
  }
  return parsed.data;
}
