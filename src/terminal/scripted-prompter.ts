// The Prompter without a terminal: every question is answered by a resolver
// that looks at the question's key (`--answers` files, tests). A question the
// resolver has no answer for is an error naming it — scripted runs never guess.
import { UsageError } from '../errors.js';
import { isSeparator, type Choice, type InputQuestion, type Prompter, type Question, type SelectQuestion } from './prompter.js';

export type QuestionKind = 'select' | 'input' | 'confirm' | 'editor';

/** How a scripted answer picks a choice of a select. */
export type Pick =
  /** The choice with this value (compared as JSON). */
  | { byValue: unknown }
  /** The choice with this name or short name (case and spacing aside). */
  | { byName: string }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the caller knows the menu's value type
  | { where: (value: any) => boolean };

export type ScriptedAnswer = string | boolean | Pick | undefined;

export interface AnswerSource {
  /** The answer to a question, or undefined when there is none. */
  answer(kind: QuestionKind, question: Question): ScriptedAnswer;
  /** The error for a question without an answer. */
  missing?(kind: QuestionKind, question: Question): Error;
}

const norm = (s: string) => s.normalize('NFC').trim().toLocaleLowerCase();

function pickChoice<T>(question: SelectQuestion<T>, answer: ScriptedAnswer): T | undefined {
  const choices = question.choices.filter((c): c is Choice<T> => !isSeparator(c) && !c.disabled);
  if (answer === undefined || typeof answer === 'boolean') return undefined;
  if (typeof answer === 'string') return pickChoice(question, { byName: answer });
  if ('where' in answer) return choices.find((c) => answer.where(c.value))?.value;
  if ('byValue' in answer) {
    const wanted = JSON.stringify(answer.byValue);
    return choices.find((c) => JSON.stringify(c.value) === wanted)?.value;
  }
  const name = norm(answer.byName);
  return choices.find((c) => norm(c.name) === name || (c.short !== undefined && norm(c.short) === name))?.value;
}

export function describeChoices<T>(question: SelectQuestion<T>): string {
  return question.choices
    .filter((c): c is Choice<T> => !isSeparator(c) && !c.disabled)
    .map((c) => c.short ?? c.name)
    .join(', ');
}

export function scriptedPrompter(source: AnswerSource): Prompter {
  const missing = (kind: QuestionKind, question: Question): Error =>
    source.missing?.(kind, question) ?? new UsageError(`no scripted answer for "${question.key}" (${question.message})`);

  async function text(kind: 'input' | 'editor', question: InputQuestion): Promise<string> {
    const answer = source.answer(kind, question);
    if (answer === undefined) throw missing(kind, question);
    const value = typeof answer === 'string' ? answer : typeof answer === 'boolean' ? String(answer) : undefined;
    if (value === undefined) throw missing(kind, question);
    const final = value === '' && question.default !== undefined ? question.default : value;
    if (question.required && final === '') throw missing(kind, question);
    const valid = question.validate?.(final) ?? true;
    if (valid !== true) throw new UsageError(`"${question.key}": ${valid} (got "${final}")`);
    return final;
  }

  return {
    async select<T>(question: SelectQuestion<T>): Promise<T> {
      const answer = source.answer('select', question);
      if (answer === undefined) throw missing('select', question);
      const value = pickChoice(question, answer);
      if (value === undefined) {
        const given = typeof answer === 'string' ? answer : JSON.stringify('byName' in (answer as object) ? (answer as { byName: string }).byName : answer);
        throw new UsageError(`"${question.key}": "${given}" is not one of: ${describeChoices(question)}`);
      }
      return value;
    },
    input: (question) => text('input', question),
    editor: (question) => text('editor', question),
    async confirm(question) {
      const answer = source.answer('confirm', question);
      if (answer === undefined) {
        if (question.default !== undefined) return question.default;
        throw missing('confirm', question);
      }
      if (typeof answer === 'boolean') return answer;
      if (typeof answer === 'string') {
        const v = norm(answer);
        if (['y', 'yes', 'true', 'да', 'д'].includes(v)) return true;
        if (['n', 'no', 'false', 'нет', 'н'].includes(v)) return false;
      }
      throw new UsageError(`"${question.key}": expected yes or no`);
    },
  };
}

/** A source from answer queues by key (tests): each question takes the next answer of its key. */
export function queuedAnswers(queues: Record<string, ScriptedAnswer[]>): AnswerSource & { asked: string[] } {
  const remaining = new Map(Object.entries(queues).map(([k, v]) => [k, [...v]]));
  const asked: string[] = [];
  return {
    asked,
    answer(_kind, question) {
      asked.push(question.key);
      const queue = remaining.get(question.key);
      return queue && queue.length > 0 ? queue.shift() : undefined;
    },
  };
}
