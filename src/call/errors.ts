// The engine's one error type. An event the engine can't accept (an answer
// that isn't one of the options, `back` at the first step, …) throws a
// CallEventError and leaves the state as it was: the terminal shows the
// message and asks again; an answers file run reports it and stops.
import { FollowupError } from '../errors.js';
import { translator, type Lang, type Params } from '../i18n/catalog.js';
import { callEngineMessages, type CallEngineErrorCode } from './messages.js';

export type { CallEngineErrorCode };

export class CallEventError extends FollowupError {
  readonly code: CallEngineErrorCode;
  readonly params: Params;
  constructor(code: CallEngineErrorCode, lang: Lang, params: Params = {}) {
    const t = translator(callEngineMessages, lang);
    const hintKey = `${code}.hint` as const;
    const hint = hintKey in callEngineMessages.en ? t(hintKey as keyof typeof callEngineMessages.en, params) : undefined;
    super(t(code, params), hint ? { hint } : undefined);
    this.code = code;
    this.params = params;
  }
}
