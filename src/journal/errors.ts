// The journal's failures, as typed errors the CLI boundary maps to exit 1.
// A caller that must not lose data (the call command) keeps its draft on any
// JournalError: JournalIoError for the file system, JournalBusyError (from
// src/errors.ts) when another process holds the lock.
import { JournalError } from '../errors.js';
import { translator, type Lang } from '../i18n/catalog.js';
import { journalMessages } from '../i18n/messages/journal.js';

export type JournalOperation = 'append' | 'read' | 'lock' | 'repair' | 'draft';

const CAUSES: Record<string, keyof typeof journalMessages.en> = {
  ENOSPC: 'cause.ENOSPC',
  EDQUOT: 'cause.ENOSPC',
  EROFS: 'cause.EROFS',
  EACCES: 'cause.EACCES',
  EPERM: 'cause.EACCES',
  EISDIR: 'cause.EISDIR',
  ENOTDIR: 'cause.ENOTDIR',
  EIO: 'cause.EIO',
  ESHORT: 'cause.ESHORT',
  EMFILE: 'cause.EMFILE',
  ENFILE: 'cause.EMFILE',
};

const HINTS: Record<string, keyof typeof journalMessages.en> = {
  ENOSPC: 'hint.ENOSPC',
  EDQUOT: 'hint.ENOSPC',
  EROFS: 'hint.EROFS',
  EACCES: 'hint.EACCES',
  EPERM: 'hint.EACCES',
  EISDIR: 'hint.EISDIR',
  ENOTDIR: 'hint.ENOTDIR',
};

/** A file-system failure on a journal, draft, lock or quarantine file. The
 * message names the path and the cause in the user's language. */
export class JournalIoError extends JournalError {
  readonly path: string;
  readonly code: string | undefined;
  readonly operation: JournalOperation;
  constructor(operation: JournalOperation, path: string, cause: unknown, lang: Lang = 'en') {
    const t = translator(journalMessages, lang);
    const code = errorCode(cause);
    const causeText = code && CAUSES[code] ? t(CAUSES[code]) : cause instanceof Error ? cause.message : String(cause);
    super(t(`error.${operation}`, { path, cause: code ? `${causeText} (${code})` : causeText }), {
      cause,
      hint: code && HINTS[code] ? t(HINTS[code], { path }) : undefined,
    });
    this.path = path;
    this.code = code;
    this.operation = operation;
  }
}

export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string'
    ? (error as { code: string }).code
    : undefined;
}

export function isCode(error: unknown, ...codes: string[]): boolean {
  const code = errorCode(error);
  return code !== undefined && codes.includes(code);
}
