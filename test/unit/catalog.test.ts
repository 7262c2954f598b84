import { describe, expect, it } from 'vitest';
import { defineMessages, format, resolveLang, translator } from '../../src/i18n/catalog.js';

describe('message catalog', () => {
  const messages = defineMessages({
    en: { calls: { one: '{count} call', other: '{count} calls' }, hello: 'Hello, {name}' },
    ru: { calls: { one: '{count} звонок', few: '{count} звонка', many: '{count} звонков', other: '{count} звонка' }, hello: 'Здравствуйте, {name}' },
  });
  it('chooses Russian plural forms by Intl.PluralRules', () => {
    const t = translator(messages, 'ru');
    expect([1, 2, 5, 11, 21, 22, 25, 1.5].map((count) => t('calls', { count }))).toEqual([
      '1 звонок', '2 звонка', '5 звонков', '11 звонков', '21 звонок', '22 звонка', '25 звонков', '1.5 звонка',
    ]);
  });
  it('chooses English plural forms', () => {
    const t = translator(messages, 'en');
    expect([0, 1, 2].map((count) => t('calls', { count }))).toEqual(['0 calls', '1 call', '2 calls']);
  });
  it('fills named parameters and leaves unknown ones visible', () => {
    expect(format('en', 'Hi {name}, {missing}', { name: 'Anna' })).toBe('Hi Anna, {missing}');
  });
  it('resolves the language: flag, config, LC_ALL, LANG', () => {
    expect(resolveLang({ flag: 'ru', env: { LANG: 'en_US.UTF-8' } })).toBe('ru');
    expect(resolveLang({ config: 'ru', env: {} })).toBe('ru');
    expect(resolveLang({ env: { LC_ALL: 'ru_RU.UTF-8', LANG: 'en_US' } })).toBe('ru');
    expect(resolveLang({ env: { LANG: 'de_DE.UTF-8' } })).toBe('en');
  });
});
