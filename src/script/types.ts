// The resolved, validated call script: what the loader returns and the call
// engine walks. The YAML format (the trainers' contract) is in DESIGN.md and
// README; this is its shape after `extends` is applied and values are parsed.
import type { Outcome } from '../journal/types.js';

export type AskType = 'none' | 'text' | 'yesno' | 'choice' | 'scale' | 'date';

export type DurationUnit = 'minutes' | 'hours' | 'days' | 'business-days' | 'weeks';
export interface Duration {
  amount: number;
  unit: DurationUnit;
  /** As written, e.g. "3 business days". */
  text: string;
}

/** A flag template on an option or step: opens the flag form prefilled. */
export interface FlagTemplate {
  text?: string;
  owner?: string;
  promise?: string;
  due?: Duration;
}

export interface StepOption {
  label: string;
  /** Words to say when this option is chosen. */
  say?: string;
  /** A step id or a handler name. A handler returns to the step after the caller. */
  goto?: string;
  /** Ends the call with this outcome (call-back also schedules `retry`). */
  outcome?: Outcome;
  flag?: FlagTemplate;
}

export interface Step {
  id: string;
  goal?: string;
  say?: string;
  tone?: string;
  expect?: string;
  ask: AskType;
  options?: StepOption[];
  /** For ask: scale. */
  scale?: { min: number; max: number };
  /** yes → the next call per `next` (or `retry`); the date can be edited. */
  schedules?: 'next' | 'retry';
  /** Unconditional jump after this step (a step id or handler). */
  goto?: string;
  /** Ends the call after this step with this outcome. */
  outcome?: Outcome;
  flag?: FlagTemplate;
}

export interface Handler {
  goal?: string;
  steps: Step[];
}

export interface SourceInfo {
  /** The file the script was loaded from; `extends` chains list every file. */
  file: string;
  /** 'user' | 'env' | 'flag' | 'builtin': which search-path folder it came from. */
  origin: 'flag' | 'env' | 'user' | 'builtin' | 'file';
  files: string[];
}

export interface Script {
  id: string;
  title: string;
  language: string;
  /** The id this script extends, as written. */
  extends?: string;
  /** Target length in seconds. */
  targetSec: number;
  /** Declared method pattern; `seven-steps` turns on the method linter's seven-step checks. */
  pattern?: 'seven-steps';
  /** Which call of the sequence: the linter forbids referral requests in a first call. */
  call?: 'first' | 'later';
  vars: Record<string, string>;
  next?: { in: Duration; script?: string };
  retry?: { in: Duration };
  owners: string[];
  steps: Step[];
  handlers: Record<string, Handler>;
  /** Content hash of the resolved script (stable across formatting-only edits of the YAML). */
  version: string;
  source: SourceInfo;
}
