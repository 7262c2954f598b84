// Files 0600 and folders 0700 whatever the umask: a child process with
// umask 000 creates the journal, a quarantine, a draft and the lock.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { bundleRunner } from './helpers/bundle.js';
import { runChild } from './helpers/children.js';
import { tempDir } from './temp.js';

test('with umask 000: journal, quarantine, draft and lock files 600, folders 700', async () => {
  const runner = await bundleRunner();
  const home = tempDir();
  const { done } = runChild(runner, ['private', home]);
  const result = await done;
  expect(result.code, result.stderr).toBe(0);
  const { lockMode } = JSON.parse(result.stdout.trim());
  expect(lockMode).toBe(0o600);
  const data = path.join(home, 'data');
  const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);
  expect(readdirSync(data).sort()).toEqual(['drafts', 'journal.jsonl', 'journal.jsonl.quarantine.jsonl']);
  expect(mode(data)).toBe('700');
  expect(mode(path.join(data, 'drafts'))).toBe('700');
  expect(mode(path.join(data, 'journal.jsonl'))).toBe('600');
  expect(mode(path.join(data, 'journal.jsonl.quarantine.jsonl'))).toBe('600');
  expect(readdirSync(path.join(data, 'drafts'))).toEqual(['andrey-ivanovich.json']);
  expect(mode(path.join(data, 'drafts', 'andrey-ivanovich.json'))).toBe('600');
}, 60_000);
