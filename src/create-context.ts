// Builds the Context of a command run from the global flags and the
// environment. Loaded lazily with the command, never for --help.
import type { Config } from './config/config.js';
import { ConfigError } from './config/errors.js';
import { readConfig } from './config/quick-config.js';
import { makeClock, type Context } from './context.js';
import { resolveLang } from './i18n/catalog.js';
import { resolvePaths } from './paths.js';
import { processIo } from './terminal/io.js';

export interface GlobalFlags {
  journal?: string[];
  home?: string;
  scripts?: string[];
  lang?: string;
  argvLang?: string;
  color?: boolean;
  debug?: boolean;
  /** `followup config …` must run with a broken config file, or the user
   * couldn't use it to repair the file: the error becomes a warning. */
  lenientConfig?: boolean;
}

export async function createContext(flags: GlobalFlags, env: NodeJS.ProcessEnv = process.env): Promise<Context> {
  const paths = resolvePaths({ env, home: flags.home, journals: flags.journal, scripts: flags.scripts });
  // The config's own errors are reported in the language asked for on the
  // command line or by the environment (the config can't choose it yet).
  const io = processIo({ env, colorFlag: flags.color });
  let config: Config;
  try {
    config = await readConfig(paths.configFile, resolveLang({ flag: flags.lang, env }));
  } catch (error) {
    if (!(flags.lenientConfig && error instanceof ConfigError)) throw error;
    io.err(`followup: ${error.message}\n`);
    config = {};
  }
  return {
    ...paths,
    config,
    now: makeClock(env),
    timeZone: config.timeZone ?? env.FOLLOWUP_TZ ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    lang: resolveLang({ flag: flags.lang, config: config.language, env }),
    io,
    debug: Boolean(flags.debug),
    env,
  };
}
