// Runs the bundle with V8's code cache. Node 20 has no compile cache for ES
// modules (module.enableCompileCache() is Node ≥ 22.1), and compiling the
// code a command needs is a good part of its start-up. So build.mjs turns
// esbuild's chunks into CommonJS bodies gathered into packs (dist/app/:
// main.js and one file per chunk an import() asks for, with the chunks it
// brings — build/packs.mjs), and this loader runs each pack through vm.Script
// with the cached data V8 produced on an earlier run: compiled code, including
// the functions that run compiled, instead of source to parse. A pack only
// defines its chunks; each runs when first required. Without a usable cache a
// pack is simply compiled, and its cache written when the process exits (the
// first run after an install or an upgrade, or after V8 refused a cache:
// another node, a damaged file).
//
// Cache files are named after the pack in a folder per node version,
// installation and build, beside the script cache (Paths.cacheDir,
// code/<node version>-<hash of the app folder>-<build id>/); written
// atomically, 0600 in 0700 folders; a folder that can't be written only costs
// speed. V8 compares a cache with the source's length only: the folder per
// build is what keeps a rebuilt pack of the same length (main.js after an
// upgrade in place) from running the old compiled code — the build id hashes
// every input of the build (build.mjs). V8 refuses a cache of another version
// or a cut one, and, with --verify-snapshot-checksum (set here; release builds
// leave it off), a damaged one: without it a flipped bit can crash the process.
// Every chunk is evaluated once, in this context, so classes are shared
// (instanceof works across chunks), even one that more than one pack holds.
import { configuredHome } from './config/quick-language.js';
import { fnv1aText, hex } from './hash.js';
import { resolvePaths } from './paths.js';
import { WAITING_FOR_USER } from './terminal/waiting-for-user.js';

const fs = process.getBuiltinModule('node:fs');
const path = process.getBuiltinModule('node:path');
const vm = process.getBuiltinModule('node:vm');
const { pathToFileURL } = process.getBuiltinModule('node:url');

interface ChunkModule {
  exports: Record<string, unknown>;
}

/** A chunk's CommonJS body, as build.mjs wraps it: CommonJS's own arguments and import.meta.url. */
type ChunkBody = (exports: Record<string, unknown>, require: (specifier: string) => unknown, module: ChunkModule, metaUrl: string | undefined) => void;
/** What a pack calls for each chunk it holds: its name in the app folder, 1 if it reads import.meta.url, its body. */
type DefineChunk = (name: string, usesMetaUrl: 0 | 1, body: ChunkBody) => void;

/** How every pack starts: a function of `define` (the file is compiled as it is read: a
 * wrapper added here would copy every source once more, for the collector to sweep). */
export const PACK_HEAD = '(function (define) {"use strict";';

export class BundleLoader {
  private readonly modules = new Map<string, ChunkModule>();
  /** The chunks of the packs read so far, by path: run when first required. */
  private readonly bodies = new Map<string, { body: ChunkBody; usesMetaUrl: boolean }>();
  /** Scripts compiled without a usable cache: their cache is written at exit. */
  private readonly fresh: { script: import('node:vm').Script; file: string }[] = [];
  /** The app folder with a separator after it: a chunk's path is this and its name
   * (path.join per chunk, for the dozens a pack defines, was ~1 ms of a start). */
  private readonly appPrefix: string;

  constructor(
    private readonly appDir: string,
    private readonly cacheDir: string | undefined,
  ) {
    this.appPrefix = path.join(appDir, path.sep);
    if (cacheDir) {
      const v8 = process.getBuiltinModule('node:v8');
      // Before any cache is read or made: V8 then writes a checksum into each and refuses one that doesn't match.
      v8.setFlagsFromString('--verify-snapshot-checksum');
      // The caches are made at exit: in a long first run (an index built over a
      // million calls) V8 would have dropped the bytecode of the start-up's
      // functions by then, and the cache, accepted ever after, would lack them.
      v8.setFlagsFromString('--no-flush-bytecode');
    }
  }

  /** The exports of a chunk (a path inside the app folder), running it the first time:
   * from the packs read so far, else from its own (an entry's file is its pack). */
  load(file: string): Record<string, unknown> {
    const known = this.modules.get(file);
    if (known) return known.exports;
    if (!this.bodies.has(file)) this.readPack(file);
    const chunk = this.bodies.get(file);
    if (!chunk) throw new Error(`${file} does not hold its own chunk`);
    const module: ChunkModule = { exports: {} };
    this.modules.set(file, module);
    const folder = path.dirname(file) + path.sep;
    const require = (specifier: string) => {
      // A chunk beside this one ("./chunk-X.js", as esbuild writes them) is that folder and its name.
      if (specifier.startsWith('./') && !specifier.includes('/', 2)) return this.load(folder + specifier.slice(2));
      if (specifier.startsWith('./') || specifier.startsWith('../')) return this.load(path.resolve(folder, specifier));
      const builtin = process.getBuiltinModule(specifier);
      if (!builtin) throw new Error(`followup: the bundle asks for ${specifier}, which is not in it`);
      return builtin;
    };
    chunk.body(module.exports, require, module, chunk.usesMetaUrl ? pathToFileURL(file).href : undefined);
    return module.exports;
  }

  /** Compiles a pack (with its cache, if V8 takes it) and takes the chunks it defines
   * that no pack read before did. */
  private readPack(file: string): void {
    // Packs are ASCII (build/ascii.mjs): read as Latin-1, the bytes are copied into a
    // one-byte string, with no UTF-8 to decode.
    const source = fs.readFileSync(file, 'latin1');
    if (!source.startsWith(PACK_HEAD)) throw new Error(`${file} is not a pack of this build`);
    const name = file.startsWith(this.appPrefix) ? file.slice(this.appPrefix.length) : path.relative(this.appDir, file);
    const cacheFile = this.cacheDir && path.join(this.cacheDir, name.replaceAll(path.sep, '~'));
    let cachedData: Buffer | undefined;
    try {
      cachedData = cacheFile ? fs.readFileSync(cacheFile) : undefined;
    } catch {
      // No cache yet.
    }
    const script = new vm.Script(source, { filename: file, ...(cachedData ? { cachedData } : {}) });
    if (cacheFile && (!cachedData || script.cachedDataRejected)) this.fresh.push({ script, file: cacheFile });
    (script.runInThisContext() as (define: DefineChunk) => void)((name, usesMetaUrl, body) => {
      const at = this.appPrefix + (path.sep === '/' ? name : name.replaceAll('/', path.sep));
      if (!this.bodies.has(at)) this.bodies.set(at, { body, usesMetaUrl: usesMetaUrl === 1 });
    });
  }

  /** Writes the caches of the packs compiled from source this run (again at each call: the
   * later, the more of their functions are compiled), and drops the folders of this
   * installation's earlier builds. */
  saveCaches(): void {
    if (!this.cacheDir || this.fresh.length === 0) return;
    try {
      fs.mkdirSync(this.cacheDir, { recursive: true, mode: 0o700 });
      const parent = path.dirname(this.cacheDir);
      const installation = path.basename(this.cacheDir).replace(/[^-]+$/, '');
      for (const name of fs.readdirSync(parent)) {
        if (name.startsWith(installation) && name !== path.basename(this.cacheDir)) fs.rmSync(path.join(parent, name), { recursive: true, force: true });
      }
      for (const { script, file } of this.fresh) {
        const temp = `${file}.${process.pid}.tmp`;
        try {
          fs.writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
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

/** Where this run keeps the code cache of the bundle in `appDir` (of build `build`), or undefined.
 * The app folder's FNV-1a tells installations apart (crypto would cost more to load than it saves). */
export function codeCacheDir(appDir: string, argv: string[], env: NodeJS.ProcessEnv, build: string): string | undefined {
  try {
    const { cacheDir } = resolvePaths({ env, home: configuredHome(argv) });
    return cacheDir && path.join(cacheDir, 'code', `${process.version}-${hex(fnv1aText(appDir))}-${build}`);
  } catch {
    return undefined;
  }
}

/**
 * Runs dist/app/main.js's start(). The code caches are written when the
 * process exits; before the first question a command asks, all of its
 * start-up compiled by then; and when a closed terminal ends it (SIGHUP, which
 * runs no exit handlers): then with the question's drawing too, which runs on
 * every later start. The process then dies of the signal, as it would have.
 */
export async function runBundle(appDir: string, build: string): Promise<void> {
  const loader = new BundleLoader(appDir, codeCacheDir(appDir, process.argv, process.env, build));
  process.on('exit', () => loader.saveCaches());
  process.once(WAITING_FOR_USER, () => {
    loader.saveCaches();
    // Listened to from here on: a command that never waits doesn't pay for node's signal watcher.
    process.once('SIGHUP', () => {
      loader.saveCaches();
      process.kill(process.pid, 'SIGHUP');
    });
  });
  const main = loader.load(path.join(appDir, 'main.js')) as { start: () => Promise<void> };
  await main.start();
}
