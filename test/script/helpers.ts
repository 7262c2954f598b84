// Shared helpers of the script tests: temp folders of scripts, a memory Io
// and a Context that points at them.
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { Context } from '../../src/context.js';
import type { ScriptIssue } from '../../src/errors.js';
import { validateScriptFiles } from '../../src/script/index.js';
import type { Io } from '../../src/terminal/io.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const BUILTIN_DIR = path.join(ROOT, 'scripts');
export const OK_DIR = path.join(ROOT, 'test/fixtures/scripts-ok');
export const BAD_DIR = path.join(ROOT, 'test/fixtures/scripts-bad');

export async function tempDir(prefix = 'followup-script-'): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

/** Writes `{ name: yaml }` into a new temp folder; returns the folder. */
export async function scriptsDir(files: Record<string, string>, dir?: string): Promise<string> {
  const target = dir ?? (await tempDir());
  await mkdir(target, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    await writeFile(path.join(target, name.includes('.') ? name : `${name}.yaml`), text);
  }
  return target;
}

/** Validates one script of a set of files (written to a temp folder on the search path). */
export async function issuesOf(files: Record<string, string>, main: string, extraDirs: string[] = []): Promise<ScriptIssue[]> {
  const dir = await scriptsDir(files);
  const [report] = await validateScriptFiles([path.join(dir, `${main}.yaml`)], { scriptsDirs: [dir, ...extraDirs] });
  return report!.issues;
}

export const rules = (issues: ScriptIssue[]) => issues.map((i) => i.rule);

export interface MemoryIo extends Io {
  stdoutText(): string;
  stderrText(): string;
}

export function memoryIo(options: { color?: boolean; columns?: number } = {}): MemoryIo {
  let out = '';
  let err = '';
  return {
    stdin: new PassThrough(),
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    errIsTerminal: false,
    interactive: false,
    color: options.color ?? false,
    columns: options.columns ?? 80,
    out: (text) => void (out += text),
    err: (text) => void (err += text),
    stdoutText: () => out,
    stderrText: () => err,
  };
}

export function testContext(home: string, options: { scriptsDirs?: string[]; lang?: 'en' | 'ru'; now?: string } = {}): Context & { io: MemoryIo } {
  const scriptsDirs = [...(options.scriptsDirs ?? []), path.join(home, 'scripts'), BUILTIN_DIR];
  return {
    dataDir: home,
    configDir: home,
    configFile: path.join(home, 'config.yaml'),
    journal: path.join(home, 'journal.jsonl'),
    journals: [path.join(home, 'journal.jsonl')],
    draftsDir: path.join(home, 'drafts'),
    scriptsDirs,
    builtinScriptsDir: BUILTIN_DIR,
    now: () => new Date(options.now ?? '2026-11-28T14:00:00Z'),
    timeZone: 'Europe/Moscow',
    lang: options.lang ?? 'en',
    config: {},
    io: memoryIo(),
    debug: false,
    env: {},
  };
}
