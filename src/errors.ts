// Typed errors. Only the CLI's error boundary (src/cli.ts) turns them into an
// exit code and a message; nothing else calls process.exit.

export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  journalDamaged: 3,
  interrupted: 130,
} as const;

export class FollowupError extends Error {
  readonly exitCode: number = EXIT.failure;
  /** One line that tells the user how to fix it, printed after the message. */
  hint?: string;
  constructor(message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    if (options?.hint) this.hint = options.hint;
  }
}

/** Wrong flags, missing arguments, an interactive command without a TTY. */
export class UsageError extends FollowupError {
  override readonly exitCode: number = EXIT.usage;
}

export interface ScriptIssue {
  file: string;
  line?: number;
  col?: number;
  message: string;
  hint?: string;
  severity: 'error' | 'warning';
  /** Machine-readable rule name, e.g. `unknown-key`, `method/seven-steps`. */
  rule?: string;
}

/** A call script that cannot be loaded. Carries every issue found, not just the first. */
export class ScriptError extends FollowupError {
  readonly issues: ScriptIssue[];
  constructor(issues: ScriptIssue[]) {
    const first = issues[0];
    super(first ? formatIssue(first) : 'invalid script');
    this.issues = issues;
  }
}

export function formatIssue(issue: ScriptIssue): string {
  const where = [issue.file, issue.line, issue.col].filter((p) => p !== undefined).join(':');
  const tail = issue.hint ? ` — ${issue.hint}` : '';
  return `${where}: ${issue.severity === 'warning' ? 'warning: ' : ''}${issue.message}${tail}`;
}

export class JournalError extends FollowupError {}

/** Another process holds the journal lock for longer than we wait. */
export class JournalBusyError extends JournalError {}

/** `journal check` found damaged lines. */
export class JournalDamagedError extends JournalError {
  override readonly exitCode: number = EXIT.journalDamaged;
}

export class NotFoundError extends FollowupError {}

/** The user stopped the program (Ctrl+C outside a prompt). */
export class InterruptedError extends FollowupError {
  override readonly exitCode: number = EXIT.interrupted;
}

/** inquirer rejects with ExitPromptError on Ctrl+C; matched by name so the
 * boundary doesn't have to import inquirer. */
export function isPromptExit(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError');
}
