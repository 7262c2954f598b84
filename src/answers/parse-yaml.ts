// The answers file (DESIGN.md "The answers file"): YAML read with positions,
// checked with zod; every problem is reported as file:line:col, all at once.
// Loaded by ./parse.ts only when a call runs with --answers.
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { z } from 'zod';
import { OUTCOMES } from '../journal/types.js';
import { AnswersFileError } from './errors.js';

export { AnswersFileError, type AnswersIssue } from './errors.js';

/** Scalars as the engine takes them: YAML true/false are yes/no, numbers their digits. */
const scalar = z
  .union([z.string(), z.number(), z.boolean()])
  .transform((v) => (typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v)));
const text = z.string().trim().min(1, 'must not be empty');

const answersSchema = z
  .object({
    /** Details of a new client (an existing one is found by the command's name). */
    client: z
      .object({
        name: text.optional(),
        phone: scalar.optional(),
        product: text.optional(),
        /** When it was delivered or handed over: 2026-11-27T11:40, "2026-11-27 11:40". */
        delivered: scalar.optional(),
        script: text.optional(),
      })
      .strict()
      .optional(),
    /** The script to run (else --script, the client's next script, the config default). */
    script: text.optional(),
    answers: z.record(z.string(), scalar).default({}),
    notes: z.record(z.string(), z.union([text, z.array(text)])).default({}),
    flags: z
      .array(
        z
          .object({
            step: text,
            text,
            owner: text,
            promise: text.optional(),
            /** A day (2026-11-30) or a duration from the call (1 day, 2 business days). */
            due: scalar,
          })
          .strict(),
      )
      .default([]),
    gaps: z.array(z.object({ step: text, said: text }).strict()).default([]),
    /** Open flags from earlier calls, matched by their text (or id), resolved or left open. */
    review: z
      .array(z.object({ flag: text, status: z.enum(['open', 'resolved']), note: text.optional() }).strict())
      .default([]),
    /** Overrides the proposed next-call day: 2026-12-02, +5d, tomorrow. */
    next: scalar.optional(),
    outcome: z.enum(OUTCOMES).optional(),
    /** The step at which `outcome` ends the call (without it: no-answer, wrong-number and call-back end at pick-up). */
    'at-step': text.optional(),
    /** The free note on the whole call. */
    note: text.optional(),
    /** How long the call took (90s, 2m50s, 3m): endedAt = startedAt + duration. */
    duration: scalar.optional(),
  })
  .strict();

export type AnswersData = z.infer<typeof answersSchema>;

export interface AnswersFile extends Omit<AnswersData, 'notes'> {
  file: string;
  notes: Record<string, string[]>;
  /** file:line:col of a value by its path, for errors found later (a step the script lacks). */
  where(path: (string | number)[], key?: boolean): { line?: number; col?: number };
}

function positionOf(doc: Document, counter: LineCounter, path: (string | number)[], key = false): { line?: number; col?: number } {
  let node: unknown = doc.contents;
  let keyNode: Node | undefined;
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(part));
      if (!pair) break;
      keyNode = pair.key as Node;
      node = pair.value;
    } else if (node && typeof node === 'object' && 'items' in node && Array.isArray((node as { items: unknown[] }).items)) {
      const next = (node as { items: unknown[] }).items[Number(part)];
      if (next === undefined) break;
      keyNode = undefined;
      node = next;
    } else break;
  }
  const target = (key && keyNode ? keyNode : node) as Node | undefined;
  const offset = target?.range?.[0];
  if (offset === undefined) return {};
  return counter.linePos(offset);
}

/** Parses answers YAML; `file` names it in errors. */
export function parseAnswers(source: string, file: string): AnswersFile {
  const counter = new LineCounter();
  const doc = parseDocument(source, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new AnswersFileError(
      file,
      doc.errors.map((e) => ({ ...(e.linePos?.[0] ?? counter.linePos(e.pos[0])), message: e.message.split('\n')[0]! })),
      'fix the YAML (see docs/call.md, "The answers file")',
    );
  }
  const parsed = answersSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => {
      const path = issue.path as (string | number)[];
      if (issue.code === 'unrecognized_keys') {
        const keys = (issue as { keys: string[] }).keys;
        return { ...positionOf(doc, counter, [...path, keys[0]!], true), message: `unknown field ${keys.map((k) => `"${k}"`).join(', ')}${path.length ? ` in ${path.join('.')}` : ''}` };
      }
      return { ...positionOf(doc, counter, path), message: `${path.join('.') || 'the file'}: ${issue.message}` };
    });
    throw new AnswersFileError(file, issues, 'see docs/call.md, "The answers file", for its fields');
  }
  const data = parsed.data;
  const notes = Object.fromEntries(Object.entries(data.notes).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]));
  return {
    ...data,
    notes,
    file,
    where: (path, key = false) => positionOf(doc, counter, path, key),
  };
}
