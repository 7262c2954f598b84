import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/commands/config.js';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { ensureSalespersonName } from '../../src/config/salesperson.js';
import { UsageError } from '../../src/errors.js';
import { makeContext, tempHome } from './helpers.js';

/** Runs `config …` the way the CLI does: a fresh context (config read from disk) per command. */
async function config(home: string, options: Parameters<typeof run>[1], lang: 'en' | 'ru' = 'en') {
  const ctx = makeContext(home, { lang });
  const code = await run(ctx, options);
  return { code, out: ctx.io.stdoutText(), err: ctx.io.stderrText() };
}

async function rejection(promise: Promise<unknown>): Promise<Error & { exitCode?: number; hint?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('followup config', () => {
  it('sets, gets and lists every kind of value; get prints what set accepts', async () => {
    const home = await tempHome();
    const sets: [string, string, string][] = [
      ['name', 'Сергей Ларин', 'Сергей Ларин'],
      ['company', '«Глория фурнитура»', '«Глория фурнитура»'],
      ['phone', '+7 916 123-45-67', '+7 916 123-45-67'],
      ['workingDays', 'пн-пт', '1,2,3,4,5'],
      ['daysOff', '2026-12-31, 01.01.2027..03.01.2027', '2026-12-31,2027-01-01,2027-01-02,2027-01-03'],
      ['callHours', '9-20', '09:00-20:00'],
      ['language', 'RU', 'ru'],
      ['timeZone', 'asia/yekaterinburg', 'Asia/Yekaterinburg'],
      ['defaultScript', 'kitchen-furniture', 'kitchen-furniture'],
      ['hooks.after-call', `jq -c . >> "$HOME/calls.jsonl"`, `jq -c . >> "$HOME/calls.jsonl"`],
      ['hooks.timeoutSec', '30', '30'],
    ];
    for (const [key, value, shown] of sets) {
      expect((await config(home, { action: 'set', key, value })).code).toBe(0);
      expect((await config(home, { action: 'get', key })).out).toBe(`${shown}\n`);
    }
    const stored = loadConfig(path.join(home, 'config.yaml'));
    expect(stored).toEqual({
      name: 'Сергей Ларин',
      company: '«Глория фурнитура»',
      phone: '+7 916 123-45-67',
      workingDays: [1, 2, 3, 4, 5],
      daysOff: ['2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03'],
      callHours: { from: '09:00', to: '20:00' },
      language: 'ru',
      timeZone: 'Asia/Yekaterinburg',
      defaultScript: 'kitchen-furniture',
      hooks: { 'after-call': 'jq -c . >> "$HOME/calls.jsonl"', timeoutSec: 30 },
    });
    expect(JSON.parse((await config(home, { action: 'list', json: true })).out)).toEqual(stored);
    expect(JSON.parse((await config(home, { action: 'get', key: 'workingDays', json: true })).out)).toEqual([1, 2, 3, 4, 5]);
    const list = (await config(home, { action: 'list' })).out;
    expect(list).toContain('name              Сергей Ларин\n');
    expect(list).toContain('hooks.timeoutSec  30\n');
  });

  it('writes the file atomically, 0600 in a 0700 folder it creates', async () => {
    const home = path.join(await tempHome(), 'nested', 'followup');
    await config(home, { action: 'set', key: 'name', value: 'Anna' });
    expect(statSync(path.join(home, 'config.yaml')).mode & 0o777).toBe(0o600);
    expect(statSync(home).mode & 0o777).toBe(0o700);
    expect(readFileSync(path.join(home, 'config.yaml'), 'utf8')).toMatch(/^# Settings of followup/);
  });

  it('keeps the comments, order and style of a hand-written file', async () => {
    const home = await tempHome();
    const file = path.join(home, 'config.yaml');
    writeFileSync(
      file,
      ['# my settings', 'name: Серёжа   # short', '# the days I call', 'workingDays:', '  - 1', '  - 2', 'hooks:', '  # to the CRM', '  after-call: cat >/dev/null', ''].join('\n'),
    );
    await config(home, { action: 'set', key: 'name', value: 'Сергей Ларин' });
    await config(home, { action: 'set', key: 'workingDays', value: 'mon-wed' });
    await config(home, { action: 'set', key: 'hooks.timeoutSec', value: '5' });
    expect(readFileSync(file, 'utf8')).toBe(
      [
        '# my settings',
        'name: Сергей Ларин # short',
        '# the days I call',
        'workingDays:',
        '  - 1',
        '  - 2',
        '  - 3',
        'hooks:',
        '  # to the CRM',
        '  after-call: cat >/dev/null',
        '  timeoutSec: 5',
        '',
      ].join('\n'),
    );
    await config(home, { action: 'unset', key: 'hooks.after-call' });
    await config(home, { action: 'unset', key: 'hooks.timeoutSec' });
    expect(readFileSync(file, 'utf8')).not.toContain('hooks');
    expect(loadConfig(file)).toEqual({ name: 'Сергей Ларин', workingDays: [1, 2, 3] });
  });

  it('rejects an unknown key with did-you-mean (exit 2)', async () => {
    const home = await tempHome();
    const error = await rejection(config(home, { action: 'set', key: 'workingdys', value: '1-5' }));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe('there is no setting "workingdys"');
    expect(error.hint).toMatch(/^did you mean workingDays\? Settings: name, company, /);
    const ru = await rejection(config(home, { action: 'get', key: 'hooks.aftercall' }, 'ru'));
    expect(ru.message).toBe('настройки «hooks.aftercall» нет');
    expect(ru.hint).toMatch(/^может быть, hooks\.after-call\?/);
  });

  it('accepts a key in another case', async () => {
    const home = await tempHome();
    await config(home, { action: 'set', key: 'WORKINGDAYS', value: '1-3' });
    expect((await config(home, { action: 'get', key: 'workingDays' })).out).toBe('1,2,3\n');
  });

  it('rejects a bad value naming the key, the problem and the accepted form (exit 2), and writes nothing', async () => {
    const home = await tempHome();
    const cases: [string, string, string][] = [
      ['workingDays', 'mon-fry', 'workingDays: "fry" is not a weekday'],
      ['daysOff', '2026-02-30', 'daysOff: "2026-02-30" is not a date'],
      ['callHours', '20:00-09:00', 'callHours: "20:00-09:00" ends before it starts (spans past midnight are not supported)'],
      ['language', 'de', 'language: "de" is not a language of the interface'],
      ['timeZone', 'Moskow', 'timeZone: "Moskow" is not a time zone (did you mean Europe/Moscow?)'],
      ['defaultScript', 'kitchen-furnitur', 'defaultScript: there is no script "kitchen-furnitur" on the script path (did you mean kitchen-furniture?)'],
      ['hooks.timeoutSec', '0', 'hooks.timeoutSec: "0" is not a number of seconds from 1 to 3600'],
      ['name', '  ', 'name: the value is empty'],
      ['name', 'Anna\u001b[2J', 'name: control characters (new lines, tabs, escapes) are not allowed'],
    ];
    for (const [key, value, message] of cases) {
      const error = await rejection(config(home, { action: 'set', key, value }));
      expect(error).toBeInstanceOf(UsageError);
      expect(error.message).toBe(message);
      expect(error.hint).toMatch(new RegExp(`^expected .+; e\\.g\\. followup config set ${key.replace('.', '\\.')} `));
    }
    expect(() => statSync(path.join(home, 'config.yaml'))).toThrow();
    const ru = await rejection(config(home, { action: 'set', key: 'workingDays', value: 'пн-пя' }, 'ru'));
    expect(ru.message).toBe('workingDays: «пя» — не день недели');
    expect(ru.hint).toContain('нужно: дни недели числами 1-7');
  });

  it('get: exit 1 for a key that is not set; defaults for those that have one', async () => {
    const home = await tempHome();
    const missing = await config(home, { action: 'get', key: 'company' });
    expect(missing.code).toBe(1);
    expect(missing.out).toBe('');
    expect(missing.err).toContain('company is not set');
    expect((await config(home, { action: 'get', key: 'workingDays' })).out).toBe('1,2,3,4,5\n');
    expect((await config(home, { action: 'get', key: 'hooks.timeoutSec' })).out).toBe('10\n');
    expect((await config(home, { action: 'get', key: 'timeZone' })).out).toBe('Europe/Moscow\n');
    const list = (await config(home, { action: 'list' }, 'ru')).out;
    expect(list).toContain('company           (не задано)');
    expect(list).toContain('workingDays       1,2,3,4,5  (по умолчанию)');
  });

  it('path prints the settings file', async () => {
    const home = await tempHome();
    expect((await config(home, { action: 'path' })).out).toBe(`${path.join(home, 'config.yaml')}\n`);
  });
});

describe('a broken settings file', () => {
  const broken = async (text: string) => {
    const home = await tempHome();
    const file = path.join(home, 'config.yaml');
    writeFileSync(file, text);
    try {
      loadConfig(file);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return { message: (error as ConfigError).message.replace(file, 'FILE'), hint: (error as ConfigError).hint?.replace(file, 'FILE') };
    }
    throw new Error('expected a ConfigError');
  };
  it('points at the line and column and says how to fix it', async () => {
    expect(await broken('name: x\nworkingDays: [1, 8]\n')).toEqual({
      message: 'FILE:2:18: workingDays: "8" is not a weekday',
      hint: 'expected weekdays as numbers 1-7 (1 = Monday) or names, listed or as a range: 1,2,3,4,5 · mon-fri · пн-пт · sat-thu; fix it with: followup config set workingDays mon-fri',
    });
    expect(await broken('name: x\nworkinDays: [1]\n')).toEqual({
      message: 'FILE:2:1: there is no setting "workinDays"',
      hint: 'did you mean workingDays? Rename or remove the line in FILE',
    });
    expect((await broken('hooks:\n  timeout: 5\n')).message).toBe('FILE:2:3: there is no setting "hooks.timeout"');
    expect((await broken('name: [oops\n')).message).toMatch(/^FILE:2:1: /);
    expect((await broken('- just\n- a list\n')).message).toBe('FILE:1:1: the settings file must be a list of "key: value" lines');
  });
  it('an empty file is an empty config', async () => {
    const home = await tempHome();
    writeFileSync(path.join(home, 'config.yaml'), '# nothing yet\n');
    expect(loadConfig(path.join(home, 'config.yaml'))).toEqual({});
  });
});

describe('ensureSalespersonName', () => {
  it('returns the configured name without asking', async () => {
    const home = await tempHome();
    const ctx = makeContext(home, { config: { name: 'Сергей Ларин' }, interactive: true });
    expect(await ensureSalespersonName(ctx, async () => Promise.reject(new Error('must not ask')))).toBe('Сергей Ларин');
  });
  it('asks once on a TTY, saves the name and tells where', async () => {
    const home = await tempHome();
    const ctx = makeContext(home, { interactive: true, lang: 'ru' });
    const questions: string[] = [];
    const answers = ['   ', ' Сергей Ларин '];
    const name = await ensureSalespersonName(ctx, async (q) => {
      questions.push(q);
      return answers.shift()!;
    });
    expect(name).toBe('Сергей Ларин');
    expect(questions).toEqual(['Ваше имя — так вас услышит клиент (например, Сергей Ларин)', 'Ваше имя — так вас услышит клиент (например, Сергей Ларин)']);
    expect(ctx.config.name).toBe('Сергей Ларин');
    expect(loadConfig(ctx.configFile).name).toBe('Сергей Ларин');
    expect(ctx.io.stderrText()).toContain(`Имя сохранено в ${ctx.configFile}`);
    // The next run does not ask.
    const next = makeContext(home, { interactive: true });
    expect(await ensureSalespersonName(next, async () => Promise.reject(new Error('asked twice')))).toBe('Сергей Ларин');
  });
  it('without a TTY names the command to run (exit 2)', async () => {
    const home = await tempHome();
    const ctx = makeContext(home, { interactive: false });
    const error = await rejection(ensureSalespersonName(ctx, async () => 'x'));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.exitCode).toBe(2);
    expect(error.hint).toBe('set it once: followup config set name "Your Name"');
  });
});
