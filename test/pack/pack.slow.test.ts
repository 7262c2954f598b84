// The package as users get it: `npm pack`, `npm install -g` of the tarball
// into a fresh prefix, and the installed `followup` runs — its version, the
// built-in scripts, and a scripted call from the chapter — from outside the
// repository. The bundle carries every dependency (esbuild), so when
// package.json lists no runtime dependencies the install must work fully
// offline with an empty npm cache.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from '../e2e/pty.js';

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; dependencies?: Record<string, string> };
const ANSWERS = path.join(ROOT, 'test/fixtures/answers/kitchen-first-ru.yaml');
const work = mkdtempSync(path.join(os.tmpdir(), 'followup-pack-'));
const prefix = path.join(work, 'prefix');
const home = path.join(work, 'home');
let tarball: string;
let files: string[];

function npm(args: string[], options: { cwd?: string } = {}): string {
  return execFileSync('npm', args, {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 180_000,
  });
}

/** The installed bin, run as a user would: PATH has the prefix, cwd is not the repo. */
function followup(args: string[], env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(path.join(prefix, 'bin/followup'), args, {
      cwd: work,
      encoding: 'utf8',
      env: {
        PATH: `${path.join(prefix, 'bin')}:${path.dirname(process.execPath)}:/usr/bin:/bin`,
        HOME: home,
        FOLLOWUP_HOME: home,
        LANG: 'C.UTF-8',
        FOLLOWUP_TZ: 'Europe/Moscow',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { code: 0, stdout, stderr: '' };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  await ensureBuilt();
  mkdirSync(home, { mode: 0o700 });
  // --ignore-scripts: dist/ is fresh (ensureBuilt); `prepare` would rebuild it under other tests' feet.
  const packed = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work])) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(work, packed[0]!.filename);
  files = packed[0]!.files.map((f) => f.path);
  const offline = Object.keys(pkg.dependencies ?? {}).length === 0;
  npm(
    ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', ...(offline ? ['--offline', '--cache', path.join(work, 'empty-cache')] : ['--prefer-offline']), tarball],
    { cwd: work },
  );
}, 300_000);

describe('the packed package', () => {
  it('ships only what runs: the bin, the bundle (no source maps), the scripts and the schema', () => {
    const outside = files.filter((f) => !/^(bin\/|dist\/|scripts\/|schema\/|package\.json$|README\.md$|LICENSE)/.test(f));
    expect(outside).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(['bin/followup.js', 'dist/cli.cjs', 'schema/script.schema.json', 'scripts/kitchen-furniture.yaml']));
  });

  it('installs into a fresh prefix and runs: --version', () => {
    expect(followup(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('finds its built-in scripts inside the installed package', () => {
    const run = followup(['scripts', 'list', '--json']);
    expect(run.code).toBe(0);
    const kitchen = (JSON.parse(run.stdout) as { id: string; file: string }[]).find((s) => s.id === 'kitchen-furniture');
    expect(kitchen?.file.startsWith(path.join(prefix, 'lib/node_modules/followup/scripts'))).toBe(true);
  });

  it('makes a scripted call from the chapter and appends it to the journal', () => {
    expect(followup(['config', 'set', 'name', 'Сергей Ларин']).code).toBe(0);
    const run = followup(['call', 'Андрей Иванович', '--script', 'kitchen-furniture', '--answers', ANSWERS], { FOLLOWUP_NOW: '2026-11-28T14:05:00Z' });
    expect(run.code).toBe(0);
    const lines = readFileSync(path.join(home, 'journal.jsonl'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({
      type: 'call',
      client: { name: 'Андрей Иванович' },
      salesperson: 'Сергей Ларин',
      script: { id: 'kitchen-furniture' },
      outcome: 'completed',
      nextCall: { date: '2026-12-01', agreed: true },
    });
    expect(entry.flags).toHaveLength(1);
    const history = followup(['history', 'Андрей Иванович', '--json']);
    expect(history.code).toBe(0);
  });

  it('prints its completion scripts', () => {
    for (const shell of ['bash', 'zsh', 'fish']) {
      const run = followup(['completion', shell]);
      expect([shell, run.code, run.stdout.includes('followup __complete')]).toEqual([shell, 0, true]);
    }
  });
});
