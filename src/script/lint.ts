// The method linter: checks a resolved script against the chapter's method
// (seed/follow-up-calls.ru.txt). Run by `scripts validate`; its findings are
// warnings, which fail only with --strict.
//
// Which rules apply:
// - seven-step scripts (extending followup-first-call[-en], or `pattern:
//   seven-steps` anywhere in the chain): the seven steps in order, a
//   next-call step that schedules, a goodbye on every completing path;
// - `call: first`: no referral request;
// - hot calls (`call: first` or seven-step): no "is it convenient to talk?";
// - every script: every path ends in an outcome.
import path from 'node:path';
import type { IssueSink } from './issues.js';
import type { Flow } from './flow.js';
import type { Draft, DraftStep, FieldRef } from './resolve.js';
import { locate, locateInScalar } from './source.js';

export const SEVEN_STEPS = ['remind', 'how-it-went', 'impression', 'relatives', 'support', 'next-call', 'goodbye'] as const;
export const SEVEN_STEP_BASES = ['followup-first-call', 'followup-first-call-en'];

/** Asking for a referral or a recommendation. "Рекомендации по уходу" (care
 * instructions) is not a referral request. */
const REFERRAL = [
  /рекомендац(?![а-яё]*\s+по\s+(?:уход|эксплуатац|использован|обслуживан|сборк|монтаж))/iu,
  /порекомендуй|порекомендуете|порекомендовать|порекомендуйте/iu,
  /посовету(?:ете|йте|ет)\s+(?:нас|меня|знакомым|друзьям|коллегам)/iu,
  /\breferr(?:al|als|ing)\b/iu,
  /\brecommend\s+(?:us|me|our)\b/iu,
  /\brefer\s+(?:a\s+friend|friends|us|me|someone)\b/iu,
  /\bintroduce\s+(?:me|us)\s+to\b/iu,
];

/** "Is it convenient to talk now?" and its variants. */
const CONVENIENT = [
  /удобно\s+(?:ли\s+)?(?:вам\s+)?(?:сейчас\s+)?(?:говорить|разговаривать|поговорить)/iu,
  /(?:говорить|разговаривать)\s+(?:вам\s+)?(?:сейчас\s+)?удобно/iu,
  /\bgood\s+time\s+to\s+(?:talk|chat|speak)\b/iu,
  /\bconvenient\s+(?:time\s+)?(?:for\s+you\s+)?to\s+(?:talk|speak|chat)\b/iu,
  /\bis\s+(?:this|now)\s+a\s+good\s+time\b/iu,
  /\bcan\s+you\s+talk\s+(?:right\s+)?now\b/iu,
];

interface SayText {
  text: string;
  ref: FieldRef;
}

function sayTexts(draft: Draft): SayText[] {
  const out: SayText[] = [];
  const fromStep = (d: DraftStep) => {
    if (d.step.say && d.refs.say) out.push({ text: d.step.say, ref: d.refs.say });
    d.step.options?.forEach((o, i) => {
      if (o.say && d.refs.options) out.push({ text: o.say, ref: { source: d.refs.options.source, path: [...d.refs.options.path, i, 'say'] } });
    });
  };
  draft.steps.forEach(fromStep);
  for (const h of draft.handlers.values()) h.steps.forEach(fromStep);
  return out;
}

function quoteAround(text: string, index: number, length: number): string {
  const start = Math.max(0, index - 30);
  const end = Math.min(text.length, index + length + 30);
  return `${start > 0 ? '…' : ''}${text.slice(start, end).replace(/\s+/g, ' ').trim()}${end < text.length ? '…' : ''}`;
}

export function isSevenStep(draft: Draft): boolean {
  if (draft.top.pattern === 'seven-steps') return true;
  return draft.files.some((f) => SEVEN_STEP_BASES.includes(path.basename(f).replace(/\.ya?ml$/, '')));
}

function stepPos(d: DraftStep) {
  return locate(d.ref.source, [...d.ref.path, 'id']);
}

export function lintDraft(draft: Draft, flow: Flow, sink: IssueSink): void {
  const sevenStep = isSevenStep(draft);
  const first = draft.top.call === 'first';
  const byId = new Map(draft.steps.map((d, i) => [d.step.id, { d, i }]));
  const warn = (d: DraftStep | undefined, ...args: Parameters<IssueSink['warning']> extends [unknown, ...infer R] ? R : never) => {
    const file = d?.ref.source.file ?? draft.source.file;
    sink.at(file).warning(d ? stepPos(d) : locate(draft.source, ['id']), ...args);
  };

  if (sevenStep) {
    const missing = SEVEN_STEPS.filter((id) => !byId.has(id));
    if (missing.length > 0) warn(undefined, 'method/seven-steps.missing', { missing: missing.join(', ') });
    let previous: { id: string; i: number } | undefined;
    for (const id of SEVEN_STEPS) {
      const found = byId.get(id);
      if (!found) continue;
      if (previous && found.i < previous.i) warn(found.d, 'method/seven-steps.order', { id, prev: previous.id });
      else previous = { id, i: found.i };
    }
  }

  const scan = (patterns: RegExp[], key: 'method/no-referral' | 'method/no-convenient') => {
    for (const { text, ref } of sayTexts(draft)) {
      for (const re of patterns) {
        const m = re.exec(text);
        if (!m) continue;
        sink.at(ref.source.file).warning(locateInScalar(ref.source, ref.path, m[0]), key, { quote: quoteAround(text, m.index, m[0].length) });
        break;
      }
    }
  };
  if (first) scan(REFERRAL, 'method/no-referral');
  if (first || sevenStep) scan(CONVENIENT, 'method/no-convenient');

  if (sevenStep) {
    const nextCall = byId.get('next-call');
    const schedulesAnywhere =
      draft.steps.some((d) => d.step.schedules === 'next') ||
      [...draft.handlers.values()].some((h) => h.steps.some((d) => d.step.schedules === 'next'));
    if (nextCall && nextCall.d.step.schedules !== 'next') warn(nextCall.d, 'method/next-call-schedules');
    else if (!nextCall && !schedulesAnywhere) warn(undefined, 'method/next-call-missing');

    const goodbye = byId.get('goodbye');
    if (goodbye) {
      const { exits, parent } = flow.walk(undefined, goodbye.i);
      const leak = exits.find((e) => e.kind === 'end' || (e.kind === 'outcome' && e.outcome === 'completed'));
      if (leak) {
        const from = draft.steps[leak.from]!;
        warn(from, 'method/goodbye', { path: flow.pathTo(leak.from, parent).join(' → ') });
      }
    }
  }

  const { exits, parent } = flow.walk();
  const open = exits.find((e) => e.kind === 'end');
  if (open) {
    const last = draft.steps[open.from]!;
    warn(last, 'method/outcome', { path: flow.pathTo(open.from, parent).join(' → '), last: last.step.id });
  }
}
