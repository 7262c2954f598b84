// `followup --help` (or -h) on its own, printed by the entry (dist/cli.cjs)
// from the texts build.mjs had commander render at build time, byte for byte
// what commander prints: so the top-level help costs node's start-up, not
// commander's. Taken only when the
// result is certainly the same — output not a terminal (commander then lays
// help out for 80 columns) or a terminal 80 columns wide; otherwise (and in
// tests of the sources, where there are no texts) commander renders it.
import { resolveLang } from './i18n/catalog.js';
import { configuredLanguage } from './config/quick-language.js';

declare const __FOLLOWUP_HELP_EN__: string | undefined;
declare const __FOLLOWUP_HELP_RU__: string | undefined;

/** True when the help was printed. The language is chosen as src/cli.ts chooses it. */
export function printQuickHelp(argv: string[], env: NodeJS.ProcessEnv): boolean {
  if (typeof __FOLLOWUP_HELP_EN__ !== 'string' || typeof __FOLLOWUP_HELP_RU__ !== 'string') return false;
  const { stdout } = process;
  if (stdout.isTTY && stdout.columns !== 80) return false;
  const lang = resolveLang({ config: configuredLanguage(argv, env), env });
  // A reader that closed the pipe early gets nothing, and no stack trace (as in runAndExit).
  stdout.on('error', () => undefined);
  stdout.write(lang === 'ru' ? __FOLLOWUP_HELP_RU__ : __FOLLOWUP_HELP_EN__);
  return true;
}
