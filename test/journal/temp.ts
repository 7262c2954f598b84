// Temp folders and journals for the journal's tests (never the real home).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { generateJournal, type GenerateOptions } from '../../bench/gen-journal.mjs';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix = 'followup-journal-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A journal (0600, in a temp folder) holding these lines, or this text as it is. */
export function tempJournal(content: string[] | string, prefix?: string): string {
  const file = path.join(tempDir(prefix), 'journal.jsonl');
  writeFileSync(file, Array.isArray(content) ? content.map((l) => `${l}\n`).join('') : content, { mode: 0o600 });
  return file;
}

/** A generated journal's lines (bench/gen-journal.mjs: deterministic for the seed). */
export function generatedLines(options: GenerateOptions): string[] {
  let text = '';
  generateJournal(options, (chunk) => (text += chunk));
  return text.split('\n').filter(Boolean);
}

export const fixture = (name: string) => new URL(`../fixtures/journals/${name}`, import.meta.url).pathname;
