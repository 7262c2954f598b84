// Runs the bundle with V8's code cache. Node 20 has no compile cache for ES
// modules (module.enableCompileCache() is Node ≥ 22.1), and compiling the
// code a command needs is a good part of its start-up. So build.mjs turns
// esbuild's chunks into CommonJS bodies (dist/app/), and this loader runs each
// through vm.Script with the cached data V8 produced on an earlier run:
// compiled code, including the functions that run compiled, instead of
// source to parse. Without a usable cache a chunk is simply compiled, and its
// cache written when the process exits (the first run after an install or an
// upgrade, or after V8 refused a cache: another node, a damaged file).
//
// Cache files are named after the chunk (whose name carries a hash of its
// code) in a folder per node version and installation, beside the script
// cache (Paths.cacheDir, code/<node version>-<hash of the app folder>/);
// written atomically, 0600 in 0700 folders; a folder that can't be written
// only costs speed. Each file starts with a CRC-32 of V8's data and one of the
// chunk's source: V8 refuses a cache of another version or a cut one, but does
// not checksum what it reads and compares only the source's length, so a
// damaged file or a changed chunk is caught here and compiled from source. Every chunk is evaluated once, in
// this context, so classes are shared (instanceof works across chunks).
import { configuredHome } from './config/quick-language.js';
import { resolvePaths } from './paths.js';
import { WAITING_FOR_USER } from './terminal/waiting-for-user.js';

const fs = process.getBuiltinModule('node:fs');
const path = process.getBuiltinModule('node:path');
const vm = process.getBuiltinModule('node:vm');
const { pathToFileURL } = process.getBuiltinModule('node:url');
const { crc32 } = process.getBuiltinModule('node:zlib');

interface ChunkModule {
  exports: Record<string, unknown>;
}

/** What a chunk body is wrapped in: CommonJS's own arguments, and import.meta.url. */
const WRAP_HEAD = '(function (exports, require, module, __followupMetaUrl) {"use strict";';
const WRAP_TAIL = '\n})';
/** A cache file: CRC-32 of V8's data, CRC-32 of the chunk's source, then the data. */
const HEADER = 8;

export class BundleLoader {
  private readonly modules = new Map<string, ChunkModule>();
  /** Scripts compiled without a usable cache: their cache is written at exit. */
  private readonly fresh: { script: import('node:vm').Script; file: string; sourceSum: number }[] = [];

  constructor(
    private readonly appDir: string,
    private readonly cacheDir: string | undefined,
  ) {}

  /** The exports of a chunk (a path inside the app folder), running it the first time. */
  load(file: string): Record<string, unknown> {
    const known = this.modules.get(file);
    if (known) return known.exports;
    const source = fs.readFileSync(file, 'utf8');
    const cacheFile = this.cacheDir && path.join(this.cacheDir, path.relative(this.appDir, file).replaceAll(path.sep, '~'));
    // V8 checks a cache against the source's length only, so a rebuilt chunk of
    // the same length (main.js after an upgrade in place) would run the old
    // compiled code: the cache is keyed to a checksum of the source itself.
    const sourceSum = crc32(source);
    let cachedData: Buffer | undefined;
    try {
      const stored = cacheFile ? fs.readFileSync(cacheFile) : undefined;
      if (stored && stored.length > HEADER && stored.readUInt32LE(4) === sourceSum && stored.readUInt32LE(0) === crc32(stored.subarray(HEADER))) {
        cachedData = stored.subarray(HEADER);
      }
    } catch {
      // No cache yet.
    }
    const script = new vm.Script(`${WRAP_HEAD}${source}${WRAP_TAIL}`, { filename: file, ...(cachedData ? { cachedData } : {}) });
    if (cacheFile && (!cachedData || script.cachedDataRejected)) this.fresh.push({ script, file: cacheFile, sourceSum });
    const module: ChunkModule = { exports: {} };
    this.modules.set(file, module);
    const require = (specifier: string) => {
      if (specifier.startsWith('./') || specifier.startsWith('../')) return this.load(path.resolve(path.dirname(file), specifier));
      const builtin = process.getBuiltinModule(specifier);
      if (!builtin) throw new Error(`followup: the bundle asks for ${specifier}, which is not in it`);
      return builtin;
    };
    (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, require, module, pathToFileURL(file).href);
    return module.exports;
  }

  /** Writes the caches of the chunks compiled from source this run (again at each call: the
   * later, the more of their functions are compiled), and drops those of chunks no longer shipped. */
  saveCaches(): void {
    if (!this.cacheDir || this.fresh.length === 0) return;
    try {
      fs.mkdirSync(this.cacheDir, { recursive: true, mode: 0o700 });
      const shipped = new Set(this.fresh.map((f) => path.basename(f.file)));
      const chunksDir = path.join(this.appDir, 'chunks');
      for (const name of fs.readdirSync(chunksDir)) shipped.add(`chunks~${name}`);
      for (const name of fs.readdirSync(this.appDir)) shipped.add(name);
      for (const name of fs.readdirSync(this.cacheDir)) if (!shipped.has(name)) fs.rmSync(path.join(this.cacheDir, name), { force: true });
      for (const { script, file, sourceSum } of this.fresh) {
        const temp = `${file}.${process.pid}.tmp`;
        try {
          const data = script.createCachedData();
          const header = Buffer.alloc(HEADER);
          header.writeUInt32LE(crc32(data), 0);
          header.writeUInt32LE(sourceSum, 4);
          fs.writeFileSync(temp, Buffer.concat([header, data]), { mode: 0o600 });
          fs.renameSync(temp, file);
        } catch {
          fs.rmSync(temp, { force: true });
        }
      }
    } catch {
      // A read-only or full disk: no code cache, the same program.
    }
  }
}

/** FNV-1a of a string, hex: tells installations apart (crypto would cost more to load than it saves). */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** Where this run keeps the code cache of the bundle in `appDir`, or undefined. */
export function codeCacheDir(appDir: string, argv: string[], env: NodeJS.ProcessEnv): string | undefined {
  try {
    const { cacheDir } = resolvePaths({ env, home: configuredHome(argv) });
    return cacheDir && path.join(cacheDir, 'code', `${process.version}-${shortHash(appDir)}`);
  } catch {
    return undefined;
  }
}

/**
 * Runs dist/app/main.js's start(). The code caches are written when the
 * process exits, and before the first question a command asks: a command
 * waiting at a prompt may be ended by a closed terminal (SIGHUP, no exit
 * handlers), and all of its start-up has been compiled by then.
 */
export async function runBundle(appDir: string): Promise<void> {
  const loader = new BundleLoader(appDir, codeCacheDir(appDir, process.argv, process.env));
  process.on('exit', () => loader.saveCaches());
  process.once(WAITING_FOR_USER, () => loader.saveCaches());
  const main = loader.load(path.join(appDir, 'main.js')) as { start: () => Promise<void> };
  await main.start();
}
