// Resolved scripts kept between runs, so `scripts list` and `call` skip YAML
// parsing and validation (and loading yaml and zod) when no script changed.
// The cache is derived data, keyed by the whole search path: every folder, its
// origin, and every script file's size, mtime, ctime and inode. Any change —
// an edit, a new or removed file, a renamed folder, another --scripts — makes
// a new key, and the scripts are loaded from their files again. A cache
// written by another build of followup is never used. Written atomically
// (temp + rename), 0600 in a 0700 folder; one that can't be read or written
// only costs speed.
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Lang } from '../i18n/catalog.js';
import type { ScriptFile, SearchOptions } from './search.js';
import type { Script } from './types.js';
import type { ScriptListing } from './index.js';

declare const __FOLLOWUP_BUILD__: string | undefined;
/** Which build wrote a cache: the loader's rules may differ from one to the next. */
const BUILD = typeof __FOLLOWUP_BUILD__ === 'string' ? __FOLLOWUP_BUILD__ : 'dev';
const FORMAT = 1;
export const SCRIPT_CACHE_FILE = 'scripts.json';

interface CacheData {
  v: number;
  build: string;
  key: string;
  /** The listings of `scripts list`; their error texts are in `listingsLang`. */
  listings?: ScriptListing[];
  listingsLang?: Lang;
  /** Resolved scripts by file. */
  scripts: Record<string, Script>;
}

/** The search path as it is now: folders, origins and each file's identity. */
function searchPathKey(files: ScriptFile[], opts: SearchOptions): string {
  const identity = (file: string) => {
    try {
      const s = statSync(file, { bigint: true });
      return `${s.size}:${s.mtimeNs}:${s.ctimeNs}:${s.ino}:${s.dev}`;
    } catch {
      return null;
    }
  };
  return JSON.stringify({
    dirs: opts.scriptsDirs.map((d) => path.resolve(d)),
    files: files.map((f) => [f.file, f.id, f.origin, identity(f.file)]),
  });
}

export class ScriptCache {
  private data: CacheData | undefined;

  private constructor(
    private readonly file: string,
    private readonly key: string,
  ) {
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as CacheData;
      if (data.v === FORMAT && data.build === BUILD && data.key === key && typeof data.scripts === 'object') this.data = data;
    } catch {
      // None yet, unreadable or torn: the scripts are loaded from their files.
    }
  }

  /** The cache of this search path, or undefined when there is no cache folder. */
  static open(files: ScriptFile[], opts: SearchOptions & { cacheDir?: string }): ScriptCache | undefined {
    if (!opts.cacheDir) return undefined;
    return new ScriptCache(path.join(opts.cacheDir, SCRIPT_CACHE_FILE), searchPathKey(files, opts));
  }

  listings(lang: Lang): ScriptListing[] | undefined {
    return this.data?.listingsLang === lang ? this.data.listings : undefined;
  }

  script(file: string): Script | undefined {
    return this.data?.scripts[file];
  }

  /** Adds what was just loaded from the files, keeping what the cache held for the same key. */
  save(update: { listings?: ScriptListing[]; lang?: Lang; scripts: Script[] }): void {
    const data: CacheData = this.data ?? { v: FORMAT, build: BUILD, key: this.key, scripts: {} };
    for (const script of update.scripts) data.scripts[script.source.file] = script;
    if (update.listings) {
      data.listings = update.listings;
      data.listingsLang = update.lang;
    }
    this.data = data;
    const temp = `${this.file}.${process.pid}-${Date.now()}.tmp`;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
      writeFileSync(temp, JSON.stringify(data), { mode: 0o600 });
      renameSync(temp, this.file);
    } catch {
      // A read-only or full disk: no cache this time.
      rmSync(temp, { force: true });
    }
  }
}
