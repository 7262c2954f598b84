// The only code that writes the journal. Each entry is one Buffer (its JSON
// and '\n') written with one write(2) on a descriptor opened for append,
// checked for a short write and fsync'd, under the journal lock. A failure
// leaves the journal byte-identical (it is truncated back to its old size),
// so the caller can keep the call as a draft and try again later.
import { constants } from 'node:fs';
import path from 'node:path';
import { JournalError } from '../errors.js';
import type { Lang } from '../i18n/catalog.js';
import type { JournalEntry } from './types.js';
import { nodeFs, type FsLayer } from './fs-layer.js';
import { isCode, JournalIoError } from './errors.js';
import { acquireJournalLock, type LockOptions } from './lock.js';
import { validateEntry } from './read.js';
import { ensurePrivateDir, FILE_MODE, fsyncDir, privacyWarning, type JournalWarning } from './privacy.js';

export interface AppendOptions {
  fs?: FsLayer;
  /** How long to wait for another process's lock (default 5 s). */
  lockTimeoutMs?: number;
  lang?: Lang;
  /** Liveness check of a lock owner (tests). */
  isAlive?: LockOptions['isAlive'];
}

export interface AppendResult {
  /** The journal did not exist and was created (0600, folder 0700). */
  created: boolean;
  /** The previous last line was torn (no '\n'); a '\n' was written first. */
  repairedTornTail: boolean;
  /** For the command to print, e.g. the journal is readable by others. */
  warnings: JournalWarning[];
}

const APPEND_EXISTING = constants.O_RDWR | constants.O_APPEND;
const APPEND_NEW = constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | constants.O_EXCL;
const NEWLINE = 0x0a;

/** Appends within one process are queued, so they don't contend for the lock file. */
const queues = new Map<string, Promise<unknown>>();

/** Appends one entry to the journal (creating it, 0600 in a 0700 folder).
 * Throws JournalIoError (file system) or JournalBusyError (lock) — both
 * JournalError — and then the journal is exactly as it was. */
export function appendEntry(journalPath: string, entry: JournalEntry, options: AppendOptions = {}): Promise<AppendResult> {
  const key = path.resolve(journalPath);
  const previous = queues.get(key) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => appendLocked(key, entry, options));
  const tail = run.catch(() => undefined);
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return run;
}

/** The line written for an entry: its JSON on one line and '\n'. */
export function serializeEntry(entry: JournalEntry): Buffer {
  return Buffer.from(`${JSON.stringify(entry)}\n`, 'utf8');
}

async function appendLocked(journalPath: string, entry: JournalEntry, options: AppendOptions): Promise<AppendResult> {
  const fs = options.fs ?? nodeFs;
  // Never write a line every reader would then report as damage.
  const problem = validateEntry(entry);
  if (problem) throw new JournalError(`refusing to write an invalid journal entry (${problem.reason}${problem.detail ? `: ${problem.detail}` : ''})`);
  const line = serializeEntry(entry);
  const fail = (error: unknown) =>
    error instanceof JournalIoError ? error : new JournalIoError('append', journalPath, error, options.lang);

  try {
    await ensurePrivateDir(fs, path.dirname(journalPath));
  } catch (error) {
    throw fail(error);
  }
  const release = await acquireJournalLock(journalPath, {
    fs,
    timeoutMs: options.lockTimeoutMs,
    lang: options.lang,
    isAlive: options.isAlive,
  });
  try {
    return await writeLine(fs, journalPath, line);
  } catch (error) {
    throw fail(error);
  } finally {
    await release();
  }
}

async function writeLine(fs: FsLayer, journalPath: string, line: Buffer): Promise<AppendResult> {
  let created = false;
  let fd: number;
  try {
    fd = await fs.open(journalPath, APPEND_EXISTING);
  } catch (error) {
    if (!isCode(error, 'ENOENT')) throw error;
    fd = await fs.open(journalPath, APPEND_NEW, FILE_MODE);
    created = true;
  }
  let oldSize = 0;
  let wrote = false;
  const warnings: JournalWarning[] = [];
  try {
    const stats = await fs.fstat(fd);
    if (stats.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    oldSize = stats.size;
    if (created) await fs.fchmod(fd, FILE_MODE);
    else {
      const warning = privacyWarning(journalPath, stats);
      if (warning) warnings.push(warning);
    }
    let buffer = line;
    let repairedTornTail = false;
    if (oldSize > 0) {
      const last = Buffer.alloc(1);
      await fs.read(fd, last, 0, 1, oldSize - 1);
      if (last[0] !== NEWLINE) {
        // A crash tore the last line: start this entry on a clean line.
        buffer = Buffer.concat([Buffer.from('\n'), line]);
        repairedTornTail = true;
      }
    }
    wrote = true;
    const written = await fs.write(fd, buffer, 0, buffer.length, null);
    if (written !== buffer.length) {
      throw Object.assign(new Error(`short write: ${written} of ${buffer.length} bytes`), { code: 'ESHORT' });
    }
    await fs.fsync(fd);
    await fs.close(fd);
    fd = -1;
    if (created) await fsyncDir(fs, path.dirname(journalPath));
    return { created, repairedTornTail, warnings };
  } catch (error) {
    await restore(fs, journalPath, fd, { created, wrote, oldSize });
    throw error;
  }
}

/** Puts the journal back as it was: truncated to its old size (a short write
 * or a failed fsync may have left part of the entry), or removed when this
 * append created it. Best effort: the original error is what gets reported. */
async function restore(fs: FsLayer, journalPath: string, fd: number, state: { created: boolean; wrote: boolean; oldSize: number }) {
  if (fd >= 0) {
    if (state.wrote) {
      try {
        await fs.ftruncate(fd, state.oldSize);
        await fs.fsync(fd);
      } catch {
        // Reported through the original error.
      }
    }
    await fs.close(fd).catch(() => undefined);
  }
  if (state.created) await fs.unlink(journalPath).catch(() => undefined);
}
