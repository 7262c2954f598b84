// What a call does once the client picked up (or didn't): the engine, the
// step screens, the journal and the hook. Loaded by ./call.ts while the
// "picked up?" question waits for its answer, so that question shows sooner.
import { startCall, type CallCalendar, type CallState } from '../call/index.js';
import type { AnswersSource } from '../answers/source.js';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { translator } from '../i18n/catalog.js';
import { callMessages } from '../i18n/messages/call.js';
import type { FlagRecord } from '../journal/types.js';
import { callStore, idMaker } from '../terminal/call-context.js';
import type { PickupAnswer } from '../terminal/call-protocol.js';
import { endAtPickup, runCall, type RunnerOptions } from '../terminal/call-runner.js';
import type { Prompter } from '../terminal/prompter.js';
import { renderOptions } from '../terminal/render/style.js';
import type { StartArgs } from './call.js';

export interface AfterPickup extends Omit<StartArgs, 'startedAt'> {
  prompter: Prompter;
  pickup: PickupAnswer;
  /** ISO: when the call started. */
  startedAt: string;
  calendar: CallCalendar;
  openFlags: FlagRecord[];
  source?: AnswersSource;
}

/** "2m50s", "171s", "3m", "1:30" → seconds. */
function durationSec(text: string): number | undefined {
  const clock = /^(\d+):([0-5]\d)$/.exec(text.trim());
  if (clock) return Number(clock[1]) * 60 + Number(clock[2]);
  const parts = /^(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s(?:ec)?)?$/i.exec(text.trim());
  if (parts && (parts[1] || parts[2])) return Number(parts[1] ?? 0) * 60 + Number(parts[2] ?? 0);
  if (/^\d+$/.test(text.trim())) return Number(text.trim());
  return undefined;
}

export async function continueAfterPickup(ctx: Context, a: AfterPickup): Promise<number> {
  const t = translator(callMessages, ctx.lang);
  const { prompter, pickup, startedAt, calendar, openFlags, source } = a;
  const me = { name: a.salesperson, ...(ctx.config.company ? { company: ctx.config.company } : {}), ...(ctx.config.phone ? { phone: ctx.config.phone } : {}) };
  let state: CallState = startCall({ script: a.script, client: a.client, salesperson: a.salesperson, me, startedAt, openFlags, calendar, lang: ctx.lang });
  if (pickup !== 'yes') state = endAtPickup(state, pickup, a.now().toISOString());

  const seconds = a.answers?.duration !== undefined ? durationSec(a.answers.duration) : undefined;
  if (a.answers?.duration !== undefined && seconds === undefined) throw new UsageError(`${a.answers.file}: duration: "${a.answers.duration}" — use e.g. 2m50s, 171s or 2:51`);
  const code = await runCall(state, {
    ...runnerOptions(ctx, prompter, a.now, Boolean(a.answers), a.dryRun),
    earlierFlags: openFlags,
    quick: pickup !== 'yes',
    ...(seconds !== undefined ? { endedAt: new Date(Date.parse(startedAt) + seconds * 1000).toISOString() } : {}),
  });
  const unused = source?.unused() ?? [];
  if (unused.length > 0) ctx.io.err(`${t('answersUnused', { file: a.answers!.file, list: unused.join(', ') })}\n`);
  return code;
}

/** What call and resume share: storage, rendering and the hook. */
export function runnerOptions(ctx: Context, prompter: Prompter, now: () => Date, scripted: boolean, dryRun: boolean): Omit<RunnerOptions, 'earlierFlags'> {
  return {
    prompter,
    store: callStore(ctx),
    render: renderOptions(ctx),
    now,
    newId: idMaker(),
    // A scripted run shows only its summary, on stderr; a terminal shows every step.
    show: scripted ? () => undefined : (text) => ctx.io.out(`${text}\n`),
    showSummary: scripted ? (text) => ctx.io.err(`${text}\n`) : (text) => ctx.io.out(`${text}\n`),
    say: (text) => ctx.io.err(text),
    scripted,
    dryRun,
    journalPath: ctx.journal,
    afterSave: async (entry) => {
      await (await import('../hooks/after-call.js')).runAfterCallHook(ctx, entry);
    },
    printEntry: (entry) => ctx.io.out(`${JSON.stringify(entry, null, 2)}\n`),
  };
}
