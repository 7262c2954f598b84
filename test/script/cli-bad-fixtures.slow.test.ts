// The malformed corpus through the real CLI: `node bin/followup.js scripts
// validate FILE` exits 1 and names the file (and line) — no stack trace.
// Runs the built bin (npm test builds first).
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { BAD_DIR, OK_DIR, ROOT, tempDir } from './helpers.js';
import { CORPUS } from './corpus.js';

const run = promisify(execFile);
let BIN = path.join(ROOT, 'bin/followup.js');

/** A private copy of the built package: other work in the checkout may rebuild
 * dist/ while these tests run. The bundle holds its dependencies. */
async function snapshotPackage(): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      if (!existsSync(path.join(ROOT, 'dist/cli.cjs'))) await run(process.execPath, [path.join(ROOT, 'build.mjs')], { cwd: ROOT });
      const copy = await tempDir('followup-pkg-');
      for (const item of ['package.json', 'bin', 'dist', 'scripts', 'schema']) await cp(path.join(ROOT, item), path.join(copy, item), { recursive: true });
      await run(process.execPath, [path.join(copy, 'bin/followup.js'), '--version']);
      return copy;
    } catch (error) {
      if (attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

async function followup(args: string[], home: string) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { ...process.env, FOLLOWUP_HOME: home, NO_COLOR: '1', LANG: 'en_US.UTF-8' },
      timeout: 15_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('scripts validate through the built CLI', () => {
  let home: string;
  beforeAll(async () => {
    BIN = path.join(await snapshotPackage(), 'bin/followup.js');
    home = await tempDir('followup-cli-');
  }, 120_000);

  it.each(readdirSync(BAD_DIR).sort())('%s: exit 1, names the file and line, no stack trace', async (name) => {
    const file = path.join('test/fixtures/scripts-bad', name);
    const { code, stdout, stderr } = await followup(['--scripts', BAD_DIR, 'scripts', 'validate', path.join(ROOT, file)], home);
    const output = stdout + stderr;
    expect(code).toBe(1);
    const expected = CORPUS[name]!;
    expect(output).toContain(expected.line === undefined ? `${name}:` : `${name}:${expected.line}:`);
    expect(output).toContain(expected.says);
    expect(output).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  });

  it('a good script exits 0; several files are all reported; --json is exact', async () => {
    const ok = await followup(['scripts', 'validate', path.join(OK_DIR, 'mini-ru.yaml')], home);
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.stdout).toContain('✔');
    const many = await followup(['--scripts', BAD_DIR, 'scripts', 'validate', '--json', path.join(OK_DIR, 'mini-ru.yaml'), path.join(BAD_DIR, 'key-typo-step.yaml'), path.join(BAD_DIR, 'bad-ask.yaml')], home);
    expect(many.code).toBe(1);
    const reports = JSON.parse(many.stdout) as { ok: boolean; issues: { rule: string }[] }[];
    expect(reports.map((r) => r.ok)).toEqual([true, false, false]);
    expect(reports[1]!.issues[0]!.rule).toBe('key.unknown');
  });

  it('loading a broken script by id (scripts show) exits 1 with file:line:col', async () => {
    const { code, stderr } = await followup(['--scripts', BAD_DIR, 'scripts', 'show', 'key-typo-step'], home);
    expect(code).toBe(1);
    expect(stderr).toContain("key-typo-step.yaml:7:5: unknown key 'sya' — did you mean 'say'?");
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
