// The journal's entries (contract with managers and other tools; see
// DESIGN.md and README). JSON Lines, append-only, state is a fold over entries.
// Unknown fields of newer entries are kept when entries are copied or exported.

export const JOURNAL_VERSION = 1;

export const OUTCOMES = ['completed', 'call-back', 'no-answer', 'declined', 'wrong-number', 'ended-early'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** 'YYYY-MM-DD' in the salesperson's time zone. */
export type Day = string;
/** ISO 8601 instant with Z. */
export type Instant = string;

export interface ClientInfo {
  /** Stable slug, e.g. "andrey-ivanovich". */
  id: string;
  name: string;
  phone?: string;
  product?: string;
  /** When the purchase was handed over / delivered (ISO instant). */
  deliveredAt?: Instant;
  /** The script this client's next call should use. */
  script?: string;
  [extra: string]: unknown;
}

export type FlagStatus = 'open' | 'resolved';

export interface FlagRecord {
  id: string;
  step: string;
  text: string;
  owner: string;
  promise?: string;
  due: Day;
  status: FlagStatus;
  note?: string;
}

export interface StepRecord {
  id: string;
  goal?: string;
  /** The answer as recorded: option label, 'yes'/'no', text, number, or a day. */
  answer?: string;
  note?: string;
  skipped?: boolean;
  /** Set for a handler's steps: the handler's name. */
  handler?: string;
  /** What the salesperson actually said when an option had its own `say`. */
  said?: string;
}

export interface GapRecord {
  step: string;
  said: string;
}

export interface NextCall {
  date: Day;
  script?: string;
  agreed: boolean;
  /** 'next' (the script's next call) or 'retry' (call-back, no answer). */
  kind?: 'next' | 'retry';
  /** A call at a set time (ISO instant): an hours-based retry, or a time the client named. */
  at?: Instant;
}

export interface CallEntry {
  v: number;
  type: 'call';
  id: string;
  at: Instant;
  client: ClientInfo;
  salesperson: string;
  script: { id: string; version: string };
  startedAt: Instant;
  endedAt: Instant;
  durationSec: number;
  outcome: Outcome;
  steps: StepRecord[];
  flags: FlagRecord[];
  gaps: GapRecord[];
  summary: string;
  nextCall: NextCall | null;
  /** The salesperson's free note at the end of the call. */
  note?: string;
  /** Flags from earlier calls brought up in this call, and what became of them. */
  reviewedFlags?: { flag: string; status: FlagStatus; note?: string }[];
  [extra: string]: unknown;
}

/** A later change to a flag (resolved from `flags resolve` or during a call). */
export interface FlagUpdateEntry {
  v: number;
  type: 'flag';
  id: string;
  at: Instant;
  flag: string;
  status: FlagStatus;
  note?: string;
  [extra: string]: unknown;
}

export type JournalEntry = CallEntry | FlagUpdateEntry;
