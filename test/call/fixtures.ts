// Call scripts as TS objects (the resolved Script shape), so the engine's
// tests don't depend on the YAML loader, plus helpers to drive a call.
import { applyEvent, startCall } from '../../src/call/index.js';
import type { CallEvent, CallState, StartCallInput } from '../../src/call/index.js';
import type { FlagRecord } from '../../src/journal/types.js';
import type { Duration, Script, Step } from '../../src/script/types.js';

export const dur = (amount: number, unit: Duration['unit'], text = `${amount} ${unit}`): Duration => ({
  amount,
  unit,
  text,
});

const source = { file: 'test.yaml', origin: 'file' as const, files: ['test.yaml'] };

/** The chapter's kitchen call, seven steps, with the question and criticism handlers. */
export function kitchenScript(overrides: Partial<Script> = {}): Script {
  const steps: Step[] = [
    {
      id: 'remind',
      goal: 'Remind who you are',
      say: "{{client.name}}? Good afternoon! It's {{me.name}} from {{company}}, your {{product}} arrived today!",
      tone: 'Positive, a little humour.',
      expect: 'Yes, of course!',
      ask: 'choice',
      options: [
        { label: 'Remembers' },
        { label: "Doesn't remember", say: "I'm {{me.name}}, I handed over your order today." },
        { label: "Can't talk now", outcome: 'call-back' },
      ],
    },
    { id: 'how-it-went', goal: 'How it went', say: 'How did the assembly go?', ask: 'text' },
    {
      id: 'impression',
      goal: 'First impression',
      say: "What's your first impression, at home?",
      ask: 'choice',
      options: [{ label: 'All good' }, { label: 'Has a question or a doubt', goto: 'handle-question' }],
    },
    {
      id: 'relatives',
      goal: 'What relatives said',
      say: 'Have you shown it to anyone? What did they say?',
      ask: 'choice',
      options: [{ label: 'Liked it' }, { label: 'Criticised', goto: 'handle-criticism' }],
    },
    { id: 'support', goal: 'Offer support', say: 'Any question at all — call me!', ask: 'none' },
    {
      id: 'next-call',
      goal: 'Agree the next call',
      say: "I'll call again on {{next.date}}, all right?",
      ask: 'yesno',
      schedules: 'next',
    },
    { id: 'goodbye', goal: 'Say goodbye', say: 'All the best, {{client.name}}!', ask: 'none' },
  ];
  return {
    id: 'kitchen-furniture',
    title: 'First follow-up call — kitchen furniture',
    language: 'en',
    targetSec: 180,
    vars: { company: 'Gloria Furniture', product: 'kitchen set' },
    next: { in: dur(3, 'days', '3 days'), script: 'kitchen-furniture-second' },
    retry: { in: dur(2, 'hours', '2 hours') },
    owners: ['senior assembler', 'delivery service'],
    steps,
    handlers: {
      'handle-question': {
        goal: 'Heard → acknowledge → clarify → answer',
        steps: [
          { id: 'acknowledge', say: 'Good that you told me! Which one exactly?', ask: 'text' },
          {
            id: 'resolve',
            ask: 'choice',
            options: [
              { label: 'Answered on the phone' },
              {
                label: 'Needs someone else',
                say: "I'll talk to the senior assembler and he will call you, all right?",
                flag: { owner: 'senior assembler', promise: 'He will call you', due: dur(1, 'days', '1 day') },
              },
            ],
          },
        ],
      },
      'handle-criticism': {
        goal: 'Support the choice',
        steps: [
          { id: 'clarify', say: 'What exactly did they not like?', ask: 'text' },
          { id: 'support-choice', say: 'You chose it for yourself — and chose well!', ask: 'none' },
        ],
      },
    },
    version: 'v-kitchen-1',
    source,
    ...overrides,
  };
}

/** One step per ask type, for answer validation. */
export function askScript(): Script {
  return {
    id: 'asks',
    title: 'Every ask type',
    language: 'en',
    targetSec: 120,
    vars: {},
    owners: [],
    steps: [
      { id: 'intro', ask: 'none', say: 'Hello' },
      { id: 'story', ask: 'text' },
      { id: 'happy', ask: 'yesno' },
      { id: 'pick', ask: 'choice', options: [{ label: 'Red' }, { label: 'Dark green' }] },
      { id: 'rate', ask: 'scale', scale: { min: 1, max: 5 } },
      { id: 'when', ask: 'date' },
    ],
    handlers: {},
    version: 'v-asks',
    source,
  };
}

/** main: a → b → c → d; option and step gotos; handlers h (calls g) and g. */
export function gotoScript(): Script {
  return {
    ...kitchenScript(),
    id: 'gotos',
    next: undefined,
    steps: [
      {
        id: 'a',
        ask: 'choice',
        options: [{ label: 'Jump to c', goto: 'c' }, { label: 'Run h', goto: 'h' }, { label: 'On' }],
      },
      // A step without options that calls a handler by itself.
      { id: 'b', ask: 'text', goto: 'g' },
      { id: 'c', ask: 'none' },
      { id: 'd', ask: 'none', outcome: 'completed' },
      { id: 'e', ask: 'none' },
    ],
    handlers: {
      h: {
        steps: [
          { id: 'h1', ask: 'choice', options: [{ label: 'Nested', goto: 'g' }, { label: 'Leave for d', goto: 'd' }, { label: 'Stay' }] },
          { id: 'h2', ask: 'none' },
        ],
      },
      g: { steps: [{ id: 'g1', ask: 'text' }] },
    },
  };
}

export const MOSCOW = { timeZone: 'Europe/Moscow', workingDays: [1, 2, 3, 4, 5], daysOff: [] as string[] };

export function input(overrides: Partial<StartCallInput> = {}): StartCallInput {
  return {
    script: kitchenScript(),
    client: { id: 'andrey-ivanovich', name: 'Andrey Ivanovich', phone: '+7 916 123-45-67', product: 'kitchen set' },
    salesperson: 'Sergey Larin',
    me: { name: 'Sergey Larin', company: 'Gloria Furniture' },
    // Thursday 26 Nov 2026, 17:00 in Moscow.
    startedAt: '2026-11-26T14:00:00.000Z',
    openFlags: [],
    calendar: { ...MOSCOW, callHours: { from: '09:00', to: '20:00' } },
    lang: 'en',
    ...overrides,
  };
}

export const earlierFlag = (id: string, text: string, status: FlagRecord['status'] = 'open'): FlagRecord => ({
  id,
  step: 'impression',
  text,
  owner: 'senior assembler',
  due: '2026-11-27',
  status,
});

type EventWithoutTime = CallEvent extends infer E ? (E extends CallEvent ? Omit<E, 'at'> & { at?: string } : never) : never;

/** Drives a call: each event 10 s after the previous one; keeps the events for replay. */
export class CallDriver {
  state: CallState;
  events: CallEvent[] = [];
  private clock: number;
  constructor(readonly start: StartCallInput = input()) {
    this.state = startCall(start);
    this.clock = Date.parse(start.startedAt);
  }
  now(): string {
    return new Date(this.clock).toISOString();
  }
  tick(seconds = 10): string {
    this.clock += seconds * 1000;
    return this.now();
  }
  send(event: EventWithoutTime): CallState {
    const full = { at: this.tick(), ...event } as CallEvent;
    this.state = applyEvent(this.state, full);
    this.events.push(full);
    return this.state;
  }
  answer(value: string): CallState {
    return this.send({ type: 'answer', value });
  }
  /** The current step's key, or the view's kind. */
  where(): string {
    const view = this.state.flow.phase === 'ended' ? null : currentViewOf(this.state);
    return view === null ? 'ended' : view;
  }
}

function currentViewOf(state: CallState): string {
  const visit = state.flow.trail[state.flow.trail.length - 1];
  if (state.flow.phase === 'review') return `review:${state.reviewFlags[state.flow.review]?.id}`;
  return visit?.key ?? '?';
}

/** The chapter's kitchen call in Russian (the words trimmed). */
export function kitchenScriptRu(): Script {
  const en = kitchenScript();
  return {
    ...en,
    id: 'kitchen-furniture-ru',
    title: 'Первый звонок сопровождения — кухни',
    language: 'ru',
    vars: { company: '«Глория фурнитура»', product: 'гарнитур' },
    next: { in: dur(3, 'days', '3 дня'), script: 'kitchen-furniture-second' },
    retry: { in: dur(2, 'hours', '2 часа') },
    owners: ['старший мастер по сборке', 'служба доставки'],
    steps: [
      {
        id: 'remind',
        goal: 'Напомнить о себе',
        say: '{{client.name}}? Добрый день! Это ваш менеджер, {{me.name}} из {{company}}, вам сегодня привезли ваш {{product}}! Ещё помните меня?',
        tone: 'Позитивно, слегка с юмором.',
        ask: 'choice',
        options: [{ label: 'Помнит' }, { label: 'Не помнит' }, { label: 'Не может говорить', outcome: 'call-back' }],
      },
      { id: 'how-it-went', goal: 'Как всё прошло', say: 'Как установили, всё ли хорошо?', ask: 'text' },
      {
        id: 'impression',
        goal: 'Первое впечатление',
        ask: 'choice',
        options: [{ label: 'Всё хорошо' }, { label: 'Есть вопрос', goto: 'handle-question' }],
      },
      {
        id: 'relatives',
        goal: 'Мнение близких',
        ask: 'choice',
        options: [{ label: 'Понравилось' }, { label: 'Критика', goto: 'handle-criticism' }],
      },
      { id: 'support', goal: 'Предложить поддержку', ask: 'none' },
      { id: 'next-call', goal: 'Согласие на следующий звонок', say: 'Я позвоню {{next.date}}, хорошо?', ask: 'yesno', schedules: 'next' },
      { id: 'goodbye', goal: 'Попрощаться', ask: 'none' },
    ],
    handlers: {
      'handle-question': {
        goal: 'Услышали → приняли → уточнили → ответили',
        steps: [
          { id: 'acknowledge', goal: 'Уточнить', say: 'Хорошо, что сказали! А какая именно створка?', ask: 'text' },
          {
            id: 'resolve',
            goal: 'Решение',
            ask: 'choice',
            options: [
              { label: 'Ответили по телефону' },
              {
                label: 'Нужен мастер',
                flag: { owner: 'старший мастер по сборке', promise: 'Мастер свяжется с вами', due: dur(1, 'days', '1 день') },
              },
            ],
          },
        ],
      },
      'handle-criticism': {
        goal: 'Поддержать выбор',
        steps: [
          { id: 'clarify', goal: 'Что именно сказали', ask: 'text' },
          { id: 'support-choice', goal: 'Поддержать выбор', ask: 'none' },
        ],
      },
    },
    version: 'v-kitchen-ru-1',
  };
}
