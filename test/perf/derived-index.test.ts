// The derived index changes no answer: whatever happened to the index (never
// built, deleted, stale after an append, a repair, a truncation, corrupted),
// `due`, `history`, the client list, damage and warnings deep-equal what a
// plain full read (readJournals + foldState) gives. Not timings: correctness.
import { appendFileSync, chmodSync, readFileSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { openJournalView, stateOfClients, type JournalView } from '../../src/journal/derived-index.js';
import { indexPaths, loadSummary, saveSummary } from '../../src/journal/index-store.js';
import { clientHistory, dueCalls, foldState, readJournals, repairJournal } from '../../src/journal/index.js';
import { generatedLines, tempJournal as tempJournalIn } from '../journal/temp.js';

const TODAY = '2026-11-28';
const DAYS = ['2026-11-20', '2026-11-27', TODAY, '2026-11-29', '2026-12-03'];
const tempJournal = (content: string[] | string) => tempJournalIn(content, 'followup-index-');
const generated = (size: number, seed = 7) => generatedLines({ size, seed, today: TODAY });

/** Every answer through the view equals the full read's. */
async function expectSameAnswers(files: string[], view?: JournalView): Promise<JournalView> {
  const read = await readJournals(files);
  const state = foldState(read.entries);
  const v = view ?? (await openJournalView(files));
  expect(v.damage).toEqual(read.damage);
  expect(v.warnings).toEqual(read.warnings);
  expect(v.duplicates).toBe(read.duplicates);
  expect(v.clients()).toEqual([...state.clients.values()].map((c) => c.info));
  for (const day of DAYS) {
    for (const mode of [{}, { overdue: true }, { exact: true }]) {
      expect(await v.due({ day, ...mode })).toEqual(dueCalls(state, { day, ...mode }));
    }
  }
  const ids = [...state.clients.keys()];
  for (const id of ids.filter((_, i) => i % Math.max(1, Math.floor(ids.length / 60)) === 0)) {
    expect(await v.history(id)).toEqual(clientHistory(state, id));
  }
  expect(await v.history('nobody-at-all')).toBeUndefined();
  return v;
}

describe('derived index: same answers as a full read', () => {
  test('built on first use, then answered from the index; files 0600', async () => {
    const journal = tempJournal(generated(1500));
    const first = await expectSameAnswers([journal]);
    expect(first.source).toBe('index-built');
    const second = await expectSameAnswers([journal]);
    expect(second.source).toBe('index');
    for (const file of Object.values(indexPaths(journal))) expect(statSync(file).mode & 0o777).toBe(0o600);
    // Sanity: the generated journal has due calls, flags and flag updates to compare.
    const read = await readJournals([journal]);
    const state = foldState(read.entries);
    expect(dueCalls(state, { day: TODAY }).length).toBeGreaterThan(10);
    expect(dueCalls(state, { day: TODAY }).some((d) => d.openFlags.length > 0)).toBe(true);
    expect(read.entries.some((e) => e.type === 'flag')).toBe(true);
  });

  test('a deleted index is rebuilt', async () => {
    const journal = tempJournal(generated(800));
    await openJournalView([journal]);
    for (const file of Object.values(indexPaths(journal))) rmSync(file);
    expect((await expectSameAnswers([journal])).source).toBe('index-built');
  });

  test('entries appended after indexing are indexed incrementally', async () => {
    const lines = generated(1500);
    const journal = tempJournal(lines.slice(0, 1000));
    await expectSameAnswers([journal]);
    // One call at a time, as `followup call` appends them, then the rest at once.
    for (const line of lines.slice(1000, 1005)) {
      appendFileSync(journal, `${line}\n`);
      expect((await expectSameAnswers([journal])).source).toBe('index-updated');
    }
    appendFileSync(journal, lines.slice(1005).map((l) => `${l}\n`).join(''));
    expect((await expectSameAnswers([journal])).source).toBe('index-updated');
    expect((await expectSameAnswers([journal])).source).toBe('index');
    // An update writes back the untouched clients' lines as read: byte for
    // byte what serialising the whole summary gives.
    const updated = readFileSync(indexPaths(journal).summary);
    saveSummary(journal, loadSummary(journal)!);
    expect(readFileSync(indexPaths(journal).summary).equals(updated)).toBe(true);
  });

  test('a journal rewritten by `journal check --repair` is re-indexed', async () => {
    const lines = generated(900);
    const journal = tempJournal([...lines.slice(0, 400), '{"v":1,"type":"call", not json', ...lines.slice(400)]);
    const before = await expectSameAnswers([journal]);
    expect(before.damage).toHaveLength(1);
    await repairJournal(journal);
    const after = await expectSameAnswers([journal]);
    expect(after.source).toBe('index-built');
    expect(after.damage).toEqual([]);
  });

  test('a truncated journal is re-indexed; a line cut mid-way is read in full', async () => {
    const lines = generated(900);
    const journal = tempJournal(lines);
    await expectSameAnswers([journal]);
    const keep = Buffer.byteLength(lines.slice(0, 600).join('\n')) + 1;
    truncateSync(journal, keep);
    expect((await expectSameAnswers([journal])).source).toBe('index-built');
    truncateSync(journal, keep - 40); // the last line loses its end (and its newline)
    const torn = await expectSameAnswers([journal]);
    expect(torn.source).toBe('full-read');
    expect(torn.damage.at(-1)?.reason).toBe('torn');
  });

  test('a rewrite of the same size (mtime changed) is re-indexed', async () => {
    const lines = generated(500);
    const journal = tempJournal(lines);
    await expectSameAnswers([journal]);
    // An edit in place that keeps the size: the last call's outcome changed.
    const text = readFileSync(journal, 'utf8');
    const at = text.lastIndexOf('"outcome":"completed"');
    writeFileSync(journal, `${text.slice(0, at)}"outcome":"no-answer"${text.slice(at + 21)}`);
    expect(statSync(journal).size).toBe(Buffer.byteLength(text));
    utimesSync(journal, new Date(), new Date(Date.now() + 5000));
    expect((await expectSameAnswers([journal])).source).toBe('index-built');
  });

  test('corrupted index files change no answer', async () => {
    const lines = generated(1000);
    const journal = tempJournal(lines.slice(0, 900));
    const paths = indexPaths(journal);
    await openJournalView([journal]);

    writeFileSync(paths.summary, '{"format":"followup-journal-index","version":1,"clients":[{"id":');
    expect((await expectSameAnswers([journal])).source).toBe('index-built');

    // Records pointing at the wrong bytes: history notices and reads in full.
    const pos = readFileSync(paths.pos);
    for (let i = 0; i < pos.length; i += 24) pos.writeDoubleLE(pos.readDoubleLE(i) + 1, i);
    writeFileSync(paths.pos, pos);
    await expectSameAnswers([journal]);

    // A lost flags file when the journal grew: rebuilt.
    rmSync(paths.pos);
    await openJournalView([journal]);
    writeFileSync(paths.flags, 'garbage');
    appendFileSync(journal, lines.slice(900).map((l) => `${l}\n`).join(''));
    expect((await expectSameAnswers([journal])).source).toBe('index-built');

    // A pos file shorter than the summary says.
    truncateSync(paths.pos, 100);
    appendFileSync(journal, `${lines[0]!.replace(/"id":"[^"]+"/, '"id":"01ZZZZZZZZZZZZZZZZZZZZZZZZ"')}\n`);
    expect((await expectSameAnswers([journal])).source).toBe('index-built');
  });

  test('out-of-order times, duplicates, early flag updates, damage and a readable journal', async () => {
    const lines = generated(700);
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const withFlag = entries.find((e) => e.type === 'call' && (e.flags as unknown[]).length > 0)!;
    const flagId = (withFlag.flags as { id: string }[])[0]!.id;
    const client = withFlag.client as { id: string };
    // A call logged later with an earlier time (`call --at`), changing the client's name.
    const late = { ...withFlag, id: '01AAAAAAAAAAAAAAAAAAAAAAAA', at: '2020-01-01T10:00:00.000Z', flags: [], client: { ...client, name: 'Renamed Long Ago', extra: 'x' } };
    // A resolution of the flag in a colleague's journal, before the call raising it.
    const early = { v: 1, type: 'flag', id: '01BBBBBBBBBBBBBBBBBBBBBBBB', at: '2026-11-28T12:00:00.000Z', flag: flagId, status: 'resolved', note: 'done' };
    const orphan = { v: 1, type: 'flag', id: '01CCCCCCCCCCCCCCCCCCCCCCCC', at: '2026-11-28T12:00:01.000Z', flag: 'no-such-flag', status: 'resolved' };
    const unknownType = { v: 1, type: 'note', id: '01DDDDDDDDDDDDDDDDDDDDDDDD', at: '2026-11-28T12:00:02.000Z', text: 'future entry type' };
    const journal = tempJournal([
      JSON.stringify(early),
      ...lines.slice(0, 300),
      'not json at all',
      '',
      JSON.stringify(late),
      lines[10]!, // a duplicate
      JSON.stringify(orphan),
      JSON.stringify(unknownType),
      ...lines.slice(300),
    ]);
    chmodSync(journal, 0o644);
    const view = await expectSameAnswers([journal]);
    expect(view.source).toBe('index-built');
    expect(view.duplicates).toBe(1);
    expect(view.warnings).toHaveLength(1);
    // And incrementally: a duplicate and an out-of-order call appended later.
    appendFileSync(journal, `${lines[20]}\n${JSON.stringify({ ...late, id: '01EEEEEEEEEEEEEEEEEEEEEEEE', at: '2021-01-01T00:00:00.000Z' })}\n`);
    const updated = await expectSameAnswers([journal]);
    expect(updated.source).toBe('index-updated');
    expect(updated.duplicates).toBe(2);
  });

  test('namesakes due the same day keep the order of a full fold', async () => {
    const base = JSON.parse(generated(50).find((l) => l.includes('"type":"call"'))!) as Record<string, unknown>;
    const call = (id: string, at: string, clientId: string) =>
      JSON.stringify({ ...base, id, at, client: { id: clientId, name: 'Анна Петрова' }, nextCall: { date: TODAY, agreed: true, kind: 'next' }, flags: [] });
    // anna-2 is met later in the file but earlier in time (a call logged with --at).
    const journal = tempJournal([
      call('01GAAAAAAAAAAAAAAAAAAAAAAA', '2026-11-20T10:00:00.000Z', 'anna-1'),
      call('01GBBBBBBBBBBBBBBBBBBBBBBB', '2026-11-19T10:00:00.000Z', 'anna-2'),
    ]);
    const view = await expectSameAnswers([journal]);
    expect((await view.due({ day: TODAY })).map((d) => d.clientId)).toEqual(['anna-2', 'anna-1']);
  });

  test('a flag id raised by two clients: answered by a full read', async () => {
    const lines = generated(300);
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const withFlag = entries.find((e) => e.type === 'call' && (e.flags as unknown[]).length > 0)!;
    const other = entries.find((e) => e.type === 'call' && (e.client as { id: string }).id !== (withFlag.client as { id: string }).id)!;
    const clash = { ...other, id: '01FFFFFFFFFFFFFFFFFFFFFFFF', at: '2026-11-28T14:59:00.000Z', flags: withFlag.flags };
    const journal = tempJournal([...lines, JSON.stringify(clash)]);
    const view = await expectSameAnswers([journal]);
    expect(view.source).toBe('full-read');
    expect(view.fallbackReason).toMatch(/two clients/);
  });

  test('several journals and a missing one: a full read', async () => {
    const lines = generated(600);
    const a = tempJournal(lines.filter((_, i) => i % 2 === 0));
    const b = tempJournal(lines.filter((_, i) => i % 2 === 1));
    const both = await expectSameAnswers([a, b]);
    expect(both.source).toBe('full-read');
    expect(both.fallbackReason).toMatch(/several journals/);
    const missing = path.join(path.dirname(a), 'none.jsonl');
    const none = await expectSameAnswers([missing]);
    expect(none.clients()).toEqual([]);
  });

  test('readOnly answers without writing index files', async () => {
    const journal = tempJournal(generated(200));
    await expectSameAnswers([journal], await openJournalView([journal], { readOnly: true }));
    expect(() => statSync(indexPaths(journal).summary)).toThrow();
  });
});

describe('stateOfClients', () => {
  test('a state holding the given clients and their flags, as the full fold has them', async () => {
    const journal = tempJournal(generated(600));
    const full = foldState((await readJournals([journal])).entries);
    const withFlags = [...full.clients.values()].find((c) => c.flags.length > 0)!;
    const view = await openJournalView([journal]);
    const state = stateOfClients([await view.history(withFlags.id), await view.history('nobody')]);
    expect([...state.clients.keys()]).toEqual([withFlags.id]);
    expect(state.clients.get(withFlags.id)).toEqual(full.clients.get(withFlags.id));
    for (const flag of withFlags.flags) expect(state.flags.get(flag.id)).toEqual(full.flags.get(flag.id));
  });
});
