// The control flow of a script, for the loader (unreachable steps, loops with
// no way out) and the method linter (a goodbye on every completing path,
// every path ends in an outcome).
//
// Semantics (shared with the call engine): after a step, an option's
// `outcome` ends the call, else its `goto` jumps; else the step's `outcome`
// ends the call, else the step's `goto` jumps; else the next step follows.
// Options of a yes/no, text or scale step apply when the answer matches their
// label. Past the last main step the call ends (completed, implicitly). A goto
// names a handler (it runs, then the call resumes after the step that went to
// it), a step of the current handler, or a main step (leaving the handler);
// the loader refuses names that are ambiguous.

export interface FlowStep {
  id: string;
  outcome?: string;
  goto?: string;
  ask?: string;
  options?: { outcome?: string; goto?: string }[];
}

export interface FlowScript {
  steps: FlowStep[];
  handlers: Map<string, FlowStep[]>;
}

/** Where a step can lead. `main` leaves a handler for a main step. */
export type Successor =
  | { kind: 'step'; index: number }
  | { kind: 'main'; index: number }
  | { kind: 'end' } // past the last main step
  | { kind: 'return' } // past a handler's last step
  | { kind: 'outcome'; outcome: string };

interface Summary {
  returns: boolean;
  outcomes: Set<string>;
  mains: Set<number>;
}

type Exit = { outcome: string } | { goto: string } | 'next';

function stepExits(step: FlowStep): Exit[] {
  const after: Exit = step.outcome ? { outcome: step.outcome } : step.goto ? { goto: step.goto } : 'next';
  if (!step.options?.length) return [after];
  const byOption = step.options.map((o): Exit => (o.outcome ? { outcome: o.outcome } : o.goto ? { goto: o.goto } : after));
  // Only a choice is always one of its options; a yes/no, text or scale answer may match none.
  return step.ask === 'choice' ? byOption : [...byOption, after];
}

export class Flow {
  private readonly mainIndex: Map<string, number>;
  private readonly summaries = new Map<string, Summary>();

  constructor(readonly script: FlowScript) {
    this.mainIndex = new Map(script.steps.map((s, i) => [s.id, i]));
    this.summarize();
  }

  list(handler?: string): FlowStep[] {
    return handler === undefined ? this.script.steps : (this.script.handlers.get(handler) ?? []);
  }

  /** Successors of step `index` of the main list (handler undefined) or of a handler. */
  successors(index: number, handler?: string): Successor[] {
    const steps = this.list(handler);
    const step = steps[index];
    if (!step) return [];
    const out: Successor[] = [];
    const following = (): Successor =>
      index + 1 < steps.length ? { kind: 'step', index: index + 1 } : handler === undefined ? { kind: 'end' } : { kind: 'return' };
    for (const exit of stepExits(step)) {
      if (exit === 'next') out.push(following());
      else if ('outcome' in exit) out.push({ kind: 'outcome', outcome: exit.outcome });
      else {
        const local = handler === undefined ? -1 : steps.findIndex((s) => s.id === exit.goto);
        const main = this.mainIndex.get(exit.goto);
        if (local >= 0) out.push({ kind: 'step', index: local });
        else if (main !== undefined) out.push(handler === undefined ? { kind: 'step', index: main } : { kind: 'main', index: main });
        else if (this.script.handlers.has(exit.goto)) {
          const summary = this.summaries.get(exit.goto);
          if (summary?.returns) out.push(following());
          for (const o of summary?.outcomes ?? []) out.push({ kind: 'outcome', outcome: o });
          for (const m of summary?.mains ?? []) out.push(handler === undefined ? { kind: 'step', index: m } : { kind: 'main', index: m });
        }
        // A dangling goto is reported by the checks; it leads nowhere here.
      }
    }
    return out;
  }

  /** Handler summaries by fixpoint: handlers may go to handlers. */
  private summarize(): void {
    for (const name of this.script.handlers.keys()) this.summaries.set(name, { returns: false, outcomes: new Set(), mains: new Set() });
    for (let changed = true, rounds = 0; changed && rounds < 1000; rounds++) {
      changed = false;
      for (const name of this.script.handlers.keys()) {
        const summary = this.summaries.get(name)!;
        const before = `${summary.returns}|${summary.outcomes.size}|${summary.mains.size}`;
        for (const exit of this.walk(name).exits) {
          if (exit.kind === 'return') summary.returns = true;
          else if (exit.kind === 'outcome') summary.outcomes.add(exit.outcome);
          else if (exit.kind === 'main') summary.mains.add(exit.index);
        }
        if (`${summary.returns}|${summary.outcomes.size}|${summary.mains.size}` !== before) changed = true;
      }
    }
  }

  /** Breadth-first from the first step; `avoid` is a step index treated as a wall. */
  walk(handler?: string, avoid?: number) {
    const steps = this.list(handler);
    const parent = new Map<number, number>();
    const reached = new Set<number>();
    const exits: (Successor & { from: number })[] = [];
    if (steps.length === 0 || avoid === 0) return { reached, exits, parent };
    const queue = [0];
    reached.add(0);
    while (queue.length > 0) {
      const at = queue.shift()!;
      for (const next of this.successors(at, handler)) {
        if (next.kind === 'step') {
          if (next.index === avoid || reached.has(next.index)) continue;
          reached.add(next.index);
          parent.set(next.index, at);
          queue.push(next.index);
        } else exits.push({ ...next, from: at });
      }
    }
    return { reached, exits, parent };
  }

  /** Reached steps from which no exit can be reached: loops with no way out. */
  stuck(handler?: string): number[] {
    const { reached } = this.walk(handler);
    const good = new Set<number>();
    for (let changed = true; changed; ) {
      changed = false;
      for (const i of reached) {
        if (good.has(i)) continue;
        if (this.successors(i, handler).some((s) => s.kind !== 'step' || good.has(s.index))) {
          good.add(i);
          changed = true;
        }
      }
    }
    return [...reached].filter((i) => !good.has(i)).sort((a, b) => a - b);
  }

  /** The ids along the walk's parent links to a step, first step first. */
  pathTo(index: number, parent: Map<number, number>, handler?: string): string[] {
    const steps = this.list(handler);
    const ids: string[] = [];
    for (let at: number | undefined = index; at !== undefined; at = parent.get(at)) ids.unshift(steps[at]!.id);
    return ids;
  }

  /** Handlers some step or option goes to. */
  usedHandlers(): Set<string> {
    const used = new Set<string>();
    const lists = [this.script.steps, ...this.script.handlers.values()];
    for (const steps of lists) {
      for (const step of steps) {
        for (const exit of stepExits(step)) {
          if (typeof exit === 'object' && 'goto' in exit && this.script.handlers.has(exit.goto)) used.add(exit.goto);
        }
        for (const o of step.options ?? []) if (o.goto && this.script.handlers.has(o.goto)) used.add(o.goto);
      }
    }
    return used;
  }
}
