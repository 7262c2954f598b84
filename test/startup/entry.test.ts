// The start-up fast paths of the built CLI answer exactly as the full CLI
// does: `--version` on its own is answered before commander loads, and a
// command's settings file is read by the quick reader — same output, same
// errors (file:line:col), same exit codes; stderr is created only when a
// command uses it, and a piped output is still laid out for the terminal
// stderr is on.
import { chmodSync, copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as pty from 'node-pty';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, killAll, makeHome, ROOT, runFollowup, spawnFollowup } from '../e2e/pty.js';

beforeAll(() => ensureBuilt(), 120_000);
afterEach(() => killAll());

const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('--version', () => {
  it('prints the package version, as commander does when other options come with it', async () => {
    const home = await makeHome();
    const fast = runFollowup(['--version'], { home });
    const short = runFollowup(['-V'], { home });
    // With a global option the entry's fast path is not taken: commander answers.
    const full = runFollowup(['--lang', 'en', '--version'], { home });
    expect(fast).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect(short).toEqual(fast);
    expect(full).toEqual(fast);
  });

  it('leaves anything else to commander: a typo is still a usage error', async () => {
    const home = await makeHome();
    const typo = runFollowup(['--versio'], { home });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/unknown option '--versio'/);
    expect(typo.stdout).toBe('');
  });
});

describe('--help', () => {
  it('prints what commander prints, in both languages, from the flag, the environment or the settings', async () => {
    const home = await makeHome();
    for (const [lang, env] of [['en', { LANG: 'C.UTF-8' }], ['ru', { LANG: 'ru_RU.UTF-8' }]] as const) {
      // A global option before --help: the entry's fast path is not taken, commander renders it.
      const commander = runFollowup(['--lang', lang, '--help'], { home, env });
      expect(commander.code).toBe(0);
      expect(commander.stdout).toContain(lang === 'ru' ? 'Использование: followup' : 'Usage: followup');
      for (const flag of ['--help', '-h']) expect(runFollowup([flag], { home, env })).toEqual(commander);
    }
    const russianSettings = await makeHome('language: ru\n');
    expect(runFollowup(['--help'], { home: russianSettings, env: { LANG: 'C.UTF-8' } })).toEqual(runFollowup(['--lang', 'ru', '--help'], { home: russianSettings }));
  });

  it('on a terminal of another width, is laid out for that width (commander renders it)', async () => {
    const home = await makeHome();
    const wide = spawnFollowup(['--help'], { home, cols: 140 });
    const commander = spawnFollowup(['--lang', 'en', '--help'], { home, cols: 140 });
    expect(await wide.waitForExit()).toBe(0);
    expect(await commander.waitForExit()).toBe(0);
    expect(wide.history()).toBe(commander.history());
    // 140 columns: descriptions are not wrapped as they are for 80.
    expect(Math.max(...wide.history().split('\n').map((l) => l.length))).toBeGreaterThan(80);
  });
});

describe('the settings file at start-up', () => {
  it('a well-formed file gives the same settings as the full loader (config list --json)', async () => {
    const text = 'name: Сергей Ларин\ncompany: «Глория фурнитура»\nphone: +7 495 000-00-00\nworkingDays: [1, 2, 3, 4, 5, 6]\ndaysOff:\n  - 2026-12-31\ncallHours: { from: "09:00", to: "20:00" }\nhooks:\n  timeoutSec: 30\n';
    const home = await makeHome(text);
    // `config list` builds its context like every command (the quick path) and prints what it holds.
    const listed = runFollowup(['config', 'list', '--json'], { home });
    expect(listed.code, listed.stderr).toBe(0);
    const shown = JSON.parse(listed.stdout) as Record<string, unknown>;
    expect(shown).toMatchObject({ name: 'Сергей Ларин', company: '«Глория фурнитура»', phone: '+7 495 000-00-00', workingDays: [1, 2, 3, 4, 5, 6], daysOff: ['2026-12-31'], callHours: { from: '09:00', to: '20:00' } });
  });

  it('a bad value is still reported with file:line:col and exit 1, in the language asked for', async () => {
    const home = await makeHome('name: Сергей\nlanguage: de\n');
    const result = runFollowup(['--lang', 'ru', 'due'], { home });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${path.join(home, 'config.yaml')}:2:11`);
    expect(result.stderr).toMatch(/[А-Яа-я]/);
  });

  it('YAML outside the quick subset is read by the full loader', async () => {
    const home = await makeHome('name: &me "Сергей \\u041B"\ncompany: *me\n');
    writeFileSync(path.join(home, 'journal.jsonl'), '');
    const listed = runFollowup(['config', 'list', '--json'], { home });
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject({ name: 'Сергей Л', company: 'Сергей Л' });
  });
});

describe('scripts list with the script cache', () => {
  it('prints the same, byte for byte, from the files and from the cache, in both languages and as JSON', async () => {
    const home = await makeHome();
    const cache = path.join(home, 'cache');
    for (const args of [['scripts', 'list'], ['--lang', 'ru', 'scripts', 'list'], ['scripts', 'list', '--json']]) {
      rmSync(cache, { recursive: true, force: true });
      const fromFiles = runFollowup(args, { home });
      expect(existsSync(path.join(cache, 'scripts.json'))).toBe(true);
      const fromCache = runFollowup(args, { home });
      expect(fromFiles.code, fromFiles.stderr).toBe(0);
      expect(fromCache).toEqual(fromFiles);
    }
  });
});

describe('stderr', () => {
  const JOURNAL_FIXTURE = path.join(ROOT, 'test/fixtures/journals/clean.jsonl');
  const NOW = '2026-12-01T09:00:00Z';
  const journalIn = (home: string) => {
    const journal = path.join(home, 'calls.jsonl');
    copyFileSync(JOURNAL_FIXTURE, journal);
    chmodSync(journal, 0o600);
    return journal;
  };

  it('is not created by a command that writes nothing there, when it is a pipe (node would load its network stack for it)', async () => {
    const home = await makeHome();
    const journal = journalIn(home);
    const trap = path.join(home, 'trap.cjs');
    const touched = path.join(home, 'stderr-created');
    // process.stderr is a getter that creates the stream: this one says when it runs.
    writeFileSync(
      trap,
      `const d = Object.getOwnPropertyDescriptor(process, 'stderr');
       Object.defineProperty(process, 'stderr', { configurable: true, enumerable: d.enumerable, get() { require('node:fs').writeFileSync(${JSON.stringify(touched)}, ''); return d.get.call(this); } });`,
    );
    const env = { NODE_OPTIONS: `--require ${trap}` };
    const quiet = runFollowup(['--journal', journal, 'due'], { home, now: NOW, env });
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stdout).toMatch(/Елена Смирнова · \+7 925 700-00-11 · kitchen-furniture-second\n/);
    expect(quiet.stderr).toBe('');
    expect(existsSync(touched)).toBe(false);
    // The trap does see it when the command writes there.
    const debug = runFollowup(['--debug', '--journal', journal, 'due'], { home, now: NOW, env });
    expect(debug.stderr).toMatch(/journal read:/);
    expect(existsSync(touched)).toBe(true);
  });

  it('being a terminal lays out a piped output for its width', async () => {
    const home = await makeHome();
    const journal = journalIn(home);
    const out = path.join(home, 'due.txt');
    const bin = path.join(ROOT, 'bin/followup.js');
    // stdout to a file, stderr on a terminal 50 columns wide.
    const shell = pty.spawn('/bin/sh', ['-c', `"${process.execPath}" "${bin}" --journal "${journal}" due > "${out}"`], {
      cols: 50,
      rows: 20,
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: home, LANG: 'C.UTF-8', TERM: 'xterm-256color', FOLLOWUP_HOME: home, FOLLOWUP_NOW: NOW, FOLLOWUP_TZ: 'Europe/Moscow', NO_COLOR: '1' },
    });
    const code = await new Promise<number>((resolve) => shell.onExit(({ exitCode }) => resolve(exitCode)));
    expect(code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/Елена Смирнова · \+7 925 700-00-11 ·\n {12}kitchen-furniture-second\n/);
  });
});

describe('a damaged installation', () => {
  it('says so in one line and exits 1 when the loader cannot find its own files', async () => {
    const { cpSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { spawnSync } = await import('node:child_process');
    const copy = mkdtempSync(path.join(tmpdir(), 'followup-broken-'));
    for (const part of ['bin', 'dist', 'package.json']) cpSync(path.join(ROOT, part), path.join(copy, part), { recursive: true });
    rmSync(path.join(copy, 'dist/app/main.js'));
    const home = await makeHome();
    const result = spawnSync(process.execPath, [path.join(copy, 'bin/followup.js'), 'due'], { env: { ...process.env, FOLLOWUP_HOME: home }, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^followup: the installation is damaged: .*main\.js/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
