// The shell conventions, through the built CLI: colour only where it belongs,
// data on stdout and messages on stderr, the documented exit codes,
// suggestions for mistyped commands, a clear word when a terminal is needed,
// and the after-call hook on a real scripted call.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { appendEntry } from '../../src/journal/index.js';
import { ensureBuilt, makeHome, ROOT, runFollowup } from '../e2e/pty.js';
import { spawnShell } from './shell-pty.js';

const BIN = path.join(ROOT, 'bin/followup.js');
const ANSWERS = path.join(ROOT, 'test/fixtures/answers/kitchen-first-ru.yaml');
const ESC = /\u001b/;
const SGR = /\u001b\[\d+(;\d+)*m/;

beforeAll(() => ensureBuilt(), 120_000);

/** The built CLI in a pty with exactly this environment; resolves with everything it wrote. */
async function inTerminal(args: string[], env: Record<string, string>): Promise<{ raw: string; code: number }> {
  const home = await makeHome();
  const base = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, FOLLOWUP_HOME: home, LANG: 'C.UTF-8', TERM: 'xterm-256color' };
  const session = spawnShell(process.execPath, [BIN, ...args], { ...base, ...env }, ROOT);
  const code = await session.exited;
  return { raw: session.raw(), code };
}

const SHOW = ['scripts', 'show', 'kitchen-furniture'];

describe('colour', () => {
  it('is on in a terminal (the case the others turn off)', async () => {
    const { raw, code } = await inTerminal(SHOW, {});
    expect(code).toBe(0);
    expect(raw).toMatch(SGR);
    expect(raw).toContain('kitchen-furniture');
  });
  it.each<[string, string[], Record<string, string>]>([
    ['NO_COLOR=1', SHOW, { NO_COLOR: '1' }],
    ['TERM=dumb', SHOW, { TERM: 'dumb' }],
    ['--no-color', ['--no-color', ...SHOW], {}],
    ['FORCE_COLOR=0', SHOW, { FORCE_COLOR: '0' }],
  ])('is off in a terminal with %s: no escape codes at all', async (_name, args, env) => {
    const { raw, code } = await inTerminal(args, env);
    expect(code).toBe(0);
    expect(raw).toContain('kitchen-furniture');
    expect(raw).not.toMatch(ESC);
  });
  it('FORCE_COLOR wins over NO_COLOR', async () => {
    expect((await inTerminal(SHOW, { NO_COLOR: '1', FORCE_COLOR: '1' })).raw).toMatch(SGR);
  });
  it('is off through pipes, and FORCE_COLOR=1 turns it on there', async () => {
    const home = await makeHome();
    const piped = runFollowup(SHOW, { home, env: { NO_COLOR: undefined, TERM: 'xterm-256color' } });
    expect(piped.code).toBe(0);
    expect(piped.stdout).toContain('kitchen-furniture');
    expect(piped.stdout + piped.stderr).not.toMatch(ESC);
    const forced = runFollowup(SHOW, { home, env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(forced.stdout).toMatch(SGR);
    for (const args of [['--help'], ['call', '--help'], ['scripts', 'list'], ['config', 'list']]) {
      const run = runFollowup(args, { home, env: { NO_COLOR: undefined } });
      expect([args, run.code, ESC.test(run.stdout + run.stderr)]).toEqual([args, 0, false]);
    }
  });
});

describe('stdout is data, stderr is messages', () => {
  it('config: the value on stdout, the confirmation and errors on stderr', async () => {
    const home = await makeHome();
    const set = runFollowup(['config', 'set', 'name', 'Сергей Ларин'], { home });
    expect(set).toEqual({ code: 0, stdout: '', stderr: 'name: Сергей Ларин\n' });
    expect(runFollowup(['config', 'get', 'name'], { home })).toEqual({ code: 0, stdout: 'Сергей Ларин\n', stderr: '' });
    const bad = runFollowup(['config', 'set', 'callHours', 'after lunch'], { home });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe(
      'followup: callHours: "after lunch" is not a span of hours\n  expected a span of hours HH:MM-HH:MM, e.g. 09:00-20:00; e.g. followup config set callHours 09:00-20:00\n',
    );
  });
  it('--json goes to stdout alone and parses', async () => {
    const home = await makeHome();
    const run = runFollowup(['scripts', 'list', '--json'], { home });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout).map((s: { id: string }) => s.id)).toContain('kitchen-furniture');
  });
  it('a reader that stops early ends the program quietly (exit 0, no EPIPE trace)', async () => {
    const home = await makeHome();
    const run = runFollowup([], { home });
    expect(run.code).toBe(2); // no command: help on stderr, usage exit
    const { spawnSync } = await import('node:child_process');
    const piped = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" --help | head -1; echo "exit \${PIPESTATUS[0]}"`], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, FOLLOWUP_HOME: home, HOME: home },
    });
    expect(piped.stdout).toBe('Usage: followup [options] [command]\nexit 0\n');
    expect(piped.stderr).toBe('');
  });
});

describe('exit codes', () => {
  it('0 ok, 1 failure, 2 usage, 3 journal damaged', async () => {
    const home = await makeHome();
    expect(runFollowup(['--version'], { home })).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
    expect(runFollowup(['config', 'get', 'company'], { home }).code).toBe(1);
    expect(runFollowup(['scripts', 'show', 'no-such-script'], { home }).code).toBe(1);
    expect(runFollowup(['cal'], { home }).code).toBe(2);
    expect(runFollowup(['due', '--josn'], { home }).code).toBe(2);
    expect(runFollowup(['--lang', 'de', 'due'], { home }).code).toBe(2);
    expect(runFollowup(['config', 'set', 'colour', 'red'], { home }).code).toBe(2);
    expect(runFollowup(['config', 'get'], { home }).code).toBe(2);
    const { writeFileSync } = await import('node:fs');
    const journal = path.join(home, 'journal.jsonl');
    const entry = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/shell/call-entry.json'), 'utf8'));
    await appendEntry(journal, entry);
    expect(runFollowup(['journal', 'check'], { home }).code).toBe(0);
    writeFileSync(journal, `${readFileSync(journal, 'utf8')}{"v":1,"type":"call",\n`, { mode: 0o600 });
    const damaged = runFollowup(['journal', 'check'], { home });
    expect(damaged.code).toBe(3);
    expect(damaged.stdout + damaged.stderr).toMatch(/damaged/);
  });
});

describe('suggestions for mistyped commands and options', () => {
  it.each<[string[], string]>([
    [['cal'], "error: unknown command 'cal'\n(Did you mean call?)\n"],
    [['scripts', 'shwo'], "error: unknown command 'shwo'\n(Did you mean show?)\n"],
    [['due', '--josn'], "error: unknown option '--josn'\n(Did you mean --json?)\n"],
    [['--lang', 'ru', 'cal'], 'ошибка: неизвестная команда «cal»\n(Может быть, call?)\n'],
    [['--lang', 'ru', 'config', 'gte'], 'ошибка: неизвестная команда «gte»\n(Может быть, get?)\n'],
  ])('%j', async (args, stderr) => {
    const run = runFollowup(args, { home: await makeHome() });
    expect(run).toEqual({ code: 2, stdout: '', stderr });
  });
});

describe('a command that needs a terminal', () => {
  it('call without a TTY and without --answers exits 2 naming the flag', async () => {
    const home = await makeHome();
    const en = runFollowup(['call', 'Андрей Иванович'], { home });
    expect(en.code).toBe(2);
    expect(en.stdout).toBe('');
    expect(en.stderr).toContain('--answers');
    const ru = runFollowup(['call', 'Андрей Иванович'], { home, env: { LANG: 'ru_RU.UTF-8' } });
    expect(ru.code).toBe(2);
    expect(ru.stderr).toMatch(/нужен терминал.*--answers/);
  });
});

describe('--help in Russian through the built CLI', () => {
  it('chosen by --lang, LANG, LC_ALL or the config; --lang wins', async () => {
    const home = await makeHome();
    const russian = (run: { stdout: string }) => run.stdout.startsWith('Использование: followup') && run.stdout.includes('Примеры:');
    expect(russian(runFollowup(['--lang', 'ru', '--help'], { home }))).toBe(true);
    expect(russian(runFollowup(['call', '--help'], { home, env: { LANG: 'ru_RU.UTF-8' } }))).toBe(true);
    expect(russian(runFollowup(['config', 'set', '--help'], { home, env: { LC_ALL: 'ru_RU.UTF-8', LANG: 'en_US.UTF-8' } }))).toBe(true);
    expect(russian(runFollowup(['--help'], { home }))).toBe(false);
    runFollowup(['config', 'set', 'language', 'ru'], { home });
    const configured = runFollowup(['due', '--help'], { home });
    expect(russian(configured)).toBe(true);
    expect(configured.stdout).toContain('звонки на сегодня и просроченные');
    expect(russian(runFollowup(['--lang', 'en', 'due', '--help'], { home }))).toBe(false);
  });
});

describe('the after-call hook on a scripted call', () => {
  const call = (home: string) =>
    runFollowup(['call', 'Андрей Иванович', '--script', 'kitchen-furniture', '--answers', ANSWERS], { home, now: '2026-11-28T14:05:00Z' });

  it('receives exactly the entry appended to the journal, with its id and client in the environment', async () => {
    const home = await makeHome();
    runFollowup(['config', 'set', 'name', 'Сергей Ларин'], { home });
    runFollowup(['config', 'set', 'hooks.after-call', 'cat > "$FOLLOWUP_HOME/hook.json"; echo "$FOLLOWUP_CALL_ID $FOLLOWUP_CLIENT" > "$FOLLOWUP_HOME/hook.env"'], { home });
    const run = call(home);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('hook');
    const line = readFileSync(path.join(home, 'journal.jsonl'), 'utf8').trimEnd().split('\n').at(-1)!;
    expect(readFileSync(path.join(home, 'hook.json'), 'utf8')).toBe(`${line}\n`);
    const entry = JSON.parse(line);
    expect(entry.client.name).toBe('Андрей Иванович');
    expect(readFileSync(path.join(home, 'hook.env'), 'utf8')).toBe(`${entry.id} Андрей Иванович\n`);
  });

  it('a failing hook is reported in one line and the call stays saved (exit 0)', async () => {
    const home = await makeHome();
    runFollowup(['config', 'set', 'name', 'Сергей Ларин'], { home });
    runFollowup(['config', 'set', 'hooks.after-call', 'cat >/dev/null; echo "HTTP 500 from the CRM" >&2; exit 7'], { home });
    const run = call(home);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('followup: the call is saved, but the after-call hook failed with exit code 7: HTTP 500 from the CRM\n');
    const entries = readFileSync(path.join(home, 'journal.jsonl'), 'utf8').trimEnd().split('\n');
    expect(entries).toHaveLength(1);
    expect(JSON.parse(entries[0]!).outcome).toBe('completed');
  });

  it('a hook past its timeout is stopped and reported; the call stays saved', async () => {
    const home = await makeHome();
    runFollowup(['config', 'set', 'name', 'Сергей Ларин'], { home });
    runFollowup(['config', 'set', 'hooks.after-call', 'sleep 30'], { home });
    runFollowup(['config', 'set', 'hooks.timeoutSec', '1'], { home });
    const started = Date.now();
    const run = call(home);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('followup: the call is saved, but the after-call hook ran longer than 1 s and was stopped\n');
    expect(readFileSync(path.join(home, 'journal.jsonl'), 'utf8').trimEnd().split('\n')).toHaveLength(1);
  });
});
