// What the terminal shows now: an earlier flag under review, or a step with
// its words filled, its options, its place in the call and the clock.
import { nextDay } from './engine.js';
import { proposalFor } from './schedule.js';
import { DEFAULT_SCALE, REVIEW_KEY, stepAt } from './steps.js';
import { fill, templateVars } from './template.js';
import type { CallState, CallView, OptionView, ProposalView, Timing } from './types.js';

/** Share of the target after which the view says the call is running long. */
const NEAR_TARGET = 0.8;

export function timing(state: CallState, now: Date | string | undefined): Timing {
  const clock = now === undefined ? state.lastAt : now;
  const nowMs = typeof clock === 'string' ? Date.parse(clock) : clock.getTime();
  const elapsedSec = Math.max(0, Math.floor((nowMs - Date.parse(state.input.startedAt)) / 1000)) || 0;
  const targetSec = state.input.script.targetSec ?? 0;
  return {
    elapsedSec,
    targetSec,
    nearTarget: targetSec > 0 && elapsedSec >= targetSec * NEAR_TARGET && elapsedSec <= targetSec,
    overTarget: targetSec > 0 && elapsedSec > targetSec,
  };
}

/** The view of the call now, or null once it has ended. `now` drives the clock
 * (the latest event's time when omitted). */
export function currentView(state: CallState, now?: Date | string): CallView | null {
  const { flow, input } = state;
  const base = {
    timing: timing(state, now),
    pending: flow.pending,
    canGoBack: state.history.length > 0,
  };
  if (flow.phase === 'review') {
    const flag = state.reviewFlags[flow.review];
    if (!flag) return null;
    const notes = state.notes.filter((n) => n.key === REVIEW_KEY && n.flag === flag.id).map((n) => n.text);
    return { kind: 'review', ...base, notes, flag, index: flow.review + 1, total: state.reviewFlags.length };
  }
  const frame = flow.cursor;
  const step = frame && flow.phase === 'steps' ? stepAt(input.script, frame) : undefined;
  const visit = flow.trail[flow.trail.length - 1];
  if (!frame || !step || !visit) return null;

  const vars = templateVars(state, nextDay(state));
  const options: OptionView[] = (step.options ?? []).map((option) => {
    const say = fill(option.say, vars);
    return {
      label: option.label,
      ...(say ? { say } : {}),
      ...(option.goto ? { goto: option.goto } : {}),
      ...(option.outcome ? { outcome: option.outcome } : {}),
      flag: Boolean(option.flag),
    };
  });
  let proposal: ProposalView | undefined;
  if (step.schedules) {
    const proposed = proposalFor(state, step.schedules, state.lastAt);
    const script = step.schedules === 'next' ? input.script.next?.script : input.script.id;
    const chosen = flow.schedule?.kind === step.schedules && flow.schedule.chosen ? flow.schedule : undefined;
    if (proposed || chosen) {
      proposal = {
        kind: step.schedules,
        date: proposed?.date ?? chosen!.date,
        ...(proposed?.at ? { at: proposed.at } : {}),
        rule: proposed?.rule ?? '',
        ...(script ? { script } : {}),
        ...(chosen ? { chosen } : {}),
      };
    }
  }
  const handler = frame.handler ? input.script.handlers[frame.handler] : undefined;
  // A handler's steps count as their caller's: the outermost return point is the step after it.
  const mainIndex = frame.handler ? (flow.stack.find((f) => !f.handler)?.index ?? 1) - 1 : frame.index;
  const say = fill(step.say, vars);
  const tone = fill(step.tone, vars);
  const expect = fill(step.expect, vars);
  return {
    kind: 'step',
    ...base,
    notes: state.notes.filter((n) => n.visit === visit.visit && n.key === visit.key).map((n) => n.text),
    key: visit.key,
    id: step.id,
    ...(step.goal ? { goal: fill(step.goal, vars)! } : {}),
    ...(say ? { say } : {}),
    ...(tone ? { tone } : {}),
    ...(expect ? { expect } : {}),
    ask: step.ask ?? 'none',
    options,
    ...(step.ask === 'scale' ? { scale: step.scale ?? { ...DEFAULT_SCALE } } : {}),
    index: Math.max(0, mainIndex) + 1,
    total: input.script.steps.length,
    ...(frame.handler ? { handler: { name: frame.handler, ...(handler?.goal ? { goal: handler.goal } : {}) } } : {}),
    ...(proposal ? { proposal } : {}),
    ...(visit.previousAnswer !== undefined ? { previousAnswer: visit.previousAnswer } : {}),
  };
}
