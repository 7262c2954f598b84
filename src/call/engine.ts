// The call as a state machine. applyEvent never mutates its input: it copies
// the parts it changes (the flow deeply, the lists shallowly — old entries are
// never touched again) and returns the new state. Every refusal is a
// CallEventError thrown before anything is returned, so a refused event leaves
// the caller's state as it was.
import { OUTCOMES, type FlagStatus, type Instant, type Outcome } from '../journal/types.js';
import type { FlagTemplate, Step, StepOption } from '../script/types.js';
import { isKnownTimeZone } from '../time/zone-offset.js';
import { dayOf, proposeNext } from './dates.js';
import { CallEventError } from './errors.js';
import { proposalFor } from './schedule.js';
import { REVIEW_KEY, keyOf, stepAt, validateAnswer } from './steps.js';
import { fill, templateVars } from './template.js';
import { checkDay, checkInstant, checkTime, knownKey, currentKey } from './validate.js';
import type {
  CallEvent,
  CallState,
  FlagPrefill,
  Flow,
  Frame,
  Pending,
  StartCallInput,
} from './types.js';

export function startCall(input: StartCallInput): CallState {
  checkStart(input);
  const reviewFlags = input.openFlags.filter((flag) => flag.status === 'open');
  const state: CallState = {
    v: 1,
    input,
    reviewFlags,
    flow: {
      phase: 'review',
      review: 0,
      reviewed: [],
      trail: [],
      cursor: null,
      stack: [],
      schedule: null,
      outcome: null,
      endedAt: null,
      pending: null,
    },
    history: [],
    notes: [],
    flags: [],
    gaps: [],
    visits: 0,
    lastAt: input.startedAt,
    log: [],
  };
  settleReview(state, input.startedAt);
  return state;
}

function checkStart(input: StartCallInput): void {
  const lang = input.lang === 'ru' ? 'ru' : 'en';
  const fail = (reason: string): never => {
    throw new CallEventError('bad-start', lang, { reason });
  };
  if (!input.script || !Array.isArray(input.script.steps)) fail('the script has no steps');
  if (!input.script.handlers || typeof input.script.handlers !== 'object') fail('the script has no handlers table');
  if (!Array.isArray(input.openFlags)) fail('openFlags is not a list');
  if (!input.calendar || !Array.isArray(input.calendar.workingDays) || !Array.isArray(input.calendar.daysOff)) {
    fail('the calendar needs timeZone, workingDays and daysOff');
  }
  if (Number.isNaN(Date.parse(input.startedAt))) fail(`startedAt «${input.startedAt}» is not a date and time`);
  if (typeof input.calendar.timeZone !== 'string' || !isKnownTimeZone(input.calendar.timeZone)) fail(`unknown time zone «${input.calendar.timeZone}»`);
}

export function isFinished(state: CallState): boolean {
  return state.flow.phase === 'ended';
}

/** The chosen option's words and the flag form to open, if any — also after the call has ended. */
export function pendingPrompt(state: CallState): Pending | null {
  return state.flow.pending;
}

export function applyEvents(state: CallState, events: readonly CallEvent[]): CallState {
  return events.reduce(applyEvent, state);
}

export function applyEvent(state: CallState, event: CallEvent): CallState {
  const lang = state.input.lang;
  if (!event || typeof event !== 'object') throw new CallEventError('unknown-event', lang, { value: String(event) });
  checkInstant(event.at, lang);
  const next: CallState = {
    ...state,
    flow: structuredClone(state.flow),
    history: [...state.history],
    notes: [...state.notes],
    flags: [...state.flags],
    gaps: [...state.gaps],
    log: [...state.log, event],
    lastAt: event.at,
  };
  switch (event.type) {
    case 'answer':
      answer(next, state.flow, String(event.value ?? ''), event.at);
      break;
    case 'skip':
      skip(next, state.flow, event.at);
      break;
    case 'end':
      end(next, state.flow, event.outcome, event.at);
      break;
    case 'back':
      back(next, state.flow);
      break;
    case 'review-flag':
      reviewFlag(next, state.flow, event.flag, event.status, event.note, event.at);
      break;
    case 'note':
      addNote(next, event.text, event.step, event.at);
      break;
    case 'gap':
      addGap(next, event.said, event.step);
      break;
    case 'flag':
      addFlag(next, event);
      break;
    case 'schedule':
      schedule(next, event.date, event.agreed, event.time);
      break;
    default:
      throw new CallEventError('unknown-event', lang, { value: String((event as { type?: unknown }).type) });
  }
  return next;
}

// ── moving through the script ────────────────────────────────────────────

/** Starts a step-moving event: `back` can return to the flow as it was. */
function checkpoint(s: CallState, before: Flow): void {
  s.history.push(before);
  s.flow.pending = null;
}

function refuseIfEnded(s: CallState): void {
  if (s.flow.phase === 'ended') throw new CallEventError('finished', s.input.lang);
}

/** Moves to the first unreviewed flag, or on to the script's first step. */
function settleReview(s: CallState, at: Instant): void {
  const flow = s.flow;
  if (flow.phase !== 'review') return;
  const done = new Set(flow.reviewed.map((r) => r.flag));
  while (flow.review < s.reviewFlags.length && done.has(s.reviewFlags[flow.review]!.id)) flow.review++;
  if (flow.review >= s.reviewFlags.length) {
    flow.phase = 'steps';
    moveTo(s, { index: 0 }, at);
  }
}

/** Makes `frame` the current step; past a handler's end returns to its caller,
 * past the script's end the call is complete. */
function moveTo(s: CallState, frame: Frame, at: Instant): void {
  const script = s.input.script;
  let target = frame;
  while (!stepAt(script, target)) {
    const back = target.handler ? s.flow.stack.pop() : undefined;
    if (!back) {
      finish(s, 'completed', at);
      return;
    }
    target = back;
  }
  const step = stepAt(script, target)!;
  s.flow.cursor = { ...target };
  s.visits += 1;
  s.flow.trail.push({
    key: keyOf(step, target.handler),
    id: step.id,
    ...(target.handler ? { handler: target.handler } : {}),
    visit: s.visits,
  });
}

function finish(s: CallState, outcome: Outcome, at: Instant): void {
  s.flow.phase = 'ended';
  s.flow.outcome = outcome;
  s.flow.endedAt = at;
  s.flow.cursor = null;
  s.flow.stack = [];
}

/** A goto: a handler runs and returns after the caller; a step id jumps there. */
function jump(s: CallState, target: string, from: Frame, at: Instant): void {
  const script = s.input.script;
  const after: Frame = { ...(from.handler ? { handler: from.handler } : {}), index: from.index + 1 };
  // The loader's order (src/script/flow.ts), and it refuses ambiguous names:
  // a step of the running handler, a main step, then a handler.
  if (from.handler) {
    const index = script.handlers[from.handler]!.steps.findIndex((step) => step.id === target);
    if (index >= 0) return moveTo(s, { handler: from.handler, index }, at);
  }
  const index = script.steps.findIndex((step) => step.id === target);
  if (index >= 0) {
    // Jumping to a main step leaves any running handler for good.
    s.flow.stack = [];
    return moveTo(s, { index }, at);
  }
  if (Object.hasOwn(script.handlers, target)) {
    s.flow.stack.push(after);
    return moveTo(s, { handler: target, index: 0 }, at);
  }
  // An unknown target is a load-time error; a live call carries on rather than stall.
  moveTo(s, after, at);
}

/** After a step: the option's (else the step's) outcome or goto, else the next step. */
function proceed(s: CallState, step: Step, frame: Frame, option: StepOption | undefined, at: Instant): void {
  const outcome = option?.outcome ?? (option?.goto ? undefined : step.outcome);
  const goto = option?.goto ?? (option?.outcome ? undefined : step.goto);
  if (outcome) finish(s, outcome, at);
  else if (goto) jump(s, goto, frame, at);
  else moveTo(s, { ...(frame.handler ? { handler: frame.handler } : {}), index: frame.index + 1 }, at);
}

function current(s: CallState): { step: Step; frame: Frame } {
  refuseIfEnded(s);
  const frame = s.flow.cursor;
  const step = frame ? stepAt(s.input.script, frame) : undefined;
  if (!frame || !step) throw new CallEventError('nothing-to-answer', s.input.lang);
  return { step, frame };
}

function answer(s: CallState, before: Flow, value: string, at: Instant): void {
  const { step, frame } = current(s);
  const key = keyOf(step, frame.handler);
  const { answer: recorded, option } = validateAnswer(step, key, value, at, s.input);
  checkpoint(s, before);
  const visit = s.flow.trail[s.flow.trail.length - 1]!;
  delete visit.previousAnswer;
  visit.done = true;
  if (recorded !== undefined) visit.answer = recorded;
  const said = option?.say ? fill(option.say, templateVars(s, nextDay(s))) : undefined;
  if (said) visit.said = said;
  if (step.schedules) agreeSchedule(s, step, recorded, at);
  const template = option?.flag ?? step.flag;
  proceed(s, step, frame, option, at);
  const pending: Pending = {
    ...(said ? { say: said } : {}),
    ...(template ? { flag: prefill(s, template, key, at) } : {}),
  };
  if (pending.say || pending.flag) s.flow.pending = pending;
}

/** The answer at a `schedules` step: yes agrees the proposed (or chosen) date, no doesn't. */
function agreeSchedule(s: CallState, step: Step, recorded: string | undefined, at: Instant): void {
  const kind = step.schedules!;
  const chosen = s.flow.schedule?.chosen && s.flow.schedule.kind === kind ? s.flow.schedule : null;
  if (step.ask === 'date' && recorded) {
    s.flow.schedule = { kind, date: recorded, agreed: true, chosen: true };
    return;
  }
  const agreed = step.ask === 'yesno' ? recorded === 'yes' : true;
  if (chosen) {
    s.flow.schedule = { ...chosen, agreed };
    return;
  }
  const proposal = proposalFor(s, kind, at);
  s.flow.schedule = proposal ? { kind, ...proposal, agreed, chosen: false } : null;
}

/** The next call's day as {{next.date}} shows it: agreed or chosen, else proposed. */
export function nextDay(s: CallState): string | undefined {
  return s.flow.schedule?.date ?? proposalFor(s, 'next')?.date;
}

function prefill(s: CallState, template: FlagTemplate, step: string, at: Instant): FlagPrefill {
  const vars = templateVars(s, nextDay(s));
  const due = proposeNext(at, template.due ?? { amount: 1, unit: 'business-days', text: '1 business day' }, s.input.calendar);
  const text = fill(template.text, vars);
  const promise = fill(template.promise, vars);
  return {
    step,
    ...(text ? { text } : {}),
    ...(template.owner ? { owner: template.owner } : {}),
    ...(promise ? { promise } : {}),
    due: due.date,
  };
}

function skip(s: CallState, before: Flow, at: Instant): void {
  refuseIfEnded(s);
  if (s.flow.phase === 'review') {
    checkpoint(s, before);
    s.flow.review += 1;
    settleReview(s, at);
    return;
  }
  const { step, frame } = current(s);
  checkpoint(s, before);
  const visit = s.flow.trail[s.flow.trail.length - 1]!;
  delete visit.previousAnswer;
  visit.skipped = true;
  // A skipped step still ends the call or jumps where the script says; it opens no flag form.
  proceed(s, step, frame, undefined, at);
}

function end(s: CallState, before: Flow, outcome: Outcome, at: Instant): void {
  refuseIfEnded(s);
  if (!(OUTCOMES as readonly string[]).includes(outcome)) {
    throw new CallEventError('unknown-outcome', s.input.lang, { value: String(outcome) });
  }
  checkpoint(s, before);
  finish(s, outcome, at);
}

function back(s: CallState, before: Flow): void {
  const restored = s.history.pop();
  if (!restored) throw new CallEventError('no-previous-step', s.input.lang);
  s.flow = structuredClone(restored);
  s.flow.pending = null;
  // Offer the answer that was taken away as the default.
  const visit = s.flow.trail[s.flow.trail.length - 1];
  const undone = visit && before.trail.find((v) => v.visit === visit.visit)?.answer;
  if (visit && undone !== undefined && s.flow.phase !== 'ended') visit.previousAnswer = undone;
}

function reviewFlag(
  s: CallState,
  before: Flow,
  flagId: string,
  status: FlagStatus,
  note: string | undefined,
  at: Instant,
): void {
  refuseIfEnded(s);
  const lang = s.input.lang;
  if (!s.reviewFlags.some((flag) => flag.id === flagId)) throw new CallEventError('unknown-flag', lang, { flag: String(flagId) });
  if (status !== 'open' && status !== 'resolved') throw new CallEventError('unknown-status', lang, { value: String(status) });
  checkpoint(s, before);
  const text = typeof note === 'string' ? note.trim() : '';
  const record = { flag: flagId, status, ...(text ? { note: text } : {}) };
  const i = s.flow.reviewed.findIndex((r) => r.flag === flagId);
  if (i >= 0) s.flow.reviewed[i] = record;
  else s.flow.reviewed.push(record);
  settleReview(s, at);
}

// ── things said at any step ──────────────────────────────────────────────

function requireText(s: CallState, text: unknown, kind: string): string {
  const value = typeof text === 'string' ? text.trim() : '';
  if (!value) throw new CallEventError('empty-text', s.input.lang, { kind });
  return value;
}

function addNote(s: CallState, text: string, step: string | undefined, at: Instant): void {
  const value = requireText(s, text, 'note');
  const key = step === undefined ? currentKey(s, REVIEW_KEY) : knownKey(s, step, REVIEW_KEY);
  const visit = [...s.flow.trail].reverse().find((v) => v.key === key)?.visit ?? 0;
  const flag = key === REVIEW_KEY && s.flow.phase === 'review' ? s.reviewFlags[s.flow.review]?.id : undefined;
  s.notes.push({ key, ...(flag ? { flag } : {}), visit, text: value, at });
}

function addGap(s: CallState, said: string, step: string | undefined): void {
  const value = requireText(s, said, 'gap');
  const key = step === undefined ? currentKey(s, REVIEW_KEY) : knownKey(s, step, REVIEW_KEY);
  s.gaps.push({ step: key, said: value });
}

function addFlag(s: CallState, event: Extract<CallEvent, { type: 'flag' }>): void {
  const lang = s.input.lang;
  const id = typeof event.id === 'string' ? event.id.trim() : '';
  const input = event.flag ?? ({} as Partial<typeof event.flag>);
  const text = typeof input.text === 'string' ? input.text.trim() : '';
  const owner = typeof input.owner === 'string' ? input.owner.trim() : '';
  const promise = typeof input.promise === 'string' ? input.promise.trim() : '';
  if (!id || !text || !owner || typeof input.due !== 'string') throw new CallEventError('flag-incomplete', lang);
  checkDay(input.due, lang);
  if (s.flags.some((f) => f.id === id) || s.reviewFlags.some((f) => f.id === id)) {
    throw new CallEventError('duplicate-flag', lang, { flag: id });
  }
  // A flag made from the form an option opened belongs to that option's step.
  const key =
    event.step !== undefined
      ? knownKey(s, event.step, REVIEW_KEY)
      : (s.flow.pending?.flag?.step ?? currentKey(s, REVIEW_KEY));
  s.flags.push({ id, step: key, text, owner, ...(promise ? { promise } : {}), due: input.due, status: 'open' });
  if (s.flow.pending?.flag) {
    const { flag: _done, ...rest } = s.flow.pending;
    s.flow.pending = rest.say ? rest : null;
  }
}

function schedule(s: CallState, date: string, agreed: boolean, time: string | undefined): void {
  const lang = s.input.lang;
  checkDay(date, lang);
  const { calendar } = s.input;
  const callDay = dayOf(s.input.startedAt, calendar.timeZone);
  if (date < callDay) throw new CallEventError('date-in-past', lang, { day: callDay, value: date });
  const moment = time === undefined ? undefined : checkTime(date, time, calendar.timeZone, lang);
  const step = s.flow.cursor ? stepAt(s.input.script, s.flow.cursor) : undefined;
  const outcome = s.flow.outcome;
  const kind =
    step?.schedules ?? (outcome === 'call-back' || outcome === 'no-answer' ? 'retry' : s.flow.schedule?.kind ?? 'next');
  s.flow.schedule = { kind, date, ...(moment ? { at: moment } : {}), agreed: Boolean(agreed), chosen: true };
}
