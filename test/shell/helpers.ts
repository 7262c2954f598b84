// A Context for the shell area's tests: temp FOLLOWUP_HOME, a memory Io, a
// fixed clock. Nothing touches the real home.
import { mkdtempSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { loadConfig, type Config } from '../../src/config/config.js';
import type { Context } from '../../src/context.js';
import type { Lang } from '../../src/i18n/catalog.js';
import { resolvePaths } from '../../src/paths.js';
import type { Io } from '../../src/terminal/io.js';

export interface MemoryIo extends Io {
  stdoutText(): string;
  stderrText(): string;
}

export function memoryIo(options: { interactive?: boolean; tty?: boolean } = {}): MemoryIo {
  let out = '';
  let err = '';
  const stdout = Object.assign(new PassThrough(), { isTTY: options.tty ?? false });
  const stderr = Object.assign(new PassThrough(), { isTTY: options.tty ?? false });
  return {
    stdin: new PassThrough(),
    stdout,
    stderr,
    errIsTerminal: stderr.isTTY,
    interactive: options.interactive ?? false,
    color: false,
    out: (text) => void (out += text),
    err: (text) => void (err += text),
    columns: 80,
    stdoutText: () => out,
    stderrText: () => err,
  };
}

export async function tempHome(): Promise<string> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'followup-shell-'));
  await chmod(home, 0o700);
  return home;
}

export function makeContext(
  home: string,
  options: { config?: Config; lang?: Lang; interactive?: boolean; tty?: boolean; env?: NodeJS.ProcessEnv; debug?: boolean } = {},
): Context & { io: MemoryIo } {
  const env = { FOLLOWUP_HOME: home, PATH: process.env.PATH, ...options.env };
  const paths = resolvePaths({ env, home });
  return {
    ...paths,
    config: options.config ?? loadConfig(paths.configFile),
    now: () => new Date('2026-11-28T14:05:00Z'),
    timeZone: 'Europe/Moscow',
    lang: options.lang ?? 'en',
    io: memoryIo({ interactive: options.interactive, tty: options.tty }),
    debug: options.debug ?? false,
    env,
  };
}
