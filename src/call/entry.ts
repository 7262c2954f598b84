// The journal's `call` entry from a call's state: the steps as they were
// walked, the notes put back on their steps, flags, gaps, the next call and a
// one-paragraph summary. Deterministic: the same state gives the same entry.
import { JOURNAL_VERSION, type CallEntry, type NextCall, type StepRecord } from '../journal/types.js';
import { proposalFor } from './schedule.js';
import { REVIEW_KEY } from './steps.js';
import { summarize } from './summary.js';
import { fill, scriptLang, templateVars } from './template.js';
import type { CallState, FinishOptions, NoteRecord, ReviewedFlag, Visit } from './types.js';

/** The next call as the call stands: an explicit date wins; call-back and
 * no-answer retry the same script; declined and wrong-number plan none. */
export function nextCallOf(state: CallState): NextCall | null {
  const { flow, input } = state;
  const outcome = flow.outcome ?? 'completed';
  const chosen = flow.schedule?.chosen ? flow.schedule : null;
  const next = (kind: 'next' | 'retry', date: string, agreed: boolean, at?: string): NextCall => {
    const script = kind === 'retry' ? input.script.id : input.script.next?.script;
    return { date, ...(at ? { at } : {}), ...(script ? { script } : {}), agreed, kind };
  };
  if (outcome === 'call-back' || outcome === 'no-answer') {
    if (chosen) return next('retry', chosen.date, chosen.agreed, chosen.at);
    const retry = proposalFor(state, 'retry', flow.endedAt ?? state.lastAt)!;
    return next('retry', retry.date, false, retry.at);
  }
  if (outcome === 'declined' || outcome === 'wrong-number') {
    return chosen ? next(chosen.kind, chosen.date, chosen.agreed, chosen.at) : null;
  }
  if (flow.schedule) return next(flow.schedule.kind, flow.schedule.date, flow.schedule.agreed, flow.schedule.at);
  const proposal = proposalFor(state, 'next');
  return proposal ? next('next', proposal.date, false) : null;
}

function joinNotes(notes: string[]): string | undefined {
  return notes.length > 0 ? notes.join('; ') : undefined;
}

/** The journal entry. Called on an unfinished call (a preview) it reads as ended early. */
export function finishCall(state: CallState, opts: FinishOptions): CallEntry {
  const { flow, input } = state;
  const script = input.script;
  const vars = templateVars(state, nextCallOf(state)?.date);

  // The step on screen when the call ended was shown, not walked: it counts only if noted.
  const noted = (v: Visit) => state.notes.some((n) => n.key === v.key && n.visit === v.visit);
  const shown = flow.trail.filter((v, i) => i < flow.trail.length - 1 || v.done || v.skipped || noted(v));

  const notesFor = new Map<Visit, string[]>();
  const orphans: string[] = [];
  const reviewNotes = new Map<string, string[]>();
  const reviewed = new Set(flow.reviewed.map((r) => r.flag));
  for (const note of state.notes) placeNote(note);
  function placeNote(note: NoteRecord): void {
    if (note.key === REVIEW_KEY && note.flag && reviewed.has(note.flag)) {
      reviewNotes.set(note.flag, [...(reviewNotes.get(note.flag) ?? []), note.text]);
      return;
    }
    const home =
      shown.find((v) => v.visit === note.visit && v.key === note.key) ?? shown.findLast((v) => v.key === note.key);
    if (home) notesFor.set(home, [...(notesFor.get(home) ?? []), note.text]);
    else orphans.push(`${note.key}: ${note.text}`);
  }

  const steps: StepRecord[] = shown.map((visit) => {
    const step = findStep(state, visit);
    const goal = fill(step?.goal, vars);
    const note = joinNotes(notesFor.get(visit) ?? []);
    return {
      id: visit.id,
      ...(goal ? { goal } : {}),
      ...(visit.answer !== undefined ? { answer: visit.answer } : {}),
      ...(note ? { note } : {}),
      ...(visit.skipped ? { skipped: true } : {}),
      ...(visit.handler ? { handler: visit.handler } : {}),
      ...(visit.said ? { said: visit.said } : {}),
    };
  });

  const reviewedFlags: ReviewedFlag[] = flow.reviewed.map((r) => {
    const note = joinNotes([...(r.note ? [r.note] : []), ...(reviewNotes.get(r.flag) ?? [])]);
    return { flag: r.flag, status: r.status, ...(note ? { note } : {}) };
  });
  const freeNote = typeof opts.note === 'string' ? opts.note.trim() : '';
  const note = joinNotes([...(freeNote ? [freeNote] : []), ...orphans]);
  const outcome = flow.outcome ?? 'ended-early';
  const durationSec = Math.max(0, Math.round((Date.parse(opts.endedAt) - Date.parse(input.startedAt)) / 1000)) || 0;
  const nextCall = nextCallOf(state);
  const flags = state.flags.map((flag) => ({ ...flag }));
  const gaps = state.gaps.map((gap) => ({ ...gap }));

  const summary = summarize(
    {
      outcome,
      durationSec,
      steps,
      flags,
      gaps,
      nextCall,
      reviewedFlags,
      ...(note ? { note } : {}),
      targetSec: script.targetSec,
      mainSteps: script.steps.length,
      reviewedTexts: Object.fromEntries(state.reviewFlags.map((f) => [f.id, f.text])),
    },
    scriptLang(state),
    input.calendar.timeZone,
  );

  return {
    v: JOURNAL_VERSION,
    type: 'call',
    id: opts.id,
    at: input.startedAt,
    client: input.client,
    salesperson: input.salesperson,
    script: { id: script.id, version: script.version },
    startedAt: input.startedAt,
    endedAt: opts.endedAt,
    durationSec,
    outcome,
    steps,
    flags,
    gaps,
    summary,
    nextCall,
    ...(note ? { note } : {}),
    ...(reviewedFlags.length > 0 ? { reviewedFlags } : {}),
  };
}

function findStep(state: CallState, visit: Visit) {
  const script = state.input.script;
  const steps = visit.handler ? script.handlers[visit.handler]?.steps : script.steps;
  return steps?.find((step) => step.id === visit.id);
}
