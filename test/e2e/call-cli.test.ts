// The call commands through the built bin on pipes (no terminal): usage
// errors, scripted calls and their errors, --dry-run, --at, a journal that
// can't be written, damaged journals, and flags resolve.
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CallEntry, JournalEntry } from '../../src/journal/types.js';
import { ensureBuilt, makeHome, ROOT, runFollowup } from './pty.js';

beforeAll(ensureBuilt, 120_000);

const CONFIG = 'name: Сергей Ларин\ncompany: «Глория фурнитура»\nlanguage: ru\ntimeZone: Europe/Moscow\n';
const THURSDAY = '2026-11-26T11:00:00.000Z';
const KITCHEN = path.join(ROOT, 'test/fixtures/answers/kitchen-first-ru.yaml');
const JOURNALS = path.join(ROOT, 'test/fixtures/journals');
const STACK = /^\s+at .+:\d+:\d+\)?$/m;

function journal(home: string): JournalEntry[] {
  const file = path.join(home, 'journal.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as JournalEntry);
}

const kitchen = (home: string, extra: string[] = [], now = THURSDAY) =>
  runFollowup(['call', 'Андрей Иванович', '--script', 'kitchen-furniture', '--answers', KITCHEN, ...extra], { home, now });

describe('followup call without a terminal', () => {
  it('exits 2 and names --answers', async () => {
    const home = await makeHome(CONFIG);
    const result = runFollowup(['--lang', 'en', 'call', 'Андрей Иванович'], { home, now: THURSDAY });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('followup call needs a terminal; use --answers FILE to run a call without one');
    expect(result.stderr).not.toMatch(STACK);
    expect(journal(home)).toEqual([]);
  });

  it('says it in Russian too', async () => {
    const home = await makeHome(CONFIG);
    const result = runFollowup(['call', 'Андрей'], { home, now: THURSDAY });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--answers FILE');
  });

  it('resume without a terminal exits 2', async () => {
    const home = await makeHome(CONFIG);
    const link = path.join(home, 'journal.jsonl');
    symlinkSync('/nonexistent-followup-dir/journal.jsonl', link);
    expect(kitchen(home).code).toBe(1);
    const result = runFollowup(['resume'], { home, now: THURSDAY });
    expect(result.code).toBe(2);
  });
});

describe('followup call --answers', () => {
  it('--new makes a second client of the same name instead of calling the known one', async () => {
    const home = await makeHome(CONFIG);
    expect(kitchen(home).code).toBe(0);
    expect(kitchen(home, ['--new']).code).toBe(0);
    const ids = journal(home).map((entry) => (entry as CallEntry).client.id);
    expect(ids).toEqual(['andrey-ivanovich', 'andrey-ivanovich-2']);
  });

  it('finds a Cyrillic client typed in Latin, through the built bundle (transliteration patched to load lazily)', async () => {
    const home = await makeHome(CONFIG);
    expect(kitchen(home).code).toBe(0);
    for (const query of ['andrey', 'Andrei Ivanovich', 'andrey-ivanovich']) {
      const result = runFollowup(['history', query], { home, now: THURSDAY });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Андрей Иванович');
    }
  });

  it('writes the call and prints its summary on stderr', async () => {
    const home = await makeHome(CONFIG);
    const result = kitchen(home);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Итог звонка');
    const [entry] = journal(home) as CallEntry[];
    expect(entry!.steps.filter((s) => !s.handler)).toHaveLength(7);
    expect(entry!.flags).toMatchObject([{ owner: 'старший мастер по сборке', due: '2026-11-27', status: 'open' }]);
    expect(entry!.nextCall).toMatchObject({ date: '2026-11-30', agreed: true });
    expect(existsSync(path.join(home, 'drafts', 'andrey-ivanovich.json'))).toBe(false);
  });

  it('--dry-run writes nothing and prints the entry it would have written', async () => {
    const home = await makeHome(CONFIG);
    const result = kitchen(home, ['--dry-run']);
    expect(result.code).toBe(0);
    const entry = JSON.parse(result.stdout) as CallEntry;
    expect(entry).toMatchObject({ type: 'call', outcome: 'completed', client: { id: 'andrey-ivanovich' } });
    expect(result.stderr).toContain('ничего не записано');
    expect(journal(home)).toEqual([]);
    expect(existsSync(path.join(home, 'drafts'))).toBe(false);
  });

  it('--at logs a call made earlier: its times and dates count from then', async () => {
    const home = await makeHome(CONFIG);
    // Logged on Saturday for a call made on Wednesday at 15:30 Moscow time.
    const result = kitchen(home, ['--at', '2026-11-25 15:30'], '2026-11-28T09:00:00.000Z');
    expect(result.code).toBe(0);
    const [entry] = journal(home) as CallEntry[];
    expect(entry!.startedAt).toBe('2026-11-25T12:30:00.000Z');
    // Wednesday + 3 days is Saturday: the next working day is Monday.
    expect(entry!.nextCall?.date).toBe('2026-11-30');
    expect(entry!.flags[0]!.due).toBe('2026-11-26');
    expect(entry!.durationSec).toBeLessThan(60);
  });

  it('a step with no answer in the file is an error naming the step', async () => {
    const home = await makeHome(CONFIG);
    const file = path.join(home, 'answers.yaml');
    writeFileSync(file, readFileSync(KITCHEN, 'utf8').replace(/^ {2}relatives: .*\n/m, ''));
    const result = runFollowup(['call', 'Андрей Иванович', '--script', 'kitchen-furniture', '--answers', file], { home, now: THURSDAY });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/answers\.yaml:\d+:\d+: no answer for step "relatives" \(Что сказали близкие\)/);
    expect(result.stderr).not.toMatch(STACK);
    expect(journal(home)).toEqual([]);
  });

  it('a step the script does not have is an error with file:line:col', async () => {
    const home = await makeHome(CONFIG);
    const file = path.join(home, 'answers.yaml');
    writeFileSync(file, 'answers:\n  remind: Помнит\n  relatievs: Есть критика\n');
    const result = runFollowup(['call', 'Андрей Иванович', '--script', 'kitchen-furniture', '--answers', file], { home, now: THURSDAY });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}:3:3: no step "relatievs" in script kitchen-furniture`);
  });

  it('an unknown field is reported with its line', async () => {
    const home = await makeHome(CONFIG);
    const file = path.join(home, 'answers.yaml');
    writeFileSync(file, 'answers:\n  remind: Помнит\nflgas: []\n');
    const result = runFollowup(['call', 'Андрей Иванович', '--script', 'kitchen-furniture', '--answers', file], { home, now: THURSDAY });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${file}:3:1: unknown field "flgas"`);
  });

  it('a call nobody picked up is logged with its retry', async () => {
    const home = await makeHome(CONFIG);
    const file = path.join(home, 'answers.yaml');
    writeFileSync(file, 'outcome: no-answer\n');
    const result = runFollowup(['call', 'Андрей Иванович', '--script', 'kitchen-furniture', '--answers', file], { home, now: THURSDAY });
    expect(result.code).toBe(0);
    const [entry] = journal(home) as CallEntry[];
    expect(entry).toMatchObject({ outcome: 'no-answer', steps: [], nextCall: { kind: 'retry', date: '2026-11-26', agreed: false } });
  });
});

describe('when the journal cannot be written', () => {
  it('keeps the draft, exits 1 and says how to retry', async () => {
    const home = await makeHome(CONFIG);
    // The journal points into a folder that does not exist.
    symlinkSync('/nonexistent-followup-dir/journal.jsonl', path.join(home, 'journal.jsonl'));
    const result = kitchen(home);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('followup resume andrey-ivanovich');
    expect(result.stderr).toContain(path.join(home, 'journal.jsonl'));
    expect(result.stderr).not.toMatch(STACK);
    const draft = JSON.parse(readFileSync(path.join(home, 'drafts', 'andrey-ivanovich.json'), 'utf8'));
    expect(draft).toMatchObject({ clientId: 'andrey-ivanovich', scriptId: 'kitchen-furniture' });
    expect(draft.events.length).toBeGreaterThan(10);
  });

  it('a scripted call does not run over a waiting draft', async () => {
    const home = await makeHome(CONFIG);
    symlinkSync('/nonexistent-followup-dir/journal.jsonl', path.join(home, 'journal.jsonl'));
    expect(kitchen(home).code).toBe(1);
    const again = kitchen(home);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('followup resume andrey-ivanovich');
  });
});

describe('due, history and flags on damaged journals', () => {
  const NOW = '2026-11-28T12:00:00.000Z';
  // A copy: due and history write their derived index beside the journal.
  const damaged = ['--journal', ''];
  beforeAll(async () => {
    const dir = await makeHome();
    damaged[1] = path.join(dir, 'damaged.jsonl');
    writeFileSync(damaged[1], readFileSync(path.join(JOURNALS, 'damaged.jsonl')), { mode: 0o600 });
  });

  it('due still lists the calls and names the bad lines once', async () => {
    const home = await makeHome(CONFIG);
    const result = runFollowup(['due', ...damaged], { home, now: NOW });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Мария Петрова');
    for (const line of [3, 5, 6, 9]) expect(result.stderr).toContain(`damaged.jsonl:${line}:`);
    expect(result.stderr.match(/damaged\.jsonl:3:/g)).toHaveLength(1);
    const json = JSON.parse(runFollowup(['due', '--json', ...damaged], { home, now: NOW }).stdout);
    expect(json.day).toBe('2026-11-28');
    expect(json.calls.map((c: { client: { id: string } }) => c.client.id)).toEqual(['maria-petrova']);
    expect(json.calls[0]).toMatchObject({ reason: 'retry', overdueDays: 0 });
  });

  it('due --on a later day includes the overdue calls, with how late they are', async () => {
    const home = await makeHome(CONFIG);
    const json = JSON.parse(runFollowup(['due', '--on', '2026-12-01', '--json', ...damaged], { home, now: NOW }).stdout);
    expect(json.calls.map((c: { client: { id: string }; overdueDays: number }) => [c.client.id, c.overdueDays])).toEqual([
      ['maria-petrova', 3],
      ['elena-smirnova', 1],
    ]);
  });

  it('history still shows the client', async () => {
    const home = await makeHome(CONFIG);
    const result = runFollowup(['history', 'андрей', ...damaged], { home, now: NOW });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Андрей Иванович');
    expect(result.stderr).toContain('damaged.jsonl:6:');
    const json = JSON.parse(runFollowup(['history', 'andrey-ivanovich', '--json', ...damaged], { home, now: NOW }).stdout);
    expect(json.calls).toHaveLength(2);
    expect(json.openFlags).toEqual([]);
  });

  it('flags still show the queue', async () => {
    const home = await makeHome(CONFIG);
    const result = runFollowup(['flags', '--all', ...damaged], { home, now: NOW });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('старший сборщик');
    expect(result.stderr).toContain('damaged.jsonl:9:');
  });

  it('flags resolve takes a unique id prefix and appends a flag entry', async () => {
    const home = await makeHome(CONFIG);
    const copy = path.join(home, 'journal.jsonl');
    writeFileSync(copy, readFileSync(path.join(JOURNALS, 'clean.jsonl')), { mode: 0o600 });
    const open = JSON.parse(runFollowup(['flags', '--json'], { home, now: NOW }).stdout);
    expect(open.flags.map((f: { id: string }) => f.id)).toEqual(['01M8GX71808BNPZ9714GPRPXGJ']);
    const resolved = runFollowup(['flags', 'resolve', '01m8gx7', '--note', 'Перевесили петли'], { home, now: NOW });
    expect(resolved.code).toBe(0);
    const last = journal(home).at(-1)!;
    expect(last).toMatchObject({ type: 'flag', flag: '01M8GX71808BNPZ9714GPRPXGJ', status: 'resolved', note: 'Перевесили петли' });
    expect(JSON.parse(runFollowup(['flags', '--json'], { home, now: NOW }).stdout).flags).toEqual([]);
    expect(runFollowup(['flags', 'resolve', 'zzzz'], { home, now: NOW }).code).toBe(1);
    expect(runFollowup(['flags', 'resolve', '01M8'], { home, now: NOW }).code).toBe(2);
  });
});
