// The script search path: folders in priority order (--scripts, then
// $FOLLOWUP_SCRIPTS, then the user's config dir, then the built-in scripts).
// A script is found by file name, <id>.yaml (or .yml); the first folder that
// has it wins, so a user's script with a built-in's id overrides the built-in.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../paths.js';
import type { SourceInfo } from './types.js';

export type Origin = SourceInfo['origin'];

export interface SearchOptions {
  /** Highest priority first. */
  scriptsDirs: string[];
  /** Where each folder comes from; without it, the package's own scripts/ is
   * 'builtin' and every other folder 'user'. */
  origins?: Record<string, Origin>;
}

export interface ScriptFile {
  id: string;
  file: string;
  dir: string;
  origin: Origin;
}

const EXTENSIONS = ['.yaml', '.yml'];

let builtinDir: string | null | undefined;
function defaultBuiltinDir(): string | null {
  if (builtinDir === undefined) {
    try {
      builtinDir = path.join(packageRoot(), 'scripts');
    } catch {
      builtinDir = null; // bundled somewhere without the package: no built-in folder to recognise
    }
  }
  return builtinDir;
}

export function originOf(dir: string, opts: SearchOptions): Origin {
  const resolved = path.resolve(dir);
  const given = opts.origins?.[resolved] ?? opts.origins?.[dir];
  if (given) return given;
  return resolved === defaultBuiltinDir() ? 'builtin' : 'user';
}

/** The search path of a command: which folder is which, for `scripts list`, and the cache folder. */
export function searchOptionsFrom(ctx: {
  scriptsDirs: string[];
  builtinScriptsDir: string;
  configDir: string;
  cacheDir?: string;
  env: NodeJS.ProcessEnv;
}): Required<SearchOptions> & { cacheDir?: string } {
  const env = new Set((ctx.env.FOLLOWUP_SCRIPTS ?? '').split(':').filter(Boolean).map((d) => path.resolve(d)));
  const user = path.resolve(ctx.configDir, 'scripts');
  const origins: Record<string, Origin> = {};
  for (const dir of ctx.scriptsDirs) {
    const resolved = path.resolve(dir);
    origins[resolved] =
      resolved === path.resolve(ctx.builtinScriptsDir) ? 'builtin' : resolved === user ? 'user' : env.has(resolved) ? 'env' : 'flag';
  }
  return { scriptsDirs: ctx.scriptsDirs, origins, ...(ctx.cacheDir ? { cacheDir: ctx.cacheDir } : {}) };
}

/** A folder's script files. Read synchronously: see loadDraft (src/journal/drafts.ts). */
function filesIn(dir: string): string[] {
  try {
    const entries = readdirSync(dir, { withFileTypes: true });
    return entries
      .filter((e) => (e.isFile() || e.isSymbolicLink()) && EXTENSIONS.includes(path.extname(e.name)))
      .map((e) => e.name)
      .sort();
  } catch {
    return []; // A folder on the path that doesn't exist (yet) simply has no scripts.
  }
}

/** Every script file on the path, highest priority first (shadowed ones included). */
export async function scanScriptFiles(opts: SearchOptions): Promise<ScriptFile[]> {
  const out: ScriptFile[] = [];
  const seenFiles = new Set<string>();
  for (const dir of opts.scriptsDirs) {
    for (const name of filesIn(dir)) {
      const file = path.resolve(dir, name);
      if (seenFiles.has(file)) continue;
      seenFiles.add(file);
      out.push({ id: path.basename(name, path.extname(name)), file, dir: path.resolve(dir), origin: originOf(dir, opts) });
    }
  }
  return out;
}

/** Every file on the path with this id, highest priority first. */
export async function findScriptFiles(id: string, opts: SearchOptions): Promise<ScriptFile[]> {
  return (await scanScriptFiles(opts)).filter((f) => f.id === id);
}

