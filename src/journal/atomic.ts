// Whole-file atomic replacement (drafts): a temp file in the same folder,
// written, fsync'd, renamed over the target, then the folder fsync'd, so a
// reader sees the old file or the new one, never half of one.
//
// Hand-written rather than write-file-atomic: that package names its temp
// files from `__filename`, which does not exist in our ESM bundle (it throws
// a ReferenceError there), it does not fsync the folder after the rename, and
// it bypasses the injectable FsLayer the failure tests rely on.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { FsLayer } from './fs-layer.js';
import { FILE_MODE, fsyncDir } from './privacy.js';

/** Writes all of `buffer`, continuing after short writes. */
export async function writeAll(fs: FsLayer, fd: number, buffer: Buffer): Promise<void> {
  let offset = 0;
  while (offset < buffer.length) {
    const n = await fs.write(fd, buffer, offset, buffer.length - offset, null);
    if (n <= 0) throw Object.assign(new Error('short write'), { code: 'ESHORT' });
    offset += n;
  }
}

/** A temp name beside `file`, hidden, unique to this process and call. */
export function tempPathFor(file: string, purpose: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${purpose}-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

export async function writeFileAtomic(fs: FsLayer, file: string, content: Buffer): Promise<void> {
  const temp = tempPathFor(file, 'write');
  const fd = await fs.open(temp, 'wx', FILE_MODE);
  try {
    try {
      await fs.fchmod(fd, FILE_MODE);
      await writeAll(fs, fd, content);
      await fs.fsync(fd);
    } finally {
      await fs.close(fd);
    }
    await fs.rename(temp, file);
  } catch (error) {
    await fs.unlink(temp).catch(() => undefined);
    throw error;
  }
  await fsyncDir(fs, path.dirname(file));
}
