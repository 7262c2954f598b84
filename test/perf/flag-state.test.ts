// `flags` reads the journal keeping only what a flags fold reads
// (src/journal/flag-state.ts: client details merged while reading when each
// client's calls are in time order, else every call slimmed). Its answers equal a full read's: the flag
// queue (open, all, by owner, overdue), every flag's state, the client info
// each flag carries, damage and warnings — on generated journals, with
// duplicates, out-of-order times and changing client details.
import { appendFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { readFlagState } from '../../src/journal/flag-state.js';
import { flagQueue, foldState, readJournals } from '../../src/journal/index.js';
import type { CallEntry } from '../../src/journal/types.js';
import { generatedLines, tempJournal } from '../journal/temp.js';

const journalFile = (lines: string[]) => tempJournal(lines, 'followup-flagstate-');
const generated = (size: number, seed: number) => generatedLines({ size, seed, today: '2026-11-28' });

async function expectSameFlags(files: string[]) {
  const full = await readJournals(files);
  const want = foldState(full.entries);
  const got = await readFlagState(files);
  expect(got.damage).toEqual(full.damage);
  expect(got.warnings).toEqual(full.warnings);
  expect(got.duplicates).toBe(full.duplicates);
  expect([...got.state.flags.keys()]).toEqual([...want.flags.keys()]);
  expect([...got.state.flags.values()]).toEqual([...want.flags.values()]);
  for (const today of ['2026-11-20', '2026-11-28', '2026-12-05']) {
    for (const options of [{}, { status: 'all' as const }, { overdue: true }, { owner: 'мастер' }, { status: 'all' as const, owner: 'manager' }]) {
      expect(flagQueue(got.state, { today, ...options })).toEqual(flagQueue(want, { today, ...options }));
    }
  }
  expect(got.state.orphanFlagUpdates).toEqual(want.orphanFlagUpdates);
  return want;
}

describe('flags from slimmed calls = flags from a full read', () => {
  test('a generated journal', async () => {
    const want = await expectSameFlags([journalFile(generated(2500, 5))]);
    expect(want.flags.size).toBeGreaterThan(100);
    expect([...want.flags.values()].some((f) => f.status === 'resolved')).toBe(true);
  });

  test('in time order: details that change, a duplicate, a call with a flag and its client later renamed', async () => {
    const lines = generated(1500, 6);
    const calls = lines.map((l) => JSON.parse(l) as CallEntry).filter((e) => e.type === 'call' && (e.flags?.length ?? 0) > 0);
    const client = calls.at(-1)!.client;
    const later = { ...calls.at(-1)!, id: '01ZZZZZZZZZZZZZZZZZZZZZZZ3', at: '2026-12-02T10:00:00.000Z', client: { id: client.id, name: `${client.name} Jr`, phone: '+7 111', extra: 'x' }, flags: [] };
    const want = await expectSameFlags([journalFile([...lines, lines[10]!, JSON.stringify(later), lines[20]!])]);
    expect(want.flags.get(calls.at(-1)!.flags[0]!.id)?.client).toMatchObject({ name: `${client.name} Jr`, phone: '+7 111', extra: 'x' });
  });

  test('client details that change between calls, out-of-order times, duplicates, damage, two journals', async () => {
    const lines = generated(1200, 8);
    const calls = lines.map((l) => JSON.parse(l) as CallEntry).filter((e) => e.type === 'call' && (e.flags?.length ?? 0) > 0);
    // A later call of a flagged client with a new phone and an extra field, then one back in time.
    const client = calls[0]!.client;
    const later = { ...calls[0]!, id: '01ZZZZZZZZZZZZZZZZZZZZZZZ1', at: '2026-12-01T10:00:00.000Z', client: { ...client, phone: '+7 000', vip: { since: 2020 } }, flags: [] };
    const earlier = { ...calls[0]!, id: '01ZZZZZZZZZZZZZZZZZZZZZZZ2', at: '2020-01-01T10:00:00.000Z', client: { name: client.name, id: client.id, product: 'old' }, flags: [] };
    const file = journalFile([...lines, JSON.stringify(later), JSON.stringify(earlier), lines[3]!, '{"broken"']);
    appendFileSync(file, '');
    const other = journalFile(generated(300, 9).concat(lines.slice(0, 20)));
    const want = await expectSameFlags([file, other]);
    expect(want.flags.get(calls[0]!.flags[0]!.id)?.client.phone).toBe('+7 000');
  });
});
