// The journal lock: appends (and the one repair) from several processes are
// serialised by a lock file beside the journal, `<journal>.lock`, holding
// {pid, hostname, startedAt, nonce}.
//
// Written by hand on purpose. proper-lockfile and its kin decide staleness by
// the lock's mtime and take a stale lock over by unlink-then-create: two
// processes that both judge the same lock stale can each delete the other's
// fresh lock, and a slow but live holder loses its lock. Here a lock is stale
// only when its owner is provably dead (same host, kill(pid, 0) → ESRCH), and
// the takeover is itself serialised:
//
// - Create: the owner record is written to a private temp file first and then
//   hard-linked to `<journal>.lock`. link(2) fails with EEXIST when the lock
//   exists — the same exclusivity as open(O_CREAT|O_EXCL) ('wx') — but the
//   lock is never visible half-written, so a crash can't leave a lock with no
//   owner to check. (Where hard links are not supported we fall back to
//   open 'wx' + write, and an unreadable lock is treated as live.)
// - Break a stale lock: take the second-level lock `<journal>.lock.break`
//   (same protocol, held for microseconds), re-read `<journal>.lock`, and
//   unlink it only if it is byte for byte the dead owner's record (the random
//   nonce makes every record unique). Under the break lock nobody else can
//   remove it, and nobody can create it while it exists, so the check and the
//   unlink can't be raced. A process that lost the race finds a different
//   (live) record and goes back to waiting. The break lock's own stale owner
//   is broken the same way one level down (bounded depth).
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { JournalBusyError } from '../errors.js';
import { translator, type Lang } from '../i18n/catalog.js';
import { journalMessages } from '../i18n/messages/journal.js';
import { safeText } from '../terminal/safe-text.js';
import { nodeFs, type FsLayer } from './fs-layer.js';
import { isCode, JournalIoError } from './errors.js';
import { FILE_MODE } from './privacy.js';

export interface LockOwner {
  pid: number;
  hostname: string;
  startedAt: string;
  nonce: string;
}

export interface LockOptions {
  fs?: FsLayer;
  /** How long to wait for a live holder before JournalBusyError (default 5 s). */
  timeoutMs?: number;
  lang?: Lang;
  /** Is this pid alive on this host? (tests replace it) */
  isAlive?: (pid: number) => boolean;
}

export type ReleaseLock = () => Promise<void>;

const DEFAULT_TIMEOUT_MS = 5_000;
const MAX_BREAK_DEPTH = 3;
const LINK_UNSUPPORTED = ['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV'];

export function lockPathFor(journalPath: string): string {
  return `${journalPath}.lock`;
}

export function processIsAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return !isCode(error, 'ESRCH');
  }
}

const hostTag = () => os.hostname().replace(/[^A-Za-z0-9-]/g, '_') || 'host';

/** Takes the journal's lock, waiting with backoff up to `timeoutMs`. Resolves
 * with the function that releases it. */
export async function acquireJournalLock(journalPath: string, options: LockOptions = {}): Promise<ReleaseLock> {
  return acquire(lockPathFor(journalPath), options, 0);
}

type Holder = { raw: string; owner: LockOwner | null } | 'gone';

async function readHolder(fs: FsLayer, lockPath: string): Promise<Holder> {
  let raw: string;
  try {
    raw = (await fs.readFile(lockPath)).toString('utf8');
  } catch (error) {
    if (isCode(error, 'ENOENT')) return 'gone';
    throw error;
  }
  try {
    const owner = JSON.parse(raw) as LockOwner;
    return { raw, owner: typeof owner?.pid === 'number' && typeof owner.hostname === 'string' ? owner : null };
  } catch {
    return { raw, owner: null };
  }
}

async function writeNewFile(fs: FsLayer, file: string, content: Buffer): Promise<void> {
  const fd = await fs.open(file, 'wx', FILE_MODE);
  try {
    await fs.fchmod(fd, FILE_MODE);
    const written = await fs.write(fd, content, 0, content.length, null);
    if (written !== content.length) throw Object.assign(new Error('short write'), { code: 'ENOSPC' });
  } finally {
    await fs.close(fd);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function acquire(lockPath: string, options: LockOptions, depth: number): Promise<ReleaseLock> {
  const fs = options.fs ?? nodeFs;
  const isAlive = options.isAlive ?? processIsAlive;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const me: LockOwner = {
    pid: process.pid,
    hostname: os.hostname(),
    startedAt: new Date().toISOString(),
    nonce: randomBytes(8).toString('hex'),
  };
  const record = Buffer.from(`${JSON.stringify(me)}\n`);
  const temp = `${lockPath}.${hostTag()}.${me.pid}.${me.nonce}.tmp`;
  const wrap = (error: unknown) => (error instanceof JournalBusyError || error instanceof JournalIoError ? error : new JournalIoError('lock', lockPath, error, options.lang));

  try {
    await writeNewFile(fs, temp, record);
  } catch (error) {
    throw wrap(error);
  }
  let linkWorks = true;
  const deadline = Date.now() + timeoutMs;
  let delay = 2;
  try {
    for (;;) {
      try {
        if (linkWorks) await fs.link(temp, lockPath);
        else await writeNewFile(fs, lockPath, record);
        return () => release(fs, lockPath, me.nonce);
      } catch (error) {
        if (linkWorks && isCode(error, ...LINK_UNSUPPORTED)) {
          linkWorks = false;
          continue;
        }
        if (!isCode(error, 'EEXIST')) throw wrap(error);
      }
      const holder = await readHolder(fs, lockPath).catch((error: unknown) => {
        throw wrap(error);
      });
      if (holder === 'gone') continue;
      const owner = holder.owner;
      if (owner && owner.hostname === os.hostname() && !isAlive(owner.pid) && depth < MAX_BREAK_DEPTH) {
        await breakStale(lockPath, holder.raw, options, depth);
        continue;
      }
      if (Date.now() >= deadline) throw busyError(lockPath, owner, options.lang);
      await sleep(delay + Math.random() * delay);
      delay = Math.min(delay * 2, 100);
    }
  } finally {
    await fs.unlink(temp).catch(() => undefined);
  }
}

async function breakStale(lockPath: string, staleRaw: string, options: LockOptions, depth: number): Promise<void> {
  const fs = options.fs ?? nodeFs;
  const releaseBreak = await acquire(`${lockPath}.break`, options, depth + 1);
  try {
    const current = await readHolder(fs, lockPath);
    if (current !== 'gone' && current.raw === staleRaw) {
      await fs.unlink(lockPath);
      await sweepOrphans(fs, lockPath, options.isAlive ?? processIsAlive);
    }
  } catch (error) {
    throw error instanceof JournalIoError ? error : new JournalIoError('lock', lockPath, error, options.lang);
  } finally {
    await releaseBreak();
  }
}

/** Temp owner records left by processes killed between writing and linking
 * them: removed when their process is dead (found while breaking a lock). */
async function sweepOrphans(fs: FsLayer, lockPath: string, isAlive: (pid: number) => boolean): Promise<void> {
  const dir = path.dirname(lockPath);
  const base = path.basename(lockPath).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^${base}(?:\\.break)*\\.${hostTag()}\\.(\\d+)\\.[0-9a-f]+\\.tmp$`);
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const match = pattern.exec(name);
    if (match && !isAlive(Number(match[1]))) await fs.unlink(path.join(dir, name)).catch(() => undefined);
  }
}

async function release(fs: FsLayer, lockPath: string, nonce: string): Promise<void> {
  // Only ever remove our own record.
  const holder = await readHolder(fs, lockPath).catch(() => 'gone' as const);
  if (holder !== 'gone' && holder.owner?.nonce === nonce) await fs.unlink(lockPath).catch(() => undefined);
}

function busyError(lockPath: string, owner: LockOwner | null, lang: Lang = 'en'): JournalBusyError {
  const t = translator(journalMessages, lang);
  const journal = safeText(lockPath.replace(/\.lock(?:\.break)*$/, ''));
  const message = owner
    ? t('busy.message', { pid: owner.pid, host: safeText(owner.hostname), since: safeText(owner.startedAt), journal })
    : t('busy.unknown', { journal });
  return new JournalBusyError(message, { hint: t('busy.hint', { lock: safeText(lockPath) }) });
}
