// Shared by the export tests: a temp home, a memory Io, a Context with a
// fixed clock and zone, and the built CLI run as a child process.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Context } from '../../src/context.js';
import type { Lang } from '../../src/i18n/catalog.js';
import type { JournalEntry } from '../../src/journal/types.js';
import type { Io } from '../../src/terminal/io.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.join(ROOT, 'test/fixtures/export');
export const TEAM = path.join(FIXTURES, 'team.jsonl');
export const DAMAGED = path.join(FIXTURES, 'damaged.jsonl');
export const NOW = '2026-12-05T09:00:00.000Z';
export const ZONE = 'Europe/Moscow';

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'followup-export-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeJournal(file: string, entries: JournalEntry[]): string {
  writeFileSync(file, entries.map((e) => JSON.stringify(e)).join('\n') + '\n', { mode: 0o600 });
  return file;
}

export interface MemoryIo extends Io {
  stdoutText(): string;
  stderrText(): string;
}

export function memoryIo(options: { tty?: boolean } = {}): MemoryIo {
  // What ora and readline call on a terminal stream.
  const ttyMethods = { cursorTo: () => true, clearLine: () => true, moveCursor: () => true, getColorDepth: () => 1, hasColors: () => false };
  const stdout = Object.assign(new PassThrough(), { isTTY: options.tty ?? false, columns: 100 }, options.tty ? ttyMethods : {});
  const stderr = Object.assign(new PassThrough(), { isTTY: options.tty ?? false, columns: 100 }, options.tty ? ttyMethods : {});
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
  return {
    stdin: new PassThrough(),
    stdout,
    stderr,
    errIsTerminal: stderr.isTTY,
    interactive: false,
    color: false,
    out: (text) => void stdout.write(text),
    err: (text) => void stderr.write(text),
    columns: 100,
    stdoutText: () => out,
    stderrText: () => err,
  };
}

export function testContext(options: { home: string; journals: string[]; lang?: Lang; io?: MemoryIo }): Context & { io: MemoryIo } {
  const io = options.io ?? memoryIo();
  return {
    dataDir: options.home,
    configDir: options.home,
    configFile: path.join(options.home, 'config.yaml'),
    journal: options.journals[0]!,
    journals: options.journals,
    draftsDir: path.join(options.home, 'drafts'),
    scriptsDirs: [],
    builtinScriptsDir: path.join(ROOT, 'scripts'),
    now: () => new Date(NOW),
    timeZone: ZONE,
    lang: options.lang ?? 'en',
    config: {},
    io,
    debug: false,
    env: {},
  };
}

/** Runs the built CLI (node build.mjs first) with a fixed clock and zone. */
export function runCli(args: string[], options: { home: string; input?: string; env?: NodeJS.ProcessEnv; shell?: string }) {
  const env = { ...process.env, FOLLOWUP_HOME: options.home, FOLLOWUP_NOW: NOW, FOLLOWUP_TZ: ZONE, NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env };
  if (options.shell) return spawnSync('bash', ['-c', options.shell], { cwd: ROOT, env, encoding: 'utf8' });
  return spawnSync(process.execPath, [path.join(ROOT, 'bin/followup.js'), ...args], { cwd: ROOT, env, encoding: 'utf8', input: options.input });
}
