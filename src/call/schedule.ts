// The next call a call proposes: `next.in` from the call's start, or `retry.in`
// (two hours when the script gives none) from when the call ended.
import type { Instant } from '../journal/types.js';
import type { Duration } from '../script/types.js';
import { proposeNext, type ProposedCall } from './dates.js';
import type { CallState } from './types.js';

export const DEFAULT_RETRY: Duration = { amount: 2, unit: 'hours', text: '2 hours' };

export function proposalFor(s: CallState, kind: 'next' | 'retry', at?: Instant): (ProposedCall & { rule: string }) | null {
  const { script, calendar, startedAt } = s.input;
  if (kind === 'next') {
    if (!script.next?.in) return null;
    return { ...proposeNext(startedAt, script.next.in, calendar), rule: script.next.in.text };
  }
  const rule = script.retry?.in ?? DEFAULT_RETRY;
  return { ...proposeNext(at ?? s.flow.endedAt ?? s.lastAt, rule, calendar), rule: rule.text };
}
