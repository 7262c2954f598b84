// The message catalogs. Each area of the program keeps its strings in
// src/i18n/messages/<area>.ts as { en, ru }; TypeScript checks that ru has
// exactly the keys of en. Plural forms follow Intl.PluralRules, so Russian
// gets «1 звонок, 2 звонка, 5 звонков».

export type Lang = 'en' | 'ru';

export interface PluralMessage {
  zero?: string;
  one: string;
  few?: string;
  many?: string;
  other: string;
}
export type Message = string | PluralMessage;
export type Catalog = Record<string, Message>;
export type Messages<E extends Catalog> = { en: E; ru: { [K in keyof E]: Message } };
export type Params = Record<string, string | number | undefined>;
export type Translate<E extends Catalog> = (key: keyof E & string, params?: Params) => string;

export function defineMessages<E extends Catalog>(messages: Messages<E>): Messages<E> {
  return messages;
}

const pluralRules = new Map<Lang, Intl.PluralRules>();
function pluralCategory(lang: Lang, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(lang);
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(lang)));
  return rules.select(count);
}

export function format(lang: Lang, message: Message, params: Params = {}): string {
  let text: string;
  if (typeof message === 'string') text = message;
  else {
    const count = Number(params.count ?? 0);
    const category = count === 0 && message.zero !== undefined ? 'zero' : pluralCategory(lang, count);
    text = message[category as keyof PluralMessage] ?? message.other;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

export function translator<E extends Catalog>(messages: Messages<E>, lang: Lang): Translate<E> {
  const table = (messages[lang] ?? messages.en) as Catalog;
  return (key, params) => format(lang, table[key] ?? messages.en[key] ?? key, params);
}

/** --lang, then config, then LC_ALL / LC_MESSAGES / LANG; English otherwise. */
export function resolveLang(sources: { flag?: string; config?: string; env?: NodeJS.ProcessEnv }): Lang {
  const env = sources.env ?? {};
  for (const candidate of [sources.flag, sources.config, env.LC_ALL, env.LC_MESSAGES, env.LANG]) {
    if (!candidate) continue;
    const code = candidate.toLowerCase().slice(0, 2);
    if (code === 'ru') return 'ru';
    if (code === 'en') return 'en';
    if (candidate === sources.flag) return 'en';
  }
  return 'en';
}
