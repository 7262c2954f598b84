// Drafts: the start input without the script, plus the events. Saved after
// every event by the terminal; `followup resume` replays it.
import type { Script } from '../script/types.js';
import { applyEvents, startCall } from './engine.js';
import { CallEventError } from './errors.js';
import type { CallDraft, CallEvent, CallState, StartCallInput } from './types.js';

export function toDraft(state: CallState): CallDraft {
  const { script, ...start } = state.input;
  return {
    v: 1,
    clientId: start.client.id,
    scriptId: script.id,
    scriptVersion: script.version,
    ...start,
    events: state.log,
  };
}

/** Replays the events on a fresh call: the same state the live call had. */
export function replayCall(input: StartCallInput, events: readonly CallEvent[]): CallState {
  return applyEvents(startCall(input), events);
}

/** Rebuilds a call from its draft and the (reloaded) script. A script whose
 * content changed since the call began is refused unless `allowChanged`:
 * the terminal asks first, since answers may no longer fit its steps. */
export function resumeDraft(draft: CallDraft, script: Script, opts: { allowChanged?: boolean } = {}): CallState {
  if (script.id !== draft.scriptId) {
    throw new CallEventError('script-mismatch', draft.lang, { script: script.id, expected: draft.scriptId });
  }
  if (script.version !== draft.scriptVersion && !opts.allowChanged) {
    throw new CallEventError('script-changed', draft.lang, { script: script.id });
  }
  const { client, salesperson, me, startedAt, openFlags, calendar, lang } = draft;
  return replayCall({ script, client, salesperson, me, startedAt, openFlags, calendar, lang }, draft.events);
}
