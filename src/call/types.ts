// The call engine's data: what starts a call, the events that move it, the
// state they build (plain JSON, never mutated) and the view the terminal shows.
// A draft is the start input plus the event list: replaying the events through
// startCall/applyEvent rebuilds the state exactly (`followup resume`).
import type { Lang } from '../i18n/catalog.js';
import type {
  ClientInfo,
  Day,
  FlagRecord,
  FlagStatus,
  GapRecord,
  Instant,
  NextCall,
  Outcome,
} from '../journal/types.js';
import type { Script, Step } from '../script/types.js';

/** The salesperson's calendar: business-day rules and call hours use it. */
export interface CallCalendar {
  /** IANA zone, e.g. Europe/Moscow: "today" and "3 days on" are days there. */
  timeZone: string;
  /** ISO weekday numbers (1 = Monday … 7 = Sunday). */
  workingDays: number[];
  /** Public holidays and days off, YYYY-MM-DD. */
  daysOff: string[];
  /** When clients may be called, HH:MM local; an hours-based retry lands inside. */
  callHours?: { from: string; to: string };
}

export interface Salesperson {
  name: string;
  company?: string;
  phone?: string;
}

export interface StartCallInput {
  script: Script;
  client: ClientInfo;
  salesperson: string;
  me: Salesperson;
  startedAt: Instant;
  /** Flags from earlier calls: the open ones are reviewed before the first step. */
  openFlags: FlagRecord[];
  calendar: CallCalendar;
  /** The interface language (error messages). The summary uses the script's language. */
  lang: Lang;
}

/** What a flag event carries; the id comes from the event. */
export interface FlagInput {
  text: string;
  owner: string;
  promise?: string;
  due: Day;
}

interface EventBase {
  /** When it happened (ISO). */
  at: Instant;
}

/** Answers the current step: an option label, yes/no, text, a number or a date. */
export interface AnswerEvent extends EventBase {
  type: 'answer';
  value: string;
}
/** A note on the current step (or on `step`, a key like `impression` or `handle-question.resolve`). */
export interface NoteEvent extends EventBase {
  type: 'note';
  text: string;
  step?: string;
}
/** The client said something the script doesn't cover. */
export interface GapEvent extends EventBase {
  type: 'gap';
  said: string;
  step?: string;
}
export interface FlagEvent extends EventBase {
  type: 'flag';
  /** The flag's id (a ULID made by the caller, so replay keeps it). */
  id: string;
  flag: FlagInput;
  step?: string;
}
/** An open flag from an earlier call brought up: resolved, or still open. */
export interface ReviewFlagEvent extends EventBase {
  type: 'review-flag';
  flag: string;
  status: FlagStatus;
  note?: string;
}
export interface BackEvent extends EventBase {
  type: 'back';
}
export interface SkipEvent extends EventBase {
  type: 'skip';
}
export interface EndEvent extends EventBase {
  type: 'end';
  outcome: Outcome;
}
/** Sets the next call's date (overrides the proposal); `time` HH:MM for a call-back at a set hour. */
export interface ScheduleEvent extends EventBase {
  type: 'schedule';
  date: Day;
  agreed: boolean;
  time?: string;
}

export type CallEvent =
  | AnswerEvent
  | NoteEvent
  | GapEvent
  | FlagEvent
  | ReviewFlagEvent
  | BackEvent
  | SkipEvent
  | EndEvent
  | ScheduleEvent;

export type CallEventType = CallEvent['type'];

/** A position in the script: a main step (no handler) or a handler's step. */
export interface Frame {
  handler?: string;
  index: number;
}

/** A step as it was shown during the call. The last one is the current step. */
export interface Visit {
  /** `id` for a main step, `handler.id` for a handler's step. */
  key: string;
  id: string;
  handler?: string;
  /** Monotonic number of the visit: notes made during it stay with it. */
  visit: number;
  answer?: string;
  /** Answered (also a step with nothing to ask, passed with an empty answer). */
  done?: boolean;
  skipped?: boolean;
  /** The option's own words, said after it was chosen. */
  said?: string;
  /** The answer a `back` took away: offered again as the default. */
  previousAnswer?: string;
}

export interface ScheduleChoice {
  kind: 'next' | 'retry';
  date: Day;
  /** ISO instant for a call at a set time (hours-based retry, or a schedule event's time). */
  at?: Instant;
  agreed: boolean;
  /** True when the date came from a `schedule` event or a date answer, not the proposal. */
  chosen: boolean;
}

/** The flag form the terminal should open, prefilled from the script's template. */
export interface FlagPrefill {
  step: string;
  text?: string;
  owner?: string;
  promise?: string;
  due: Day;
}

/** Shown with the next view: the chosen option's words, and a flag form to open. */
export interface Pending {
  say?: string;
  flag?: FlagPrefill;
}

export interface ReviewedFlag {
  flag: string;
  status: FlagStatus;
  note?: string;
}

/** The part of the state that `back` rewinds. Notes, gaps and flags are never undone. */
export interface Flow {
  phase: 'review' | 'steps' | 'ended';
  /** Index into the open flags under review. */
  review: number;
  reviewed: ReviewedFlag[];
  trail: Visit[];
  /** Where the current step is; null outside the steps phase. */
  cursor: Frame | null;
  /** Where each running handler returns to (the step after its caller). */
  stack: Frame[];
  schedule: ScheduleChoice | null;
  outcome: Outcome | null;
  /** When the `end` event came. */
  endedAt: Instant | null;
  pending: Pending | null;
}

export interface NoteRecord {
  key: string;
  /** A note made while an earlier flag was under review: it joins that review's note. */
  flag?: string;
  /** The visit it was made during (0 in the review phase). */
  visit: number;
  text: string;
  at: Instant;
}

export interface CallState {
  v: 1;
  input: StartCallInput;
  /** The open flags under review (status open), in order. */
  reviewFlags: FlagRecord[];
  flow: Flow;
  /** The flow before each step-moving event, newest last: what `back` returns to. */
  history: Flow[];
  notes: NoteRecord[];
  flags: FlagRecord[];
  gaps: GapRecord[];
  /** Visits so far (never rewound, so each visit has its own number). */
  visits: number;
  /** The latest event's time (the view's clock when none is given). */
  lastAt: Instant;
  /** Every accepted event, in order: the draft's event list. */
  log: CallEvent[];
}

export interface Timing {
  elapsedSec: number;
  targetSec: number;
  /** Past 80 % of the target: a gentle hint to wrap up. */
  nearTarget: boolean;
  overTarget: boolean;
}

export interface OptionView {
  label: string;
  /** The option's words, filled. */
  say?: string;
  goto?: string;
  outcome?: Outcome;
  /** Choosing it opens the flag form. */
  flag: boolean;
}

/** The next call a `schedules` step proposes, and what is agreed so far. */
export interface ProposalView {
  kind: 'next' | 'retry';
  /** From the script's `next.in` / `retry.in`. */
  date: Day;
  at?: Instant;
  /** The duration as written, e.g. "3 days". */
  rule: string;
  script?: string;
  /** A `schedule` event's or an answer's date, if one was given. */
  chosen?: ScheduleChoice;
}

interface ViewBase {
  timing: Timing;
  pending: Pending | null;
  canGoBack: boolean;
  /** Notes made at this position so far. */
  notes: string[];
}

export interface ReviewView extends ViewBase {
  kind: 'review';
  flag: FlagRecord;
  /** 1-based. */
  index: number;
  total: number;
}

/** The step's words (templates filled), its ask and scale. */
export interface StepView extends ViewBase, Pick<Step, 'id' | 'goal' | 'say' | 'tone' | 'expect' | 'ask' | 'scale'> {
  kind: 'step';
  key: string;
  options: OptionView[];
  /** 1-based index of the main step (a handler's steps show their caller's). */
  index: number;
  total: number;
  handler?: { name: string; goal?: string };
  proposal?: ProposalView;
  /** The answer `back` took away, to offer again. */
  previousAnswer?: string;
}

export type CallView = ReviewView | StepView;

/** What `followup resume` needs: the start input without the script (reloaded by id) and the events.
 * (src/journal/drafts.ts stores it as its `Draft`.) */
export interface CallDraft extends Omit<StartCallInput, 'script'> {
  v: 1;
  clientId: string;
  scriptId: string;
  scriptVersion: string;
  events: CallEvent[];
}

export interface FinishOptions {
  endedAt: Instant;
  id: string;
  note?: string;
}

export type { NextCall };
