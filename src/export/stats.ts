// The figures of `followup stats` and the HTML report: a fold over the calls
// with memory that grows with salespeople, scripts, steps, owners, days and
// clients — never with calls.
//
// Definitions (also in docs/export.md):
// - A step is *reached* in a call when the call has a record of it, *answered*
//   when that record has an answer and was not skipped, *skipped* when marked
//   skipped. A call that did not complete *ended* at its last recorded step.
// - A next call is *agreed* when the client agreed to it during the call.
// - A next call is *made on time* when a later call to that client (any
//   outcome: an attempt counts) happened on or before its day; *late* when the
//   first later call came after it; *missed* when there is no later call and
//   its day has passed; *pending* when its day is today or later and no call
//   was made yet. On-time share = on time / (on time + late + missed).
// - A flag is *overdue* when it is still open and its due day is before today.
// Counts cover the calls in the filter; a call outside it (say, after --to)
// can still be the later call that makes an earlier next call on time.
import { OUTCOMES, type CallEntry, type Outcome } from '../journal/types.js';
import { stepKeyOf } from './csv.js';
import type { CallMatcher } from './filter.js';
import type { FlagStatusIndex } from './flag-status.js';
import { StepOrder } from './step-order.js';
import { compareText, groupKey } from '../i18n/text.js';

export const STATS_VERSION = 1;
const MAX_GAP_GROUPS_PER_STEP = 500;

export type OutcomeCounts = Record<Outcome, number>;

export interface StepFigures {
  /** `id`, or `handler.id` for a handler's step. */
  step: string;
  reached: number;
  answered: number;
  skipped: number;
  /** Calls that did not complete whose last step this was, by outcome. */
  ended: number;
  endedBy: Partial<OutcomeCounts>;
}

export interface SalespersonFigures {
  name: string;
  calls: number;
  byOutcome: OutcomeCounts;
  avgDurationSec: number | null;
  nextCalls: number;
  agreed: number;
  onTime: number;
  late: number;
  missed: number;
  flagsRaised: number;
}

export interface ScriptFigures {
  id: string;
  version: string;
  calls: number;
  byOutcome: OutcomeCounts;
  avgDurationSec: number | null;
}

export interface OwnerFigures {
  owner: string;
  opened: number;
  resolved: number;
  open: number;
  overdue: number;
}

export interface GapFigures {
  step: string;
  total: number;
  /** Grouped by normalised text (case, accents, punctuation ignored); the most frequent first. */
  groups: { text: string; count: number }[];
  /** Texts beyond the group limit, counted here. */
  ungrouped: number;
}

export interface Stats {
  version: typeof STATS_VERSION;
  /** The filter's days, inclusive (null: open-ended). */
  from: string | null;
  to: string | null;
  today: string;
  calls: number;
  byOutcome: OutcomeCounts;
  avgDurationSec: number | null;
  perDay: { day: string; calls: number }[];
  bySalesperson: SalespersonFigures[];
  byScript: ScriptFigures[];
  steps: StepFigures[];
  flags: { opened: number; resolved: number; open: number; overdue: number; byOwner: OwnerFigures[] };
  gaps: GapFigures[];
  nextCalls: {
    /** Calls that scheduled a next call. */
    scheduled: number;
    agreed: number;
    agreedShare: number | null;
    onTime: number;
    late: number;
    missed: number;
    pending: number;
    onTimeShare: number | null;
  };
}

const zeroOutcomes = (): OutcomeCounts => Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as OutcomeCounts;
const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);
const average = (sum: number, n: number) => (n > 0 ? Math.round(sum / n) : null);

interface Pending {
  time: number;
  day: string;
  /** The next call still waiting for a later call, if counted. */
  next: { date: string; salesperson: string } | null;
}

export interface StatsOptions {
  matcher: CallMatcher;
  flags: FlagStatusIndex;
  today: string;
  from?: string;
  to?: string;
}

export class StatsFold {
  private calls = 0;
  private durationSum = 0;
  private durationCount = 0;
  private readonly byOutcome = zeroOutcomes();
  private readonly perDay = new Map<string, number>();
  private readonly salespeople = new Map<string, SalespersonFigures & { durationSum: number; durationCount: number }>();
  private readonly scripts = new Map<string, ScriptFigures & { durationSum: number; durationCount: number }>();
  private readonly stepOrder = new StepOrder();
  private readonly steps = new Map<string, StepFigures>();
  private readonly owners = new Map<string, OwnerFigures>();
  private readonly gaps = new Map<string, { total: number; groups: Map<string, { text: string; count: number }>; ungrouped: number }>();
  private readonly clients = new Map<string, Pending>();
  private scheduled = 0;
  private agreed = 0;
  private onTime = 0;
  private late = 0;

  constructor(private readonly options: StatsOptions) {}

  add(call: CallEntry): void {
    const counted = this.options.matcher(call);
    const day = this.options.matcher.day(call);
    this.followUp(call, day, counted);
    if (!counted) return;
    this.calls++;
    const outcome = call.outcome;
    if (outcome in this.byOutcome) this.byOutcome[outcome]++;
    this.perDay.set(day, (this.perDay.get(day) ?? 0) + 1);
    const duration = typeof call.durationSec === 'number' && Number.isFinite(call.durationSec) ? call.durationSec : null;
    if (duration !== null) {
      this.durationSum += duration;
      this.durationCount++;
    }

    const person = this.salesperson(String(call.salesperson ?? ''));
    person.calls++;
    if (outcome in person.byOutcome) person.byOutcome[outcome]++;
    if (duration !== null) {
      person.durationSum += duration;
      person.durationCount++;
    }
    person.flagsRaised += call.flags?.length ?? 0;
    if (call.nextCall) {
      this.scheduled++;
      person.nextCalls++;
      if (call.nextCall.agreed) {
        this.agreed++;
        person.agreed++;
      }
    }

    const scriptKey = `${call.script?.id}\u0000${call.script?.version}`;
    let script = this.scripts.get(scriptKey);
    if (!script) {
      script = { id: String(call.script?.id ?? ''), version: String(call.script?.version ?? ''), calls: 0, byOutcome: zeroOutcomes(), avgDurationSec: null, durationSum: 0, durationCount: 0 };
      this.scripts.set(scriptKey, script);
    }
    script.calls++;
    if (outcome in script.byOutcome) script.byOutcome[outcome]++;
    if (duration !== null) {
      script.durationSum += duration;
      script.durationCount++;
    }

    this.addSteps(call);
    this.addFlags(call);
    for (const gap of call.gaps ?? []) this.addGap(String(gap.step ?? ''), String(gap.said ?? ''));
  }

  private salesperson(name: string) {
    let person = this.salespeople.get(name);
    if (!person) {
      person = { name, calls: 0, byOutcome: zeroOutcomes(), avgDurationSec: null, nextCalls: 0, agreed: 0, onTime: 0, late: 0, missed: 0, flagsRaised: 0, durationSum: 0, durationCount: 0 };
      this.salespeople.set(name, person);
    }
    return person;
  }

  private addSteps(call: CallEntry): void {
    const seen = new Set<string>();
    let previous: string | null = null;
    let last: string | null = null;
    for (const record of call.steps ?? []) {
      const key = stepKeyOf(record);
      previous = this.stepOrder.add(key, previous);
      last = key;
      let figures = this.steps.get(key);
      if (!figures) this.steps.set(key, (figures = { step: key, reached: 0, answered: 0, skipped: 0, ended: 0, endedBy: {} }));
      if (seen.has(key)) continue; // a handler run twice in one call counts once
      seen.add(key);
      figures.reached++;
      if (record.skipped) figures.skipped++;
      else if (record.answer !== undefined && record.answer !== null && record.answer !== '') figures.answered++;
    }
    if (last !== null && call.outcome !== 'completed') {
      const figures = this.steps.get(last)!;
      figures.ended++;
      figures.endedBy[call.outcome] = (figures.endedBy[call.outcome] ?? 0) + 1;
    }
  }

  private addFlags(call: CallEntry): void {
    for (const flag of call.flags ?? []) {
      const owner = String(flag.owner ?? '');
      let figures = this.owners.get(owner);
      if (!figures) this.owners.set(owner, (figures = { owner, opened: 0, resolved: 0, open: 0, overdue: 0 }));
      figures.opened++;
      if (this.options.flags.current(flag).status === 'resolved') figures.resolved++;
      else {
        figures.open++;
        if (typeof flag.due === 'string' && flag.due < this.options.today) figures.overdue++;
      }
    }
  }

  private addGap(step: string, said: string): void {
    let figures = this.gaps.get(step);
    if (!figures) this.gaps.set(step, (figures = { total: 0, groups: new Map(), ungrouped: 0 }));
    figures.total++;
    const key = groupKey(said);
    const group = figures.groups.get(key);
    if (group) group.count++;
    else if (figures.groups.size < MAX_GAP_GROUPS_PER_STEP) figures.groups.set(key, { text: said.trim(), count: 1 });
    else figures.ungrouped++;
  }

  /** Settles the client's previous next call against this call (see the definitions above). */
  private followUp(call: CallEntry, day: string, counted: boolean): void {
    const clientId = call.client?.id;
    if (!clientId) return;
    const time = Date.parse(call.at);
    const mine =
      counted && call.nextCall && typeof call.nextCall.date === 'string'
        ? { date: call.nextCall.date, salesperson: String(call.salesperson ?? '') }
        : null;
    const known = this.clients.get(clientId);
    if (known && time < known.time) {
      // Read out of order (a call logged afterwards): the later call is known.
      if (mine) this.settle(mine, known.day);
      return;
    }
    if (known?.next) this.settle(known.next, day);
    this.clients.set(clientId, { time, day, next: mine });
  }

  private settle(next: { date: string; salesperson: string }, laterDay: string): void {
    const person = this.salesperson(next.salesperson);
    if (laterDay <= next.date) {
      this.onTime++;
      person.onTime++;
    } else {
      this.late++;
      person.late++;
    }
  }

  result(): Stats {
    let missed = 0;
    let pending = 0;
    const missedBy = new Map<string, number>();
    for (const { next } of this.clients.values()) {
      if (!next) continue;
      if (next.date < this.options.today) {
        missed++;
        this.salesperson(next.salesperson);
        missedBy.set(next.salesperson, (missedBy.get(next.salesperson) ?? 0) + 1);
      } else pending++;
    }
    const owners = [...this.owners.values()].sort((a, b) => b.opened - a.opened || compareText(a.owner, b.owner));
    const sum = (pick: (o: OwnerFigures) => number) => owners.reduce((n, o) => n + pick(o), 0);
    return {
      version: STATS_VERSION,
      from: this.options.from ?? null,
      to: this.options.to ?? null,
      today: this.options.today,
      calls: this.calls,
      byOutcome: { ...this.byOutcome },
      avgDurationSec: average(this.durationSum, this.durationCount),
      perDay: [...this.perDay].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([day, calls]) => ({ day, calls })),
      bySalesperson: [...this.salespeople.values()]
        .filter((p) => p.calls > 0 || p.onTime + p.late + (missedBy.get(p.name) ?? 0) > 0)
        .sort((a, b) => b.calls - a.calls || compareText(a.name, b.name))
        .map(({ durationSum, durationCount, ...p }) => ({ ...p, missed: missedBy.get(p.name) ?? 0, avgDurationSec: average(durationSum, durationCount) })),
      byScript: [...this.scripts.values()]
        .sort((a, b) => compareText(a.id, b.id) || b.calls - a.calls || compareText(a.version, b.version))
        .map(({ durationSum, durationCount, ...s }) => ({ ...s, avgDurationSec: average(durationSum, durationCount) })),
      steps: this.stepOrder.keys().map((k) => this.steps.get(k)!),
      flags: { opened: sum((o) => o.opened), resolved: sum((o) => o.resolved), open: sum((o) => o.open), overdue: sum((o) => o.overdue), byOwner: owners },
      gaps: [...this.gaps]
        .map(([step, g]) => ({
          step,
          total: g.total,
          groups: [...g.groups.values()].sort((a, b) => b.count - a.count || compareText(a.text, b.text)),
          ungrouped: g.ungrouped,
        }))
        .sort((a, b) => b.total - a.total || compareText(a.step, b.step)),
      nextCalls: {
        scheduled: this.scheduled,
        agreed: this.agreed,
        agreedShare: share(this.agreed, this.scheduled),
        onTime: this.onTime,
        late: this.late,
        missed,
        pending,
        onTimeShare: share(this.onTime, this.onTime + this.late + missed),
      },
    };
  }
}

export async function computeStats(calls: AsyncIterable<CallEntry> | Iterable<CallEntry>, options: StatsOptions): Promise<Stats> {
  const fold = new StatsFold(options);
  for await (const call of calls) fold.add(call);
  return fold.result();
}
