// 16 processes append 250 entries each (200 B to 20 KB) to one journal at
// once: every line must be whole and every id there exactly once.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { readJournals, validateEntry } from './journal-api.js';
import { bundleRunner } from './helpers/bundle.js';
import { runChild } from './helpers/children.js';

const home = mkdtempSync(path.join(os.tmpdir(), 'followup-concurrency-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

test('16 processes × 250 appends → 4,000 whole lines, unique ids', async () => {
  const runner = await bundleRunner();
  const journal = path.join(home, 'journal.jsonl');
  const children = Array.from({ length: 16 }, () => runChild(runner, ['append', journal, '250', '200', '20000']));
  const results = await Promise.all(children.map((c) => c.done));
  for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0 });
  const reported = results.flatMap((r) => r.stdout.trim().split('\n'));
  expect(reported).toHaveLength(4000);

  const raw = readFileSync(journal);
  expect(raw.at(-1)).toBe(0x0a);
  const lines = raw.toString('utf8').split('\n').slice(0, -1);
  expect(lines).toHaveLength(4000);
  const ids = new Set<string>();
  const sizes: number[] = [];
  for (const line of lines) {
    const value = JSON.parse(line) as { id: string };
    expect(validateEntry(value)).toBeNull();
    ids.add(value.id);
    sizes.push(Buffer.byteLength(line) + 1);
  }
  expect(ids.size).toBe(4000);
  expect(new Set(reported)).toEqual(ids);
  expect(Math.min(...sizes)).toBeGreaterThanOrEqual(200);
  expect(Math.max(...sizes)).toBeLessThanOrEqual(20_000);
  expect(Math.max(...sizes)).toBeGreaterThan(15_000);

  const read = await readJournals([journal]);
  expect(read.damage).toEqual([]);
  expect(read.entries).toHaveLength(4000);
}, 240_000);
