// The I/O layer: every byte the program prints goes through an Io. Data goes
// to stdout, messages and spinners to stderr. Tests pass a memory Io.
import { fstatSync } from 'node:fs';
import type { Writable, Readable } from 'node:stream';

export interface Io {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean; columns?: number };
  /** stderr is a terminal: progress lines and spinners may show there. */
  errIsTerminal: boolean;
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

/** Whether a descriptor may be a terminal: a pipe, a socket or a file never is. */
function mayBeTerminal(fd: number): boolean {
  try {
    return fstatSync(fd).isCharacterDevice();
  } catch {
    return false;
  }
}

export function processIo(options: { env: NodeJS.ProcessEnv; colorFlag?: boolean }): Io {
  const { stdout } = process;
  // process.stdin and process.stderr are created on first use (streams; for a
  // pipe, a socket: node loads its network stack, ~2 ms of a command's start).
  // A command whose output is not a terminal never prompts, so never needs
  // stdin; one that prints nothing on stderr never needs it, and asking
  // whether stderr is a terminal — for a progress line, for the width of a
  // piped output — asks fstat first, which tells a pipe or a file at once.
  const interactive = Boolean(stdout.isTTY && process.stdin.isTTY);
  let errIsTerminal: boolean | undefined;
  const errTerminal = () => (errIsTerminal ??= mayBeTerminal(2) && Boolean(process.stderr.isTTY));
  return {
    get stdin() {
      return process.stdin;
    },
    stdout,
    get stderr() {
      return process.stderr;
    },
    get errIsTerminal() {
      return errTerminal();
    },
    interactive,
    color: colorEnabled({ env: options.env, flag: options.colorFlag, isTTY: Boolean(stdout.isTTY) }),
    out: (text) => void stdout.write(text),
    err: (text) => void process.stderr.write(text),
    get columns() {
      return stdout.columns || (errTerminal() ? process.stderr.columns : 0) || 80;
    },
  };
}
