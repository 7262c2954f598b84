// `journal check`: list the damaged lines; `--repair`: move them to a
// quarantine file beside the journal and rewrite the journal without them.
// This is the only time the journal is ever rewritten, and it never deletes
// data: every line taken out is first appended to `<journal>.quarantine.jsonl`
// and fsync'd; then the good lines (byte for byte) go to a temp file in the
// same folder, which is fsync'd and renamed over the journal, and the folder
// is fsync'd. All under the journal lock, so no append can slip in between.
import { constants } from 'node:fs';
import path from 'node:path';
import type { Lang } from '../i18n/catalog.js';
import { tempPathFor, writeAll } from './atomic.js';
import { nodeFs, type FsLayer } from './fs-layer.js';
import { isCode, JournalIoError } from './errors.js';
import { acquireJournalLock, type LockOptions } from './lock.js';
import { FILE_MODE, fsyncDir } from './privacy.js';
import { LineSplitter, parseLine, readJournal, type Damage } from './read.js';
import type { JournalWarning } from './privacy.js';

export interface CheckReport {
  file: string;
  exists: boolean;
  /** Lines in the file (the last one counted even without '\n'). */
  lines: number;
  entries: number;
  damage: Damage[];
  warnings: JournalWarning[];
}

export interface RepairReport {
  file: string;
  quarantineFile: string;
  /** The lines moved to the quarantine file (empty: nothing to repair). */
  quarantined: Damage[];
  /** Entries left in the journal. */
  kept: number;
}

export interface RepairOptions {
  fs?: FsLayer;
  lang?: Lang;
  lockTimeoutMs?: number;
  isAlive?: LockOptions['isAlive'];
  /** The clock for `quarantinedAt`. */
  now?: () => Date;
}

/** A quarantine line: where a bad line was, why, and its text. */
export interface QuarantineRecord {
  line: number;
  reason: Damage['reason'];
  detail?: string;
  text: string;
  base64?: string;
  quarantinedAt: string;
}

export function quarantinePathFor(journalPath: string): string {
  return `${journalPath}.quarantine.jsonl`;
}

export async function checkJournal(file: string, options: { fs?: FsLayer; lang?: Lang } = {}): Promise<CheckReport> {
  const result = await readJournal(file, options);
  return { file, exists: result.exists, lines: result.lines, entries: result.entries.length, damage: result.damage, warnings: result.warnings };
}

const CHUNK = 256 * 1024;

export async function repairJournal(file: string, options: RepairOptions = {}): Promise<RepairReport> {
  const fs = options.fs ?? nodeFs;
  const quarantineFile = quarantinePathFor(file);
  const fail = (error: unknown) => (error instanceof JournalIoError ? error : new JournalIoError('repair', file, error, options.lang));
  const release = await acquireJournalLock(file, { fs, timeoutMs: options.lockTimeoutMs, lang: options.lang, isAlive: options.isAlive });
  const temp = tempPathFor(file, 'repair');
  let tempCreated = false;
  try {
    let source: number;
    try {
      source = await fs.open(file, 'r');
    } catch (error) {
      if (isCode(error, 'ENOENT')) return { file, quarantineFile, quarantined: [], kept: 0 };
      throw error;
    }
    const quarantined: Damage[] = [];
    let kept = 0;
    try {
      if ((await fs.fstat(source)).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      const target = await fs.open(temp, 'wx', FILE_MODE);
      tempCreated = true;
      try {
        await fs.fchmod(target, FILE_MODE);
        let pending: Buffer[] = [];
        let pendingBytes = 0;
        const splitter = new LineSplitter((buffer, start, end, line, last) => {
          const item = parseLine(buffer, start, end, file, line, last);
          if (!item) return; // blank lines hold no data
          if (item.damage) {
            quarantined.push(item.damage);
            return;
          }
          kept++;
          // Copied byte for byte: unknown fields and formatting stay as they were.
          pending.push(Buffer.from(buffer.subarray(start, end)), Buffer.from('\n'));
          pendingBytes += end - start + 1;
        });
        const chunk = Buffer.allocUnsafe(CHUNK);
        for (;;) {
          const n = await fs.read(source, chunk, 0, CHUNK, null);
          if (n > 0) splitter.push(n === CHUNK ? chunk : chunk.subarray(0, n));
          else splitter.end();
          if (pendingBytes >= CHUNK || (n === 0 && pendingBytes > 0)) {
            await writeAll(fs, target, Buffer.concat(pending));
            pending = [];
            pendingBytes = 0;
          }
          if (n === 0) break;
        }
        await fs.fsync(target);
      } finally {
        await fs.close(target);
      }
    } finally {
      await fs.close(source).catch(() => undefined);
    }
    if (quarantined.length === 0) return { file, quarantineFile, quarantined, kept };

    await appendQuarantine(fs, quarantineFile, quarantined, (options.now ?? (() => new Date()))());
    await fs.rename(temp, file);
    tempCreated = false;
    await fsyncDir(fs, path.dirname(file));
    return { file, quarantineFile, quarantined, kept };
  } catch (error) {
    throw fail(error);
  } finally {
    if (tempCreated) await fs.unlink(temp).catch(() => undefined);
    await release();
  }
}

async function appendQuarantine(fs: FsLayer, quarantineFile: string, damage: Damage[], now: Date): Promise<void> {
  const quarantinedAt = now.toISOString();
  let body = '';
  for (const d of damage) {
    const record: QuarantineRecord = { line: d.line, reason: d.reason, text: d.text, quarantinedAt };
    if (d.detail) record.detail = d.detail;
    if (d.base64) record.base64 = d.base64;
    body += `${JSON.stringify(record)}\n`;
  }
  let created = false;
  let fd: number;
  try {
    fd = await fs.open(quarantineFile, constants.O_RDWR | constants.O_APPEND);
  } catch (error) {
    if (!isCode(error, 'ENOENT')) throw error;
    fd = await fs.open(quarantineFile, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | constants.O_EXCL, FILE_MODE);
    created = true;
  }
  try {
    if (created) await fs.fchmod(fd, FILE_MODE);
    const size = (await fs.fstat(fd)).size;
    if (size > 0) {
      const last = Buffer.alloc(1);
      await fs.read(fd, last, 0, 1, size - 1);
      if (last[0] !== 0x0a) body = `\n${body}`;
    }
    await writeAll(fs, fd, Buffer.from(body, 'utf8'));
    await fs.fsync(fd);
  } finally {
    await fs.close(fd);
  }
  if (created) await fsyncDir(fs, path.dirname(quarantineFile));
}
