// The public face of the script module (contract in TEAM.md "A → everyone").
// The loader (YAML parsing, the schema, the checks: yaml and zod) is imported
// only when a script has to be read from its file; with a cache folder, the
// scripts resolved on an earlier run are used while no file on the search
// path changed (./cache.ts).
import path from 'node:path';
import { NotFoundError, formatIssue, type ScriptIssue } from '../errors.js';
import { ScriptCache } from './cache.js';
import type { LoadOptions } from './load.js';
import { scanScriptFiles, type Origin } from './search.js';
import type { Script } from './types.js';
import { compareText } from '../i18n/text.js';

export { parseDuration, parseTarget, DurationSyntaxError } from './duration.js';
export { renderTemplate, checkTemplate, knownNames, CALL_NAMES, type TemplateVars } from './templates.js';
export { searchOptionsFrom, type Origin, type SearchOptions } from './search.js';
export type { LoadOptions } from './load.js';
export type * from './types.js';

export interface ScriptListing {
  id: string;
  title: string;
  language: string;
  file: string;
  origin: Origin;
  /** The lower-priority script of the same id that this one hides (a user's override of a built-in). */
  overrides?: { file: string; origin: Origin };
  /** Set when the script does not load: its first error, one line. */
  error?: string;
}

export interface ValidationReport {
  file: string;
  /** The script's id, when the file got that far. */
  id?: string;
  /** No errors (and, with strict, no warnings). */
  ok: boolean;
  errors: number;
  warnings: number;
  issues: ScriptIssue[];
}

const loaderModule = () => import('./load.js');

/** Loads a script by id from the search path; throws NotFoundError or ScriptError (with every issue). */
export async function loadScript(id: string, opts: LoadOptions): Promise<Script> {
  const files = await scanScriptFiles(opts);
  const found = files.find((f) => f.id === id);
  if (!found) {
    const ids = [...new Set(files.map((f) => f.id))];
    // The messages and the near-miss search only when a script is missing.
    const [{ translator }, { scriptsMessages }, { didYouMean }] = await Promise.all([import('../i18n/catalog.js'), import('../i18n/messages/scripts.js'), import('./issues.js')]);
    const t = translator(scriptsMessages, opts.lang ?? 'en');
    const suggestion = didYouMean(id, ids);
    throw new NotFoundError(t('load.notFound', { id }), {
      hint: suggestion ? t('load.notFound.suggest', { suggestion }) : t('load.notFound.hint'),
    });
  }
  const cache = ScriptCache.open(files, opts);
  const cached = cache?.script(found.file);
  if (cached) return cached;
  const { ScriptLoader } = await loaderModule();
  const script = await new ScriptLoader(opts, files).load(found.file, found.origin);
  cache?.save({ scripts: [script] });
  return script;
}

/** Loads a script from a file (anywhere); its `extends` resolve on the search path. */
export async function loadScriptFile(file: string, opts: LoadOptions): Promise<Script> {
  const { ScriptLoader } = await loaderModule();
  const loader = new ScriptLoader(opts);
  const resolved = path.resolve(file);
  const onPath = (await loader.scriptFiles()).find((f) => f.file === resolved);
  return loader.load(resolved, onPath?.origin ?? 'file');
}

/** The scripts on the search path, one per id (the highest-priority file wins). */
export async function listScripts(opts: LoadOptions): Promise<ScriptListing[]> {
  const files = await scanScriptFiles(opts);
  const cache = ScriptCache.open(files, opts);
  const lang = opts.lang ?? 'en';
  const cached = cache?.listings(lang);
  if (cached) return cached;
  const { ScriptLoader } = await loaderModule();
  const loader = new ScriptLoader(opts, files);
  const scripts: Script[] = [];
  const listings: ScriptListing[] = [];
  const seen = new Set<string>();
  // One at a time: scripts share bases, and the loader reads each file once.
  for (const file of files) {
    if (seen.has(file.id)) continue;
    seen.add(file.id);
    const listing: ScriptListing = { id: file.id, title: '', language: '', file: file.file, origin: file.origin };
    const hidden = files.find((f) => f.id === file.id && f.file !== file.file);
    if (hidden) listing.overrides = { file: hidden.file, origin: hidden.origin };
    try {
      const script = await loader.load(file.file, file.origin);
      scripts.push(script);
      listing.title = script.title;
      listing.language = script.language;
    } catch (error) {
      const first = (error as { issues?: ScriptIssue[] }).issues?.[0];
      listing.error = first ? formatIssue(first) : (error as Error).message;
    }
    listings.push(listing);
  }
  listings.sort((a, b) => compareText(a.id, b.id));
  cache?.save({ listings, lang, scripts });
  return listings;
}

/** Validates files (anywhere) with the method linter; never throws for a bad script. */
export async function validateScriptFiles(files: string[], opts: LoadOptions & { strict?: boolean }): Promise<ValidationReport[]> {
  const [{ ScriptLoader }, { sortIssues }] = await Promise.all([loaderModule(), import('./issues.js')]);
  const loader = new ScriptLoader(opts);
  const reports: ValidationReport[] = [];
  for (const file of files) {
    const { draft, issues } = await loader.inspect(path.resolve(file), { lint: true });
    const sorted = sortIssues(issues).map((i) => ({ ...i, file: i.file === path.resolve(file) ? file : i.file }));
    const errors = sorted.filter((i) => i.severity === 'error').length;
    const warnings = sorted.length - errors;
    const report: ValidationReport = { file, ok: errors === 0 && (!opts.strict || warnings === 0), errors, warnings, issues: sorted };
    if (draft?.top.id) report.id = draft.top.id;
    reports.push(report);
  }
  return reports;
}
