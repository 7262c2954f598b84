// The interface language: plural forms in every shipped catalog, dates in
// both locales, how the language is chosen, and --help with examples on every
// command in both languages.
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli.js';
import { configuredLanguage } from '../../src/config/quick-language.js';
import { createContext } from '../../src/create-context.js';
import { format, type Catalog, type Lang, type PluralMessage } from '../../src/i18n/catalog.js';
import { translateCommanderError } from '../../src/i18n/commander.js';
import { formatDate } from '../../src/i18n/dates.js';
import { tempHome } from './helpers.js';

const MESSAGES_DIR = path.join(__dirname, '../../src/i18n/messages');

async function catalogs(): Promise<{ file: string; name: string; en: Catalog; ru: Catalog }[]> {
  const found = [];
  for (const file of readdirSync(MESSAGES_DIR).filter((f) => f.endsWith('.ts'))) {
    const module = (await import(pathToFileURL(path.join(MESSAGES_DIR, file)).href)) as Record<string, { en?: Catalog; ru?: Catalog }>;
    for (const [name, value] of Object.entries(module)) {
      if (value && typeof value === 'object' && value.en && value.ru) found.push({ file, name, en: value.en, ru: value.ru });
    }
  }
  return found;
}

const isPlural = (m: unknown): m is PluralMessage => typeof m === 'object' && m !== null && 'other' in m;

describe('plural forms', () => {
  it('every Russian plural message in every catalog has its one, few and many forms', async () => {
    const all = await catalogs();
    expect(all.length).toBeGreaterThan(3);
    const incomplete: string[] = [];
    let plurals = 0;
    for (const { file, ru } of all) {
      for (const [key, message] of Object.entries(ru)) {
        if (!isPlural(message)) continue;
        plurals++;
        if (!message.one || !message.few || !message.many) incomplete.push(`${file}: ${key}`);
      }
    }
    expect(plurals).toBeGreaterThan(0);
    expect(incomplete).toEqual([]);
  });

  it('«1 звонок, 2 звонка, 5 звонков, 21 звонок, 11 звонков» from the shipped catalogs', async () => {
    const calls = (await catalogs()).flatMap(({ ru }) => Object.values(ru).filter((m): m is PluralMessage => isPlural(m) && /^\{count\} звонок$/.test(m.one)));
    expect(calls.length).toBeGreaterThan(0);
    for (const message of calls) {
      expect([1, 2, 5, 21, 11, 22, 111, 104].map((count) => format('ru', message, { count }))).toEqual([
        '1 звонок',
        '2 звонка',
        '5 звонков',
        '21 звонок',
        '11 звонков',
        '22 звонка',
        '111 звонков',
        '104 звонка',
      ]);
    }
  });

  it('English has one and other', async () => {
    for (const { file, en } of await catalogs()) {
      for (const [key, message] of Object.entries(en)) {
        if (isPlural(message)) expect([file, key, format('en', message, { count: 1 }) !== format('en', message, { count: 2 })]).toEqual([file, key, true]);
      }
    }
  });
});

describe('dates in both locales', () => {
  it('weekday and day: «вторник, 1 декабря» and "Tuesday, 1 December"', () => {
    expect(formatDate('2026-12-01', 'long', 'ru')).toBe('вторник, 1 декабря');
    expect(formatDate('2026-12-01', 'long', 'en')).toBe('Tuesday, 1 December');
    expect(formatDate('2026-11-30', 'day', 'en')).toBe('Mon 30 Nov');
    expect(formatDate('2026-11-30', 'day', 'ru')).toBe('пн, 30 нояб.');
  });
  it('an instant is dated in the salesperson’s time zone', () => {
    const lateEvening = '2026-11-30T22:30:00Z';
    expect(formatDate(lateEvening, 'long', 'ru', 'Europe/Moscow')).toBe('вторник, 1 декабря');
    expect(formatDate(lateEvening, 'long', 'en', 'America/New_York')).toBe('Monday, 30 November');
    expect(formatDate(lateEvening, 'dayTime', 'ru', 'Asia/Yekaterinburg')).toBe('вт, 1 дек., 03:30');
  });
});

describe('choosing the language', () => {
  const contextLang = async (options: { flag?: string; config?: string; env?: NodeJS.ProcessEnv }) => {
    const home = await tempHome();
    if (options.config) writeFileSync(path.join(home, 'config.yaml'), `language: ${options.config}\n`);
    const env = { FOLLOWUP_HOME: home, ...options.env };
    return { command: (await createContext({ lang: options.flag }, env)).lang, help: configuredLanguage([], env) };
  };
  it('--lang wins over config, config over LC_ALL/LANG, LC_ALL over LANG', async () => {
    expect((await contextLang({ flag: 'en', config: 'ru', env: { LANG: 'ru_RU.UTF-8' } })).command).toBe('en');
    expect(await contextLang({ config: 'ru', env: { LANG: 'en_US.UTF-8' } })).toEqual({ command: 'ru', help: 'ru' });
    expect((await contextLang({ env: { LC_ALL: 'ru_RU.UTF-8', LANG: 'en_US.UTF-8' } })).command).toBe('ru');
    expect((await contextLang({ env: { LANG: 'ru_RU.UTF-8' } })).command).toBe('ru');
    expect((await contextLang({ env: { LANG: 'de_DE.UTF-8' } })).command).toBe('en');
    expect((await contextLang({ env: {} })).command).toBe('en');
  });
  it('the help reads the configured language without parsing YAML, from --home too', async () => {
    const home = await tempHome();
    writeFileSync(path.join(home, 'config.yaml'), '# mine\nname: Сергей\nlanguage: "ru"   # русский\n');
    expect(configuredLanguage(['node', 'followup', '--home', home, '--help'], {})).toBe('ru');
    expect(configuredLanguage(['node', 'followup', `--home=${home}`], {})).toBe('ru');
    expect(configuredLanguage([], { FOLLOWUP_HOME: home })).toBe('ru');
    writeFileSync(path.join(home, 'config.yaml'), 'hooks:\n  language: ru\n');
    expect(configuredLanguage([], { FOLLOWUP_HOME: home })).toBeUndefined();
  });
});

function helpOf(command: Command): string {
  let out = '';
  command.configureOutput({ writeOut: (s) => void (out += s), writeErr: (s) => void (out += s) });
  command.outputHelp();
  return out;
}

function everyCommand(program: Command): [string, Command][] {
  const all: [string, Command][] = [];
  const visit = (command: Command, names: string[]) => {
    all.push([names.join(' ') || '(program)', command]);
    for (const sub of command.commands) if (sub.name() !== '__complete') visit(sub, [...names, sub.name()]);
  };
  visit(program, []);
  return all;
}

describe('--help', () => {
  it.each<Lang>(['en', 'ru'])('every command has examples that run followup (%s)', (lang) => {
    const heading = lang === 'ru' ? 'Примеры:' : 'Examples:';
    const missing = everyCommand(buildProgram(lang, '1.0.0')).filter(([, command]) => {
      const help = helpOf(command);
      return !help.includes(`\n${heading}\n  $ followup `);
    });
    expect(missing.map(([name]) => name)).toEqual([]);
  });
  it('is Russian throughout with --lang ru: headings, descriptions, notes', () => {
    const program = buildProgram('ru', '1.0.0');
    const help = helpOf(program);
    expect(help).toContain('Использование: followup [параметры] [команда]');
    expect(help).toContain('Суфлёр для звонков сопровождения продаж в терминале.');
    expect(help).toContain('Параметры:');
    expect(help).toContain('Команды:');
    const flat = (text: string) => text.replace(/\s+/g, ' ');
    expect(flat(help)).toContain('(варианты: "en", "ru")');
    expect(help).not.toMatch(/Usage:|Options:|Commands:|choices:/);
    const exportHelp = helpOf(program.commands.find((c) => c.name() === 'export')!);
    expect(flat(exportHelp)).toContain('(варианты: "csv", "json", "md", "ics", по умолчанию: "csv")');
  });
  it("commander's usage errors are translated", () => {
    expect(translateCommanderError("error: unknown command 'cal'\n(Did you mean call?)\n", 'ru')).toBe('ошибка: неизвестная команда «cal»\n(Может быть, call?)\n');
    expect(translateCommanderError("error: option '--lang <lang>' argument 'de' is invalid. Allowed choices are en, ru.\n", 'ru')).toBe(
      'ошибка: «de» не подходит для «--lang <lang>». Можно: en, ru.\n',
    );
    expect(translateCommanderError("error: missing required argument 'key'\n", 'ru')).toBe('ошибка: не хватает аргумента «key»\n');
    expect(translateCommanderError("error: unknown command 'cal'\n", 'en')).toBe("error: unknown command 'cal'\n");
  });
});

/** Words of an example line as the shell would split them, up to a pipe, redirection or comment. */
function exampleWords(line: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const m of line.matchAll(re)) {
    const word = m[1] ?? m[2] ?? m[3]!;
    if (m[3] && /^(\||>|>>|#|2>|&&)/.test(word)) break;
    words.push(word);
  }
  return words;
}

describe('the --help examples', () => {
  it.each<Lang>(['en', 'ru'])('name real commands and options (%s)', (lang) => {
    const program = buildProgram(lang, '1.0.0');
    const problems: string[] = [];
    for (const [, command] of everyCommand(program)) {
      for (const line of helpOf(command).split('\n').filter((l) => l.startsWith('  $ followup '))) {
        const words = exampleWords(line.slice('  $ followup '.length));
        let chain: Command[] = [program];
        let positionals = 0;
        let skipValue = false;
        for (const word of words) {
          const current = chain.at(-1)!;
          if (skipValue) {
            skipValue = false;
            continue;
          }
          if (word.startsWith('-')) {
            const flag = word.split('=')[0]!;
            const option = chain.flatMap((c) => c.options).find((o) => o.long === flag || o.short === flag);
            if (!option) problems.push(`${line}: ${flag}`);
            else skipValue = option.required && !word.includes('=');
            continue;
          }
          const sub = positionals === 0 ? current.commands.find((c) => c.name() === word) : undefined;
          if (sub) chain = [...chain, sub];
          else if (current.commands.length > 0 && positionals === 0 && word !== 'help') problems.push(`${line}: no command ${word}`);
          else positionals++;
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
