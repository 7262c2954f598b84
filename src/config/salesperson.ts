// The first interactive run asks for the salesperson's name once and saves
// it: every script introduces them by it ({{me.name}}). The caller passes the
// question as a function, so this module stays free of prompts.
// What a first run needs (the messages, the value checks) is loaded then:
// every call starts here, and nearly every call has a name already.
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';

const MAX_ATTEMPTS = 3;

/**
 * The configured name; when there is none, asks (on a TTY only), saves it to
 * the config file and to ctx.config, and returns it. Without a TTY it throws a
 * UsageError naming the `config set name` command (exit 2).
 */
export async function ensureSalespersonName(ctx: Context, ask: (question: string) => Promise<string>): Promise<string> {
  const configured = ctx.config.name?.trim();
  if (configured) return configured;
  const [{ translator }, { shellMessages }, { findKey }, { InvalidValue, parseText }] = await Promise.all([
    import('../i18n/catalog.js'),
    import('../i18n/messages/shell.js'),
    import('./keys.js'),
    import('./values.js'),
  ]);
  const t = translator(shellMessages, ctx.lang);
  if (!ctx.io.interactive) throw new UsageError(t('name.missing'), { hint: t('name.missing.hint') });
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    let name: string;
    try {
      name = parseText(await ask(t('name.question')));
    } catch (error) {
      if (error instanceof InvalidValue) continue;
      throw error;
    }
    // The settings writer (yaml's Document API) only on this first run.
    const { saveSetting } = await import('./store.js');
    await saveSetting(ctx.configFile, findKey('name')!, name, ctx.lang);
    ctx.config.name = name;
    ctx.io.err(`${t('name.saved', { file: ctx.configFile })}\n`);
    return name;
  }
  throw new UsageError(t('name.missing'), { hint: t('name.missing.hint') });
}
