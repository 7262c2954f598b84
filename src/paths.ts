// Where things live. env-paths gives the XDG folders (no `-nodejs` suffix);
// $FOLLOWUP_HOME or --home puts everything in one folder; --journal names the
// journal itself. Nothing below this reads the environment again.
import envPaths from 'env-paths';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Paths {
  dataDir: string;
  configDir: string;
  configFile: string;
  /** The journal new calls are appended to. */
  journal: string;
  /** Journals read by read-only commands (several with repeated --journal). */
  journals: string[];
  draftsDir: string;
  /** Derived data kept between runs (resolved scripts): safe to delete.
   * Optional so hand-built contexts (tests) can go without: no caching then. */
  cacheDir?: string;
  /** Script search path, highest priority first; the built-in folder last. */
  scriptsDirs: string[];
  builtinScriptsDir: string;
}

let root: string | undefined;

/** The package root, found from this module's place in dist/ (bundled, maybe in
 * a chunk folder) or src/ (tests): the nearest folder with a package.json.
 * Looked up once per process (every command resolves its paths more than once). */
export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('followup: package.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  root = dir;
  return dir;
}

export function resolvePaths(options: {
  env: NodeJS.ProcessEnv;
  home?: string;
  journals?: string[];
  scripts?: string[];
  cwd?: string;
}): Paths {
  const cwd = options.cwd ?? process.cwd();
  const home = options.home ?? options.env.FOLLOWUP_HOME;
  const xdg = envPaths('followup', { suffix: '' });
  const dataDir = home ? path.resolve(cwd, home) : xdg.data;
  const configDir = home ? path.resolve(cwd, home) : xdg.config;
  const cacheDir = home ? path.join(path.resolve(cwd, home), 'cache') : xdg.cache;
  const journals = (options.journals ?? []).map((j) => path.resolve(cwd, j));
  const journal = journals[0] ?? path.join(dataDir, 'journal.jsonl');
  const envScripts = (options.env.FOLLOWUP_SCRIPTS ?? '').split(':').filter(Boolean);
  const builtinScriptsDir = path.join(packageRoot(), 'scripts');
  const scriptsDirs = [
    ...(options.scripts ?? []),
    ...envScripts,
    path.join(configDir, 'scripts'),
    builtinScriptsDir,
  ].map((d) => path.resolve(cwd, d));
  return {
    dataDir,
    configDir,
    configFile: path.join(configDir, 'config.yaml'),
    journal,
    journals: journals.length > 0 ? journals : [journal],
    draftsDir: path.join(dataDir, 'drafts'),
    cacheDir,
    scriptsDirs: [...new Set(scriptsDirs)],
    builtinScriptsDir,
  };
}
