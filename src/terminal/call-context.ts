// The glue between a command's Context and the call: where drafts and
// entries are stored, the call's ids (the calendar is ./calendar.ts, the
// flag records ./flag-record.ts).
import { monotonicFactory } from 'ulid';
import type { CallDraft } from '../call/index.js';
import type { Context } from '../context.js';
import { appendEntry, deleteDraft, saveDraft, type Draft } from '../journal/index.js';
import type { CallStore } from './call-runner.js';

export function callStore(ctx: Context): CallStore {
  return {
    saveDraft: (draft: CallDraft) => saveDraft(ctx.draftsDir, draft as unknown as Draft, { lang: ctx.lang }),
    deleteDraft: (clientId: string) => deleteDraft(ctx.draftsDir, clientId),
    appendEntry: async (entry) => {
      await appendEntry(ctx.journal, entry, { lang: ctx.lang });
    },
  };
}

/** ULIDs carry the time they were made at: the call's own clock, so a call logged with --at sorts where it happened. */
export function idMaker(): (at: Date) => string {
  const next = monotonicFactory();
  return (at) => next(at.getTime());
}

