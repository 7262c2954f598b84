// The call-script format, written once: the loader validates YAML against
// these zod schemas, and build.mjs turns the same schemas into
// schema/script.schema.json for editors (yaml-language-server). So the
// runtime validator and the published JSON Schema cannot drift.
//
// This is the shape AS WRITTEN (before `extends` is applied): every field but
// `id` is optional here, because a script that extends another one gives only
// what it changes. What a complete script must have (title, language, steps)
// and everything that needs more than one field (goto targets, templates,
// cycles) is checked by the loader after `extends` is resolved.
import { z } from 'zod';
import { OUTCOMES } from '../journal/types.js';
import { DURATION_PATTERN, TARGET_PATTERN } from './duration.js';
import { ID_PATTERN, VAR_NAME_PATTERN } from './patterns.js';

export { ID_PATTERN, VAR_NAME_PATTERN };

export const ASK_TYPES = ['none', 'text', 'yesno', 'choice', 'scale', 'date'] as const;
export const SCHEDULES = ['next', 'retry'] as const;
export const PATTERNS = ['seven-steps'] as const;
export const CALL_KINDS = ['first', 'later'] as const;

const TEMPLATES =
  'Templates: {{client.name}}, {{client.firstName}}, {{client.phone}}, {{client.product}}, {{client.deliveredAt}}, ' +
  '{{me.name}}, {{me.company}}, {{me.phone}}, {{next.date}}, and your vars as {{name}} or {{vars.name}}; ' +
  '{{client.firstName | client.name}} falls back to the next name.';

const id = (description: string) => z.string().regex(new RegExp(ID_PATTERN)).meta({ description });
const text = (description: string, examples?: string[]) =>
  z.string().min(1).meta(examples ? { description, examples } : { description });
const duration = (description: string, examples: string[]) =>
  z.string().regex(new RegExp(DURATION_PATTERN)).meta({ description, examples });

const DURATION_FORMS =
  'A whole number and a unit: 90m, 2 hours, 3 days, 3 business days, 1 week; ' +
  'in Russian: 90 минут, 2 часа, 3 дня, 3 рабочих дня, 1 неделя.';

export const flagSchema = z
  .strictObject({
    text: text('What the issue is, prefilled in the flag form (e.g. "Door opens 90°, asked for 180°").'),
    owner: text('Who will take it on; one of the script\'s `owners` (e.g. "senior assembler").', [
      'senior assembler',
    ]),
    promise: text('What the salesperson promises the client (e.g. "He will call you today").'),
    due: duration(`When it must be done, counted from the call. ${DURATION_FORMS}`, ['1 day', '2 рабочих дня']),
  })
  .partial()
  .meta({
    id: 'flag',
    description:
      'Opens the flag form prefilled: an issue the salesperson takes on (text, owner, promise, due date). ' +
      'The salesperson confirms or edits it during the call.',
  });

const outcome = z.enum(OUTCOMES).meta({
  description:
    'Ends the call with this outcome: completed, call-back (schedules `retry`), no-answer, declined, wrong-number, ended-early.',
});

const gotoTarget = id(
  'Where to go next: a step id, or a handler name (the handler runs, then the call resumes after this step).',
);

export const optionSchema = z
  .strictObject({
    label: text('The answer as the salesperson picks it (and as the journal records it).', ['Remembers']),
    say: text(`Words to say when this answer is picked. ${TEMPLATES}`),
    goto: gotoTarget,
    outcome,
    flag: flagSchema,
  })
  .partial()
  .required({ label: true })
  .meta({
    id: 'option',
    description:
      'One answer of an `ask: choice` step; on a yesno, text or scale step, what happens when the answer matches the label (yes/no, да/нет, a number).',
  });

/** Fields of a step, shared by main steps and handler steps. */
const stepShape = {
  id: id(
    'The step\'s id: unique in its list, stable (journals and answers files refer to it). In a script that `extends`, a step with a base step\'s id overrides that step\'s fields.',
  ),
  goal: text('The step\'s purpose, shown as its heading (e.g. "Remind who you are").', ['Remind who you are']),
  say: text(`What to say. ${TEMPLATES}`),
  tone: text('How to say it: a stage direction, shown dimmed (e.g. "Positive, a little humour.").', [
    'Positive, a little humour.',
  ]),
  expect: text('The client\'s likely reply, shown as LIKELY.', ['Yes, of course!']),
  ask: z.enum(ASK_TYPES).meta({
    description:
      'What to record: none (default; just say it), text, yesno, choice (needs `options`), scale (needs `scale`), date. In an override, giving `ask` replaces the base step\'s `options` too.',
    default: 'none',
  }),
  options: z.array(optionSchema).min(1).meta({
    description:
      'The answers of an `ask: choice` step, in the order shown. A yesno step may label options yes/no to attach a goto, outcome or flag; a scale step by number.',
  }),
  scale: z
    .strictObject({
      min: z.number().int().meta({ description: 'The lowest value.' }),
      max: z.number().int().meta({ description: 'The highest value.' }),
    })
    .meta({ description: 'The range of an `ask: scale` step, e.g. { min: 1, max: 10 }.' }),
  schedules: z.enum(SCHEDULES).meta({
    description:
      'This step agrees the next call: on "yes" the call is scheduled per the top-level `next` (or `retry`); the date can be edited.',
  }),
  goto: gotoTarget,
  outcome,
  flag: flagSchema,
  before: id('Only in a script that `extends`: put this new step before the base step with this id.'),
  after: id('Only in a script that `extends`: put this new step after the base step with this id.'),
  remove: z.literal(true).meta({ description: 'Only in a script that `extends`: drop the base step with this id.' }),
};

export const stepSchema = z.strictObject(stepShape).partial().required({ id: true }).meta({
  id: 'step',
  description: 'One step of the call: what to say, how, the likely reply, and what to record.',
});

export const handlerSchema = z
  .strictObject({
    goal: text('The handler\'s purpose, e.g. "Question: heard → acknowledge → clarify → answer".'),
    steps: z.array(stepSchema).min(1).meta({
      description:
        'The handler\'s steps. When they end, the call resumes after the step that went to the handler. In an override, steps merge by id like the main steps.',
    }),
    remove: z.literal(true).meta({ description: 'Only in a script that `extends`: drop the base handler of this name.' }),
  })
  .partial()
  .meta({ id: 'handler', description: 'A side track (a question, criticism) that steps and options `goto`.' });

export const scriptSchema = z
  .strictObject({
    $schema: z.string().meta({ description: 'The JSON Schema of this file (optional; the modeline comment is preferred).' }),
    id: id('The script\'s id, unique on the search path; the file is named <id>.yaml.'),
    title: text('Shown in `scripts list` and at the top of a call.', ['First follow-up call — kitchen furniture']),
    language: z
      .string()
      .regex(/^[a-z]{2}(-[A-Z]{2})?$/)
      .meta({ description: 'The language the script is written in: ru, en, …', examples: ['ru', 'en'] }),
    extends: id(
      'Inherit everything from this script and change it by step id: same id overrides fields, before:/after: place a new step, remove: true drops one.',
    ),
    pattern: z.enum(PATTERNS).meta({
      description:
        'The method this script follows. seven-steps turns on the method linter (the seven steps in order, no referral request in a first call, a goodbye on every path, …). Inherited through `extends`.',
    }),
    call: z.enum(CALL_KINDS).meta({
      description: 'Which call of the sequence: first (a hot call a few hours after the purchase; no referral requests) or later.',
    }),
    target: z
      .string()
      .regex(new RegExp(TARGET_PATTERN))
      .meta({ description: 'The target length of the call: 3m, 180s, 3:00, 3 минуты.', examples: ['3m'] }),
    vars: z
      .record(z.string().regex(new RegExp(VAR_NAME_PATTERN)), z.union([z.string(), z.number(), z.boolean()]))
      .meta({
        description: 'Words used in templates as {{name}} or {{vars.name}}, e.g. { company: «Глория фурнитура» }. Merged by name with the base script\'s vars.',
      }),
    next: z
      .strictObject({
        in: duration(`When the next call is due after this one. ${DURATION_FORMS}`, ['3 days', '3 дня']),
        script: id('The script of the next call.'),
      })
      .partial()
      .meta({ description: 'The default next call, proposed by a step with `schedules: next`.' }),
    retry: z
      .strictObject({
        in: duration(`When to try again. ${DURATION_FORMS}`, ['2 hours', '2 часа']),
      })
      .meta({ description: 'When to call again after "call-back" or no answer.' }),
    owners: z.array(text('Someone a flagged issue can be handed to.')).meta({
      description: 'Who a flag can go to, e.g. [senior assembler, delivery service]. Replaces the base script\'s list.',
    }),
    steps: z.array(stepSchema).meta({
      description: 'The call\'s steps in order. In a script that `extends`, only the steps that change.',
    }),
    handlers: z.record(z.string().regex(new RegExp(ID_PATTERN)), handlerSchema).meta({
      description: 'Side tracks by name (a client\'s question, criticism from relatives). Merged by name with the base script\'s handlers.',
    }),
  })
  .partial()
  .required({ id: true })
  .meta({
    title: 'followup call script',
    description:
      'A call script for `followup`: the steps of a sales follow-up call. See docs/script-format.md.',
  });

export type RawScript = z.infer<typeof scriptSchema>;
export type RawStep = z.infer<typeof stepSchema>;
export type RawHandler = z.infer<typeof handlerSchema>;
export type RawOption = z.infer<typeof optionSchema>;
export type RawFlag = z.infer<typeof flagSchema>;

/** The kinds of mapping in a script, for "did you mean" on unknown keys. */
export type ObjectKind = 'script' | 'step' | 'option' | 'handler' | 'flag' | 'next' | 'retry' | 'scale';

export const KNOWN_KEYS: Record<ObjectKind, readonly string[]> = {
  script: Object.keys(scriptSchema.shape),
  step: Object.keys(stepSchema.shape),
  option: Object.keys(optionSchema.shape),
  handler: Object.keys(handlerSchema.shape),
  flag: Object.keys(flagSchema.shape),
  next: ['in', 'script'],
  retry: ['in'],
  scale: ['min', 'max'],
};

/** Which kind of mapping sits at a path of the raw document. */
export function objectKindAt(path: readonly PropertyKey[]): ObjectKind | undefined {
  const last = path.at(-1);
  const parent = path.at(-2);
  if (path.length === 0) return 'script';
  if (path.length === 1 && (last === 'next' || last === 'retry')) return last;
  if (last === 'flag') return 'flag';
  if (last === 'scale') return 'scale';
  if (typeof last === 'number' && parent === 'options') return 'option';
  if (typeof last === 'number' && parent === 'steps') return 'step';
  if (path.length === 2 && path[0] === 'handlers') return 'handler';
  return undefined;
}

/** The JSON Schema published as schema/script.schema.json. */
export function scriptJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scriptSchema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
  return schema;
}
