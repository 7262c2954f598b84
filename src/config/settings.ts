// From what was typed to a checked setting: the key (with did-you-mean) and
// the value (with what is wrong and the accepted form). Both are usage
// errors, exit 2.
import { UsageError } from '../errors.js';
import { translator, type Lang } from '../i18n/catalog.js';
import { shellMessages } from '../i18n/messages/shell.js';
import { CONFIG_KEY_NAMES, findKey, nearest, type KeySpec, type ParseEnv } from './keys.js';
import { InvalidValue } from './values.js';

export function resolveKey(name: string, lang: Lang): KeySpec {
  const spec = findKey(name);
  if (spec) return spec;
  const t = translator(shellMessages, lang);
  const suggestion = nearest(name, CONFIG_KEY_NAMES);
  const keys = CONFIG_KEY_NAMES.join(', ');
  throw new UsageError(t('error.unknownKey', { key: name }), {
    hint: suggestion ? t('error.unknownKey.suggest', { suggestion, keys }) : t('error.unknownKey.list', { keys }),
  });
}

export function parseSetting(spec: KeySpec, input: string, env: ParseEnv, lang: Lang): unknown {
  try {
    return spec.parse(input, env);
  } catch (error) {
    if (!(error instanceof InvalidValue)) throw error;
    const t = translator(shellMessages, lang);
    const problem = t(error.problem as 'value.invalid', error.params);
    const suggestion = error.params.suggestion;
    throw new UsageError(
      suggestion === undefined
        ? t('error.badValue', { key: spec.key, problem })
        : t('error.badValue.suggest', { key: spec.key, problem, suggestion }),
      { hint: t('error.badValue.hint', { accepted: acceptedForm(spec, lang), key: spec.key, example: spec.example }) },
    );
  }
}

export function acceptedForm(spec: KeySpec, lang: Lang): string {
  return translator(shellMessages, lang)(`accepted.${spec.key}` as 'accepted.name');
}
