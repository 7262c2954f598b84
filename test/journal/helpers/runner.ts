// A child process for the journal's multi-process tests, bundled by
// bundleRunner() and run with node. Modes:
//   append <journal> <count> <minBytes> <maxBytes>  append count entries, print each id once written
//   loop <journal> <minBytes> <maxBytes>           append until killed, print each id once written
//   private <home>                                 umask 0, then create journal, draft, quarantine, lock
import fs from 'node:fs';
import path from 'node:path';
import { ulid } from 'ulid';
import { acquireJournalLock, appendEntry, repairJournal, saveDraft } from '../../../src/journal/index.js';
import { makeEntry } from './entries.js';

const [mode, target, ...rest] = process.argv.slice(2);

function say(line: string): Promise<void> {
  return new Promise((resolve) => process.stdout.write(`${line}\n`, () => resolve()));
}

async function appendMany(journal: string, count: number, min: number, max: number) {
  for (let i = 0; i < count; i++) {
    const entry = makeEntry({ id: ulid(), size: min + Math.floor(Math.random() * (max - min + 1)), writer: process.pid });
    await appendEntry(journal, entry, { lockTimeoutMs: 120_000 });
    await say(entry.id);
  }
}

if (mode === 'append') {
  await appendMany(target!, Number(rest[0]), Number(rest[1]), Number(rest[2]));
} else if (mode === 'loop') {
  await appendMany(target!, Number.POSITIVE_INFINITY, Number(rest[0]), Number(rest[1]));
} else if (mode === 'private') {
  process.umask(0);
  const home = target!;
  const journal = path.join(home, 'data', 'journal.jsonl');
  await appendEntry(journal, makeEntry({ id: ulid(), size: 300, writer: process.pid }));
  fs.appendFileSync(journal, 'garbage line\n'); // (mode of an existing file is kept by appendFileSync)
  await appendEntry(journal, makeEntry({ id: ulid(), size: 300, writer: process.pid }));
  await repairJournal(journal);
  await saveDraft(path.join(home, 'data', 'drafts'), {
    v: 1,
    clientId: 'andrey-ivanovich',
    client: { id: 'andrey-ivanovich', name: 'Андрей Иванович' },
    scriptId: 'kitchen-furniture',
    scriptVersion: 'x',
    salesperson: 'Сергей Ларин',
    startedAt: new Date().toISOString(),
    events: [],
  });
  const release = await acquireJournalLock(journal);
  const lockMode = fs.statSync(`${journal}.lock`).mode & 0o777;
  await release();
  await say(JSON.stringify({ lockMode }));
} else {
  throw new Error(`unknown mode ${mode}`);
}
