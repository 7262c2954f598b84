import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkJournal, readJournals, repairJournal, type Damage } from './journal-api.js';
import { faultyFs } from './faulty-fs.js';
import { fixture, tempDir } from './temp.js';

const NOW = () => new Date('2026-11-29T08:00:00.000Z');

function copyFixture(name: string): string {
  const dir = tempDir();
  const file = path.join(dir, 'journal.jsonl');
  copyFileSync(fixture(name), file);
  return file;
}

describe('checkJournal / repairJournal', () => {
  test('damaged.jsonl: every bad line to the quarantine with its line number; good lines byte for byte', async () => {
    const file = copyFixture('damaged.jsonl');
    const original = readFileSync(file, 'utf8').split('\n');
    const check = await checkJournal(file);
    expect(check).toMatchObject({ exists: true, lines: 9, entries: 5 });
    expect(check.damage.map((d) => d.line)).toEqual([3, 5, 6, 9]);

    const report = await repairJournal(file, { now: NOW });
    expect(report.kept).toBe(5);
    expect(report.quarantined.map((d: Damage) => d.line)).toEqual([3, 5, 6, 9]);
    // The journal: exactly the good lines, in order, unchanged.
    expect(readFileSync(file, 'utf8')).toBe([1, 2, 4, 7, 8].map((n) => `${original[n - 1]}\n`).join(''));
    // The quarantine: every removed line, exactly.
    const quarantine = readFileSync(report.quarantineFile, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(quarantine.map((q) => [q.line, q.reason, q.text])).toEqual([
      [3, 'invalid-json', original[2]],
      [5, 'newer-version', original[4]],
      [6, 'invalid-entry', original[5]],
      [9, 'torn', original[8]],
    ]);
    expect(quarantine.every((q) => q.quarantinedAt === '2026-11-29T08:00:00.000Z')).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(report.quarantineFile).mode & 0o777).toBe(0o600);
    expect(readdirSync(path.dirname(file)).sort()).toEqual(['journal.jsonl', 'journal.jsonl.quarantine.jsonl']);

    expect(await checkJournal(file)).toMatchObject({ entries: 5, damage: [] });
    // A second repair finds nothing and changes nothing.
    const again = await repairJournal(file, { now: NOW });
    expect(again.quarantined).toEqual([]);
    expect(readFileSync(report.quarantineFile, 'utf8').trimEnd().split('\n')).toHaveLength(4);
  });

  test('a repair that fails before the rename leaves the journal byte-identical', async () => {
    for (const op of ['write', 'fsync'] as const) {
      const file = copyFixture('garbage-middle.jsonl');
      const before = readFileSync(file);
      const fs = faultyFs({ op, code: 'ENOSPC', path: (p) => p.includes('.repair-') });
      await expect(repairJournal(file, { fs })).rejects.toThrow(/could not repair the journal .*the disk is full \(ENOSPC\)/);
      expect(readFileSync(file)).toEqual(before);
      expect(readdirSync(path.dirname(file))).toEqual(['journal.jsonl']);
    }
  });

  test('the quarantine is written and fsync\'d before the journal is replaced', async () => {
    const file = copyFixture('torn-tail.jsonl');
    const before = readFileSync(file);
    const fs = faultyFs({ op: 'fsync', code: 'EIO', path: (p) => p.endsWith('.quarantine.jsonl') });
    await expect(repairJournal(file, { fs })).rejects.toThrow(/EIO/);
    expect(readFileSync(file)).toEqual(before);
  });

  test('a missing journal: nothing to repair', async () => {
    const dir = tempDir();
    expect(await repairJournal(path.join(dir, 'none.jsonl'))).toMatchObject({ quarantined: [], kept: 0 });
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('followup journal check (the built CLI)', () => {
  const bin = new URL('../../bin/followup.js', import.meta.url).pathname;
  const run = (args: string[], home: string) =>
    spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, FOLLOWUP_HOME: home, NO_COLOR: '1', LANG: 'C' } });

  test.each(['torn-tail.jsonl', 'garbage-middle.jsonl', 'newer-version.jsonl', 'damaged.jsonl'])(
    '%s: exit 3 listing the lines; --repair exits 0; then clean',
    async (name) => {
      const file = copyFixture(name);
      const home = path.dirname(file);
      const { damage } = await readJournals([file]);
      const check = run(['--journal', file, 'journal', 'check'], home);
      expect(check.status, check.stderr).toBe(3);
      for (const d of damage) expect(check.stdout).toContain(`  ${d.line}: `);
      expect(check.stdout).toContain(`${file}: ${damage.length} damaged line`);
      expect(check.stderr).toContain('journal check --repair');

      const json = run(['--journal', file, 'journal', 'check', '--json'], home);
      expect(json.status).toBe(3);
      const parsed = JSON.parse(json.stdout);
      expect(parsed.damaged).toBe(true);
      expect(parsed.journals[0].damage.map((d: Damage) => [d.line, d.reason])).toEqual(damage.map((d) => [d.line, d.reason]));

      const repair = run(['--journal', file, 'journal', 'check', '--repair'], home);
      expect(repair.status, repair.stderr).toBe(0);
      expect(repair.stdout).toContain(`moved to ${file}.quarantine.jsonl`);
      expect(existsSync(`${file}.quarantine.jsonl`)).toBe(true);

      const after = run(['--journal', file, 'journal', 'check'], home);
      expect(after.status).toBe(0);
      expect(after.stdout).toMatch(/: \d+ entries, no damage/);
    },
  );

  test('in Russian, and two journals at once', () => {
    const a = copyFixture('team-a.jsonl');
    const b = copyFixture('garbage-middle.jsonl');
    const result = run(['--lang', 'ru', '--journal', a, '--journal', b, 'journal', 'check'], path.dirname(a));
    expect(result.status).toBe(3);
    expect(result.stdout).toContain(`${a}: 3 записи, повреждений нет`);
    expect(result.stdout).toContain(`${b}: 1 повреждённая строка`);
    expect(result.stdout).toContain('3: некорректный JSON');
  });

  test('no journal yet: exit 0', () => {
    const home = tempDir();
    const result = run(['journal', 'check'], home);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe(`${path.join(home, 'journal.jsonl')}: no journal yet\n`);
  });

  test('a journal path that is a folder: one clear line, exit 1', () => {
    const home = tempDir();
    const result = run(['--journal', home, 'journal', 'check'], home);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`followup: could not read the journal ${home}: it is a folder, not a file (EISDIR)`);
    expect(result.stderr).not.toContain('    at ');
  });
});
