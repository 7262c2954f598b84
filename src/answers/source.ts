// Answers the call's questions from an answers file: the scripted prompter
// asks by key (src/terminal/call-protocol.ts) and this source replies as a
// salesperson would have — notes, gaps and extra flags first, then the
// answer; the flag form an option opens gets the file's flag for that step.
// A question the file does not answer is an error naming the step.
import { parseDateInput, proposeDate, type CallCalendar } from '../call/index.js';
import type { Lang } from '../i18n/catalog.js';
import type { FlagRecord } from '../journal/types.js';
import { parseDuration } from '../script/index.js';
import type { Script } from '../script/types.js';
import { OTHER_OWNER, subjectOf, type Action, type StepChoice } from '../terminal/call-protocol.js';
import type { Choice, Question } from '../terminal/prompter.js';
import type { AnswerSource, QuestionKind, ScriptedAnswer } from '../terminal/scripted-prompter.js';
import { AnswersFileError, type AnswersFile } from './parse.js';
import { normalizeName } from '../clients/match.js';

type Intent = { action: Exclude<Action, 'back' | 'skip'>; text?: string; flag?: number } | { answer: string | undefined };

export interface AnswersSourceOptions {
  script: Script;
  /** Open flags of earlier calls (reviewed first). */
  openFlags: FlagRecord[];
  calendar: CallCalendar;
  /** When the call started: flag due durations count from it. */
  startedAt: string;
  lang: Lang;
}

/** `remind`, `handle-question.answer`, … every step an answers file may name. */
export function stepKeys(script: Script): Map<string, { goal?: string; ask: string }> {
  const keys = new Map<string, { goal?: string; ask: string }>();
  for (const step of script.steps) keys.set(step.id, { ...(step.goal ? { goal: step.goal } : {}), ask: step.ask });
  for (const [name, handler] of Object.entries(script.handlers)) {
    for (const step of handler.steps) keys.set(`${name}.${step.id}`, { ...(step.goal ? { goal: step.goal } : {}), ask: step.ask });
  }
  return keys;
}

const sameText = (a: string, b: string) => normalizeName(a) === normalizeName(b);

export class AnswersSource implements AnswerSource {
  private readonly intents = new Map<string, Intent[]>();
  private readonly current = new Map<string, Intent>();
  private readonly formFlag = new Map<string, number>();
  private readonly usedFlags = new Set<number>();
  private readonly usedAnswers = new Set<string>();
  private readonly usedNotes = new Set<string>();
  private readonly usedGaps = new Set<number>();
  private readonly usedReviews = new Set<number>();
  private readonly keys: Map<string, { goal?: string; ask: string }>;

  constructor(
    private readonly file: AnswersFile,
    private readonly options: AnswersSourceOptions,
  ) {
    this.keys = stepKeys(options.script);
    this.checkStepNames();
  }

  /** Every step the file names must be in the script: a typo is an error, not a skipped answer. */
  private checkStepNames(): void {
    const f = this.file;
    const issues = [];
    const check = (key: string, path: (string | number)[], isKey: boolean) => {
      if (!this.keys.has(key)) {
        issues.push({ ...f.where(path, isKey), message: `no step "${key}" in script ${this.options.script.id} (steps: ${[...this.keys.keys()].join(', ')})` });
      }
    };
    for (const key of Object.keys(f.answers)) check(key, ['answers', key], true);
    for (const key of Object.keys(f.notes)) check(key, ['notes', key], true);
    f.flags.forEach((flag, i) => check(flag.step, ['flags', i, 'step'], false));
    f.gaps.forEach((gap, i) => check(gap.step, ['gaps', i, 'step'], false));
    if (f['at-step']) check(f['at-step'], ['at-step'], false);
    if (f.outcome && !f['at-step'] && (f.outcome === 'declined' || f.outcome === 'ended-early')) {
      issues.push({ ...f.where(['outcome']), message: `outcome ${f.outcome} needs at-step: the step where the call ended` });
    }
    if (issues.length > 0) throw new AnswersFileError(f.file, issues);
  }

  /** The error for a question the file has no answer to. */
  missing(_kind: QuestionKind, question: Question): Error {
    const { kind, subject } = subjectOf(question.key);
    const step = this.keys.get(subject);
    const name = step?.goal ? `"${subject}" (${step.goal})` : `"${subject}"`;
    const f = this.file;
    switch (kind) {
      case 'step':
        return new AnswersFileError(f.file, [{ ...f.where(['answers'], true), message: `no answer for step ${name}` }], `add it under answers: (${subject}: …) — scripted runs never guess`);
      case 'flag.text':
        return new AnswersFileError(f.file, [{ ...f.where(['flags'], true), message: `step ${name} opens an issue form, and the file has no flag for it` }], `add it under flags: (- { step: ${subject}, text: …, owner: …, due: 1 day })`);
      case 'review': {
        const flag = this.options.openFlags.find((fl) => fl.id === subject);
        return new AnswersFileError(f.file, [{ ...f.where(['review'], true), message: `no review for the open issue "${flag?.text ?? subject}" from an earlier call` }], 'add it under review: (- { flag: <its text>, status: resolved|open })');
      }
      default:
        return new AnswersFileError(f.file, [{ message: `no answer for "${question.key}" (${question.message})` }]);
    }
  }

  /** Entries of the file the call never reached: a sign the file and the script disagree. */
  unused(): string[] {
    const f = this.file;
    const out: string[] = [];
    for (const key of Object.keys(f.answers)) if (!this.usedAnswers.has(key)) out.push(`answers.${key}`);
    for (const key of Object.keys(f.notes)) if (!this.usedNotes.has(key)) out.push(`notes.${key}`);
    f.flags.forEach((flag, i) => !this.usedFlags.has(i) && out.push(`flags[${i}] (${flag.step})`));
    f.gaps.forEach((gap, i) => !this.usedGaps.has(i) && out.push(`gaps[${i}] (${gap.step})`));
    f.review.forEach((r, i) => !this.usedReviews.has(i) && out.push(`review[${i}] (${r.flag})`));
    return out;
  }

  private flagsOf(step: string): number[] {
    return this.file.flags.flatMap((flag, i) => (flag.step === step && !this.usedFlags.has(i) ? [i] : []));
  }

  /** What happens at a step, in order: notes, gaps, extra flags, then the answer (or the end). */
  private plan(step: string, choices: Choice<StepChoice>[] | undefined): Intent[] {
    const f = this.file;
    const intents: Intent[] = [];
    if (!this.usedNotes.has(step)) {
      for (const text of f.notes[step] ?? []) intents.push({ action: 'note', text });
      this.usedNotes.add(step);
    }
    f.gaps.forEach((gap, i) => {
      if (gap.step === step && !this.usedGaps.has(i)) {
        intents.push({ action: 'gap', text: gap.said });
        this.usedGaps.add(i);
      }
    });
    const answer = f.answers[step];
    // The option chosen opens the flag form: the step's first flag goes there.
    const opensForm = choices?.some((c) => c.value.kind === 'answer' && c.value.flag && answer !== undefined && sameText(c.value.value, answer));
    const flags = this.flagsOf(step);
    for (const i of opensForm ? flags.slice(1) : flags) {
      intents.push({ action: 'flag', flag: i });
      this.usedFlags.add(i);
    }
    if (f.outcome && f['at-step'] === step) intents.push({ action: 'end' });
    else intents.push({ answer });
    return intents;
  }

  answer(kind: QuestionKind, question: Question): ScriptedAnswer {
    const { kind: what, subject } = subjectOf(question.key);
    const f = this.file;
    const choices = 'choices' in question ? ((question as { choices: (Choice<StepChoice> | { separator: string })[] }).choices.filter((c) => !('separator' in c)) as Choice<StepChoice>[]) : undefined;
    switch (what) {
      case 'pickup': {
        const early = f.outcome && !f['at-step'] && ['no-answer', 'wrong-number', 'call-back'].includes(f.outcome);
        return { byValue: early ? f.outcome : 'yes' };
      }
      case 'step': {
        let queue = this.intents.get(subject);
        if (!queue || queue.length === 0) {
          // A handler run a second time gets the same answer again.
          queue = this.plan(subject, choices);
          this.intents.set(subject, queue);
        }
        const intent = queue.shift()!;
        this.current.set(subject, intent);
        if ('action' in intent) return kind === 'select' ? { where: (v: StepChoice) => v.kind === 'action' && v.action === intent.action } : '';
        if (intent.answer !== undefined) this.usedAnswers.add(subject);
        return this.stepAnswer(kind, subject, intent.answer, choices);
      }
      case 'actions': {
        const intent = this.current.get(subject);
        return intent && 'action' in intent ? { where: (v: StepChoice) => v.kind === 'action' && v.action === intent.action } : undefined;
      }
      case 'date':
        return f.next;
      case 'note':
      case 'gap': {
        const intent = this.current.get(subject);
        return intent && 'action' in intent ? intent.text : undefined;
      }
      case 'flag.text': {
        const intent = this.current.get(subject);
        let index = intent && 'action' in intent && intent.action === 'flag' ? intent.flag : undefined;
        if (index === undefined) index = this.flagsOf(subject)[0];
        if (index === undefined) return undefined;
        this.usedFlags.add(index);
        this.formFlag.set(subject, index);
        if (intent && 'action' in intent) this.current.delete(subject);
        return f.flags[index]!.text;
      }
      case 'flag.owner': {
        const flag = this.formFlagOf(subject);
        if (!flag) return undefined;
        const listed = choices?.some((c) => c.value === (flag.owner as unknown));
        return { byValue: listed ? flag.owner : OTHER_OWNER };
      }
      case 'flag.owner-typed':
        return this.formFlagOf(subject)?.owner;
      case 'flag.promise':
        return this.formFlagOf(subject)?.promise ?? '';
      case 'flag.due': {
        const flag = this.formFlagOf(subject);
        return flag ? this.dueDay(flag.due) : undefined;
      }
      case 'end':
        return { byValue: f.outcome };
      case 'review': {
        const entry = this.reviewOf(subject);
        return entry ? { where: (v: StepChoice) => v.kind === 'status' && v.status === entry.status } : undefined;
      }
      case 'review-note':
        return this.reviewOf(subject)?.note ?? '';
      case 'final-note':
        return f.note ?? '';
      case 'save':
        return true;
      default:
        return undefined;
    }
  }

  private stepAnswer(kind: QuestionKind, step: string, answer: string | undefined, choices: Choice<StepChoice>[] | undefined): ScriptedAnswer {
    const hasContinue = choices?.some((c) => c.value.kind === 'continue');
    if (answer === undefined) return hasContinue ? { where: (v: StepChoice) => v.kind === 'continue' } : undefined;
    if (kind !== 'select') return answer;
    // A scheduling step with another day in `next:` agrees on that day.
    if (this.file.next !== undefined && choices?.some((c) => c.value.kind === 'other-date') && /^(yes|y|да|д|true)$/i.test(answer.trim())) {
      return { where: (v: StepChoice) => v.kind === 'other-date' };
    }
    if (hasContinue) return { where: (v: StepChoice) => v.kind === 'continue' };
    const yes = /^(yes|y|да|д|true)$/i.test(answer.trim()) ? 'yes' : /^(no|n|нет|н|false)$/i.test(answer.trim()) ? 'no' : undefined;
    const fits = (v: StepChoice) => v.kind === 'answer' && (sameText(v.value, answer) || (yes !== undefined && v.value === yes));
    if (!choices?.some((c) => fits(c.value))) {
      const options = (choices ?? []).flatMap((c) => (c.value.kind === 'answer' ? [c.value.value] : []));
      throw new AnswersFileError(this.file.file, [
        { ...this.file.where(['answers', step]), message: `step "${step}": "${answer}" is not one of: ${options.join(', ')}` },
      ]);
    }
    return { where: fits };
  }

  private formFlagOf(step: string) {
    const index = this.formFlag.get(step);
    return index === undefined ? undefined : this.file.flags[index];
  }

  /** A due day: as written (2026-11-30, tomorrow) or a duration from the call's start (1 day). */
  private dueDay(due: string): string {
    const { calendar, startedAt, lang } = this.options;
    try {
      return proposeDate(startedAt, parseDuration(due), calendar);
    } catch {
      return parseDateInput(due, { now: startedAt, timeZone: calendar.timeZone, lang }) ?? due;
    }
  }

  private reviewOf(flagId: string) {
    const flag = this.options.openFlags.find((f) => f.id === flagId);
    const i = this.file.review.findIndex(
      (r) => r.flag === flagId || (r.flag.length >= 6 && flagId.toLowerCase().startsWith(r.flag.toLowerCase())) || (flag !== undefined && sameText(r.flag, flag.text)),
    );
    if (i < 0) return undefined;
    this.usedReviews.add(i);
    return this.file.review[i];
  }
}

