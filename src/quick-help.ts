// `followup --help` (or -h) on its own, printed by the entry (dist/cli.cjs)
// from the texts build.mjs had commander render at build time (dist/help.json),
// byte for byte what commander prints: so the top-level help costs node's
// start-up, not commander's. Taken only when the
// result is certainly the same — output not a terminal (commander then lays
// help out for 80 columns) or a terminal 80 columns wide; otherwise (and in
// tests of the sources, where there are no texts) commander renders it.
import { resolveLang } from './i18n/catalog.js';
import { configuredLanguage } from './config/quick-language.js';

import { readFileSync } from 'node:fs';

/** The texts build.mjs wrote beside the entry, or undefined (a run of the sources). */
function builtTexts(): { en: string; ru: string } | undefined {
  try {
    const texts = JSON.parse(readFileSync(new URL('./help.json', import.meta.url), 'utf8')) as { en?: unknown; ru?: unknown };
    return typeof texts.en === 'string' && typeof texts.ru === 'string' ? { en: texts.en, ru: texts.ru } : undefined;
  } catch {
    return undefined;
  }
}

/** True when the help was printed. The language is chosen as src/cli.ts chooses it. */
export function printQuickHelp(argv: string[], env: NodeJS.ProcessEnv): boolean {
  const texts = builtTexts();
  if (!texts) return false;
  const { stdout } = process;
  if (stdout.isTTY && stdout.columns !== 80) return false;
  const lang = resolveLang({ config: configuredLanguage(argv, env), env });
  // A reader that closed the pipe early gets nothing, and no stack trace (as in runAndExit).
  stdout.on('error', () => undefined);
  stdout.write(lang === 'ru' ? texts.ru : texts.en);
  return true;
}
