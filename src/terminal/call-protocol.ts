// The questions a call asks, by key, and the values its menus return. The
// interactive prompter shows them; the answers-file source (src/answers/)
// answers them by key. Keeping both here keeps the two in step.
import type { FlagStatus, Outcome } from '../journal/types.js';

export const ACTIONS = ['note', 'flag', 'gap', 'back', 'skip', 'end'] as const;
export type Action = (typeof ACTIONS)[number];

export type PickupAnswer = 'yes' | 'no-answer' | 'wrong-number' | 'call-back';

export type StepChoice =
  /** An answer of the step: an option label, 'yes'/'no', a day. `flag`: the option opens the flag form. */
  | { kind: 'answer'; value: string; flag?: boolean }
  /** A step with nothing to ask: on to the next one. */
  | { kind: 'continue' }
  /** A scheduling step: agreed, on another day (asks the day). */
  | { kind: 'other-date' }
  /** An earlier flag brought up: resolved or still open. */
  | { kind: 'status'; status: FlagStatus }
  | { kind: 'action'; action: Action }
  /** From the actions menu of a typed step: back to typing the answer. */
  | { kind: 'type-answer' };

export type EndChoice = Outcome | 'cancel';

/** The owner menu's "someone else…" (then typed). */
export const OTHER_OWNER = '\u0000other';

export const KEY = {
  pickup: 'pickup',
  /** The step's own question (its `ask`), with the actions when it is a menu. */
  step: (key: string) => `step:${key}`,
  /** The actions menu of a typed step (text, scale), opened by an empty answer. */
  actions: (key: string) => `actions:${key}`,
  /** The day typed after "another day…". */
  date: (key: string) => `date:${key}`,
  note: (key: string) => `note:${key}`,
  gap: (key: string) => `gap:${key}`,
  flagText: (key: string) => `flag.text:${key}`,
  flagOwner: (key: string) => `flag.owner:${key}`,
  flagOwnerTyped: (key: string) => `flag.owner-typed:${key}`,
  flagPromise: (key: string) => `flag.promise:${key}`,
  flagDue: (key: string) => `flag.due:${key}`,
  end: (key: string) => `end:${key}`,
  review: (flagId: string) => `review:${flagId}`,
  reviewNote: (flagId: string) => `review-note:${flagId}`,
  finalNote: 'final-note',
  save: 'save',
  notSaved: 'not-saved',
} as const;

/** The part after the colon: the step key or flag id a question is about. */
export function subjectOf(questionKey: string): { kind: string; subject: string } {
  const i = questionKey.indexOf(':');
  return i < 0 ? { kind: questionKey, subject: '' } : { kind: questionKey.slice(0, i), subject: questionKey.slice(i + 1) };
}

/** The key notes and gaps of the review phase are kept under (the engine's REVIEW_KEY). */
export const REVIEW_STEP = 'review';
