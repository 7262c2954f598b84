// The glue between a command's Context and the call: where drafts and
// entries are stored, how screens are rendered, the salesperson's calendar.
import { monotonicFactory } from 'ulid';
import type { CallCalendar, CallDraft } from '../call/index.js';
import { DEFAULT_WORKING_DAYS } from '../config/keys.js';
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

export function calendarOf(ctx: Context): CallCalendar {
  return {
    timeZone: ctx.timeZone,
    workingDays: ctx.config.workingDays ?? DEFAULT_WORKING_DAYS,
    daysOff: ctx.config.daysOff ?? [],
    ...(ctx.config.callHours ? { callHours: ctx.config.callHours } : {}),
  };
}

/** ULIDs carry the time they were made at: the call's own clock, so a call logged with --at sorts where it happened. */
export function idMaker(): (at: Date) => string {
  const next = monotonicFactory();
  return (at) => next(at.getTime());
}

export { plainFlag } from './flag-record.js';
