// CSV call rows read and written as byte strings (src/export/byte-strings.ts)
// must be the very bytes the ordinary path writes: journals full of what could
// tell the two apart — formula triggers (full-width ones are three bytes),
// quotes, separators, \u escapes, invalid UTF-8, a byte order mark, U+00A0 in
// dates (V8 parses it differently split in two), non-ASCII ids, damaged and
// blank lines, lines longer than a read chunk — under every dialect and filter.
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { byteTextCell, textCell } from '../../src/export/csv.js';
import { forEachByteEntry } from '../../src/export/byte-reader.js';
import { fromBytes, toBytes } from '../../src/export/byte-strings.js';
import { runExport, type ExportRequest } from '../../src/export/run-export.js';
import { MemorySink, type Sink } from '../../src/export/sink.js';
import { forEachJournalItem, type JournalItem } from '../../src/journal/read.js';
import { NOW, ZONE, tempDir } from './helpers.js';
import { syntheticJournal } from './synthetic.js';

/** A sink that takes byte strings, as stdout and files do: keeps the bytes written. */
class ByteSink implements Sink {
  private chunks: Buffer[] = [];
  private encoding: 'utf8' | 'latin1' = 'utf8';
  accepted = false;
  acceptBytes(): void {
    this.accepted = true;
    this.encoding = 'latin1';
  }
  write(text: string): void {
    this.chunks.push(Buffer.from(text, this.encoding));
  }
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

const TEXTS = [
  '=1+1', '+7 916', '-5', '@SUM(A1)', '\t=1', '＝1', '＋1', '－1', '＠x', 'ï¼\u009d', 'Ã¯', '\u00a0', 'a,b', 'a;b', 'say "hi"', 'two\nlines', 'cr\rlf',
  'Андрей Иванович', 'Émilie', '😀 emoji', '\u2028', '', ' ', "'q",
];
const textArb = fc.oneof(fc.constantFrom(...TEXTS), fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string({ maxLength: 6 }));
// Dates V8 reads differently as bytes: valid only as text, valid only as bytes, or another instant.
const ATS = ['2026-11-28T10:00:00.000Z', '2026-11-28T23:30:00Z', '2026-11-28 (пн) 10:00Z', 'Nov 28 2026 12:00 \u00a0PM', 'à2026-11-28', 'РNov 2026', 'Nov 28 2026 à', 'not a date'];

const stepArb = fc.record({
  id: fc.constantFrom('remind', 'impression', 'ответ', 'next-call', 'x"y'),
  handler: fc.option(fc.constantFrom('handle-question', 'возражение'), { nil: undefined }),
  answer: fc.option(fc.oneof(textArb, fc.integer(), fc.constant(['а', 'b']), fc.constant(true)), { nil: undefined }),
  note: fc.option(textArb, { nil: undefined }),
  skipped: fc.option(fc.boolean(), { nil: undefined }),
}, { requiredKeys: ['id'] });

const callArb = fc.record({
  name: textArb,
  salesperson: textArb,
  script: fc.constantFrom('kitchen', 'кухня', 'car'),
  phone: fc.option(textArb, { nil: undefined }),
  at: fc.constantFrom(...ATS),
  started: fc.option(fc.constantFrom(...ATS), { nil: undefined }),
  steps: fc.array(stepArb, { maxLength: 5 }),
  flagId: fc.option(fc.constantFrom('F1', 'Ф2', 'F3'), { nil: undefined }),
  resolve: fc.boolean(),
  next: fc.option(fc.record({ date: fc.constantFrom('2026-12-01', 'завтра'), at: fc.option(fc.constantFrom(...ATS), { nil: undefined }), agreed: fc.boolean() }), { nil: undefined }),
  summary: textArb,
  note: fc.option(textArb, { nil: undefined }),
  // How the line is written: plain, with every non-ASCII char escaped (\uXXXX), or damaged.
  form: fc.constantFrom('plain', 'plain', 'plain', 'escaped', 'invalid-utf8', 'broken', 'blank', 'proto'),
});

type GeneratedCall = typeof callArb extends fc.Arbitrary<infer T> ? T : never;

function escapeNonAscii(json: string): string {
  return json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A journal's bytes from generated calls (and flag entries). */
function journalBytes(calls: GeneratedCall[], bom: boolean): Buffer {
  const parts: Buffer[] = [];
  if (bom) parts.push(Buffer.from([0xef, 0xbb, 0xbf]));
  calls.forEach((c, i) => {
    const entry: Record<string, unknown> = {
      v: 1, type: 'call', id: `C${i}`, at: c.at, client: { id: `client-${i % 3}`, name: c.name, phone: c.phone },
      salesperson: c.salesperson, script: { id: c.script, version: 'v1' }, startedAt: c.started, endedAt: c.started, durationSec: i * 7,
      outcome: i % 4 === 0 ? 'call-back' : 'completed', steps: c.steps, summary: c.summary, note: c.note,
      flags: c.flagId ? [{ id: c.flagId, step: 'impression', text: 't', owner: 'o', due: '2026-12-01', status: 'open' }] : [],
      nextCall: c.next ?? null,
    };
    let line = JSON.stringify(entry);
    if (c.form === 'escaped') line = escapeNonAscii(line);
    if (c.form === 'broken') line = line.slice(0, line.length >> 1);
    if (c.form === 'blank') line = '   ';
    if (c.form === 'proto') line = line.replace('{"v":1', '{"__proto__":{"polluted":"да"},"v":1');
    let bytes = Buffer.from(line, 'utf8');
    if (c.form === 'invalid-utf8') bytes = Buffer.concat([bytes.subarray(0, bytes.length - 30), Buffer.from([0xff, 0xd0]), bytes.subarray(bytes.length - 30)]);
    parts.push(bytes, Buffer.from('\n'));
    if (c.flagId && c.resolve) parts.push(Buffer.from(JSON.stringify({ v: 1, type: 'flag', id: `U${i}`, at: '2026-11-29T10:00:00Z', flag: c.flagId, status: 'resolved', note: c.summary }) + '\n'));
  });
  return Buffer.concat(parts);
}

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

async function both(file: string, request: Partial<ExportRequest>) {
  const base: ExportRequest = { journals: [file], format: 'csv', filter: {}, lang: 'en', timeZone: ZONE, now: new Date(NOW), ...request };
  const text = new MemorySink();
  const expected = await runExport(base, text);
  const bytes = new ByteSink();
  const actual = await runExport(base, bytes);
  return { text, expected, bytes, actual };
}

const REQUESTS: Partial<ExportRequest>[] = [
  {},
  { excel: true, lang: 'ru' },
  { excel: true, lang: 'en', timeZone: 'America/New_York' },
  { filter: { salesperson: 'андрей' } },
  { filter: { client: 'émilie' } },
  { filter: { scripts: ['кухня'] } },
  { filter: { from: '2026-11-28', to: '2026-11-28' } },
  { filter: { openFlags: true } },
  { filter: { outcomes: ['call-back'] } },
];

describe('CSV call rows as byte strings', () => {
  it('write the same bytes, counts and damage as the ordinary path, whatever the journal holds', async () => {
    const file = path.join(dir, 'journal.jsonl');
    await fc.assert(
      fc.asyncProperty(fc.array(callArb, { maxLength: 10 }), fc.boolean(), fc.constantFrom(...REQUESTS), async (calls, bom, request) => {
        writeFileSync(file, journalBytes(calls, bom));
        const { text, expected, bytes, actual } = await both(file, request);
        expect(bytes.accepted).toBe(true);
        expect(bytes.bytes().equals(Buffer.from(text.text, 'utf8'))).toBe(true);
        expect(actual).toEqual(expected);
      }),
      { numRuns: 250 },
    );
  });

  it('on a realistic journal, with a line longer than a read chunk and no final newline', async () => {
    const file = path.join(dir, 'big.jsonl');
    const long = JSON.stringify({ v: 1, type: 'call', id: 'L', at: '2026-11-28T10:00:00Z', client: { id: 'c', name: '＝ж'.repeat(200_000) }, steps: [{ id: 'remind', answer: 'да' }] });
    writeFileSync(file, `${syntheticJournal({ calls: 800, seed: 4 })}${long}\n${syntheticJournal({ calls: 50, seed: 5 }).trimEnd()}`);
    for (const request of REQUESTS) {
      const { text, expected, bytes, actual } = await both(file, request);
      expect(bytes.bytes().equals(Buffer.from(text.text, 'utf8'))).toBe(true);
      expect(actual).toEqual(expected);
    }
    const plain = await both(file, {});
    expect(plain.expected.written).toBe(851);
  });

  it('are used only where they are safe: not for other formats, flag rows, several journals or a sink without them', async () => {
    const file = path.join(dir, 'j.jsonl');
    writeFileSync(file, syntheticJournal({ calls: 20, seed: 2 }));
    for (const request of [{ format: 'json' as const }, { format: 'md' as const }, { rows: 'flags' as const }, { journals: [file, path.join(dir, 'other.jsonl')] }]) {
      const sink = new ByteSink();
      await runExport({ journals: [file], format: 'csv', filter: {}, lang: 'en', timeZone: ZONE, now: new Date(NOW), ...request }, sink);
      expect(sink.accepted).toBe(false);
    }
  });
});

describe('byte strings', () => {
  it('a byte text cell is the text cell, as bytes', () => {
    fc.assert(
      fc.property(fc.oneof(textArb, fc.string({ unit: 'binary', maxLength: 8 })), fc.constantFrom(',' as const, ';' as const), (text, sep) => {
        expect(byteTextCell(toBytes(text), sep)).toBe(toBytes(textCell(text, sep)));
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trip, and invalid UTF-8 turns into U+FFFD as a UTF-8 decode does', () => {
    for (const text of TEXTS) expect(fromBytes(toBytes(text))).toBe(text);
    const invalid = Buffer.from([0x61, 0xff, 0xd0, 0x62]);
    expect(fromBytes(invalid.toString('latin1'))).toBe(invalid.toString('utf8'));
  });

  it('the byte reader yields what the journal reader yields, line for line', async () => {
    const file = path.join(dir, 'lines.jsonl');
    await fc.assert(
      fc.asyncProperty(fc.array(callArb, { maxLength: 8 }), fc.boolean(), async (calls, bom) => {
        writeFileSync(file, journalBytes(calls, bom));
        const real: JournalItem[] = [];
        await forEachJournalItem(file, (item) => void real.push(item));
        const bytes: JournalItem[] = [];
        await forEachByteEntry(file, (item) => void bytes.push(item));
        expect(bytes.length).toBe(real.length);
        bytes.forEach((item, i) => {
          expect(item.line).toBe(real[i]!.line);
          if (item.damage) expect(item.damage).toEqual(real[i]!.damage);
          else expect(JSON.parse(fromBytes(JSON.stringify(item.entry)))).toEqual(JSON.parse(JSON.stringify(real[i]!.entry)));
        });
      }),
      { numRuns: 200 },
    );
  });
});
