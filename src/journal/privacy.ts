// Journal, drafts, quarantine and lock files hold clients' personal data:
// files are 0600 in 0700 folders whatever the umask. The modes are set
// explicitly (mkdir/open with the mode, then chmod/fchmod) because the umask
// only ever removes bits and a umask of 000 must not make anything readable.
import path from 'node:path';
import type { Stats } from 'node:fs';
import type { FsLayer } from './fs-layer.js';
import { isCode } from './errors.js';

export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

export interface JournalWarning {
  kind: 'readable-by-others';
  file: string;
  /** The file's permission bits, e.g. 0o644. */
  mode: number;
}

/** Creates `dir` (and missing parents) 0700. Folders that already exist are
 * left as they are: they may be the user's home. Returns true when created;
 * the new folder's parent is fsync'd so the folder survives a crash. */
export async function ensurePrivateDir(fs: FsLayer, dir: string): Promise<boolean> {
  let first: string | undefined;
  try {
    first = await fs.mkdir(dir, { recursive: true, mode: DIR_MODE });
  } catch (error) {
    // mkdir -p says EEXIST when the folder's name is taken by a file.
    if (isCode(error, 'EEXIST')) throw Object.assign(new Error(`not a directory: ${dir}`), { code: 'ENOTDIR', cause: error });
    throw error;
  }
  if (first === undefined) return false;
  // Every folder from `first` down to `dir` is ours: chmod each.
  const created: string[] = [];
  for (let d = dir; ; d = path.dirname(d)) {
    created.push(d);
    if (d === first || path.dirname(d) === d) break;
  }
  for (const d of created) await fs.chmod(d, DIR_MODE);
  await fsyncDir(fs, path.dirname(first));
  return true;
}

/** fsync a folder so a new or renamed entry in it survives a crash. Some file
 * systems refuse fsync on a folder (EINVAL); nothing more can be done there. */
export async function fsyncDir(fs: FsLayer, dir: string): Promise<void> {
  const fd = await fs.open(dir, 'r');
  try {
    await fs.fsync(fd);
  } catch (error) {
    if (!isCode(error, 'EINVAL', 'ENOTSUP', 'EBADF')) throw error;
  } finally {
    await fs.close(fd);
  }
}

/** A warning when an existing journal can be read by the group or others. */
export function privacyWarning(file: string, stats: Pick<Stats, 'mode'>): JournalWarning | null {
  const mode = stats.mode & 0o777;
  return mode & 0o077 ? { kind: 'readable-by-others', file, mode } : null;
}
