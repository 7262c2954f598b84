// An fs layer that fails on demand: `code` on the first `op` against a file
// whose path matches — the journal's own descriptor for write and fsync.
import { nodeFs, type FsLayer } from './journal-api.js';

export type FaultOp = 'open' | 'write' | 'fsync';

export function faultyFs(fault: { op: FaultOp; code: string; path: (p: string) => boolean; partial?: boolean }): FsLayer & { fired: number } {
  const fdPaths = new Map<number, string>();
  const layer = {
    ...nodeFs,
    fired: 0,
    async open(p: string, flags: string | number, mode?: number) {
      if (fault.op === 'open' && fault.path(p)) return fail();
      const fd = await nodeFs.open(p, flags, mode);
      fdPaths.set(fd, p);
      return fd;
    },
    async close(fd: number) {
      fdPaths.delete(fd);
      return nodeFs.close(fd);
    },
    async write(fd: number, buffer: Buffer, offset: number, length: number, position: number | null) {
      if (fault.op === 'write' && fault.path(fdPaths.get(fd) ?? '')) {
        // A disk that fills up mid-entry: part of it lands, then the error.
        if (fault.partial) await nodeFs.write(fd, buffer, offset, Math.floor(length / 2), position);
        return fail();
      }
      return nodeFs.write(fd, buffer, offset, length, position);
    },
    async fsync(fd: number) {
      if (fault.op === 'fsync' && fault.path(fdPaths.get(fd) ?? '')) return fail();
      return nodeFs.fsync(fd);
    },
  };
  function fail(): never {
    layer.fired++;
    throw Object.assign(new Error(`${fault.code}: injected`), { code: fault.code });
  }
  return layer;
}

/** A disk that accepts only half of every write to the matching file. */
export function shortWriteFs(path: (p: string) => boolean): FsLayer {
  const fdPaths = new Map<number, string>();
  return {
    ...nodeFs,
    async open(p, flags, mode) {
      const fd = await nodeFs.open(p, flags, mode);
      fdPaths.set(fd, p);
      return fd;
    },
    async write(fd, buffer, offset, length, position) {
      return nodeFs.write(fd, buffer, offset, path(fdPaths.get(fd) ?? '') ? Math.floor(length / 2) : length, position);
    },
  };
}
