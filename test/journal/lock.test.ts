import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { JournalBusyError } from '../../src/errors.js';
import { acquireJournalLock, appendEntry, lockPathFor, nodeFs, readJournals, type FsLayer } from './journal-api.js';
import { makeEntry } from './helpers/entries.js';
import { tempDir } from './temp.js';

/** The pid of a process that has exited: dead for kill(pid, 0). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

const staleRecord = (pid: number, host = os.hostname()) =>
  `${JSON.stringify({ pid, hostname: host, startedAt: '2026-11-28T10:00:00.000Z', nonce: 'dead0000dead0000' })}\n`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the journal lock', () => {
  test('a live holder: JournalBusyError after a short wait, naming the pid and when', async () => {
    const dir = tempDir();
    const journal = path.join(dir, 'journal.jsonl');
    const release = await acquireJournalLock(journal);
    const record = JSON.parse(readFileSync(lockPathFor(journal), 'utf8'));
    expect(record).toMatchObject({ pid: process.pid, hostname: os.hostname() });
    const started = Date.now();
    const error = await appendEntry(journal, makeEntry({ id: 'a' }), { lockTimeoutMs: 300 }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error).toBeInstanceOf(JournalBusyError);
    expect((error as Error).message).toBe(`journal busy: ${journal} is locked by pid ${process.pid} on ${os.hostname()} since ${record.startedAt}`);
    expect((error as JournalBusyError).hint).toContain(`delete ${lockPathFor(journal)}`);
    expect(existsSync(journal)).toBe(false);
    await release();
    expect(existsSync(lockPathFor(journal))).toBe(false);
    await appendEntry(journal, makeEntry({ id: 'a' }));
  });

  test('the lock is released when the holder finishes: a waiting append goes through', async () => {
    const dir = tempDir();
    const journal = path.join(dir, 'journal.jsonl');
    const release = await acquireJournalLock(journal);
    const waiting = appendEntry(journal, makeEntry({ id: 'waited' }));
    await sleep(50);
    expect(existsSync(journal)).toBe(false);
    await release();
    await waiting;
    expect((await readJournals([journal])).entries.map((e) => e.id)).toEqual(['waited']);
  });

  test('a lock left by a dead process is taken over, and its leftovers swept', async () => {
    const dir = tempDir();
    const journal = path.join(dir, 'journal.jsonl');
    const pid = deadPid();
    writeFileSync(lockPathFor(journal), staleRecord(pid));
    const orphan = `${lockPathFor(journal)}.${os.hostname().replace(/[^A-Za-z0-9-]/g, '_')}.${pid}.0123456789abcdef.tmp`;
    writeFileSync(orphan, staleRecord(pid));
    await appendEntry(journal, makeEntry({ id: 'a' }), { lockTimeoutMs: 200 });
    expect(readdirSync(dir)).toEqual(['journal.jsonl']);
  });

  test('a lock of another host is never broken (its owner cannot be checked)', async () => {
    const dir = tempDir();
    const journal = path.join(dir, 'journal.jsonl');
    writeFileSync(lockPathFor(journal), staleRecord(deadPid(), 'some-other-host'));
    await expect(appendEntry(journal, makeEntry({ id: 'a' }), { lockTimeoutMs: 100 })).rejects.toThrow(/locked by pid \d+ on some-other-host/);
  });

  test('an unreadable lock is treated as live: busy, with the file to delete', async () => {
    const dir = tempDir();
    const journal = path.join(dir, 'journal.jsonl');
    writeFileSync(lockPathFor(journal), 'garbage');
    const error = await appendEntry(journal, makeEntry({ id: 'a' }), { lockTimeoutMs: 100, lang: 'ru' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JournalBusyError);
    expect((error as Error).message).toBe(`журнал занят: ${journal} заблокирован другой программой`);
  });

  test('many contenders racing over the same stale lock: exactly one holder at a time', async () => {
    const dir = tempDir();
    const journal = path.join(dir, 'journal.jsonl');
    writeFileSync(lockPathFor(journal), staleRecord(4_000_000));
    // Slow, jittery reads widen every window between reading a lock and acting on it.
    const jittery: FsLayer = {
      ...nodeFs,
      readFile: async (p) => {
        await sleep(Math.random() * 4);
        const content = await nodeFs.readFile(p);
        await sleep(Math.random() * 4);
        return content;
      },
      unlink: async (p) => {
        await sleep(Math.random() * 3);
        return nodeFs.unlink(p);
      },
    };
    const isAlive = (pid: number) => pid !== 4_000_000;
    let inside = 0;
    let maxInside = 0;
    let entered = 0;
    await Promise.all(
      Array.from({ length: 24 }, async () => {
        const release = await acquireJournalLock(journal, { fs: jittery, isAlive, timeoutMs: 30_000 });
        inside++;
        entered++;
        maxInside = Math.max(maxInside, inside);
        await sleep(Math.random() * 3);
        inside--;
        await release();
      }),
    );
    expect(entered).toBe(24);
    expect(maxInside).toBe(1);
    expect(readdirSync(dir)).toEqual([]);
  });

  test('a dead holder of the second-level (break) lock is recovered too', async () => {
    const dir = tempDir();
    const journal = path.join(dir, 'journal.jsonl');
    const pid = deadPid();
    writeFileSync(lockPathFor(journal), staleRecord(pid));
    writeFileSync(`${lockPathFor(journal)}.break`, staleRecord(pid));
    await appendEntry(journal, makeEntry({ id: 'a' }), { lockTimeoutMs: 200 });
    expect(readdirSync(dir)).toEqual(['journal.jsonl']);
  });
});
