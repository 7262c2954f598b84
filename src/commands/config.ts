// `followup config get|set|unset|list|path`: the settings file, read and
// edited by key. Values go to stdout as `set` accepts them (so
// `followup config get workingDays` can be fed back); messages go to stderr.
import { CONFIG_KEYS, getIn, type KeySpec } from '../config/keys.js';
import { parseSetting, resolveKey } from '../config/settings.js';
import { removeSetting, saveSetting } from '../config/store.js';
import type { Context } from '../context.js';
import { EXIT, UsageError } from '../errors.js';
import { translator } from '../i18n/catalog.js';
import { shellMessages } from '../i18n/messages/shell.js';
import { safeText } from '../terminal/safe-text.js';

export type ConfigOptions =
  | { action: 'get'; key: string; json?: boolean }
  | { action: 'set'; key: string; value: string }
  | { action: 'unset'; key: string }
  | { action: 'list'; json?: boolean }
  | { action: 'path' };

/** What applies when the key is not set: a fixed default or what the context resolved. */
function defaultOf(spec: KeySpec, ctx: Context): unknown {
  if (spec.key === 'timeZone') return ctx.timeZone;
  if (spec.key === 'language') return ctx.lang;
  return spec.fallback;
}

export async function run(ctx: Context, options: ConfigOptions): Promise<number> {
  const t = translator(shellMessages, ctx.lang);
  const shown = (text: string) => (ctx.io.stdout.isTTY ? safeText(text) : text);
  switch (options.action) {
    case 'path':
      ctx.io.out(`${ctx.configFile}\n`);
      return EXIT.ok;
    case 'get': {
      const spec = resolveKey(options.key, ctx.lang);
      const value = getIn(ctx.config, spec.path) ?? defaultOf(spec, ctx);
      if (value === undefined) {
        ctx.io.err(`followup: ${t('error.notSet', { key: spec.key })}\n  ${t('error.notSet.hint', { key: spec.key, example: spec.example })}\n`);
        return EXIT.failure;
      }
      ctx.io.out(options.json ? `${JSON.stringify(value)}\n` : `${shown(spec.format(value))}\n`);
      return EXIT.ok;
    }
    case 'set': {
      const spec = resolveKey(options.key, ctx.lang);
      if (options.value === undefined) throw new UsageError(t('value.empty'));
      const value = parseSetting(spec, options.value, { scriptsDirs: ctx.scriptsDirs }, ctx.lang);
      await saveSetting(ctx.configFile, spec, value, ctx.lang);
      ctx.io.err(`${t('set.saved', { key: spec.key, value: safeText(spec.format(value)) })}\n`);
      return EXIT.ok;
    }
    case 'unset': {
      const spec = resolveKey(options.key, ctx.lang);
      const removed = await removeSetting(ctx.configFile, spec, ctx.lang);
      ctx.io.err(`${t(removed ? 'unset.done' : 'unset.absent', { key: spec.key })}\n`);
      return EXIT.ok;
    }
    case 'list': {
      if (options.json) {
        ctx.io.out(`${JSON.stringify(ctx.config, null, 2)}\n`);
        return EXIT.ok;
      }
      const width = Math.max(...CONFIG_KEYS.map((k) => k.key.length)) + 2;
      const lines = CONFIG_KEYS.map((spec) => {
        const stored = getIn(ctx.config, spec.path);
        const fallback = defaultOf(spec, ctx);
        const text =
          stored !== undefined
            ? shown(spec.format(stored))
            : fallback !== undefined
              ? `${spec.format(fallback)}  ${t('list.default')}`
              : t('list.notSet');
        return `${spec.key.padEnd(width)}${text}`;
      });
      ctx.io.out(`${lines.join('\n')}\n`);
      return EXIT.ok;
    }
  }
}
