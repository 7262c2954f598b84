// The typed options every command receives: paths, the clock, the language,
// the config and the I/O layer. Built once by the CLI from flags and the
// environment; tests build their own with temp folders and a fixed clock.
import type { Config } from './config/config.js';
import type { Lang } from './i18n/catalog.js';
import type { Paths } from './paths.js';
import type { Io } from './terminal/io.js';

export interface Context extends Paths {
  now: () => Date;
  timeZone: string;
  lang: Lang;
  config: Config;
  io: Io;
  debug: boolean;
  env: NodeJS.ProcessEnv;
}

/** The clock. FOLLOWUP_NOW (an ISO time) starts it at a fixed moment that then
 * runs on in real time: end-to-end tests get fixed dates and real durations. */
export function makeClock(env: NodeJS.ProcessEnv): () => Date {
  const fixed = env.FOLLOWUP_NOW ? Date.parse(env.FOLLOWUP_NOW) : Number.NaN;
  if (Number.isNaN(fixed)) return () => new Date();
  const started = Date.now();
  return () => new Date(fixed + (Date.now() - started));
}
