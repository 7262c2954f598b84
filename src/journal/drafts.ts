// Drafts: a call in progress, saved after every step so Ctrl+C, a crash or a
// full disk never loses it. One file per client, `<drafts>/<client id>.json`,
// 0600 in a 0700 folder, replaced atomically (see atomic.ts for why not
// write-file-atomic).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Lang } from '../i18n/catalog.js';
import { writeFileAtomic } from './atomic.js';
import type { ClientInfo, Instant } from './types.js';
import { nodeFs, type FsLayer } from './fs-layer.js';
import { isCode, JournalIoError } from './errors.js';
import { ensurePrivateDir } from './privacy.js';

/** A call in progress (shape owned by the call engine, TEAM.md "C → E").
 * Replaying `events` through startCall/applyEvent reproduces the call. */
export interface Draft<Event = unknown> {
  v: 1;
  clientId: string;
  client: ClientInfo;
  scriptId: string;
  scriptVersion: string;
  salesperson: string;
  startedAt: Instant;
  events: Event[];
  [extra: string]: unknown;
}

/** An id with nothing to escape (the usual slug): the Unicode classes below cost ~0.3 ms to compile. */
const PLAIN_ID = /^[a-z0-9_-][a-z0-9._-]*$/;

/** The draft's file: the client id made safe as a file name. */
export function draftPathFor(draftsDir: string, clientId: string): string {
  const safe = PLAIN_ID.test(clientId)
    ? clientId
    : clientId.replace(/[^\p{L}\p{N}._-]/gu, (ch) => `%${ch.codePointAt(0)!.toString(16)}`).replace(/^\./, '%2e');
  return path.join(draftsDir, `${safe || '%'}.json`);
}

export async function saveDraft(draftsDir: string, draft: Draft, options: { lang?: Lang; fs?: FsLayer } = {}): Promise<void> {
  const file = draftPathFor(draftsDir, draft.clientId);
  const fs = options.fs ?? nodeFs;
  try {
    await ensurePrivateDir(fs, draftsDir);
    await writeFileAtomic(fs, file, Buffer.from(`${JSON.stringify(draft, null, 2)}\n`, 'utf8'));
  } catch (error) {
    throw new JournalIoError('draft', file, error, options.lang);
  }
}

/** The client's draft, or null. A draft that can't be parsed is an error
 * naming the file (never deleted: it may be the only copy of a call). */
export async function loadDraft(draftsDir: string, clientId: string, options: { lang?: Lang } = {}): Promise<Draft | null> {
  const file = draftPathFor(draftsDir, clientId);
  let text: string;
  try {
    // Drafts are read synchronously (small files, before the call's first question):
    // a process's first asynchronous file call starts libuv's four worker threads,
    // and each one is a round trip to them.
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (isCode(error, 'ENOENT')) return null;
    throw new JournalIoError('read', file, error, options.lang);
  }
  return parseDraft(file, text, options.lang);
}

function parseDraft(file: string, text: string, lang?: Lang): Draft {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new JournalIoError('read', file, error, lang);
  }
  const draft = value as Draft;
  if (typeof draft !== 'object' || draft === null || typeof draft.clientId !== 'string' || !Array.isArray(draft.events)) {
    throw new JournalIoError('read', file, new Error('not a followup draft'), lang);
  }
  return draft;
}

const isDraftFile = (name: string) => name.endsWith('.json') && !name.startsWith('.');

/** Every draft, oldest first. Unreadable ones are passed to `onDamaged` (and kept on disk). */
export async function listDrafts(
  draftsDir: string,
  options: { lang?: Lang; onDamaged?: (file: string, error: JournalIoError) => void } = {},
): Promise<Draft[]> {
  let names: string[];
  try {
    names = readdirSync(draftsDir);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return [];
    throw new JournalIoError('read', draftsDir, error, options.lang);
  }
  const drafts: Draft[] = [];
  for (const name of names.filter(isDraftFile).sort()) {
    const file = path.join(draftsDir, name);
    try {
      drafts.push(parseDraft(file, readFileSync(file, 'utf8'), options.lang));
    } catch (error) {
      const failure = error instanceof JournalIoError ? error : new JournalIoError('read', file, error, options.lang);
      if (options.onDamaged) options.onDamaged(file, failure);
      else throw failure;
    }
  }
  return drafts.sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
}

/** Removes the client's draft (after its call reached the journal). */
export async function deleteDraft(draftsDir: string, clientId: string, options: { lang?: Lang } = {}): Promise<void> {
  const file = draftPathFor(draftsDir, clientId);
  try {
    await nodeFs.unlink(file);
  } catch (error) {
    if (!isCode(error, 'ENOENT')) throw new JournalIoError('draft', file, error, options.lang);
  }
}
