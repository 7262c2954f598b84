// The call engine: a pure state machine over a call script. No I/O, no clock
// of its own (times come in on the events), no terminal. The state is plain
// JSON; a draft (the start input + the events) replays to the same state.
//
//   let state = startCall(input);
//   state = applyEvent(state, { type: 'answer', value: 'Remembers', at });
//   currentView(state, now)  → what to show now (null once the call has ended)
//   finishCall(state, { endedAt, id }) → the journal's `call` entry
export { startCall, applyEvent, applyEvents, isFinished, pendingPrompt } from './engine.js';
export { currentView } from './view.js';
export { finishCall, nextCallOf } from './entry.js';
export { summarize, type SummaryInput } from './summary.js';
export { toDraft, resumeDraft, replayCall } from './draft.js';
export {
  proposeDate,
  proposeNext,
  isWorkingDay,
  dayOf,
  type ProposedCall,
} from './dates.js';
export { parseDateInput, type ParseDateOptions } from './parse-date.js';
export { CallEventError, type CallEngineErrorCode } from './errors.js';
export type * from './types.js';
