// Where a command's data goes: stdout (through the Io layer, waiting when the
// pipe is full, stopping quietly when the reader has gone — `| head`), or a
// file created 0600 (it holds clients' personal data), written beside its
// final name and renamed into place at the end so a failed export never
// leaves half a file.
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { FollowupError } from '../errors.js';
import type { Io } from '../terminal/io.js';
import { safeText } from '../terminal/safe-text.js';
import { BufferedSink } from './sink.js';

/** Thrown into the export when stdout's reader has gone; the command ends quietly. */
export class OutputClosed extends Error {}

export interface Output {
  sink: BufferedSink;
  /** Flushes and puts the file in place. */
  finish(): Promise<void>;
  /** Removes a half-written file. */
  abort(): Promise<void>;
}

export function stdoutOutput(io: Io): Output {
  let closed = false;
  const onError = (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') closed = true;
  };
  io.stdout.on('error', onError);
  // A client's name must not drive the user's terminal: on a TTY, control
  // characters are made visible (a file or a pipe gets the exact bytes).
  const forTerminal = Boolean(io.stdout.isTTY);
  const sink = new BufferedSink(async (chunk) => {
    if (closed) throw new OutputClosed();
    if (forTerminal) {
      const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      io.out(text.split('\r\n').map((part) => safeText(part, { multiline: true })).join('\r\n'));
    } else if (typeof chunk !== 'string') {
      // Bytes (CSV rows written as byte strings, byte-strings.ts): to the
      // Io's stream itself, as io.out takes text.
      io.stdout.write(chunk);
    } else io.out(chunk);
    if (io.stdout.writableNeedDrain) {
      await new Promise<void>((resolve) => {
        const done = () => {
          io.stdout.off('drain', done);
          io.stdout.off('close', done);
          resolve();
        };
        io.stdout.on('drain', done);
        io.stdout.on('close', done);
      });
    }
  });
  return {
    sink,
    async finish() {
      try {
        const pending = sink.flush();
        if (pending) await pending;
      } finally {
        io.stdout.off('error', onError);
      }
    },
    async abort() {
      io.stdout.off('error', onError);
    },
  };
}

export class OutputError extends FollowupError {}

export async function fileOutput(file: string, describe: (message: string) => OutputError): Promise<Output> {
  const final = path.resolve(file);
  const temp = path.join(path.dirname(final), `.${path.basename(final)}.${process.pid}.tmp`);
  let handle: FileHandle;
  try {
    handle = await open(temp, 'wx', 0o600);
  } catch (error) {
    throw describe((error as Error).message);
  }
  const sink = new BufferedSink(async (chunk) => {
    await (typeof chunk === 'string' ? handle.write(chunk) : handle.write(chunk));
  });
  return {
    sink,
    async finish() {
      try {
        const pending = sink.flush();
        if (pending) await pending;
        await handle.chmod(0o600); // in case a umask-free mode was ever lost
        await handle.close();
        await rename(temp, final);
      } catch (error) {
        await handle.close().catch(() => undefined);
        await unlink(temp).catch(() => undefined);
        throw describe((error as Error).message);
      }
    },
    async abort() {
      await handle.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
    },
  };
}
