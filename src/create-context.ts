// Builds the Context of a command run from the global flags and the
// environment. Loaded lazily with the command, never for --help.
import type { Config } from './config/config.js';
import { ConfigError } from './config/errors.js';
import { readConfig } from './config/quick-config.js';
import { makeClock, type Context } from './context.js';
import { resolveLang, type Lang } from './i18n/catalog.js';
import { resolvePaths } from './paths.js';
import { processIo } from './terminal/io.js';
import { isKnownTimeZone, systemTimeZone } from './time/zone-offset.js';

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
  const lang = resolveLang({ flag: flags.lang, config: config.language, env });
  let timeZone = config.timeZone ?? env.FOLLOWUP_TZ ?? systemTimeZone(env);
  if (!isKnownTimeZone(timeZone)) {
    const error = await unknownZone(timeZone, config.timeZone === undefined ? 'FOLLOWUP_TZ' : paths.configFile, lang);
    if (!flags.lenientConfig) throw error;
    io.err(`followup: ${error.message}\n`);
    timeZone = systemTimeZone(env);
  }
  return {
    ...paths,
    config,
    now: makeClock(env),
    timeZone,
    lang,
    io,
    debug: Boolean(flags.debug),
    env,
  };
}

/** A zone nobody knows, in the config or FOLLOWUP_TZ: said once, with the fix. */
async function unknownZone(zone: string, where: string, lang: Lang): Promise<ConfigError> {
  const [{ translator }, { shellMessages }] = await Promise.all([import('./i18n/catalog.js'), import('./i18n/messages/shell.js')]);
  const t = translator(shellMessages, lang);
  return new ConfigError(`${where}: ${t('value.notTimeZone', { value: zone })}`, { hint: t('error.notSet.hint', { key: 'timeZone', example: 'Europe/Moscow' }) });
}
