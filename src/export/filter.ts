// Which calls an export, the stats or the report take: days (inclusive, in
// the user's time zone), salesperson, client (id or name, ignoring case and
// accents), outcome, script, and calls with flags still open.
import { OUTCOMES, type CallEntry, type Outcome } from '../journal/types.js';
import type { OpenFlagCounter } from './flag-status.js';
import { foldText } from '../i18n/text.js';
import type { ZoneClock } from './zone.js';

export interface CallFilter {
  /** Inclusive days, 'YYYY-MM-DD' in the user's zone. */
  from?: string;
  to?: string;
  salesperson?: string;
  client?: string;
  outcomes?: Outcome[];
  scripts?: string[];
  openFlags?: boolean;
}

export function isOutcome(value: string): value is Outcome {
  return (OUTCOMES as readonly string[]).includes(value);
}

/** Splits `a,b` lists given to --outcome and --script. */
export function listOption(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  return items.length > 0 ? items : undefined;
}

export interface CallMatcher {
  /** Does the call pass every filter? */
  (call: CallEntry): boolean;
  /** Only the people/script filters, not days or flags (used by the calendar). */
  who(call: CallEntry): boolean;
  /** The call's day in the user's zone. */
  day(call: CallEntry): string;
}

/** `real`: the calls' strings are byte strings (byte-strings.ts), turned into real text where they are compared. */
export function callMatcher(filter: CallFilter, clock: ZoneClock, flags: OpenFlagCounter, real?: (text: string) => string): CallMatcher {
  const text = real ?? ((s: string) => s);
  const salesperson = filter.salesperson === undefined ? undefined : foldText(filter.salesperson);
  const client = filter.client === undefined ? undefined : foldText(filter.client);
  const outcomes = filter.outcomes ? new Set<string>(filter.outcomes) : undefined;
  const scripts = filter.scripts ? new Set(filter.scripts) : undefined;
  const day = (call: CallEntry) => clock.day(text(call.at ?? call.startedAt));

  function who(call: CallEntry): boolean {
    if (salesperson !== undefined && !foldText(text(String(call.salesperson ?? ''))).includes(salesperson)) return false;
    if (client !== undefined) {
      const id = foldText(text(String(call.client?.id ?? '')));
      const name = foldText(text(String(call.client?.name ?? '')));
      if (id !== client && !name.includes(client)) return false;
    }
    if (outcomes && !outcomes.has(call.outcome)) return false;
    if (scripts && !scripts.has(typeof call.script?.id === 'string' ? text(call.script.id) : call.script?.id)) return false;
    return true;
  }

  const matcher = ((call: CallEntry) => {
    if (filter.from !== undefined || filter.to !== undefined) {
      const d = day(call);
      if (filter.from !== undefined && d < filter.from) return false;
      if (filter.to !== undefined && d > filter.to) return false;
    }
    if (!who(call)) return false;
    if (filter.openFlags && flags.openFlagCount(call, real) === 0) return false;
    return true;
  }) as CallMatcher;
  matcher.who = who;
  matcher.day = day;
  return matcher;
}
