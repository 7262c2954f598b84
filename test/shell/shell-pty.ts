// A program in a pseudo-terminal with a virtual screen and its raw bytes: an
// interactive shell (bash, zsh) to see what Tab really inserts, or the built
// CLI under a chosen environment (the e2e harness, test/e2e/pty.ts, always
// removes NO_COLOR). Waits for text, never sleeps.
import * as pty from 'node-pty';
import xterm from '@xterm/headless';

export interface ShellSession {
  screen(): string;
  /** Every byte the program wrote, escape sequences included. */
  raw(): string;
  readonly exited: Promise<number>;
  waitFor(pattern: RegExp | string, timeoutMs?: number): Promise<string>;
  send(data: string): void;
  close(): void;
}

export function spawnShell(file: string, args: string[], env: Record<string, string>, cwd: string): ShellSession {
  const cols = 160;
  const rows = 30;
  const term = new xterm.Terminal({ cols, rows, allowProposedApi: true });
  // node-pty sets TERM from `name`: pass the caller's (TERM=dumb must reach the program).
  const child = pty.spawn(file, args, { name: env.TERM ?? 'xterm-256color', cols, rows, cwd, env });
  const waiters = new Set<() => void>();
  let exited = false;
  let raw = '';
  let pending = 0;
  child.onData((data) => {
    raw += data;
    pending++;
    term.write(data, () => {
      pending--;
      waiters.forEach((w) => w());
    });
  });
  const exitedPromise = new Promise<number>((resolve) => {
    child.onExit(({ exitCode }) => {
      exited = true;
      const settle = () => (pending === 0 ? resolve(exitCode) : setTimeout(settle, 5));
      settle();
      waiters.forEach((w) => w());
    });
  });
  const screen = () => {
    const buffer = term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
    return lines.join('\n').trimEnd();
  };
  return {
    screen,
    raw: () => raw,
    exited: exitedPromise,
    send: (data) => child.write(data),
    waitFor(pattern, timeoutMs = 15_000) {
      const test = () => (typeof pattern === 'string' ? screen().includes(pattern) : pattern.test(screen()));
      return new Promise((resolve, reject) => {
        const check = () => {
          if (test()) finish(true);
          else if (exited) finish(false);
        };
        const finish = (ok: boolean) => {
          waiters.delete(check);
          clearTimeout(timer);
          if (ok) resolve(screen());
          else reject(new Error(`waitFor(${String(pattern)}) failed${exited ? ' (the shell exited)' : ''}; the screen:\n${screen()}`));
        };
        const timer = setTimeout(() => finish(false), timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => {
      if (!exited) child.kill();
    },
  };
}
