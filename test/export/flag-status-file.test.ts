// The flag file beside a journal (src/export/flag-status-file.ts) lets a CSV
// export count open flags without the table of every changed flag. It is only
// a cache: missing, stale, damaged, cut short, of another version or
// unwritable, the output is what the table gives, byte for byte. And it is
// used: a forged record with a valid hash shows in the output.
import { appendFileSync, chmodSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fnv1a } from '../../src/hash.js';
import { FlagStatusIndex } from '../../src/export/flag-status.js';
import { FlagStatusRecorder, flagFilePathOf, journalIdentityNow, openFlagStatus } from '../../src/export/flag-status-file.js';
import { cachePathOf } from '../../src/export/prescan-cache.js';
import { runExport, type ExportRequest } from '../../src/export/run-export.js';
import { BufferedSink, MemorySink } from '../../src/export/sink.js';
import { NOW, ZONE, tempDir } from './helpers.js';
import { syntheticJournal } from './synthetic.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

const line = (entry: object) => `${JSON.stringify(entry)}\n`;
const flag = (id: unknown, status = 'open') => ({ id, step: 'x', text: 't', owner: 'o', due: '2026-12-01', status });
const call = (id: string, flags: object[], extra: object = {}) =>
  line({ v: 1, type: 'call', id, at: '2026-11-28T10:00:00Z', client: { id: 'c', name: 'Пётр' }, outcome: 'completed', steps: [{ id: 'remind' }], flags, ...extra });
const change = (id: string, flagId: string, status: string, at = '2026-11-29T10:00:00Z') => line({ v: 1, type: 'flag', id, at, flag: flagId, status });

/** A small journal with the awkward cases: changes after and before, reviews, duplicates, damage, odd ids. */
const tricky = () =>
  [
    call('A', [flag('f1'), flag('f2'), flag('f3', 'resolved')]),
    'not json\n',
    call('B', [flag('f4'), flag(42), flag('f1')]), // the same id raised twice: both rows see today's status
    change('U1', 'f1', 'resolved'),
    change('U2', 'f3', 'open'),
    change('U3', 'f2', 'resolved', '2026-11-30T10:00:00Z'),
    change('U4', 'f2', 'open', '2026-11-29T12:00:00Z'), // earlier time: loses
    call('C', [flag('ф5')], { reviewedFlags: [{ flag: 'f4', status: 'resolved' }] }),
    change('U5', 'ф5', 'resolved'),
    call('D', [flag('f6')]),
  ].join('');

const SMALL = { cacheMinBytes: 0 };

async function csv(file: string, extra: Partial<ExportRequest> = {}, bytes = false): Promise<string> {
  const request: ExportRequest = { journals: [file], format: 'csv', filter: {}, lang: 'en', timeZone: ZONE, now: new Date(NOW), ...SMALL, ...extra };
  if (!bytes) {
    const sink = new MemorySink();
    await runExport(request, sink);
    return sink.text;
  }
  const chunks: Buffer[] = [];
  const sink = new BufferedSink((chunk) => void chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, 'utf8')));
  await runExport(request, sink);
  sink.flush();
  return Buffer.concat(chunks).toString('utf8');
}

/** The output with no caches at all: the table's answer. */
async function reference(file: string, extra: Partial<ExportRequest> = {}): Promise<string> {
  const saved = [flagFilePathOf(file), cachePathOf(file)].map((p) => [p, existsSync(p) ? readFileSync(p) : null] as const);
  for (const [p] of saved) rmSync(p, { force: true });
  const out = await csv(file, { ...extra, cacheMinBytes: Number.MAX_SAFE_INTEGER });
  for (const [p, bytes] of saved) if (bytes) writeFileSync(p, bytes);
  return out;
}

/** The open_flags column of every row. */
const openColumn = (text: string) => {
  const [header, ...rows] = text.trimEnd().split('\r\n');
  const k = header!.split(',').indexOf('open_flags');
  return rows.map((r) => r.split(',')[k]);
};

describe('the flag file beside a journal', () => {
  it('is written 0600 by the first CSV export, used by the next, and both give the table\'s output', async () => {
    const file = path.join(dir, 'j.jsonl');
    writeFileSync(file, tricky());
    const expected = await reference(file);
    expect(openColumn(expected)).toEqual(['1', '1', '0', '1']); // A: f1 resolved, f2 resolved (the later time wins), f3 reopened; B: f4 reviewed, 42 open, f1 resolved; C; D
    expect(await csv(file)).toBe(expected);
    expect(statSync(flagFilePathOf(file)).mode & 0o777).toBe(0o600);
    const stream = openFlagStatus(file);
    expect(stream).not.toBeNull();
    stream!.close();
    expect(await csv(file)).toBe(expected);
    expect(await csv(file, {}, true)).toBe(expected);
    expect(await csv(file, { filter: { openFlags: true } })).toBe(await reference(file, { filter: { openFlags: true } }));
  });

  it('is what the next export reads: a forged record with a valid hash shows in the output', async () => {
    const file = path.join(dir, 'j.jsonl');
    writeFileSync(file, tricky());
    const expected = await csv(file);
    const bytes = readFileSync(flagFilePathOf(file));
    const nl = bytes.indexOf(0x0a);
    const header = JSON.parse(bytes.toString('utf8', 0, nl));
    const body = Buffer.from(bytes.subarray(nl + 1));
    expect(header.records).toBeGreaterThan(0);
    for (let at = 0; at < body.length; at += 9) body[at + 8] = 1; // every changed flag open
    header.hash = fnv1a(body).toString(16).padStart(8, '0');
    writeFileSync(flagFilePathOf(file), Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), body]));
    const forged = await csv(file);
    expect(forged).not.toBe(expected);
    expect(openColumn(forged)).toEqual(['3', '3', '1', '1']);
  });

  it('missing, damaged, cut short, of another version or another journal: not used, the table\'s output', async () => {
    const file = path.join(dir, 'j.jsonl');
    writeFileSync(file, tricky());
    const expected = await reference(file);
    await csv(file);
    const good = readFileSync(flagFilePathOf(file));
    const nl = good.indexOf(0x0a);
    const header = JSON.parse(good.toString('utf8', 0, nl));
    const withHeader = (h: object, body = good.subarray(nl + 1)) => Buffer.concat([Buffer.from(`${JSON.stringify(h)}\n`), body]);
    const flipped = Buffer.from(good);
    flipped[nl + 9] = flipped[nl + 9]! ^ 1; // the first record's open bit
    const bad: [string, Buffer | null][] = [
      ['missing', null],
      ['a bit flipped', flipped],
      ['cut short', good.subarray(0, good.length - 4)],
      ['grown', Buffer.concat([good, Buffer.alloc(9)])],
      ['another version', withHeader({ ...header, version: 99 })],
      ['another journal', withHeader({ ...header, journal: { ...header.journal, ino: header.journal.ino + 1 } })],
      ['not a header', Buffer.from('garbage')],
    ];
    for (const [what, bytes] of bad) {
      if (bytes) writeFileSync(flagFilePathOf(file), bytes);
      else rmSync(flagFilePathOf(file), { force: true });
      expect(openFlagStatus(file), what).toBeNull();
      expect(await csv(file), what).toBe(expected);
      // …and the export put a good one back.
      const back = openFlagStatus(file);
      expect(back, what).not.toBeNull();
      back?.close();
    }
  });

  it('appended or rewritten journal: stale — the table again, and a new file for the journal as it is', async () => {
    const file = path.join(dir, 'j.jsonl');
    writeFileSync(file, tricky());
    await csv(file);
    // A later change to a flag raised long before: the old file would say f6 is open.
    appendFileSync(file, change('U6', 'f6', 'resolved'));
    expect(openFlagStatus(file)).toBeNull();
    const grown = await csv(file);
    expect(grown).toBe(await reference(file));
    expect(openColumn(grown).at(-1)).toBe('0');
    const stream = openFlagStatus(file);
    expect(stream).not.toBeNull();
    stream!.close();
    expect(await csv(file)).toBe(grown);
    writeFileSync(file, tricky().replace('"f1"', '"f9"'));
    expect(openFlagStatus(file)).toBeNull();
    expect(await csv(file)).toBe(await reference(file));
  });

  it('a realistic journal past the default size, read as bytes and as text, filtered or not: the table\'s output', async () => {
    const file = path.join(dir, 'big.jsonl');
    writeFileSync(file, syntheticJournal({ calls: 1200, seed: 7 }));
    expect(statSync(file).size).toBeGreaterThan(1 << 20);
    const defaults = { cacheMinBytes: undefined };
    const expected = await reference(file);
    expect(await csv(file, defaults, true)).toBe(expected);
    expect(existsSync(flagFilePathOf(file))).toBe(true);
    // Read, not found wanting and rewritten (a rewritten file is a new one); its header line is short.
    const { ino } = statSync(flagFilePathOf(file));
    expect(readFileSync(flagFilePathOf(file)).indexOf(0x0a)).toBeLessThan(512);
    expect(await csv(file, defaults, true)).toBe(expected);
    expect(statSync(flagFilePathOf(file)).ino).toBe(ino);
    expect(await csv(file, defaults)).toBe(expected);
    for (const filter of [{ openFlags: true }, { from: '2026-11-29' }, { salesperson: 'андрей' }]) expect(await csv(file, { ...defaults, filter }), JSON.stringify(filter)).toBe(await reference(file, { filter }));
  });

  it('is not kept for small journals, nor where it can\'t be written — and nothing fails', async () => {
    const file = path.join(dir, 'j.jsonl');
    writeFileSync(file, tricky());
    const expected = await reference(file);
    expect(await csv(file, { cacheMinBytes: undefined })).toBe(expected);
    expect(existsSync(flagFilePathOf(file))).toBe(false);
    if (process.getuid?.() !== 0) {
      chmodSync(dir, 0o500);
      try {
        expect(await csv(file)).toBe(expected);
        expect(existsSync(flagFilePathOf(file))).toBe(false);
      } finally {
        chmodSync(dir, 0o700);
      }
    }
  });

  it('is not written when the journal changed while the export read it', () => {
    const file = path.join(dir, 'j.jsonl');
    writeFileSync(file, tricky());
    const before = journalIdentityNow(file)!;
    const recorder = new FlagStatusRecorder(new FlagStatusIndex());
    appendFileSync(file, call('E', []));
    expect(recorder.save(file, before)).toBe(false);
    expect(existsSync(flagFilePathOf(file))).toBe(false);
    expect(recorder.save(file, journalIdentityNow(file)!)).toBe(true);
  });
});
