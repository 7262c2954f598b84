// The derived index after appends (index v3): a few appended entries are
// folded in memory by each reader and the index files are left alone; more
// are written. Whatever the Bloom filter, the pos chains and the flags file
// say — and whatever an update cut short left behind — every answer equals a
// plain full read's (readJournals + foldState).
import { appendFileSync, copyFileSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { loadJournalView } from '../../src/clients/journal-state.js';
import type { Context } from '../../src/context.js';
import { openJournalView, TAIL_KEEP, type IndexProgress, type JournalView } from '../../src/journal/derived-index.js';
import { indexPaths } from '../../src/journal/index-store.js';
import { clientHistory, dueCalls, foldState, readJournals } from '../../src/journal/index.js';
import type { CallEntry } from '../../src/journal/types.js';
import { generatedLines, tempJournal } from './temp.js';

const TODAY = '2026-11-28';
afterEach(() => {
  vi.restoreAllMocks();
});

const journalOf = (lines: string[]) => tempJournal(lines, 'followup-tail-');
const generated = (size: number, seed = 5) => generatedLines({ size, seed, today: TODAY, clients: 120 });

const append = (file: string, lines: string[]) => appendFileSync(file, lines.map((l) => `${l}\n`).join(''));
const files = (journal: string) => Object.values(indexPaths(journal));
const snapshot = (journal: string) => files(journal).map((f) => readFileSync(f));

/** A copy of a call line with a new id (and optionally other fields). */
function callLike(line: string, n: number, change: Record<string, unknown> = {}): string {
  return JSON.stringify({ ...(JSON.parse(line) as object), id: `01KQ${String(n).padStart(22, '0')}`, ...change });
}

/** Every answer through a fresh view equals the full read's. */
async function expectSameAnswers(journal: string): Promise<JournalView> {
  const read = await readJournals([journal]);
  const state = foldState(read.entries);
  const view = await openJournalView([journal]);
  expect(view.damage).toEqual(read.damage);
  expect(view.duplicates).toBe(read.duplicates);
  expect(view.clients()).toEqual([...state.clients.values()].map((c) => c.info));
  for (const day of ['2026-11-20', TODAY, '2026-12-03']) {
    expect(await view.due({ day })).toEqual(dueCalls(state, { day }));
    expect(await view.due({ day, overdue: true })).toEqual(dueCalls(state, { day, overdue: true }));
  }
  for (const id of [...state.clients.keys()]) expect(await view.history(id)).toEqual(clientHistory(state, id));
  return view;
}

describe('appended entries', () => {
  test(`up to ${TAIL_KEEP} are folded in memory and the index files are not written; more are written`, async () => {
    const lines = generated(900);
    const journal = journalOf(lines.slice(0, 600));
    expect((await expectSameAnswers(journal)).source).toBe('index-built');
    const written = snapshot(journal);
    for (let k = 1; k <= 3; k++) {
      append(journal, [lines[600 + k]!]);
      const view = await expectSameAnswers(journal);
      expect(view.source).toBe('index-updated');
      expect(view.unwrittenEntries).toBe(k);
      expect(snapshot(journal)).toEqual(written);
    }
    append(journal, lines.slice(610, 610 + TAIL_KEEP));
    const view = await expectSameAnswers(journal);
    expect(view.source).toBe('index-updated');
    expect(view.unwrittenEntries).toBeUndefined();
    expect(snapshot(journal)[0]!.equals(written[0]!)).toBe(false);
    expect((await expectSameAnswers(journal)).source).toBe('index');
    for (const file of files(journal)) expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  test('a copy of an old entry is a duplicate, in memory and once written', async () => {
    const lines = generated(500);
    const journal = journalOf(lines);
    await openJournalView([journal]);
    append(journal, [lines[3]!]);
    expect((await expectSameAnswers(journal)).duplicates).toBe(1);
    append(journal, [...lines.slice(100, 100 + TAIL_KEEP), lines[250]!]);
    const view = await expectSameAnswers(journal);
    expect(view.unwrittenEntries).toBeUndefined();
    expect(view.duplicates).toBe(TAIL_KEEP + 2);
    expect((await expectSameAnswers(journal)).duplicates).toBe(TAIL_KEEP + 2);
  });

  test('ids written by an update are in the filter: a later copy of one is a duplicate (an index built on an empty journal too)', async () => {
    const lines = generated(400);
    for (const start of [0, 200]) {
      const journal = journalOf(lines.slice(0, start));
      await openJournalView([journal]);
      const added = lines.slice(start, start + TAIL_KEEP + 3);
      append(journal, added);
      expect((await openJournalView([journal])).unwrittenEntries).toBeUndefined();
      append(journal, [added[TAIL_KEEP + 1]!]);
      const view = await expectSameAnswers(journal);
      expect(view.unwrittenEntries).toBe(1);
      expect(view.duplicates).toBe(1);
    }
  });

  test('a call reviewing a flag raised long ago reads the flags file: the flag is resolved', async () => {
    const lines = generated(800);
    const journal = journalOf(lines);
    await openJournalView([journal]);
    const state = foldState((await readJournals([journal])).entries);
    const flag = [...state.flags.values()].find((f) => f.status === 'open')!;
    const line = lines.find((l) => (JSON.parse(l) as CallEntry).flags?.some((f) => f.id === flag.id))!;
    append(journal, [callLike(line, 1, { at: '2026-11-28T11:00:00.000Z', flags: [], reviewedFlags: [{ flag: flag.id, status: 'resolved' }] })]);
    const view = await expectSameAnswers(journal);
    expect(view.unwrittenEntries).toBe(1);
    const history = await view.history(flag.client.id);
    expect(history?.flags.find((f) => f.id === flag.id)?.status).toBe('resolved');
    // A flag update entry for an earlier flag (`flags resolve`) likewise.
    const other = [...state.flags.values()].filter((f) => f.status === 'open')[1]!;
    append(journal, [JSON.stringify({ v: 1, type: 'flag', id: '01KQFLAGUPDATE0000000000001', at: '2026-11-28T11:30:00.000Z', flag: other.id, status: 'resolved' })]);
    expect((await (await expectSameAnswers(journal)).history(other.client.id))?.openFlags.some((f) => f.id === other.id)).toBe(false);
  });
});

describe('an update cut short, or files of another index, change no answer', () => {
  test('a crash before the summary was renamed: new pos, filter and flags beside the old summary', async () => {
    const lines = generated(900);
    const journal = journalOf(lines.slice(0, 700));
    await openJournalView([journal]);
    const oldSummary = readFileSync(indexPaths(journal).summary);
    append(journal, lines.slice(700, 700 + TAIL_KEEP + 5));
    expect((await openJournalView([journal])).unwrittenEntries).toBeUndefined();
    writeFileSync(indexPaths(journal).summary, oldSummary);
    expect(['index-updated', 'index-built']).toContain((await expectSameAnswers(journal)).source);
    append(journal, lines.slice(800, 803));
    await expectSameAnswers(journal);
    append(journal, lines.slice(803));
    await expectSameAnswers(journal);
  });

  test('a crash after the pos records were appended, before anything else', async () => {
    const lines = generated(900);
    const journal = journalOf(lines.slice(0, 700));
    await openJournalView([journal]);
    const before = snapshot(journal);
    append(journal, lines.slice(700, 700 + TAIL_KEEP + 5));
    await openJournalView([journal]);
    // Everything back as it was but the pos file, which keeps its extra records.
    const names = files(journal);
    names.forEach((file, i) => {
      if (file !== indexPaths(journal).pos) writeFileSync(file, before[i]!);
    });
    expect(statSync(indexPaths(journal).pos).size).toBeGreaterThan(before[names.indexOf(indexPaths(journal).pos)]!.length);
    await expectSameAnswers(journal);
    append(journal, lines.slice(800));
    await expectSameAnswers(journal);
    expect((await expectSameAnswers(journal)).source).toBe('index');
  });

  test('pos, filter and flags files of another build are not believed', async () => {
    const lines = generated(700);
    const journal = journalOf(lines.slice(0, 500));
    const other = journalOf(lines.slice(0, 500));
    await openJournalView([journal]);
    await openJournalView([other]);
    for (const kind of ['pos', 'bloom', 'flags'] as const) copyFileSync(indexPaths(other)[kind], indexPaths(journal)[kind]);
    // Fresh: history reads the chains from the pos file of another generation.
    await expectSameAnswers(journal);
    append(journal, [lines[500]!]);
    expect((await expectSameAnswers(journal)).source).toBe('index-built');
  });

  test('a deleted filter: a few appended entries are still exact; a written update rebuilds', async () => {
    const lines = generated(700);
    const journal = journalOf(lines.slice(0, 500));
    await openJournalView([journal]);
    rmSync(indexPaths(journal).bloom);
    append(journal, [lines[500]!, lines[10]!]);
    const view = await expectSameAnswers(journal);
    expect(view.source).toBe('index-updated');
    expect(view.duplicates).toBe(1);
    append(journal, lines.slice(501));
    expect((await expectSameAnswers(journal)).source).toBe('index-built');
    expect(statSync(indexPaths(journal).bloom).size).toBeGreaterThan(0);
  });

  test('pos records that point at the wrong entries: history reads in full, an update rebuilds', async () => {
    const lines = generated(600);
    const journal = journalOf(lines.slice(0, 500));
    await openJournalView([journal]);
    const pos = readFileSync(indexPaths(journal).pos);
    for (let at = 32; at < pos.length; at += 32) pos.writeDoubleLE(pos.readDoubleLE(at) + 1, at);
    writeFileSync(indexPaths(journal).pos, pos);
    expect((await expectSameAnswers(journal)).source).toBe('index');
    append(journal, [lines[500]!]);
    expect((await expectSameAnswers(journal)).source).toBe('index-built');
  });
});

describe('progress of a first build', () => {
  test('scan events up to the journal size, then fold events up to the clients; none for a few appended entries', async () => {
    const lines = generated(1200);
    const journal = journalOf(lines.slice(0, 1100));
    const events: IndexProgress[] = [];
    const view = await openJournalView([journal], { onIndexProgress: (p) => events.push(p) });
    const scans = events.filter((e) => e.phase === 'scan');
    expect(scans.at(-1)).toEqual({ phase: 'scan', done: statSync(journal).size, total: statSync(journal).size });
    expect(events.at(-1)).toEqual({ phase: 'fold', done: view.clients().length, total: view.clients().length });
    append(journal, lines.slice(1100, 1102));
    const later: IndexProgress[] = [];
    await openJournalView([journal], { onIndexProgress: (p) => later.push(p) });
    expect(later.filter((e) => e.phase === 'fold')).toEqual([]);
  });

  function contextFor(journal: string, tty: boolean): Context & { stderrText: () => string } {
    const stderr = Object.assign(new PassThrough(), { isTTY: tty });
    let text = '';
    const io = { stdin: new PassThrough(), stdout: new PassThrough(), stderr, errIsTerminal: tty, interactive: false, color: false, columns: 80, out() {}, err: (t: string) => (text += t) };
    return { journals: [journal], lang: 'en', debug: false, io, stderrText: () => text } as unknown as Context & { stderrText: () => string };
  }

  test('the command shows one line on a terminal while the index is built, and clears it', async () => {
    const journal = journalOf(generated(400));
    let clock = 0;
    vi.spyOn(Date, 'now').mockImplementation(() => (clock += 1000));
    const ctx = contextFor(journal, true);
    const view = await loadJournalView(ctx, { progress: true });
    expect(view.source).toBe('index-built');
    expect(ctx.stderrText()).toContain('\r\x1b[KIndexing the journal (once; later commands are instant): 100%');
    expect(ctx.stderrText()).toContain(`clients ${view.clients().length} of ${view.clients().length}`);
    expect(ctx.stderrText().endsWith('\r\x1b[K')).toBe(true);
  });

  test('no line on a pipe, nor when the command says no (--json)', async () => {
    let clock = 0;
    vi.spyOn(Date, 'now').mockImplementation(() => (clock += 300));
    const piped = contextFor(journalOf(generated(300)), false);
    await loadJournalView(piped, { progress: true });
    expect(piped.stderrText()).toBe('');
    const json = contextFor(journalOf(generated(300)), true);
    await loadJournalView(json, { progress: false });
    expect(json.stderrText()).toBe('');
  });
});
