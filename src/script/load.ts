// Loading a script: read → parse YAML → schema → resolve `extends` → checks →
// the typed Script. Every stage reports into one list of issues; nothing
// throws until the end, where errors become one ScriptError carrying all.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { ScriptError, type ScriptIssue } from '../errors.js';
import type { Lang } from '../i18n/catalog.js';
import { checkDraft, flowOf } from './check.js';
import { parseDuration, parseTarget } from './duration.js';
import { didYouMean, IssueSink, sortIssues } from './issues.js';
import { lintDraft } from './lint.js';
import { applyScript, emptyDraft, reportPlacementWithoutExtends, type Draft, type DraftStep } from './resolve.js';
import type { RawFlag, RawOption } from './schema.js';
import { scanScriptFiles, type Origin, type ScriptFile, type SearchOptions } from './search.js';
import { locate, readScriptSource } from './source.js';
import type { FlagTemplate, Script, Step, StepOption } from './types.js';
import { validateRaw } from './validate-raw.js';

export interface LoadOptions extends SearchOptions {
  /** The language of issue messages (default en). */
  lang?: Lang;
  /** Where resolved scripts are kept between runs (./cache.ts); none without it. */
  cacheDir?: string;
}

/** The default target: the method's three minutes. */
export const DEFAULT_TARGET_SEC = 180;

interface DraftResult {
  draft?: Draft;
  issues: ScriptIssue[];
}

/** One loading session: the search path scanned once, each file read once. */
export class ScriptLoader {
  private files?: Promise<ScriptFile[]>;
  private readonly drafts = new Map<string, Promise<DraftResult>>();

  /** `files`: the search path when the caller has just scanned it. */
  constructor(
    readonly opts: LoadOptions,
    files?: ScriptFile[],
  ) {
    if (files) this.files = Promise.resolve(files);
  }

  scriptFiles(): Promise<ScriptFile[]> {
    this.files ??= scanScriptFiles(this.opts);
    return this.files;
  }

  /** The file an id resolves to, skipping `exclude` (a script extending a
   * script of its own id gets the next one down the search path). */
  async resolveId(id: string, exclude?: string): Promise<ScriptFile | undefined> {
    const candidates = (await this.scriptFiles()).filter((f) => f.id === id);
    if (exclude === undefined) return candidates[0];
    const own = candidates.findIndex((f) => f.file === exclude);
    return own >= 0 ? candidates[own + 1] : candidates.find((f) => f.file !== exclude);
  }

  /** The draft of a file with `extends` applied; `stack` holds the files being resolved. */
  draftOf(file: string, stack: string[] = []): Promise<DraftResult> {
    const key = path.resolve(file);
    let result = this.drafts.get(key);
    if (!result) {
      result = this.buildDraft(key, stack);
      this.drafts.set(key, result);
    }
    return result;
  }

  private async buildDraft(file: string, stack: string[]): Promise<DraftResult> {
    const sink = new IssueSink(file, this.opts.lang);
    const source = await readScriptSource(file, sink);
    if (!source) return { issues: sink.issues };
    const raw = validateRaw(source, sink);
    if (!raw) return { issues: sink.issues };
    if (raw.extends === undefined) {
      reportPlacementWithoutExtends(raw, source, sink);
      return { draft: applyScript(emptyDraft(source), raw, source, sink), issues: sink.issues };
    }
    const extendsAt = locate(source, ['extends']);
    const base = await this.resolveId(raw.extends, raw.extends === raw.id ? file : undefined);
    if (!base && raw.extends === raw.id) {
      sink.error(extendsAt, 'extends.cycle', { chain: `${path.basename(file)} → ${path.basename(file)}` });
      return { issues: sink.issues };
    }
    if (!base) {
      const ids = [...new Set((await this.scriptFiles()).map((f) => f.id))];
      const suggestion = didYouMean(raw.extends, ids);
      sink.error(extendsAt, 'extends.missing', { base: raw.extends, suggestion }, suggestion ? 'extends.missing.suggest' : undefined);
      return { issues: sink.issues };
    }
    if (base.file === file || stack.includes(base.file)) {
      const start = base.file === file ? [file] : stack.slice(stack.indexOf(base.file));
      const chain = [...start, ...(base.file === file ? [] : [file]), base.file].map((f) => path.basename(f)).join(' → ');
      sink.error(extendsAt, 'extends.cycle', { chain });
      return { issues: sink.issues };
    }
    const parent = await this.draftOf(base.file, [...stack, file]);
    const baseErrors = parent.issues.filter((i) => i.severity === 'error');
    if (!parent.draft || baseErrors.length > 0) {
      sink.error(extendsAt, 'extends.baseInvalid', { base: raw.extends, file: base.file });
      return { issues: [...sink.issues, ...baseErrors] };
    }
    return { draft: applyScript(parent.draft, raw, source, sink), issues: sink.issues };
  }

  /** Everything about one file: its draft (if it resolves) and all issues. */
  async inspect(file: string, options: { lint?: boolean } = {}): Promise<{ draft?: Draft; issues: ScriptIssue[] }> {
    const { draft, issues } = await this.draftOf(file);
    const sink = new IssueSink(path.resolve(file), this.opts.lang, [...issues]);
    if (draft && sink.errorCount === 0) {
      const knownIds = new Set((await this.scriptFiles()).map((f) => f.id));
      checkDraft(draft, sink, { knownIds });
      if (options.lint && sink.errorCount === 0) lintDraft(draft, flowOf(draft), sink);
    }
    return { draft, issues: dedupe(sink.issues) };
  }

  async load(file: string, origin: Origin): Promise<Script> {
    const { draft, issues } = await this.inspect(file);
    const errors = issues.filter((i) => i.severity === 'error');
    if (!draft || errors.length > 0) throw new ScriptError(sortIssues(errors));
    return buildScript(draft, origin);
  }
}

function dedupe(issues: ScriptIssue[]): ScriptIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.file}:${i.line}:${i.col}:${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function flagOf(raw: RawFlag | undefined): FlagTemplate | undefined {
  if (!raw) return undefined;
  return clean({ text: raw.text, owner: raw.owner, promise: raw.promise, due: raw.due === undefined ? undefined : parseDuration(raw.due) });
}

function optionOf(raw: RawOption): StepOption {
  return clean({ label: raw.label, say: raw.say, goto: raw.goto, outcome: raw.outcome, flag: flagOf(raw.flag) });
}

function stepOf({ step }: DraftStep): Step {
  return clean({
    id: step.id,
    goal: step.goal,
    say: step.say,
    tone: step.tone,
    expect: step.expect,
    ask: step.ask ?? 'none',
    options: step.options?.map(optionOf),
    scale: step.scale ? { min: step.scale.min, max: step.scale.max } : undefined,
    schedules: step.schedules,
    goto: step.goto,
    outcome: step.outcome,
    flag: flagOf(step.flag),
  });
}

/** Drops undefined fields, so the object (and its hash) has only what was given. */
function clean<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Key-sorted JSON: the hash ignores key order and YAML formatting. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export function buildScript(draft: Draft, origin: Origin): Script {
  const top = draft.top;
  const body = clean({
    id: top.id!,
    title: top.title!,
    language: top.language!,
    extends: top.extends,
    targetSec: top.target === undefined ? DEFAULT_TARGET_SEC : parseTarget(top.target),
    pattern: top.pattern,
    call: top.call,
    vars: { ...draft.vars },
    next: top.next?.in === undefined ? undefined : clean({ in: parseDuration(top.next.in), script: top.next.script }),
    retry: top.retry?.in === undefined ? undefined : { in: parseDuration(top.retry.in) },
    owners: [...(top.owners ?? [])],
    steps: draft.steps.map(stepOf),
    handlers: Object.fromEntries(
      [...draft.handlers].map(([name, h]) => [name, clean({ goal: h.goal, steps: h.steps.map(stepOf) })]),
    ),
  });
  const version = createHash('sha256').update(canonical(body)).digest('hex').slice(0, 16);
  return { ...body, version, source: { file: draft.source.file, origin, files: draft.files } };
}
