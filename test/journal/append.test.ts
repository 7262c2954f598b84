import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { JournalError } from '../../src/errors.js';
import { appendEntry, formatWarnings, JournalIoError, readJournals } from './journal-api.js';
import { makeEntry } from './helpers/entries.js';
import { faultyFs, shortWriteFs, type FaultOp } from './faulty-fs.js';
import { tempDir } from './temp.js';

const mode = (p: string) => statSync(p).mode & 0o777;

describe('appendEntry', () => {
  test('creates the journal 0600 in new 0700 folders, one line per entry', async () => {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    const journal = path.join(dir, 'a', 'b', 'journal.jsonl');
    const first = makeEntry({ id: 'one', at: '2026-11-28T10:00:00.000Z' });
    expect(await appendEntry(journal, first)).toEqual({ created: true, repairedTornTail: false, warnings: [] });
    await appendEntry(journal, makeEntry({ id: 'two', at: '2026-11-28T11:00:00.000Z' }));
    expect(readFileSync(journal, 'utf8')).toBe(`${JSON.stringify(first)}\n${JSON.stringify(makeEntry({ id: 'two', at: '2026-11-28T11:00:00.000Z' }))}\n`);
    expect(mode(journal)).toBe(0o600);
    expect(mode(path.join(dir, 'a'))).toBe(0o700);
    expect(mode(path.join(dir, 'a', 'b'))).toBe(0o700);
    expect(mode(dir)).toBe(0o755); // an existing folder is not ours to chmod
    expect(existsSync(`${journal}.lock`)).toBe(false);
  });

  test('a torn last line gets a newline first, so the new entry starts clean', async () => {
    const dir = tempDir();
    const journal = path.join(dir, 'journal.jsonl');
    writeFileSync(journal, `${JSON.stringify(makeEntry({ id: 'a' }))}\n{"v":1,"type":"ca`);
    const result = await appendEntry(journal, makeEntry({ id: 'b' }));
    expect(result.repairedTornTail).toBe(true);
    const lines = readFileSync(journal, 'utf8').split('\n');
    expect(lines[1]).toBe('{"v":1,"type":"ca');
    expect(JSON.parse(lines[2]!).id).toBe('b');
  });

  test('a journal readable by others: a warning to print, the file left as it is', async () => {
    const dir = tempDir();
    const journal = path.join(dir, 'journal.jsonl');
    writeFileSync(journal, '');
    chmodSync(journal, 0o644);
    const { warnings } = await appendEntry(journal, makeEntry({ id: 'a' }));
    expect(warnings).toEqual([{ kind: 'readable-by-others', file: journal, mode: 0o644 }]);
    expect(mode(journal)).toBe(0o644);
    expect((await readJournals([journal])).warnings).toHaveLength(1);
    expect(formatWarnings(warnings, 'en')).toContain(`chmod 600 ${journal}`);
    expect(formatWarnings(warnings, 'ru')).toContain('личные данные клиентов');
  });

  test('200 appends at once in one process: all whole, in call order', async () => {
    const dir = tempDir();
    const journal = path.join(dir, 'journal.jsonl');
    await Promise.all(Array.from({ length: 200 }, (_, i) => appendEntry(journal, makeEntry({ id: `e${i}`, size: 300 + i * 50 }))));
    const lines = readFileSync(journal, 'utf8').trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l).id)).toEqual(Array.from({ length: 200 }, (_, i) => `e${i}`));
  });

  test('an entry readers would reject is never written', async () => {
    const dir = tempDir();
    const journal = path.join(dir, 'journal.jsonl');
    const { id: _id, ...noId } = makeEntry({ id: 'x' });
    await expect(appendEntry(journal, noId as never)).rejects.toThrow('refusing to write an invalid journal entry (invalid-entry: id)');
    await expect(appendEntry(journal, { ...makeEntry({ id: 'x' }), v: 2 })).rejects.toThrow(/newer-version/);
    expect(existsSync(journal)).toBe(false);
  });

  test('a journal path that is a folder: a JournalError naming it, nothing written', async () => {
    const dir = tempDir();
    const journal = path.join(dir, 'journal.jsonl');
    mkdirSync(journal);
    const error = await appendEntry(journal, makeEntry({ id: 'a' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JournalIoError);
    expect((error as JournalIoError).code).toBe('EISDIR');
    expect((error as Error).message).toBe(`could not write the journal ${journal}: it is a folder, not a file (EISDIR)`);
    expect((error as JournalError).hint).toContain('--journal must name a file');
  });

  test('a file where the folder should be: ENOTDIR, named', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'data'), 'x');
    const journal = path.join(dir, 'data', 'journal.jsonl');
    const error = await appendEntry(journal, makeEntry({ id: 'a' }), { lang: 'ru' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JournalError);
    expect((error as Error).message).toBe(`не удалось записать журнал ${journal}: часть пути — файл, а не папка (ENOTDIR)`);
  });
});

describe('fault injection: the journal is byte-identical after a failure', () => {
  const ops: FaultOp[] = ['open', 'write', 'fsync'];
  const codes = ['ENOSPC', 'EIO', 'EACCES', 'EISDIR'];
  const cases = ops.flatMap((op) => codes.flatMap((code) => [
    { op, code, existing: true },
    { op, code, existing: false },
  ]));

  test.each(cases)('$code on $op (existing journal: $existing)', async ({ op, code, existing }) => {
    const dir = tempDir();
    const journal = path.join(dir, 'journal.jsonl');
    if (existing) {
      await appendEntry(journal, makeEntry({ id: 'before-1' }));
      await appendEntry(journal, makeEntry({ id: 'before-2', size: 5000 }));
    }
    const before = existing ? readFileSync(journal) : null;
    const fs = faultyFs({ op, code, path: (p) => p === journal, partial: op === 'write' });
    const error = await appendEntry(journal, makeEntry({ id: 'lost', size: 8000 }), { fs }).catch((e: unknown) => e);
    expect(fs.fired).toBeGreaterThanOrEqual(1);
    expect(error).toBeInstanceOf(JournalError);
    expect(error).toBeInstanceOf(JournalIoError);
    expect((error as JournalIoError).code).toBe(code);
    expect((error as Error).message).toContain(journal);
    expect((error as Error).message).toContain(`(${code})`);
    if (before) expect(readFileSync(journal)).toEqual(before);
    else expect(existsSync(journal)).toBe(false);
    expect(existsSync(`${journal}.lock`)).toBe(false);
    // And the journal still takes the next entry.
    await appendEntry(journal, makeEntry({ id: 'after' }));
    const { entries, damage } = await readJournals([journal]);
    expect(damage).toEqual([]);
    expect(entries.map((e) => e.id)).toEqual([...(existing ? ['before-1', 'before-2'] : []), 'after']);
  });

  test.each(codes)('%s while creating the lock (folder not writable): JournalError, journal untouched', async (code) => {
    const dir = tempDir();
    const journal = path.join(dir, 'journal.jsonl');
    await appendEntry(journal, makeEntry({ id: 'before' }));
    const before = readFileSync(journal);
    const fs = faultyFs({ op: 'open', code, path: (p) => p.startsWith(`${journal}.lock`) });
    const error = await appendEntry(journal, makeEntry({ id: 'lost' }), { fs }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JournalIoError);
    expect((error as Error).message).toMatch(/^could not lock the journal/);
    expect(readFileSync(journal)).toEqual(before);
  });

  test('a short write is truncated back and reported', async () => {
    const dir = tempDir();
    const journal = path.join(dir, 'journal.jsonl');
    await appendEntry(journal, makeEntry({ id: 'before' }));
    const before = readFileSync(journal);
    const error = await appendEntry(journal, makeEntry({ id: 'lost', size: 3000 }), { fs: shortWriteFs((p) => p === journal) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JournalIoError);
    expect((error as Error).message).toContain('the disk took only part of the entry');
    expect(readFileSync(journal)).toEqual(before);
  });
});
