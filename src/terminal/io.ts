// The I/O layer: every byte the program prints goes through an Io. Data goes
// to stdout, messages and spinners to stderr. Tests pass a memory Io.
import type { Writable, Readable } from 'node:stream';

export interface Io {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean; columns?: number };
  /** Both ends are terminals: prompts and live displays are allowed. */
  interactive: boolean;
  /** Colour decided once: NO_COLOR, TERM=dumb, --no-color and pipes turn it off; FORCE_COLOR wins. */
  color: boolean;
  /** Write data (stdout). */
  out(text: string): void;
  /** Write a message (stderr). */
  err(text: string): void;
  columns: number;
}

export function colorEnabled(options: {
  env: NodeJS.ProcessEnv;
  flag?: boolean; // false when --no-color was given
  isTTY: boolean;
}): boolean {
  const force = options.env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (options.flag === false) return false;
  if (options.env.NO_COLOR !== undefined && options.env.NO_COLOR !== '') return false;
  if (options.env.TERM === 'dumb') return false;
  return options.isTTY;
}

export function processIo(options: { env: NodeJS.ProcessEnv; colorFlag?: boolean }): Io {
  const { stdout, stderr } = process;
  // process.stdin is created on first use (a stream, a socket for a pipe): a
  // command whose output is not a terminal never prompts and never needs it.
  const interactive = Boolean(stdout.isTTY && process.stdin.isTTY);
  return {
    get stdin() {
      return process.stdin;
    },
    stdout,
    stderr,
    interactive,
    color: colorEnabled({ env: options.env, flag: options.colorFlag, isTTY: Boolean(stdout.isTTY) }),
    out: (text) => void stdout.write(text),
    err: (text) => void stderr.write(text),
    get columns() {
      return stdout.columns || stderr.columns || 80;
    },
  };
}
