// A call from its first step to the journal: the step loop, the summary, the
// free note, "save?", the append, the draft removed, the after-call hook.
// Storage comes in as a CallStore so this module asks and shows but never
// touches files itself; the commands (call, resume) wire it to the journal.
import { applyEvent, finishCall, isFinished, toDraft, type CallDraft, type CallEventError, type CallState } from '../call/index.js';
import { isPromptExit, JournalError } from '../errors.js';
import { translator } from '../i18n/catalog.js';
import { formatDate } from '../i18n/dates.js';
import { callMessages } from '../i18n/messages/call.js';
import type { CallEntry, FlagRecord } from '../journal/types.js';
import { KEY } from './call-protocol.js';
import { CallSession } from './call-session.js';
import type { Prompter } from './prompter.js';
import { renderSummary } from './render/summary.js';
import type { RenderOptions } from './render/style.js';
import { safeText } from './safe-text.js';

export interface CallStore {
  saveDraft(draft: CallDraft): Promise<void>;
  deleteDraft(clientId: string): Promise<void>;
  appendEntry(entry: CallEntry): Promise<void>;
}

export interface RunnerOptions {
  prompter: Prompter;
  store: CallStore;
  render: RenderOptions;
  now: () => Date;
  newId: (at: Date) => string;
  /** The step screens (stdout on a terminal; nowhere for scripted runs). */
  show: (text: string) => void;
  /** The summary screen (stdout on a terminal, stderr for scripted runs). */
  showSummary: (text: string) => void;
  /** Messages (stderr). */
  say: (text: string) => void;
  /** An answers-file run: a refused event stops it. */
  scripted: boolean;
  /** Walk the script, write nothing, print the entry. */
  dryRun: boolean;
  /** The call's end when the answers file gives its duration. */
  endedAt?: string;
  /** Where the entry goes, for messages. */
  journalPath: string;
  /** Open flags of earlier calls (to name them in the summary). */
  earlierFlags: FlagRecord[];
  /** After the entry is in the journal: the after-call hook. */
  afterSave: (entry: CallEntry) => Promise<void>;
  /** --dry-run: prints the entry it would have written. */
  printEntry: (entry: CallEntry) => void;
  /** Skip the summary and the questions: a call nobody picked up is logged in one keystroke. */
  quick?: boolean;
}

export async function runCall(initial: CallState, o: RunnerOptions): Promise<number> {
  const t = translator(callMessages, o.render.lang);
  const client = initial.input.client;
  const persist = async (state: CallState) => {
    if (!o.dryRun) await o.store.saveDraft(toDraft(state));
  };
  const session = new CallSession(initial, {
    prompter: o.prompter,
    show: o.show,
    refused: (error: CallEventError) => {
      if (o.scripted) throw error;
      o.say(`${error.message}${error.hint ? ` — ${error.hint}` : ''}\n`);
    },
    render: o.render,
    now: o.now,
    newId: o.newId,
    persist,
    owners: initial.input.script.owners,
    clientName: client.name,
  });

  try {
    await persist(initial);
    for (;;) {
      const state = await session.run();
      const endedAt = o.endedAt ?? state.flow.endedAt ?? o.now().toISOString();
      if (!o.quick) {
        o.showSummary(
          `\n${renderSummary(
            {
              entry: finishCall(state, { endedAt, id: 'preview' }),
              totalSteps: state.input.script.steps.length,
              targetSec: state.input.script.targetSec,
              earlierFlags: o.earlierFlags,
            },
            o.render,
          )}`,
        );
      }
      const note = o.quick ? '' : (await o.prompter.input({ key: KEY.finalNote, message: t('summary.note') })).trim();
      const entry = finishCall(state, { endedAt, id: o.newId(new Date(endedAt)), ...(note ? { note } : {}) });
      if (o.dryRun) {
        o.say(`${t('dryRun')}\n`);
        o.printEntry(entry);
        return 0;
      }
      const save = o.quick || (await o.prompter.confirm({ key: KEY.save, message: t('summary.save'), default: true }));
      if (!save) {
        const next = await o.prompter.select<'keep' | 'discard' | 'back'>({
          key: KEY.notSaved,
          message: t('notSaved.message'),
          choices: [
            { value: 'back', name: t('notSaved.back') },
            { value: 'keep', name: t('notSaved.keep') },
            { value: 'discard', name: t('notSaved.discard') },
          ],
        });
        if (next === 'back') {
          // The engine reopens an ended call on `back`: the last step is asked again.
          await session.apply({ type: 'back', at: o.now().toISOString() });
          continue;
        }
        if (next === 'discard') {
          await o.store.deleteDraft(client.id);
          o.say(`${t('discarded')}\n`);
        } else o.say(`${t('kept', { client: resumeName(client) })}\n`);
        return 0;
      }
      await append(entry, o, t);
      return 0;
    }
  } catch (error) {
    if (isPromptExit(error) && !o.dryRun) o.say(`\n${t('interrupted', { client: resumeName(client) })}\n`);
    throw error;
  }
}

/** How `followup resume …` names the client: the id, which needs no quotes. */
function resumeName(client: { id: string }): string {
  return safeText(client.id);
}

async function append(entry: CallEntry, o: RunnerOptions, t: ReturnType<typeof translator<typeof callMessages.en>>): Promise<void> {
  try {
    await o.store.appendEntry(entry);
  } catch (error) {
    // The journal's own errors already name the file and the cause; keep their hint too.
    const message = error instanceof JournalError ? error.message : t('appendFailed', { journal: o.journalPath, message: error instanceof Error ? error.message : String(error) });
    const theirs = error instanceof JournalError && error.hint ? `${error.hint}\n  ` : '';
    throw new JournalError(message, { hint: `${theirs}${t('appendFailedHint', { client: resumeName(entry.client) })}`, cause: error });
  }
  try {
    await o.store.deleteDraft(entry.client.id);
  } catch (error) {
    o.say(`${t('draftNotDeleted', { message: error instanceof Error ? error.message : String(error) })}\n`);
  }
  const next = entry.nextCall;
  const when = next?.at ? formatDate(next.at, 'dayTime', o.render.lang, o.render.timeZone) : next ? formatDate(next.date, 'long', o.render.lang, o.render.timeZone) : '';
  const nextText = next ? ` ${t(next.kind === 'retry' ? 'savedRetry' : 'savedNext', { date: when })}` : '';
  o.say(`${t('saved', { client: safeText(entry.client.name), journal: o.journalPath })}${nextText}\n`);
  await o.afterSave(entry);
}

/** Ends a call that never got going (no answer, wrong number, call back) with its outcome. */
export function endAtPickup(state: CallState, outcome: 'no-answer' | 'wrong-number' | 'call-back', at: string): CallState {
  return isFinished(state) ? state : applyEvent(state, { type: 'end', outcome, at });
}
