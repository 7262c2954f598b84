// Checks of a resolved script that need more than one field: required
// fields, ask/options/scale agreement, goto targets, templates, owners,
// scheduling, and the flow (unreachable steps, loops with no way out).
import path from 'node:path';
import { didYouMean, type IssueSink } from './issues.js';
import { Flow, type FlowScript } from './flow.js';
import { locate, locateInScalar, type PathSegment } from './source.js';
import type { Draft, DraftStep, FieldRef } from './resolve.js';
import { checkTemplate, knownNames, RESERVED_VAR_NAMES } from './templates.js';

export interface CheckOptions {
  /** Script ids on the search path (for next.script). */
  knownIds: ReadonlySet<string>;
}

// The yes/no words the call engine accepts as an answer (src/call/steps.ts).
const YES = ['yes', 'y', 'да', 'д', 'true', 'ok', 'ок', 'agreed', 'согласен', 'согласна', 'хорошо'];
const NO = ['no', 'n', 'нет', 'н', 'false'];
function yesNo(label: string): 'yes' | 'no' | undefined {
  const word = label.trim().toLowerCase();
  return YES.includes(word) ? 'yes' : NO.includes(word) ? 'no' : undefined;
}

function inScale(label: string, scale: { min: number; max: number }): boolean {
  const n = /^[+-]?\d{1,9}$/.test(label.trim()) ? Number(label) : Number.NaN;
  return n >= scale.min && n <= scale.max;
}

function pos(ref: FieldRef | undefined, key = false) {
  return ref ? locate(ref.source, ref.path, key) : undefined;
}

export function flowOf(draft: Draft): Flow {
  const script: FlowScript = {
    steps: draft.steps.map((s) => s.step),
    handlers: new Map([...draft.handlers].map(([name, h]) => [name, h.steps.map((s) => s.step)])),
  };
  return new Flow(script);
}

export function checkDraft(draft: Draft, sink: IssueSink, opts: CheckOptions): void {
  const own = draft.source;
  const here = sink.at(own.file);
  const topPos = (key: string) => locate(own, [key], true) ?? locate(own, ['id'], true);

  for (const key of ['title', 'language'] as const) {
    if (draft.top[key] === undefined) here.error(topPos('id'), 'required.missing', { key });
  }
  if (draft.steps.length === 0) here.error(topPos('steps'), 'required.missing', { key: 'steps' });

  const id = draft.top.id;
  const name = path.basename(own.file);
  if (id && name.replace(/\.ya?ml$/, '') !== id) here.warning(locate(own, ['id']), 'id.filename', { name, id });

  for (const varName of Object.keys(draft.vars)) {
    if (RESERVED_VAR_NAMES.includes(varName)) {
      const ref = draft.varRefs[varName]!;
      sink.at(ref.source.file).error(pos(ref, true), 'var.reserved', { value: varName });
    }
  }

  const next = draft.top.next;
  if (next && next.in === undefined) sink.at(draft.topRefs.next!.source.file).error(pos(draft.topRefs.next), 'next.incomplete');
  if (next?.script && !opts.knownIds.has(next.script)) {
    sink.at(draft.topRefs.next!.source.file).warning(pos(draft.topRefs.next), 'next.scriptMissing', { id: next.script });
  }

  const names = new Set(knownNames(Object.keys(draft.vars)));
  const nameList = [...names].join(', ');
  const templateFields = ['goal', 'say', 'tone', 'expect'] as const;
  const owners = draft.top.owners ?? [];
  const mainIds = draft.steps.map((s) => s.step.id);
  const handlerNames = [...draft.handlers.keys()];

  const checkText = (text: string | undefined, ref: FieldRef | undefined, at: PathSegment[] = []) => {
    if (!text || !ref) return;
    for (const problem of checkTemplate(text, names)) {
      const where = locateInScalar(ref.source, [...ref.path, ...at], problem.source);
      const s = sink.at(ref.source.file);
      if (problem.kind === 'unclosed') s.error(where, 'template.unclosed');
      else if (problem.kind === 'empty') s.error(where, 'template.empty');
      else {
        const suggestion = didYouMean(problem.name, [...names]);
        s.error(where, 'template.unknown', { name: problem.name, suggestion, names: nameList }, suggestion ? 'template.unknown.suggest' : undefined);
      }
    }
  };
  checkText(draft.top.title, draft.topRefs.title);
  for (const [varName, value] of Object.entries(draft.vars)) checkText(value, draft.varRefs[varName]);

  const checkGoto = (target: string | undefined, ref: FieldRef | undefined, localIds: string[]) => {
    if (target === undefined || !ref) return;
    const s = sink.at(ref.source.file);
    const isLocal = localIds.includes(target);
    const isMain = mainIds.includes(target);
    const isHandler = draft.handlers.has(target);
    if (isHandler && (isMain || isLocal)) s.error(pos(ref), 'goto.ambiguous', { name: target });
    if (isLocal || isMain || isHandler) return;
    const suggestion = didYouMean(target, [...new Set([...localIds, ...mainIds, ...handlerNames])]);
    s.error(
      pos(ref),
      'goto.missing',
      { target, suggestion, steps: mainIds.join(', ') || '—', handlers: handlerNames.join(', ') || '—' },
      suggestion ? 'goto.missing.suggest' : undefined,
    );
  };

  const checkOwner = (owner: string | undefined, ref: FieldRef) => {
    if (owner === undefined) return;
    const s = sink.at(ref.source.file);
    if (owners.length === 0) s.warning(pos(ref), 'flag.ownerNone', { owner });
    else if (!owners.includes(owner)) s.warning(pos(ref), 'flag.owner', { owner, owners: owners.join(', ') });
  };

  const needsRetry = (stepId: string, ref: FieldRef) => {
    if (!draft.top.retry?.in) sink.at(ref.source.file).error(pos(ref), 'schedules.needsRetry', { id: stepId });
  };

  const checkStep = (d: DraftStep, localIds: string[]) => {
    const { step, refs } = d;
    const s = sink.at(d.ref.source.file);
    const ask = step.ask ?? 'none';
    for (const field of templateFields) checkText(step[field], refs[field]);
    if (ask === 'choice' && !step.options?.length) sink.at((refs.ask ?? d.ref).source.file).error(pos(refs.ask ?? d.ref), 'options.missing', { id: step.id });
    if ((ask === 'none' || ask === 'date') && step.options?.length) {
      sink.at(refs.options!.source.file).error(pos(refs.options, true), 'options.unused', { id: step.id, ask });
    }
    if (ask === 'scale' && !step.scale) s.error(pos(refs.ask ?? d.ref), 'scale.missing', { id: step.id });
    if (ask !== 'scale' && step.scale) sink.at(refs.scale!.source.file).error(pos(refs.scale, true), 'scale.unused', { id: step.id, ask });
    if (step.scale && step.scale.min >= step.scale.max) sink.at(refs.scale!.source.file).error(pos(refs.scale), 'scale.range', step.scale);
    if (step.schedules === 'next' && !draft.top.next?.in) sink.at(refs.schedules!.source.file).error(pos(refs.schedules), 'schedules.needsNext', { id: step.id });
    if (step.schedules === 'retry') needsRetry(step.id, refs.schedules!);
    if (step.outcome === 'call-back') needsRetry(step.id, refs.outcome!);
    checkGoto(step.goto, refs.goto, localIds);
    if (step.flag) {
      checkText(step.flag.text, refs.flag, ['text']);
      checkText(step.flag.promise, refs.flag, ['promise']);
      if (refs.flag) checkOwner(step.flag.owner, { source: refs.flag.source, path: [...refs.flag.path, 'owner'] });
    }
    const labels = new Set<string>();
    step.options?.forEach((option, i) => {
      const ref: FieldRef = { source: refs.options!.source, path: [...refs.options!.path, i] };
      const at = (key: string): FieldRef => ({ source: ref.source, path: [...ref.path, key] });
      const o = sink.at(ref.source.file);
      if (labels.has(option.label)) o.error(pos(at('label')), 'option.duplicate', { id: step.id, label: option.label });
      if (ask === 'yesno' && yesNo(option.label) === undefined) o.error(pos(at('label')), 'options.yesnoLabel', { id: step.id, label: option.label });
      if (ask === 'scale' && step.scale && !inScale(option.label, step.scale)) {
        o.error(pos(at('label')), 'options.scaleLabel', { id: step.id, label: option.label, min: step.scale.min, max: step.scale.max });
      }
      labels.add(option.label);
      checkText(option.say, at('say'));
      checkGoto(option.goto, option.goto === undefined ? undefined : at('goto'), localIds);
      if (option.outcome === 'call-back') needsRetry(step.id, at('outcome'));
      if (option.flag) {
        checkText(option.flag.text, at('flag'), ['text']);
        checkText(option.flag.promise, at('flag'), ['promise']);
        checkOwner(option.flag.owner, { source: ref.source, path: [...ref.path, 'flag', 'owner'] });
      }
    });
  };

  for (const d of draft.steps) checkStep(d, []);
  for (const handler of draft.handlers.values()) {
    const local = handler.steps.map((s) => s.step.id);
    for (const d of handler.steps) checkStep(d, local);
  }

  // A dangling goto or a missing option would only echo as flow noise.
  if (sink.errorCount === 0) checkFlow(draft, sink);
}

function checkFlow(draft: Draft, sink: IssueSink): void {
  const flow = flowOf(draft);
  const report = (steps: DraftStep[], handler?: string) => {
    const { reached } = flow.walk(handler);
    steps.forEach((d, i) => {
      if (!reached.has(i)) sink.at(d.ref.source.file).warning(pos({ source: d.ref.source, path: [...d.ref.path, 'id'] }), 'flow.unreachable', { id: d.step.id });
    });
    const stuck = flow.stuck(handler);
    if (stuck.length > 0) {
      const first = steps[stuck[0]!]!;
      const cycle = stuck.map((i) => steps[i]!.step.id).join(' → ');
      sink.at(first.ref.source.file).error(pos({ source: first.ref.source, path: [...first.ref.path, 'id'] }), 'flow.endlessLoop', { cycle });
    }
  };
  report(draft.steps);
  const used = flow.usedHandlers();
  for (const [name, handler] of draft.handlers) {
    if (!used.has(name)) sink.at(handler.ref.source.file).warning(pos(handler.ref, true), 'flow.handlerUnused', { name });
    else report(handler.steps, name);
  }
}
