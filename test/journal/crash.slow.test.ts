// A child appends in a loop and is killed with SIGKILL at a random moment,
// 200 times. Every entry it reported as written (it prints the id after
// appendEntry resolves) must be in the journal; at most the one in flight is
// missing or torn; the next child recovers the dead child's lock and appends
// on a clean line.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { appendEntry, readJournal } from './journal-api.js';
import { bundleRunner } from './helpers/bundle.js';
import { runChild } from './helpers/children.js';
import { makeEntry } from './helpers/entries.js';

const home = mkdtempSync(path.join(os.tmpdir(), 'followup-crash-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const KILLS = 200;

test(`SIGKILL at random moments, ${KILLS} times: nothing reported is lost`, async () => {
  const runner = await bundleRunner();
  const journal = path.join(home, 'journal.jsonl');
  const reported = new Set<string>();
  let previousDamage = 0;
  let unreportedWritten = 0;
  let tornSeen = 0;
  let staleLocks = 0;
  for (let i = 0; i < KILLS; i++) {
    let scheduled = false;
    const { done } = runChild(runner, ['loop', journal, '200', '4000'], {
      onLine: (id, proc) => {
        reported.add(id);
        if (scheduled) return;
        scheduled = true;
        // Kill at a random moment once the child is up and appending.
        setTimeout(() => proc.kill('SIGKILL'), Math.random() * 25).unref();
      },
    });
    const finished = await done;
    expect(finished.signal, finished.stderr).toBe('SIGKILL');

    const { entries, damage } = await readJournal(journal);
    const ids = new Set(entries.map((e) => e.id));
    for (const id of reported) expect(ids.has(id), `reported ${id} missing after kill ${i}`).toBe(true);
    // Written but not reported: only the one in flight when the child died.
    const unreported = [...ids].filter((id) => !reported.has(id));
    expect(unreported.length).toBeLessThanOrEqual(1);
    unreportedWritten += unreported.length;
    for (const id of unreported) reported.add(id);
    // A lock left by the killed child: the next child must find its owner dead and take over.
    if (existsSync(`${journal}.lock`)) staleLocks++;
    // At most one new damaged line per kill; only the last line can be torn.
    expect(damage.length - previousDamage).toBeLessThanOrEqual(1);
    previousDamage = damage.length;
    for (const d of damage) expect(['torn', 'invalid-json']).toContain(d.reason);
    const torn = damage.filter((d) => d.reason === 'torn');
    expect(torn.length).toBeLessThanOrEqual(1);
    if (torn.length === 1) tornSeen++;
  }
  // The next append (in this process) recovers the last child's lock if it held it
  // and starts on a clean line.
  const last = makeEntry({ id: 'after-the-crashes', size: 500 });
  await appendEntry(journal, last);
  const final = await readJournal(journal);
  expect(final.entries.at(-1)!.id).toBe('after-the-crashes');
  expect(final.damage.every((d) => d.reason === 'invalid-json')).toBe(true);
  const leftovers = readdirSync(home).filter((n) => n !== 'journal.jsonl');
  console.log(
    `crash test: ${reported.size} entries written, ${final.damage.length} torn lines from ${KILLS} kills ` +
      `(${tornSeen} times the tail was torn), ${unreportedWritten} written but not reported, ` +
        `${staleLocks} stale locks taken over, leftover files: ${leftovers.join(' ') || 'none'}`,
  );
  expect(final.entries.length).toBe(reported.size + 1);
  expect(leftovers.filter((n) => n.endsWith('.lock'))).toEqual([]);
  // The takeover path really ran (the lock is held through write and fsync,
  // where most kills land).
  expect(staleLocks).toBeGreaterThan(KILLS / 10);
}, 300_000);
