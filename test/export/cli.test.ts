// The built CLI through real pipes (run `node build.mjs` first; `npm test`
// does): `export --format json | jq length` equals the number of calls, and
// nothing on a pipe carries escape codes — not even with FORCE_COLOR unset
// and a name full of them, nor a spinner.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallEntry } from '../../src/journal/types.js';
import { DAMAGED, ROOT, TEAM, runCli, tempDir, writeJournal } from './helpers.js';
import { syntheticJournal } from './synthetic.js';
import { writeFileSync } from 'node:fs';

const ESC = /\u001b/;

describe('followup export through a pipe (built CLI)', () => {
  const temp = tempDir();
  let evil: string;
  let big: string;
  beforeAll(() => {
    big = path.join(temp.dir, 'big.jsonl');
    writeFileSync(big, syntheticJournal({ calls: 5000 }), { mode: 0o600 });
    expect(existsSync(path.join(ROOT, 'dist/cli.cjs')), 'run node build.mjs first').toBe(true);
    const first = JSON.parse(readFileSync(TEAM, 'utf8').split('\n')[0]!) as CallEntry;
    evil = writeJournal(path.join(temp.dir, 'evil.jsonl'), [
      first,
      { ...first, id: '01KC9', client: { id: 'evil', name: 'Evil\u001b[31m\u001b]0;title\u0007' } },
    ]);
  });
  afterAll(() => temp.cleanup());

  it('export --format json | jq length equals the number of calls', () => {
    expect(spawnSync('jq', ['--version']).status, 'jq missing: run test/setup/system-deps.sh').toBe(0);
    const run = runCli([], { home: temp.dir, shell: `node bin/followup.js export --journal '${TEAM}' --format json | jq length` });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('7');
    const damaged = runCli([], { home: temp.dir, shell: `node bin/followup.js export --journal '${DAMAGED}' --format json | jq length` });
    expect(damaged.stdout.trim()).toBe('7');
    expect(damaged.stderr).toContain('damaged.jsonl:3:');
  });

  it('writes no escape codes to a pipe, in any format, and JSON stays exact', () => {
    for (const format of ['csv', 'json', 'md', 'ics']) {
      const run = runCli(['export', '--journal', TEAM, '--format', format, '--from', '2026-11-01'], { home: temp.dir });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout.length).toBeGreaterThan(100);
      expect(ESC.test(run.stdout), format).toBe(false);
      expect(ESC.test(run.stderr), format).toBe(false);
    }
    const stats = runCli(['stats', '--journal', TEAM], { home: temp.dir });
    expect(stats.status).toBe(0);
    expect(ESC.test(stats.stdout + stats.stderr)).toBe(false);
    // JSON keeps the name exactly (escaped as JSON, so still no raw ESC byte).
    const json = runCli(['export', '--journal', evil, '--format', 'json'], { home: temp.dir });
    expect(ESC.test(json.stdout)).toBe(false);
    expect((JSON.parse(json.stdout) as CallEntry[])[1]!.client.name).toBe('Evil\u001b[31m\u001b]0;title\u0007');
  });

  it('stops quietly when the reader goes away (| head -1)', () => {
    // ~2 MB of CSV: far more than a pipe holds, so the export meets EPIPE.
    const run = runCli([], { home: temp.dir, shell: `node bin/followup.js export --journal '${big}' | head -1; echo "exit \${PIPESTATUS[0]}"` });
    expect(run.stdout).toMatch(/^id,at,client_id/);
    expect(run.stdout).toContain('exit 0');
    expect(run.stderr).toBe('');
  });

  it('a usage error: exit 2 and one clear line', () => {
    const run = runCli(['export', '--journal', TEAM, '--format', 'md', '--rows', 'flags'], { home: temp.dir });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^followup: --rows flags works with --format csv only\n/);
  });
});
