// The prescan's cache beside a journal (src/export/prescan-cache.ts) is only a
// cache: deleted, stale, damaged, cut short, extended by appended bytes or
// unwritable, the export's output is what a plain scan gives. And it is used:
// a forged cache with a valid hash shows in the result.
import { appendFileSync, chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fnv1a } from '../../src/hash.js';
import { cachePathOf } from '../../src/export/prescan-cache.js';
import { prescanJournals, type PrescanResult } from '../../src/export/prescan.js';
import { runExport, type ExportRequest } from '../../src/export/run-export.js';
import { MemorySink } from '../../src/export/sink.js';
import type { FlagRecord } from '../../src/journal/types.js';
import { NOW, ZONE, tempDir } from './helpers.js';
import { syntheticEntries, syntheticJournal } from './synthetic.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

const SMALL = { cacheMinBytes: 0 };
const flag = (id: string): FlagRecord => ({ id, step: 'x', text: 't', owner: 'o', due: '2026-12-01', status: 'open' });
const line = (entry: object) => `${JSON.stringify(entry)}\n`;
const call = (id: string, steps: object[], extra: object = {}) =>
  line({ v: 1, type: 'call', id, at: '2026-11-28T10:00:00Z', client: { id: 'c', name: 'Пётр' }, steps, flags: [], ...extra });

/** Everything a prescan found, comparable: step keys and every flag's standing. */
async function findings(paths: string[], options = {}): Promise<{ stepKeys: string[]; flags: [string, ReturnType<PrescanResult['flags']['current']>][] }> {
  const result = await prescanJournals(paths, { steps: true, ...options });
  const ids = ['F1', 'F2', 'F3', 'Ф4', ...Array.from({ length: 400 }, (_, i) => `F${String(i).padStart(10, '0')}`)];
  return { stepKeys: result.stepKeys, flags: ids.map((id) => [id, result.flags.current(flag(id))]) };
}
const plain = (paths: string[]) => findings(paths, { cache: false });

describe('the prescan cache', () => {
  it('is written 0600 beside a journal, and what it gives equals a plain scan', async () => {
    const file = path.join(dir, 'j.jsonl');
    writeFileSync(file, syntheticJournal({ calls: 300, seed: 1 }), { mode: 0o600 });
    const first = await findings([file], SMALL);
    expect(existsSync(cachePathOf(file))).toBe(true);
    expect(statSync(cachePathOf(file)).mode & 0o777).toBe(0o600);
    const { ino } = statSync(cachePathOf(file));
    const second = await findings([file], SMALL);
    expect(statSync(cachePathOf(file)).ino).toBe(ino); // a fresh cache is read, not rewritten
    expect(first).toEqual(await plain([file]));
    expect(second).toEqual(first);
  });

  it('is what the second run reads: a forged cache with a valid hash shows in the result', async () => {
    const file = path.join(dir, 'j.jsonl');
    writeFileSync(file, call('A', [{ id: 'remind' }]));
    await findings([file], SMALL);
    const cache = readFileSync(cachePathOf(file), 'utf8');
    const [header, ...rest] = cache.split('\n');
    const log = Buffer.from(`${rest.join('\n').replace('"remind"', '"forged"')}`);
    const forgedHeader = { ...JSON.parse(header!), bytes: log.length, hash: fnv1a(log).toString(16).padStart(8, '0') };
    writeFileSync(cachePathOf(file), `${JSON.stringify(forgedHeader)}\n${log.toString()}`);
    expect((await findings([file], SMALL)).stepKeys).toEqual(['forged']);
  });

  it('deleted, damaged, cut short or from another journal: rebuilt, the same findings', async () => {
    const file = path.join(dir, 'j.jsonl');
    writeFileSync(file, syntheticJournal({ calls: 200, seed: 2 }) + call('X', [{ id: 'remind' }, { id: 'extra', handler: 'h' }]));
    const expected = await plain([file]);
    await findings([file], SMALL);
    const good = readFileSync(cachePathOf(file));
    const nl = good.indexOf(0x0a);
    const damaged: [string, Buffer | null][] = [
      ['deleted', null],
      ['cut short', good.subarray(0, good.length - 20)],
      ['cut at a line', good.subarray(0, good.lastIndexOf(0x0a, good.length - 2) + 1)],
      ['a byte changed', Buffer.concat([good.subarray(0, nl + 10), Buffer.from('Z'), good.subarray(nl + 11)])],
      ['garbage', Buffer.from('not a cache at all')],
      ['empty', Buffer.alloc(0)],
      ['header only', good.subarray(0, nl + 1)],
      ['a valid hash over nonsense', (() => {
        const log = Buffer.from('["s",1,2]\n');
        return Buffer.from(`${JSON.stringify({ ...JSON.parse(good.toString('utf8', 0, nl)), bytes: log.length, hash: fnv1a(log).toString(16).padStart(8, '0') })}\n${log}`);
      })()],
    ];
    for (const [what, bytes] of damaged) {
      if (bytes) writeFileSync(cachePathOf(file), bytes);
      else cleanupCache(file);
      expect(await findings([file], SMALL), what).toEqual(expected);
      // …and a good cache again afterwards.
      expect(await findings([file], SMALL), `${what}, rebuilt`).toEqual(expected);
    }
    // Another journal's cache (a copy under this name).
    const other = path.join(dir, 'other.jsonl');
    writeFileSync(other, syntheticJournal({ calls: 50, seed: 9 }));
    await findings([other], SMALL);
    writeFileSync(cachePathOf(file), readFileSync(cachePathOf(other)));
    expect(await findings([file], SMALL)).toEqual(expected);
  });

  it('stale: a journal rewritten (same size, other bytes, or shorter) is scanned again', async () => {
    const file = path.join(dir, 'j.jsonl');
    const a = call('A', [{ id: 'remind' }, { id: 'aaaa' }]);
    const b = call('A', [{ id: 'remind' }, { id: 'bbbb' }]);
    // Same size and the same mtime: the hash of the last bytes tells them apart.
    const when = 1_790_000_000;
    writeFileSync(file, a);
    utimesSync(file, when, when);
    expect((await findings([file], SMALL)).stepKeys).toEqual(['remind', 'aaaa']);
    writeFileSync(file, b);
    utimesSync(file, when, when);
    expect((await findings([file], SMALL)).stepKeys).toEqual(['remind', 'bbbb']);
    writeFileSync(file, call('A', [{ id: 'c' }]));
    expect((await findings([file], SMALL)).stepKeys).toEqual(['c']);
  });

  it('grown: appended calls and flag changes are scanned from where the cache ends, as a full scan finds them', async () => {
    const file = path.join(dir, 'j.jsonl');
    const entries = [...syntheticEntries({ calls: 400, seed: 3 })];
    writeFileSync(file, entries.slice(0, 150).map((e) => JSON.stringify(e)).join('\n') + '\n');
    await findings([file], SMALL);
    const before = JSON.parse(readFileSync(cachePathOf(file), 'utf8').split('\n')[0]!).journal.size;
    appendFileSync(file, entries.slice(150).map((e) => JSON.stringify(e)).join('\n') + '\n');
    appendFileSync(file, call('N', [{ id: 'remind' }, { id: 'new-step' }, { id: 'impression' }], { reviewedFlags: [{ flag: 'F0000000003', status: 'open' }] }));
    appendFileSync(file, line({ v: 1, type: 'flag', id: 'U', at: '2026-11-28T12:00:00Z', flag: 'Ф4', status: 'resolved', note: 'готово' }));
    const grown = await findings([file], SMALL);
    expect(grown).toEqual(await plain([file]));
    expect(grown.stepKeys).toContain('new-step');
    const after = JSON.parse(readFileSync(cachePathOf(file), 'utf8').split('\n')[0]!).journal.size;
    expect(before).toBeLessThan(after);
    expect(after).toBe(statSync(file).size);
    expect(await findings([file], SMALL)).toEqual(grown);
  });

  it('a cache longer than a read chunk (1 MiB) replays and grows exactly', async () => {
    const file = path.join(dir, 'j.jsonl');
    const change = (i: number, status: string) =>
      line({ v: 1, type: 'flag', id: `U${i}`, at: `2026-11-28T1${i % 10}:00:00Z`, flag: `F${String(i % 500).padStart(10, '0')}`, status, note: `заметка ${i} `.repeat(i % 7) });
    let text = '';
    for (let i = 0; i < 16_000; i++) text += change(i, i % 3 ? 'resolved' : 'open');
    writeFileSync(file, text);
    await findings([file], SMALL);
    expect(statSync(cachePathOf(file)).size).toBeGreaterThan(1 << 20);
    const { ino } = statSync(cachePathOf(file));
    expect(await findings([file], SMALL)).toEqual(await plain([file]));
    // Read, not found wanting and rebuilt (a rebuilt cache is a new file).
    expect(statSync(cachePathOf(file)).ino).toBe(ino);
    appendFileSync(file, change(16_001, 'open') + change(16_002, 'resolved'));
    expect(await findings([file], SMALL)).toEqual(await plain([file]));
    expect(await findings([file], SMALL)).toEqual(await plain([file]));
  });

  it('is written as it is found: a note longer than the writer\'s chunk (64 KB) is kept whole, and no temp file is left', async () => {
    const file = path.join(dir, 'j.jsonl');
    const long = 'примечание '.repeat(20_000); // ~220 KB of UTF-8
    const note = (i: number, text: string) => line({ v: 1, type: 'flag', id: `U${i}`, at: `2026-11-28T10:0${i}:00Z`, flag: 'F1', status: 'resolved', note: text });
    writeFileSync(file, syntheticJournal({ calls: 300, seed: 3 }) + note(1, long) + note(2, 'после'));
    const first = await findings([file], SMALL);
    expect(first).toEqual(await plain([file]));
    expect(first.flags[0]![1]).toEqual({ status: 'resolved', note: 'после' });
    expect(readFileSync(cachePathOf(file), 'utf8')).toContain(long);
    appendFileSync(file, note(3, long));
    const grown = await findings([file], SMALL);
    expect(grown.flags[0]![1]).toEqual({ status: 'resolved', note: long });
    expect(await findings([file], SMALL)).toEqual(grown);
    expect(grown).toEqual(await plain([file]));
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('a last line without its newline is read every time but never cached; completed, it counts', async () => {
    const file = path.join(dir, 'j.jsonl');
    writeFileSync(file, call('A', [{ id: 'remind' }]) + call('B', [{ id: 'remind' }, { id: 'partial' }]).trimEnd());
    expect((await findings([file], SMALL)).stepKeys).toEqual(['remind', 'partial']);
    expect(readFileSync(cachePathOf(file), 'utf8')).not.toContain('partial');
    expect((await findings([file], SMALL)).stepKeys).toEqual(['remind', 'partial']);
    appendFileSync(file, '\n' + call('C', [{ id: 'third' }]));
    expect(await findings([file], SMALL)).toEqual(await plain([file]));
    expect(readFileSync(cachePathOf(file), 'utf8')).toContain('partial');
  });

  it('several journals, each with its cache, give what one pass over all of them gives', async () => {
    const a = path.join(dir, 'a.jsonl');
    const b = path.join(dir, 'b.jsonl');
    // b resolves a's flag with an earlier time and a note, then reopens it later without one:
    // one pass keeps the note of the change that stands, not b's own.
    writeFileSync(a, call('A1', [{ id: 'remind' }, { id: 'goodbye' }]) + line({ v: 1, type: 'flag', id: 'U1', at: '2026-11-28T12:00:00Z', flag: 'F1', status: 'resolved', note: 'a' }));
    writeFileSync(b, call('B1', [{ id: 'remind' }, { id: 'middle' }, { id: 'goodbye' }]) +
      line({ v: 1, type: 'flag', id: 'U2', at: '2026-11-28T11:00:00Z', flag: 'F1', status: 'open', note: 'b-early' }) +
      line({ v: 1, type: 'flag', id: 'U3', at: '2026-11-28T13:00:00Z', flag: 'F1', status: 'open' }));
    const expected = await plain([a, b]);
    expect(expected.flags.find(([id]) => id === 'F1')![1]).toEqual({ status: 'open', note: 'a' });
    await findings([b], SMALL);
    await findings([a], SMALL);
    expect(await findings([a, b], SMALL)).toEqual(expected);
    expect(await findings([b, a], SMALL)).toEqual(await plain([b, a]));
  });

  it('is not kept for small journals, nor where it can\'t be written — and nothing fails', async () => {
    const file = path.join(dir, 'j.jsonl');
    writeFileSync(file, syntheticJournal({ calls: 20, seed: 4 }));
    await findings([file]);
    expect(existsSync(cachePathOf(file))).toBe(false);
    if (process.getuid?.() !== 0) {
      chmodSync(dir, 0o500);
      try {
        expect(await findings([file], SMALL)).toEqual(await plain([file]));
        expect(existsSync(cachePathOf(file))).toBe(false);
      } finally {
        chmodSync(dir, 0o700);
      }
    }
  });

  it('a whole CSV export is byte-identical with no cache, a fresh one, a grown one and a stale one', async () => {
    const file = path.join(dir, 'big.jsonl');
    const text = syntheticJournal({ calls: 1200, seed: 6 });
    expect(text.length).toBeGreaterThan(1 << 20); // past the default size for a cache
    const half = text.lastIndexOf('\n', text.length >> 1) + 1;
    writeFileSync(file, text.slice(0, half));
    const csv = async () => {
      const sink = new MemorySink();
      const request: ExportRequest = { journals: [file], format: 'csv', filter: {}, lang: 'en', timeZone: ZONE, now: new Date(NOW) };
      await runExport(request, sink);
      return sink.text;
    };
    const reference = async () => {
      const saved = existsSync(cachePathOf(file)) ? readFileSync(cachePathOf(file)) : null;
      cleanupCache(file);
      const out = await csv();
      if (saved) writeFileSync(cachePathOf(file), saved);
      else cleanupCache(file);
      return out;
    };
    const halfCsv = await csv();
    expect(existsSync(cachePathOf(file))).toBe(false); // 0.7 MB: below the size
    writeFileSync(file, text);
    const noCache = await csv();
    expect(existsSync(cachePathOf(file))).toBe(true);
    expect(await csv()).toBe(noCache);
    appendFileSync(file, call('Z', [{ id: 'remind' }, { id: 'late' }]));
    const grown = await csv();
    expect(grown).toBe(await reference());
    expect(grown.split('\r\n')[0]).toContain('answer:late');
    writeFileSync(file, text.slice(0, half) + text.slice(0, half)); // rewritten: stale
    expect(await csv()).toBe(await reference());
    expect(halfCsv.length).toBeGreaterThan(0);
  });
});

function cleanupCache(file: string) {
  rmSync(cachePathOf(file), { force: true });
}
