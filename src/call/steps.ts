// Steps and their answers: where a frame points, and what an answer of each
// `ask` type may be.
import type { Instant } from '../journal/types.js';
import type { Script, Step, StepOption } from '../script/types.js';
import { isDay } from './dates.js';
import { CallEventError } from './errors.js';
import { parseDateInput } from './parse-date.js';
import type { Frame, StartCallInput } from './types.js';

export const DEFAULT_SCALE = { min: 1, max: 10 } as const;

/** The key of notes, gaps and flags made while earlier flags are reviewed, before the first step. */
export const REVIEW_KEY = 'review';

export function stepAt(script: Script, frame: Frame): Step | undefined {
  const steps = frame.handler ? script.handlers[frame.handler]?.steps : script.steps;
  return steps?.[frame.index];
}

/** `id` for a main step, `handler.id` for a handler's (as in answers files). */
export function keyOf(step: Step, handler: string | undefined): string {
  return handler ? `${handler}.${step.id}` : step.id;
}

/** Labels compare without case, extra spaces or the ё/е difference. */
export function sameLabel(a: string, b: string): boolean {
  const norm = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase().replace(/ё/g, 'е');
  return norm(a) === norm(b);
}

const YES = new Set(['yes', 'y', 'да', 'д', 'true', 'ok', 'ок', 'agreed', 'согласен', 'согласна', 'хорошо']);
const NO = new Set(['no', 'n', 'нет', 'н', 'false']);

export interface CheckedAnswer {
  /** What the journal records; undefined for a step with nothing to ask. */
  answer?: string;
  option?: StepOption;
}

/** Checks a value against the step's `ask`; a wrong one throws and names the step. */
export function validateAnswer(step: Step, key: string, raw: string, at: Instant, input: StartCallInput): CheckedAnswer {
  const lang = input.lang;
  const value = raw.trim();
  const options = step.options ?? [];
  switch (step.ask ?? 'none') {
    case 'none':
      return value ? { answer: value } : {};
    case 'text':
      if (!value) throw new CallEventError('empty-answer', lang, { step: key });
      return { answer: value, ...optionFor(options, value) };
    case 'yesno': {
      const word = value.toLowerCase();
      const answer = YES.has(word) ? 'yes' : NO.has(word) ? 'no' : undefined;
      if (!answer) throw new CallEventError('not-yes-no', lang, { step: key, value });
      // A yes/no step may carry options labelled yes/no (да/нет) to attach a goto or an outcome.
      const option = options.find((o) => (YES.has(o.label.trim().toLowerCase()) ? 'yes' : NO.has(o.label.trim().toLowerCase()) ? 'no' : '') === answer);
      return { answer, ...(option ? { option } : {}) };
    }
    case 'choice': {
      let option = options.find((o) => sameLabel(o.label, value));
      if (!option && /^\d{1,3}$/.test(value)) option = options[Number(value) - 1];
      if (!option) {
        throw new CallEventError('unknown-option', lang, { step: key, value, options: options.map((o) => o.label).join(', ') });
      }
      return { answer: option.label, option };
    }
    case 'scale': {
      const { min, max } = step.scale ?? DEFAULT_SCALE;
      const n = /^[+-]?\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
      if (!(n >= min && n <= max)) throw new CallEventError('not-in-scale', lang, { step: key, value, min, max });
      return { answer: String(n), ...optionFor(options, String(n)) };
    }
    case 'date': {
      const day = isDay(value) ? value : parseDateInput(value, { now: at, timeZone: input.calendar.timeZone, lang });
      if (!day) throw new CallEventError('not-a-date', lang, { step: key, value });
      return { answer: day };
    }
  }
  // An `ask` the loader would have refused: record what was said rather than crash mid-call.
  return value ? { answer: value } : {};
}

/** A text or scale step may still list options (e.g. a scale's "1" → a handler). */
function optionFor(options: StepOption[], value: string): { option?: StepOption } {
  const option = options.find((o) => sameLabel(o.label, value));
  return option ? { option } : {};
}
