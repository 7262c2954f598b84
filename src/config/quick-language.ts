// The configured interface language, found before commander builds the help
// texts. `--help` must stay fast and load no YAML parser, so this reads the
// settings file and looks for one top-level `language:` line; the full loader
// checks the file properly when a command runs.
import { readFileSync } from 'node:fs';
import { resolvePaths } from '../paths.js';

const LANGUAGE_LINE = /^language:[ \t]*(["']?)(en|ru)\1[ \t]*(?:#.*)?$/m;

/** An option's value (`--name VALUE` or `--name=VALUE`) from the command line, before commander has parsed it. */
export function optionFromArgv(argv: string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  return argv[i]!.includes('=') ? argv[i]!.slice(name.length + 1) : argv[i + 1];
}

/** --home DIR (or --home=DIR). */
export const configuredHome = (argv: string[]): string | undefined => optionFromArgv(argv, '--home');

/** 'en' | 'ru' from the settings file, or undefined (no file, no key, unreadable). */
export function configuredLanguage(argv: string[], env: NodeJS.ProcessEnv): string | undefined {
  try {
    const { configFile } = resolvePaths({ env, home: configuredHome(argv) });
    return LANGUAGE_LINE.exec(readFileSync(configFile, 'utf8'))?.[2];
  } catch {
    return undefined;
  }
}
