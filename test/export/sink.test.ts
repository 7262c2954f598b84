// The buffered sink: chunks reach the target whole, in order and one at a
// time (a file handle's writes may land out of order when several run at
// once — a 100,000-call export to a file came out shuffled), as text or, after
// acceptBytes, as the bytes byte strings stand for.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toBytes } from '../../src/export/byte-strings.js';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { run as runExportCommand } from '../../src/commands/export.js';
import { BufferedSink } from '../../src/export/sink.js';
import { tempDir, testContext } from './helpers.js';
import { syntheticJournal } from './synthetic.js';

/** A target whose writes take random times; it fails the test if two overlap. */
function slowTarget(delays: number[]) {
  const chunks: Buffer[] = [];
  let running = 0;
  let overlapped = false;
  let i = 0;
  const target = async (chunk: string | Buffer) => {
    running++;
    if (running > 1) overlapped = true;
    await new Promise((resolve) => setTimeout(resolve, delays[i++ % delays.length]));
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    running--;
  };
  return { target, chunks, overlapped: () => overlapped };
}

describe('BufferedSink', () => {
  it('text or bytes: the target gets everything, in order, one write at a time', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constant('ж'.repeat(70)), fc.constant('x'.repeat(300))), { maxLength: 60 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 128 }),
        async (texts, delays, bytes, size) => {
          const { target, chunks, overlapped } = slowTarget(delays);
          const sink = new BufferedSink(target, size);
          if (bytes) sink.acceptBytes();
          // As the export does: writes are not awaited one by one, only gathered and awaited later.
          const pending: Promise<void>[] = [];
          for (const text of texts) {
            const wait = sink.write(bytes ? toBytes(text) : text);
            if (wait) pending.push(wait);
          }
          const last = sink.flush();
          if (last) pending.push(last);
          await Promise.all(pending);
          expect(overlapped()).toBe(false);
          expect(Buffer.concat(chunks).toString('utf8')).toBe(texts.join(''));
          if (bytes) for (const chunk of chunks.slice(0, -1)) expect(chunk.length).toBeLessThanOrEqual(Math.max(size, ...texts.map((t) => Buffer.byteLength(t))));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a failed write is the caller\'s error, and so is every later one: no output with a hole', async () => {
    const seen: string[] = [];
    let fail = true;
    const sink = new BufferedSink(async (chunk) => {
      if (fail) {
        fail = false;
        throw new Error('disk full');
      }
      seen.push(String(chunk));
    }, 4);
    await expect(sink.write('abcd')).rejects.toThrow('disk full');
    await expect(sink.write('efgh')).rejects.toThrow('disk full');
    expect(seen).toEqual([]);
  });
});

describe('export to a file', () => {
  it('writes the bytes it writes to stdout, for an export of many chunks, in every CSV dialect', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const journal = path.join(dir, 'j.jsonl');
      writeFileSync(journal, syntheticJournal({ calls: 1500, seed: 11 }));
      for (const options of [{}, { excel: true }, { rows: 'flags' as const }]) {
        const toStdout = testContext({ home: dir, journals: [journal], lang: 'ru' });
        await runExportCommand(toStdout, { format: 'csv', ...options });
        const file = path.join(dir, 'out.csv');
        await runExportCommand(testContext({ home: dir, journals: [journal], lang: 'ru' }), { format: 'csv', output: file, ...options });
        const written = readFileSync(file, 'utf8');
        expect(written.length).toBeGreaterThan(options.rows ? 10_000 : 500_000);
        expect(written).toBe(toStdout.io.stdoutText());
      }
    } finally {
      cleanup();
    }
  });
});
