// `due` and `history` answer through the derived index beside the journal.
// Through the built CLI on a generated journal: whatever happened to the index
// — never built, fresh, deleted, stale after a call or a resolved flag was
// appended, stale after `journal check --repair` rewrote the journal — their
// --json output is exactly what a plain full read (readJournals + foldState,
// as the commands did before the index) gives. --debug says which way the
// answers were obtained, so each state is known to be the one tested.
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateJournal } from '../../bench/gen-journal.mjs';
import { TAIL_KEEP } from '../../src/journal/derived-index.js';
import { indexPaths } from '../../src/journal/index-store.js';
import { clientHistory, dueCalls, foldState, readJournals, type DueOptions } from '../../src/journal/index.js';
import type { CallEntry } from '../../src/journal/types.js';
import { dueJson } from '../../src/terminal/render/due.js';
import { historyJson } from '../../src/terminal/render/history.js';
import { ensureBuilt, makeHome, ROOT, runFollowup } from './pty.js';

beforeAll(ensureBuilt, 120_000);

const TODAY = '2026-11-28';
// Noon in Moscow: today is TODAY in the salesperson's time zone.
const NOW = `${TODAY}T09:00:00.000Z`;
const CONFIG = 'name: Сергей Ларин\ncompany: «Глория фурнитура»\nlanguage: en\ntimeZone: Europe/Moscow\n';
const APPENDED = path.join(ROOT, 'bench/fixtures/answers-kitchen.yaml');
const DUE_MODES: { args: string[]; options: Omit<DueOptions, 'day'>; day: string }[] = [
  { args: [], options: {}, day: TODAY },
  { args: ['--overdue'], options: { overdue: true }, day: TODAY },
  { args: ['--on', '2026-12-03'], options: {}, day: '2026-12-03' },
];

interface Setup {
  home: string;
  journal: string;
  /** Clients whose history is compared: the most called, namesakes, a few others. */
  clients: string[];
}

async function setUp(size: number): Promise<Setup> {
  const home = await makeHome(CONFIG);
  const dir = path.join(home, 'data');
  mkdirSync(dir, { mode: 0o700 });
  const journal = path.join(dir, 'journal.jsonl');
  let text = '';
  const stats = generateJournal({ size, seed: 11, today: TODAY, clients: 400 }, (chunk) => (text += chunk));
  writeFileSync(journal, text, { mode: 0o600 });
  const entries = text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as CallEntry);
  const ids = [...new Set(entries.filter((e) => e.type === 'call').map((e) => e.client.id))];
  const namesakes = ids.filter((id) => /-\d+$/.test(id));
  return { home, journal, clients: [stats.sampleClient.id, ...namesakes.slice(0, 3), ...ids.filter((_, i) => i % 50 === 0)] };
}

const followup = (s: Setup, args: string[]) => runFollowup(['--journal', s.journal, '--debug', ...args], { home: s.home, now: NOW });

/** What the commands printed before the index: a full read, folded. */
async function expected(s: Setup) {
  const { entries } = await readJournals([s.journal]);
  const state = foldState(entries);
  const out = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  return {
    due: DUE_MODES.map((m) => out({ day: m.day, calls: dueCalls(state, { day: m.day, ...m.options }).map(dueJson) })),
    history: s.clients.map((id) => out(historyJson(clientHistory(state, id)!))),
  };
}

/** Every due mode and every history through the CLI equal the full read's; returns how the answers were read. */
async function expectSameAnswers(s: Setup): Promise<string[]> {
  const want = await expected(s);
  const sources: string[] = [];
  DUE_MODES.forEach((m, i) => {
    const result = followup(s, ['due', '--json', ...m.args]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(want.due[i]);
    sources.push(/journal read: (\S+)/.exec(result.stderr)?.[1] ?? 'none');
  });
  s.clients.forEach((id, i) => {
    const result = followup(s, ['history', id, '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(want.history[i]);
    sources.push(/journal read: (\S+)/.exec(result.stderr)?.[1] ?? 'none');
  });
  return sources;
}

const indexFiles = (journal: string) => Object.values(indexPaths(journal));

describe('due and history through the derived index (built CLI)', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setUp(3000);
  }, 60_000);

  it('the generated journal has what is worth comparing', async () => {
    const want = await expected(s);
    expect(JSON.parse(want.due[0]!).calls.length).toBeGreaterThan(10);
    expect(want.due[0]).toContain('"openFlags": [\n        {');
    expect(s.clients.length).toBeGreaterThan(5);
  });

  it('built on first use, then answered from the fresh index', async () => {
    expect(indexFiles(s.journal).some(existsSync)).toBe(false);
    const first = await expectSameAnswers(s);
    expect(first[0]).toBe('index-built');
    expect(indexFiles(s.journal).every(existsSync)).toBe(true);
    expect(new Set(first.slice(1))).toEqual(new Set(['index']));
  });

  it('a deleted index is rebuilt, same answers', async () => {
    for (const file of indexFiles(s.journal)) rmSync(file);
    const sources = await expectSameAnswers(s);
    expect(sources[0]).toBe('index-built');
  });

  it('a call appended by `followup call` is folded in by every reader, same answers, the index files left alone', async () => {
    // A new client, then a call for a known client with open issues (their brief reads the index).
    const added = followup(s, ['call', 'Вероника Тихомирова', '--answers', APPENDED]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stderr).toMatch(/journal read: index\b/);
    const before = indexFiles(s.journal).map((f) => readFileSync(f));
    const sources = await expectSameAnswers(s);
    expect(new Set(sources)).toEqual(new Set(['index-updated']));
    expect(followup(s, ['due']).stderr).toContain('1 appended entries folded in memory');
    // A few appended entries cost each reader a fold, not a rewrite of the index.
    expect(indexFiles(s.journal).map((f) => readFileSync(f))).toEqual(before);
    const history = followup(s, ['history', 'Вероника Тихомирова', '--json']);
    expect(JSON.parse(history.stdout).calls).toHaveLength(1);
    const again = followup(s, ['call', 'Вероника Тихомирова', '--answers', APPENDED]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/journal read: index-updated \(1 appended/);
    expect(JSON.parse(followup(s, ['history', 'Вероника Тихомирова', '--json']).stdout).calls).toHaveLength(2);
  });

  it(`past ${TAIL_KEEP} appended entries the update is written, same answers`, async () => {
    const calls = readFileSync(s.journal, 'utf8').trim().split('\n').filter((l) => l.includes('"type":"call"'));
    const more = calls.slice(0, TAIL_KEEP + 1).map((line, i) => line.replace(/"id":"[0-9A-Z]{26}"/, `"id":"01KZZZZZZZZZZZZZZZZZZZZZ${String(i).padStart(2, '0')}"`));
    appendFileSync(s.journal, `${more.join('\n')}\n`);
    const before = readFileSync(indexPaths(s.journal).summary);
    const sources = await expectSameAnswers(s);
    expect(sources[0]).toBe('index-updated');
    expect(readFileSync(indexPaths(s.journal).summary).equals(before)).toBe(false);
    expect(new Set(sources.slice(1))).toEqual(new Set(['index']));
  });

  it('a flag resolved by `followup flags resolve` is seen at once', async () => {
    const due = JSON.parse(followup(s, ['due', '--json']).stdout) as { calls: { openFlags: { id: string }[] }[] };
    const flag = due.calls.flatMap((c) => c.openFlags)[0]!;
    const resolved = runFollowup(['--journal', s.journal, 'flags', 'resolve', flag.id], { home: s.home, now: NOW });
    expect(resolved.code, resolved.stderr).toBe(0);
    const sources = await expectSameAnswers(s);
    expect(sources[0]).toBe('index-updated');
    expect(followup(s, ['due', '--json']).stdout).not.toContain(flag.id);
  });

  it('after `journal check --repair` rewrote the journal: rebuilt, same answers, damage reported until then', async () => {
    appendFileSync(s.journal, '{"v":1,"type":"call", cut short\n');
    const line = readFileSync(s.journal, 'utf8').trim().split('\n').length;
    const damaged = followup(s, ['due', '--json']);
    expect(damaged.code).toBe(0);
    expect(damaged.stderr).toMatch(/journal read: index-updated/);
    expect(damaged.stderr).toContain(`journal.jsonl:${line}: not valid JSON`);
    expect(await expectSameAnswers(s)).toContain('index-updated');
    const repair = runFollowup(['--journal', s.journal, 'journal', 'check', '--repair'], { home: s.home, now: NOW });
    expect(repair.code, repair.stderr).toBe(0);
    const sources = await expectSameAnswers(s);
    expect(sources[0]).toBe('index-built');
    expect(followup(s, ['due']).stderr).not.toContain('not valid JSON');
  });

  it('an index that lies about the journal is never believed', async () => {
    // Same size, same inode, different bytes in the middle: caught by the
    // entry fingerprints (or the tail hash) and answered by a full read.
    const text = readFileSync(s.journal, 'utf8');
    const at = text.indexOf('"outcome":"completed"', text.length >> 1);
    writeFileSync(s.journal, `${text.slice(0, at)}"outcome":"call-back"${text.slice(at + '"outcome":"call-back"'.length)}`);
    const sources = await expectSameAnswers(s);
    expect(sources.length).toBeGreaterThan(0);
  });
});

describe('namesakes', () => {
  it('history and call take an exact client id even when others bear the same name', async () => {
    const home = await makeHome(CONFIG);
    const journal = path.join(home, 'journal.jsonl');
    const call = (id: string, n: number) =>
      JSON.stringify({
        v: 1, type: 'call', id: `01JAAAAAAAAAAAAAAAAAAAAAA${n}`, at: `2026-11-2${n}T10:00:00.000Z`,
        client: { id, name: 'Nancy Davis', phone: `+1 555 000 00${n}` }, salesperson: 'Sam', script: { id: 'kitchen-furniture-en', version: 'x' },
        outcome: 'completed', steps: [], flags: [], gaps: [], summary: `call ${n}`, nextCall: { date: '2026-12-01', agreed: true },
      });
    writeFileSync(journal, `${call('nancy-davis', 1)}\n${call('nancy-davis-2', 2)}\n`, { mode: 0o600 });
    const run = (args: string[]) => runFollowup(['--journal', journal, ...args], { home, now: NOW });

    const byName = run(['history', 'Nancy Davis']);
    expect(byName.code).toBe(2);
    expect(byName.stderr).toContain('nancy-davis-2');
    for (const id of ['nancy-davis', 'nancy-davis-2']) {
      const history = run(['history', id, '--json']);
      expect(history.code, history.stderr).toBe(0);
      expect(JSON.parse(history.stdout).client.id).toBe(id);
    }

    const answers = path.join(home, 'answers.yaml');
    writeFileSync(answers, readFileSync(APPENDED, 'utf8').replace(/^client: .*$/m, ''));
    expect(run(['call', 'Nancy Davis', '--answers', answers]).code).toBe(2);
    const called = run(['call', 'nancy-davis', '--answers', answers]);
    expect(called.code, called.stderr).toBe(0);
    const last = JSON.parse(readFileSync(journal, 'utf8').trim().split('\n').at(-1)!) as CallEntry;
    expect(last.client).toMatchObject({ id: 'nancy-davis', phone: '+1 555 000 001' });
  });
});
