import { copyFileSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { appendEntry, readJournal, readJournals, streamJournal, type JournalItem } from './journal-api.js';
import { makeEntry } from './helpers/entries.js';
import { fixture, tempDir } from './temp.js';

const FIXTURE_IDS = {
  c1: '01M8GX8VV04XDT7TVPMHJ0G8RG',
  c2: '01M8HBVS802KKSJQKA7X40F09V',
  c3: '01M8EN07Y0CDZHB402D7T7ZW28',
  c4: '01M8HM59B00YEH22GPAW2E4AVM',
  c5: '01M8RDWEJ09P7MZA277GEGKKXY',
  f1: '01M8HE510007DFMRGN5TDR0DMB',
};

describe('damaged-journal fixtures', () => {
  test.each([
    ['torn-tail.jsonl', [[5, 'torn']]],
    ['garbage-middle.jsonl', [[3, 'invalid-json']]],
    ['newer-version.jsonl', [[3, 'newer-version']]],
  ])('%s: the good entries around the bad line, the bad line named', async (name, bad) => {
    const file = fixture(name);
    const { entries, damage } = await readJournals([file]);
    expect(entries.map((e) => e.id)).toEqual([FIXTURE_IDS.c3, FIXTURE_IDS.c1, FIXTURE_IDS.c2, FIXTURE_IDS.f1]);
    expect(damage.map((d) => [d.line, d.reason])).toEqual(bad);
    expect(damage[0]!.file).toBe(file);
    expect(readFileSync(file, 'utf8').split('\n')[damage[0]!.line - 1]).toBe(damage[0]!.text);
  });

  test('damaged.jsonl: every kind of damage at once, five good entries', async () => {
    const { entries, damage } = await readJournals([fixture('damaged.jsonl')]);
    expect(entries.map((e) => e.id)).toEqual([FIXTURE_IDS.c3, FIXTURE_IDS.c1, FIXTURE_IDS.c2, FIXTURE_IDS.f1, FIXTURE_IDS.c5]);
    expect(damage.map((d) => [d.line, d.reason, d.detail])).toEqual([
      [3, 'invalid-json', undefined],
      [5, 'newer-version', 'v2'],
      [6, 'invalid-entry', 'id, client.id'],
      [9, 'torn', undefined],
    ]);
  });

  test('two journals merge by id: the shared call once, sorted by time', async () => {
    const { entries, damage, duplicates } = await readJournals([fixture('team-a.jsonl'), fixture('team-b.jsonl')]);
    expect(damage).toEqual([]);
    expect(duplicates).toBe(1);
    expect(entries.map((e) => e.id)).toEqual([FIXTURE_IDS.c3, FIXTURE_IDS.c1, FIXTURE_IDS.f1, FIXTURE_IDS.c4]);
    expect(new Set(entries.map((e) => (e.type === 'call' ? e.salesperson : 'flag')))).toEqual(new Set(['Сергей Ларин', 'Kate Morris', 'flag']));
  });

  test('a missing journal reads as empty', async () => {
    const dir = tempDir();
    expect(await readJournals([path.join(dir, 'none.jsonl')])).toMatchObject({ entries: [], damage: [] });
  });
});

describe('reading', () => {
  test('unknown fields of newer entries are kept as parsed', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'j.jsonl');
    const entry = { ...makeEntry({ id: 'a', at: '2026-11-28T10:00:00.000Z' }), recording: { url: 'x', seconds: 3 } };
    writeFileSync(file, `${JSON.stringify(entry)}\n${JSON.stringify({ v: 1, type: 'memo', id: 'b', at: '2026-11-28T11:00:00Z', text: 'hi' })}\n`);
    const { entries, damage } = await readJournals([file]);
    expect(damage).toEqual([]);
    expect(entries[0]).toEqual(entry);
    expect(entries[1]).toMatchObject({ type: 'memo', text: 'hi' });
  });

  test('blank lines, CRLF and a byte-order mark are no damage; a last line without \\n that parses is an entry', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'j.jsonl');
    const a = JSON.stringify(makeEntry({ id: 'a', at: '2026-11-28T10:00:00.000Z' }));
    const b = JSON.stringify(makeEntry({ id: 'b', at: '2026-11-28T11:00:00.000Z' }));
    writeFileSync(file, `\uFEFF${a}\r\n\n   \n${b}`);
    const { entries, damage } = await readJournals([file]);
    expect(damage).toEqual([]);
    expect(entries.map((e) => e.id)).toEqual(['a', 'b']);
  });

  test('sorted by the instant, not the string; not-an-object and missing fields named', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'j.jsonl');
    const later = makeEntry({ id: 'later', at: '2026-11-28T10:00:00.500Z' });
    const earlier = makeEntry({ id: 'earlier', at: '2026-11-28T10:00:00Z' });
    writeFileSync(file, [later, earlier].map((e) => JSON.stringify(e)).join('\n') + '\n[1,2]\n{"v":1,"type":"flag","id":"f","at":"2026-11-28T10:00:00Z"}\n');
    const { entries, damage } = await readJournals([file]);
    expect(entries.map((e) => e.id)).toEqual(['earlier', 'later']);
    expect(damage.map((d) => [d.line, d.reason, d.detail])).toEqual([
      [3, 'not-an-object', undefined],
      [4, 'invalid-entry', 'flag, status'],
    ]);
  });

  test('invalid UTF-8 in a bad line is kept exactly (base64)', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'j.jsonl');
    const bad = Buffer.from([0xff, 0xfe, 0x41, 0x0a]);
    writeFileSync(file, Buffer.concat([bad, Buffer.from(`${JSON.stringify(makeEntry({ id: 'a' }))}\n`)]));
    const { damage } = await readJournals([file]);
    expect(Buffer.from(damage[0]!.base64!, 'base64')).toEqual(bad.subarray(0, 3));
  });

  test('lines longer than the read chunk, split inside Cyrillic characters', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'j.jsonl');
    const entries = Array.from({ length: 40 }, (_, i) =>
      makeEntry({ id: `e${i}`, at: new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString(), size: 1000 + ((i * 37_123) % 600_000) }),
    );
    writeFileSync(file, entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
    const read = await readJournals([file]);
    expect(read.damage).toEqual([]);
    expect(read.entries).toEqual(entries);
  });

  test('streamJournal yields every line in file order, and stops early cleanly', async () => {
    const file = fixture('damaged.jsonl');
    const items: JournalItem[] = [];
    for await (const item of streamJournal(file)) items.push(item);
    expect(items.map((i) => [i.line, i.entry ? 'entry' : i.damage!.reason])).toEqual([
      [1, 'entry'],
      [2, 'entry'],
      [3, 'invalid-json'],
      [4, 'entry'],
      [5, 'newer-version'],
      [6, 'invalid-entry'],
      [7, 'entry'],
      [8, 'entry'],
      [9, 'torn'],
    ]);
    for await (const item of streamJournal(file)) {
      expect(item.line).toBe(1);
      break;
    }
  });

  test('streamJournal over many chunks keeps order and reports progress', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'j.jsonl');
    const n = 3000;
    writeFileSync(file, Array.from({ length: n }, (_, i) => `${JSON.stringify(makeEntry({ id: `e${i}`, size: 400 }))}\n`).join(''));
    const progress: number[] = [];
    let count = 0;
    for await (const item of streamJournal(file, { onProgress: (p) => progress.push(p.bytesRead) })) {
      expect(item.entry?.id).toBe(`e${count}`);
      count++;
    }
    expect(count).toBe(n);
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.at(-1)).toBe(readFileSync(file).length);
  });
});

describe('a torn tail at every byte offset of the last entry', () => {
  test('reading returns all earlier entries; one more append gives a valid journal', async () => {
    const dir = tempDir();
    const whole = path.join(dir, 'whole.jsonl');
    const earlier = [0, 1, 2].map((i) => makeEntry({ id: `early-${i}`, at: `2026-11-2${i}T10:00:00.000Z` }));
    for (const e of earlier) await appendEntry(whole, e);
    const before = readFileSync(whole).length;
    await appendEntry(whole, makeEntry({ id: 'last', at: '2026-11-27T10:00:00.000Z', size: 420 }));
    const full = readFileSync(whole);
    const lastLength = full.length - before;
    expect(lastLength).toBeGreaterThan(400);
    const file = path.join(dir, 'journal.jsonl');
    for (let cut = 0; cut <= lastLength; cut++) {
      copyFileSync(whole, file);
      truncateSync(file, before + cut);
      const read = await readJournal(file);
      const ids = read.entries.map((e) => e.id);
      // Everything but '\n' is still a whole entry; a shorter cut is a torn line.
      const lastSurvives = cut >= lastLength - 1;
      expect(ids).toEqual(lastSurvives ? ['early-0', 'early-1', 'early-2', 'last'] : ['early-0', 'early-1', 'early-2']);
      expect(read.damage.map((d) => [d.line, d.reason])).toEqual(cut > 0 && !lastSurvives ? [[4, 'torn']] : []);

      await appendEntry(file, makeEntry({ id: 'next', at: '2026-11-28T10:00:00.000Z' }));
      const after = await readJournal(file);
      const raw = readFileSync(file);
      expect(raw.at(-1)).toBe(0x0a);
      expect(after.entries.map((e) => e.id)).toEqual([...ids, 'next']);
      // The torn fragment stays on its own line (for journal check --repair), never glued to the new entry.
      expect(after.damage.map((d) => [d.line, d.reason])).toEqual(cut > 0 && !lastSurvives ? [[4, 'invalid-json']] : []);
    }
  }, 60_000);
});
