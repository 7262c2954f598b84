// `extends`, resolved by id. A step with a base step's id replaces the fields
// it gives (giving `ask` replaces `options` and `scale` too); `before:` /
// `after:` place a new step; `remove: true` drops one. A new step without a
// placement goes after the previous step of the overriding list (or at the end).
// Handlers merge by name the same way; top-level fields override, vars and
// next/retry merge by key. Every field remembers the file and YAML path it
// came from, so later checks report base-script problems at the base's line.
import type { IssueSink } from './issues.js';
import type { RawHandler, RawScript, RawStep } from './schema.js';
import { locate, type PathSegment, type ScriptSource } from './source.js';

/** Where a value was written. */
export interface FieldRef {
  source: ScriptSource;
  path: PathSegment[];
}

export type StepField = Exclude<keyof RawStep, 'before' | 'after' | 'remove'>;

export interface DraftStep {
  step: Omit<RawStep, 'before' | 'after' | 'remove'>;
  /** The step's own node (in the file that last changed it). */
  ref: FieldRef;
  refs: Partial<Record<StepField, FieldRef>>;
}

export interface DraftHandler {
  name: string;
  goal?: string;
  ref: FieldRef;
  steps: DraftStep[];
}

type TopField = Exclude<keyof RawScript, 'steps' | 'handlers' | 'vars' | '$schema'>;

/** A script after `extends`, before its values are parsed. */
export interface Draft {
  source: ScriptSource;
  /** Every file of the extends chain, the script's own first. */
  files: string[];
  top: Partial<Pick<RawScript, TopField>>;
  topRefs: Partial<Record<TopField, FieldRef>>;
  vars: Record<string, string>;
  varRefs: Record<string, FieldRef>;
  steps: DraftStep[];
  handlers: Map<string, DraftHandler>;
}

const PLACEMENT = ['before', 'after', 'remove'] as const;

/** A draft of a script that extends nothing. */
export function emptyDraft(source: ScriptSource): Draft {
  return { source, files: [], top: {}, topRefs: {}, vars: {}, varRefs: {}, steps: [], handlers: new Map() };
}

/** Reports steps of one list that share an id; returns the indices to skip. */
export function duplicateSteps(steps: RawStep[], source: ScriptSource, prefix: PathSegment[], sink: IssueSink, where: string): Set<number> {
  const first = new Map<string, number>();
  const skip = new Set<number>();
  steps.forEach((step, i) => {
    const earlier = first.get(step.id);
    if (earlier === undefined) {
      first.set(step.id, i);
      return;
    }
    skip.add(i);
    const line = locate(source, [...prefix, earlier, 'id'])?.line ?? '?';
    sink.at(source.file).error(locate(source, [...prefix, i, 'id']), 'step.duplicate', { id: step.id, line, where });
  });
  return skip;
}

/** `before`/`after`/`remove` in a script that extends nothing. */
export function reportPlacementWithoutExtends(raw: RawScript, source: ScriptSource, sink: IssueSink): void {
  const lists: [RawStep[], PathSegment[]][] = [[raw.steps ?? [], ['steps']]];
  for (const [name, handler] of Object.entries(raw.handlers ?? {})) {
    lists.push([handler.steps ?? [], ['handlers', name, 'steps']]);
    if (handler.remove) sink.error(locate(source, ['handlers', name, 'remove'], true), 'extends.opWithoutExtends', { op: 'remove' });
  }
  for (const [steps, prefix] of lists) {
    steps.forEach((step, i) => {
      for (const op of PLACEMENT) {
        if (step[op] !== undefined) sink.error(locate(source, [...prefix, i, op], true), 'extends.opWithoutExtends', { op });
      }
    });
  }
}

function overrideStep(base: DraftStep, child: RawStep, ref: FieldRef): DraftStep {
  const step = { ...base.step };
  const refs = { ...base.refs };
  if (child.ask !== undefined) {
    // A new kind of question makes the base's answers meaningless.
    delete step.options;
    delete refs.options;
    delete step.scale;
    delete refs.scale;
  }
  for (const [key, value] of Object.entries(child) as [keyof RawStep, unknown][]) {
    if (key === 'before' || key === 'after' || key === 'remove' || value === undefined) continue;
    (step as Record<string, unknown>)[key] = value;
    refs[key] = { source: ref.source, path: [...ref.path, key] };
  }
  return { step, ref, refs };
}

function newStep(child: RawStep, ref: FieldRef): DraftStep {
  const { before: _b, after: _a, remove: _r, ...step } = child;
  const refs: DraftStep['refs'] = {};
  for (const key of Object.keys(step) as StepField[]) refs[key] = { source: ref.source, path: [...ref.path, key] };
  return { step, ref, refs };
}

/** Merges an overriding list of steps into a base list (base may be empty). */
export function mergeSteps(
  base: DraftStep[],
  children: RawStep[],
  source: ScriptSource,
  prefix: PathSegment[],
  sink: IssueSink,
  skip: Set<number> = new Set(),
): DraftStep[] {
  const result = [...base];
  const ids = () => result.map((s) => s.step.id).join(', ') || '—';
  let previous = -1;
  children.forEach((child, i) => {
    if (skip.has(i)) return;
    const ref: FieldRef = { source, path: [...prefix, i] };
    const at = result.findIndex((s) => s.step.id === child.id);
    if (child.remove) {
      const extra = Object.keys(child).filter((k) => k !== 'id' && k !== 'remove');
      if (extra.length > 0) sink.error(locate(source, ref.path), 'extends.removeWithFields', { fields: extra.join(', ') });
      if (at < 0) {
        sink.error(locate(source, [...ref.path, 'id']), 'extends.removeMissing', { id: child.id, ids: ids() });
        return;
      }
      result.splice(at, 1);
      if (previous >= at) previous--;
      return;
    }
    if (child.before !== undefined && child.after !== undefined) {
      sink.error(locate(source, [...ref.path, 'after'], true), 'extends.placeBoth');
      return;
    }
    const merged = at >= 0 ? overrideStep(result[at]!, child, ref) : newStep(child, ref);
    const anchor = child.before ?? child.after;
    if (anchor === undefined) {
      if (at >= 0) {
        result[at] = merged;
        previous = at;
      } else {
        previous = previous >= 0 ? previous + 1 : result.length;
        result.splice(previous, 0, merged);
      }
      return;
    }
    if (at >= 0) result.splice(at, 1);
    const target = result.findIndex((s) => s.step.id === anchor);
    if (target < 0) {
      const op = child.before !== undefined ? 'before' : 'after';
      sink.error(locate(source, [...ref.path, op]), 'extends.placeMissing', { op, target: anchor, ids: ids() });
      if (at >= 0) result.splice(at, 0, merged); // keep an overridden step where it was
      return;
    }
    previous = child.before !== undefined ? target : target + 1;
    result.splice(previous, 0, merged);
  });
  return result;
}

function mergeHandlers(
  base: Map<string, DraftHandler>,
  children: Record<string, RawHandler>,
  source: ScriptSource,
  sink: IssueSink,
): Map<string, DraftHandler> {
  const result = new Map(base);
  for (const [name, child] of Object.entries(children)) {
    const prefix: PathSegment[] = ['handlers', name];
    const existing = result.get(name);
    if (child.remove) {
      if (!existing) {
        sink.error(locate(source, prefix, true), 'extends.removeHandlerMissing', { id: name, ids: [...result.keys()].join(', ') || '—' });
      }
      result.delete(name);
      continue;
    }
    if (!existing && child.steps === undefined) {
      sink.error(locate(source, prefix, true), 'key.missing', { kind: sink.t('kind.handler'), key: 'steps' });
      continue;
    }
    const skip = duplicateSteps(child.steps ?? [], source, [...prefix, 'steps'], sink, `handler '${name}'`);
    const steps = mergeSteps(existing?.steps ?? [], child.steps ?? [], source, [...prefix, 'steps'], sink, skip);
    result.set(name, {
      name,
      goal: child.goal ?? existing?.goal,
      ref: { source, path: prefix },
      steps,
    });
  }
  return result;
}

/** Applies one script (raw, as written) on top of its base's draft. */
export function applyScript(base: Draft, raw: RawScript, source: ScriptSource, sink: IssueSink): Draft {
  const draft: Draft = {
    source,
    files: [source.file, ...base.files],
    top: { ...base.top },
    topRefs: { ...base.topRefs },
    vars: { ...base.vars },
    varRefs: { ...base.varRefs },
    steps: base.steps,
    handlers: base.handlers,
  };
  for (const key of Object.keys(raw) as (keyof RawScript)[]) {
    if (key === 'steps' || key === 'handlers' || key === 'vars' || key === '$schema') continue;
    const value = raw[key];
    if (value === undefined) continue;
    if ((key === 'next' || key === 'retry') && typeof value === 'object') {
      (draft.top as Record<string, unknown>)[key] = { ...(base.top[key] ?? {}), ...value };
    } else (draft.top as Record<string, unknown>)[key] = value;
    draft.topRefs[key] = { source, path: [key] };
  }
  for (const [name, value] of Object.entries(raw.vars ?? {})) {
    draft.vars[name] = String(value);
    draft.varRefs[name] = { source, path: ['vars', name] };
  }
  const skip = duplicateSteps(raw.steps ?? [], source, ['steps'], sink, 'steps');
  draft.steps = mergeSteps(base.steps, raw.steps ?? [], source, ['steps'], sink, skip);
  draft.handlers = mergeHandlers(base.handlers, raw.handlers ?? {}, source, sink);
  return draft;
}
