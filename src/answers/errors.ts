// The answers file's error, apart from its parser (yaml and zod), which is
// loaded only when a call runs with --answers.
import { FollowupError } from '../errors.js';

export interface AnswersIssue {
  line?: number;
  col?: number;
  message: string;
}

export class AnswersFileError extends FollowupError {
  readonly file: string;
  readonly issues: AnswersIssue[];
  constructor(file: string, issues: AnswersIssue[], hint?: string) {
    const lines = issues.map((i) => `${[file, i.line, i.col].filter((p) => p !== undefined).join(':')}: ${i.message}`);
    super(lines.join('\n  '), hint ? { hint } : undefined);
    this.file = file;
    this.issues = issues;
  }
}
