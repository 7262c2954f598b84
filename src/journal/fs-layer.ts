// The few file-system calls the journal makes, behind one interface so tests
// can inject faults (ENOSPC, EIO, EACCES, EISDIR) on open, write and fsync and
// prove the journal stays byte-identical. File descriptors, not FileHandles:
// the journal needs pread, ftruncate and fchmod on the descriptor it wrote.
import fs from 'node:fs';
import { promisify } from 'node:util';

export interface FsLayer {
  open(path: string, flags: string | number, mode?: number): Promise<number>;
  close(fd: number): Promise<void>;
  /** One write(2); resolves with the bytes written (may be short). */
  write(fd: number, buffer: Buffer, offset: number, length: number, position: number | null): Promise<number>;
  read(fd: number, buffer: Buffer, offset: number, length: number, position: number | null): Promise<number>;
  fsync(fd: number): Promise<void>;
  fstat(fd: number): Promise<fs.Stats>;
  ftruncate(fd: number, length: number): Promise<void>;
  fchmod(fd: number, mode: number): Promise<void>;
  mkdir(path: string, options: { recursive: true; mode: number }): Promise<string | undefined>;
  chmod(path: string, mode: number): Promise<void>;
  stat(path: string): Promise<fs.Stats>;
  rename(from: string, to: string): Promise<void>;
  link(existing: string, newPath: string): Promise<void>;
  unlink(path: string): Promise<void>;
  readFile(path: string): Promise<Buffer>;
  readdir(path: string): Promise<string[]>;
}

export const nodeFs: FsLayer = {
  open: promisify(fs.open) as FsLayer['open'],
  close: promisify(fs.close),
  write: async (fd, buffer, offset, length, position) =>
    new Promise((resolve, reject) =>
      fs.write(fd, buffer, offset, length, position, (error, written) => (error ? reject(error) : resolve(written))),
    ),
  read: async (fd, buffer, offset, length, position) =>
    new Promise((resolve, reject) =>
      fs.read(fd, buffer, offset, length, position, (error, bytes) => (error ? reject(error) : resolve(bytes))),
    ),
  fsync: promisify(fs.fsync),
  fstat: promisify(fs.fstat) as FsLayer['fstat'],
  ftruncate: promisify(fs.ftruncate) as FsLayer['ftruncate'],
  fchmod: promisify(fs.fchmod),
  // Callbacks made promises, not fs.promises: loading node's fs/promises (and
  // the readline it brings) costs ~1 ms of a command's start.
  mkdir: promisify(fs.mkdir) as FsLayer['mkdir'],
  chmod: promisify(fs.chmod),
  stat: promisify(fs.stat) as FsLayer['stat'],
  rename: promisify(fs.rename),
  link: promisify(fs.link),
  unlink: promisify(fs.unlink),
  readFile: promisify(fs.readFile) as FsLayer['readFile'],
  readdir: promisify(fs.readdir) as FsLayer['readdir'],
};
