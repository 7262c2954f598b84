// The end-to-end harness: runs the built bin in a real pseudo-terminal
// (node-pty) and keeps a virtual screen (@xterm/headless, the emulator
// @inquirer/testing uses) so tests read what a person would see. Tests wait
// for text and then send keys — never fixed sleeps.
//
//   beforeAll(ensureBuilt, 120_000);  afterEach(killAll);
//   const home = await makeHome('name: Сергей Ларин\nlanguage: ru\n');  // config.yaml, optional
//   const app = spawnFollowup(['call', 'Андрей Иванович'], { home, now: '2026-11-27T09:00:00Z' });
//   await app.waitFor('Picked up?');
//   app.press('enter');
//   expect(await app.waitForExit()).toBe(0);
//   app.history()  // everything printed, scrollback included; app.screen(): the visible rows
//   runFollowup(['due', '--json'], { home, now })  // the bin on pipes: { code, stdout, stderr }
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pty from 'node-pty';
import xterm from '@xterm/headless';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin/followup.js');
const DIST = path.join(ROOT, 'dist/cli.cjs');

export const KEYS = {
  enter: '\r',
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  tab: '\t',
  escape: '\x1b',
  backspace: '\x7f',
  space: ' ',
  ctrlC: '\x03',
  ctrlD: '\x04',
} as const;
export type KeyName = keyof typeof KEYS;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds dist/ with `node build.mjs` unless it is newer than every source file.
 * Test files run in parallel workers: a build that wiped dist/ under another
 * file's running program would break it, so only a stale bundle is rebuilt,
 * one worker at a time (a mkdir lock). */
export async function ensureBuilt(): Promise<void> {
  const lock = path.join(os.tmpdir(), `followup-build-${Buffer.from(ROOT).toString('hex').slice(-24)}.lock`);
  const stale = () => {
    try {
      return statSync(DIST).mtimeMs < Math.max(newestMtime(path.join(ROOT, 'src')), statSync(path.join(ROOT, 'build.mjs')).mtimeMs);
    } catch {
      return true;
    }
  };
  if (!stale()) return;
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A build older than two minutes belongs to a dead worker.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        /* gone already */
      }
      if (Date.now() > deadline) throw new Error(`ensureBuilt: ${lock} held for too long`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (stale()) execFileSync(process.execPath, ['build.mjs'], { cwd: ROOT, stdio: 'pipe' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** A fresh FOLLOWUP_HOME (0700), optionally with a config.yaml. */
export async function makeHome(config?: string): Promise<string> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'followup-e2e-'));
  await chmod(home, 0o700);
  if (config !== undefined) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(home, 'config.yaml'), config, { mode: 0o600 });
  }
  return home;
}

export interface SpawnOptions {
  home: string;
  /** FOLLOWUP_NOW: the clock starts here and runs on. */
  now?: string;
  env?: Record<string, string | undefined>;
  cols?: number;
  rows?: number;
  cwd?: string;
}

export interface PtySession {
  /** The visible screen (rows × cols), lines right-trimmed, joined by \n. */
  screen(): string;
  /** Everything printed so far, scrollback included. */
  history(): string;
  /** Resolves with the screen once `pattern` shows on it (the whole history
   * with `{ inHistory: true }`); rejects after `timeoutMs` with the screen. */
  waitFor(pattern: string | RegExp, options?: { timeoutMs?: number; inHistory?: boolean }): Promise<string>;
  /** Raw bytes to the program. */
  send(data: string): void;
  /** Named keys, in order. */
  press(...keys: KeyName[]): void;
  /** Text as typed. */
  type(text: string): void;
  /** Types text and presses enter. */
  line(text: string): void;
  readonly exited: Promise<{ exitCode: number; signal?: number }>;
  /** Resolves with the exit code; rejects after `timeoutMs` with the screen. */
  waitForExit(timeoutMs?: number): Promise<number>;
  /** Ends the program: SIGHUP, as a closed terminal does, unless another signal is named. */
  kill(signal?: string): void;
}

const running = new Set<PtySession>();

/** Kills every program still running (for afterEach: a failed test leaves none behind). */
export function killAll(): void {
  for (const session of running) session.kill();
  running.clear();
}

export function spawnFollowup(args: string[], options: SpawnOptions): PtySession {
  const cols = options.cols ?? 100;
  const rows = options.rows ?? 40;
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({
    PATH: process.env.PATH,
    HOME: options.home,
    LANG: 'C.UTF-8',
    TERM: 'xterm-256color',
    FOLLOWUP_HOME: options.home,
    FOLLOWUP_NOW: options.now,
    FOLLOWUP_TZ: 'Europe/Moscow',
    ...options.env,
  })) {
    if (value !== undefined) env[key] = value;
  }
  // Colour on purpose: the screen the user sees has it; the emulator strips it.
  delete env.NO_COLOR;

  const term = new xterm.Terminal({ cols, rows, scrollback: 5000, allowProposedApi: true });
  const child = pty.spawn(process.execPath, [BIN, ...args], {
    name: 'xterm-256color',
    cols,
    rows,
    cwd: options.cwd ?? ROOT,
    env,
  });

  const waiters = new Set<() => void>();
  let pending = 0;
  child.onData((data) => {
    pending++;
    term.write(data, () => {
      pending--;
      for (const check of [...waiters]) check();
    });
  });
  let exitInfo: { exitCode: number; signal?: number } | undefined;
  const exited = new Promise<{ exitCode: number; signal?: number }>((resolve) => {
    child.onExit((e) => {
      exitInfo = e;
      // Let the emulator finish parsing the last bytes before anyone reads the screen.
      const settle = () => (pending === 0 ? resolve(e) : setTimeout(settle, 5));
      settle();
      for (const check of [...waiters]) check();
    });
  });

  const lines = (from: number, to: number) => {
    const buffer = term.buffer.active;
    const out: string[] = [];
    for (let i = from; i < to; i++) out.push(buffer.getLine(i)?.translateToString(true) ?? '');
    return out;
  };
  const screen = () => {
    const buffer = term.buffer.active;
    return lines(buffer.viewportY, buffer.viewportY + rows).join('\n');
  };
  const history = () => {
    const buffer = term.buffer.active;
    const all = lines(0, buffer.length);
    while (all.length > 0 && all.at(-1) === '') all.pop();
    return all.join('\n');
  };

  const session: PtySession = {
    screen,
    history,
    waitFor(pattern, { timeoutMs = 10_000, inHistory = false } = {}) {
      const matches = () => {
        const text = inHistory ? history() : screen();
        return typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
      };
      return new Promise((resolve, reject) => {
        const done = (ok: boolean) => {
          waiters.delete(check);
          clearTimeout(timer);
          if (ok) resolve(screen());
          else
            reject(
              new Error(
                `waitFor(${String(pattern)}) timed out after ${timeoutMs} ms${exitInfo ? ` (the program exited with ${exitInfo.exitCode})` : ''}; the screen:\n${history().split('\n').slice(-rows).join('\n')}`,
              ),
            );
        };
        const check = () => {
          if (matches()) done(true);
          else if (exitInfo && pending === 0) done(false);
        };
        const timer = setTimeout(() => done(false), timeoutMs);
        waiters.add(check);
        check();
      });
    },
    send: (data) => child.write(data),
    press: (...keys) => {
      for (const key of keys) child.write(KEYS[key]);
    },
    type: (text) => child.write(text),
    line: (text) => child.write(`${text}\r`),
    exited,
    async waitForExit(timeoutMs = 10_000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`the program did not exit within ${timeoutMs} ms; the screen:\n${screen()}`)),
          timeoutMs,
        );
      });
      try {
        return (await Promise.race([exited, timeout])).exitCode;
      } finally {
        clearTimeout(timer);
      }
    },
    kill: (signal?: string) => {
      if (!exitInfo) child.kill(signal);
    },
  };
  running.add(session);
  void exited.then(() => running.delete(session));
  return session;
}

/** Runs the built bin without a terminal (stdin/stdout are pipes). */
export function runFollowup(
  args: string[],
  options: { home: string; now?: string; env?: Record<string, string | undefined>; input?: string },
): { code: number; stdout: string; stderr: string } {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({
    PATH: process.env.PATH,
    HOME: options.home,
    LANG: 'C.UTF-8',
    FOLLOWUP_HOME: options.home,
    FOLLOWUP_NOW: options.now,
    FOLLOWUP_TZ: 'Europe/Moscow',
    NO_COLOR: '1',
    ...options.env,
  })) {
    if (value !== undefined) env[key] = value;
  }
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env,
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
