// Checks on the values events carry: times, days, step keys.
import type { Lang } from '../i18n/catalog.js';
import { atTimeOfDay, isDay } from './dates.js';
import { CallEventError } from './errors.js';
import { keyOf } from './steps.js';
import type { CallState } from './types.js';

const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

export function checkInstant(value: unknown, lang: Lang): void {
  if (typeof value !== 'string' || !INSTANT_RE.test(value) || Number.isNaN(Date.parse(value))) {
    throw new CallEventError('bad-instant', lang, { value: String(value) });
  }
}

export function checkDay(value: unknown, lang: Lang): void {
  if (typeof value !== 'string' || !isDay(value)) throw new CallEventError('bad-day', lang, { value: String(value) });
}

/** HH:MM on a day in the zone → the instant (ISO, Z). */
export function checkTime(day: string, value: unknown, timeZone: string, lang: Lang): string {
  const m = typeof value === 'string' ? /^(\d{1,2}):(\d{2})$/.exec(value.trim()) : null;
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new CallEventError('bad-time', lang, { value: String(value) });
  return atTimeOfDay(day, Number(m[1]) * 60 + Number(m[2]), timeZone).toISOString();
}

/** The key of the step on screen (the step the call ended at, once ended). */
export function currentKey(s: CallState, reviewKey: string): string {
  if (s.flow.phase === 'review') return reviewKey;
  return s.flow.trail[s.flow.trail.length - 1]?.key ?? reviewKey;
}

/** A step key an event names: a main step's id, `handler.step`, or the review. */
export function knownKey(s: CallState, key: unknown, reviewKey: string): string {
  const script = s.input.script;
  if (key === reviewKey) return reviewKey;
  if (typeof key === 'string') {
    if (script.steps.some((step) => step.id === key)) return key;
    for (const [name, handler] of Object.entries(script.handlers)) {
      if (handler.steps.some((step) => keyOf(step, name) === key)) return key;
    }
  }
  throw new CallEventError('unknown-step', s.input.lang, { step: String(key), script: script.id });
}
