// Collecting issues: every check reports into a sink instead of throwing, so
// `scripts validate` shows all of them at once. Messages come from the
// catalog by key (the key is also the issue's `rule`), in the user's language.
import { closest, distance } from 'fastest-levenshtein';
import type { ScriptIssue } from '../errors.js';
import { translator, type Lang, type Params } from '../i18n/catalog.js';
import { scriptIssueMessages, type ScriptIssueKey } from '../i18n/messages/scripts.js';

export interface Position {
  line: number;
  col: number;
}

type HintKey = ScriptIssueKey | false;

export class IssueSink {
  readonly t: (key: ScriptIssueKey, params?: Params) => string;
  constructor(
    readonly file: string,
    readonly lang: Lang = 'en',
    readonly issues: ScriptIssue[] = [],
  ) {
    this.t = translator(scriptIssueMessages, lang);
  }

  /** A sink for another file that adds to the same list. */
  forFile(file: string): IssueSink {
    return new IssueSink(file, this.lang, this.issues);
  }

  error(pos: Position | undefined, key: ScriptIssueKey, params: Params = {}, hint?: HintKey): void {
    this.add('error', pos, key, params, hint);
  }

  warning(pos: Position | undefined, key: ScriptIssueKey, params: Params = {}, hint?: HintKey): void {
    this.add('warning', pos, key, params, hint);
  }

  /** The issue is reported at `pos` in `file` (a base script's step, say). */
  at(file: string): IssueSink {
    return file === this.file ? this : this.forFile(file);
  }

  get errorCount(): number {
    return this.issues.filter((i) => i.severity === 'error').length;
  }

  private add(severity: ScriptIssue['severity'], pos: Position | undefined, key: ScriptIssueKey, params: Params, hint?: HintKey) {
    const hintKey = hint === undefined ? (`${key}.hint` as ScriptIssueKey) : hint;
    const hintText = hintKey && hintKey in scriptIssueMessages.en ? this.t(hintKey, params) : undefined;
    // Method rules share one rule name across their variants: method/seven-steps.order → method/seven-steps.
    const rule = key.startsWith('method/') ? key.split('.')[0]! : key;
    const issue: ScriptIssue = { file: this.file, severity, rule, message: this.t(key, params) };
    if (pos) {
      issue.line = pos.line;
      issue.col = pos.col;
    }
    if (hintText) issue.hint = hintText;
    this.issues.push(issue);
  }
}

/** The closest candidate when it is close enough to be a typo. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(word, candidates as string[]);
  // Short words get two edits (so a swap like sya → say counts), long ones three.
  const limit = word.length <= 2 ? 1 : word.length <= 7 ? 2 : 3;
  return distance(word.toLowerCase(), best.toLowerCase()) <= limit ? best : undefined;
}

/** Sorts issues by file, line, column: the order a person fixes them in. */
export function sortIssues(issues: ScriptIssue[]): ScriptIssue[] {
  return [...issues].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.col ?? 0) - (b.col ?? 0),
  );
}
