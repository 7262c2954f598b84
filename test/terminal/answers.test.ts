// The answers file: parsing with positions, the scripted source answering the
// call's questions, and the errors that name what is missing.
import { describe, expect, it } from 'vitest';
import { finishCall, startCall } from '../../src/call/index.js';
import { AnswersFileError, parseAnswers } from '../../src/answers/parse-yaml.js';
import { AnswersSource } from '../../src/answers/source.js';
import { parseMoment } from '../../src/clients/when.js';
import { resolveClient } from '../../src/clients/resolve.js';
import { CallSession } from '../../src/terminal/call-session.js';
import { queuedAnswers, scriptedPrompter } from '../../src/terminal/scripted-prompter.js';
import type { FlagRecord } from '../../src/journal/types.js';
import { kitchenScript } from './fixtures.js';

const calendar = { timeZone: 'Europe/Moscow', workingDays: [1, 2, 3, 4, 5], daysOff: [] };
const STARTED = '2026-11-26T11:00:00.000Z';

async function runFile(yaml: string, scriptId = 'kitchen-furniture', openFlags: FlagRecord[] = []) {
  const script = await kitchenScript(scriptId);
  const file = parseAnswers(yaml, 'answers.yaml');
  const source = new AnswersSource(file, { script, openFlags, calendar, startedAt: STARTED, lang: 'ru' });
  let t = Date.parse(STARTED);
  let ids = 0;
  const state = startCall({ script, client: { id: 'a', name: 'Андрей Иванович' }, salesperson: 'С', me: { name: 'С' }, startedAt: STARTED, openFlags, calendar, lang: 'ru' });
  const session = new CallSession(state, {
    prompter: scriptedPrompter(source),
    show: () => undefined,
    refused: (e) => {
      throw e;
    },
    render: { lang: 'ru', timeZone: 'Europe/Moscow', color: false, columns: 100 },
    now: () => new Date((t += 1000)),
    newId: () => `F${++ids}`,
    persist: async () => undefined,
    owners: script.owners,
    clientName: 'Андрей Иванович',
  });
  const end = await session.run();
  return { entry: finishCall(end, { endedAt: new Date(t).toISOString(), id: 'X' }), source };
}

describe('parseAnswers', () => {
  it('reads the shape of DESIGN.md, yes/true as yes, numbers as text', () => {
    const file = parseAnswers('client: { name: Андрей, phone: 79161234567 }\nanswers:\n  next-call: true\n  remind: Помнит\nnotes: { remind: [a, b] }\n', 'a.yaml');
    expect(file.client).toEqual({ name: 'Андрей', phone: '79161234567' });
    expect(file.answers).toEqual({ 'next-call': 'yes', remind: 'Помнит' });
    expect(file.notes).toEqual({ remind: ['a', 'b'] });
    expect(file.flags).toEqual([]);
  });

  it('reports every problem with its line and column', () => {
    let error: AnswersFileError | undefined;
    try {
      parseAnswers('answers:\n  remind: Помнит\nflags:\n  - { step: remind, owner: x, due: 1 day }\noutcome: sideways\nextra: 1\n', 'a.yaml');
    } catch (e) {
      error = e as AnswersFileError;
    }
    expect(error).toBeInstanceOf(AnswersFileError);
    const text = error!.issues.map((i) => `${i.line}:${i.col} ${i.message}`);
    expect(text).toEqual(expect.arrayContaining([expect.stringMatching(/^4:5 flags\.0\.text: /), expect.stringMatching(/^5:10 outcome: /), '6:1 unknown field "extra"']));
  });

  it('a YAML syntax error names its line', () => {
    expect(() => parseAnswers('answers:\n  remind: [\n', 'a.yaml')).toThrow(/a\.yaml:\d+:\d+: /);
  });
});

describe('the answers source', () => {
  it('notes, gaps and flags land on their steps; the option form gets the file\'s flag', async () => {
    const { entry, source } = await runFile(`
answers:
  remind: Помнит
  how-it-went: Всё хорошо
  impression: Есть вопрос или сомнение
  handle-question.acknowledge: Вторая справа
  handle-question.clarify: На 90 вместо 180
  handle-question.answer: Нужен старший мастер по сборке
  relatives: Понравилось
  next-call: да
notes: { how-it-went: собрали быстро }
gaps: [ { step: relatives, said: спросил про гарантию } ]
flags:
  - { step: handle-question.answer, text: Створка на 90°, owner: старший мастер по сборке, due: 1 day }
  - { step: support, text: Прислать инструкцию по уходу, owner: отдел рекламаций, due: 2026-12-02 }
next: вторник
`);
    expect(entry.outcome).toBe('completed');
    expect(entry.steps.find((s) => s.id === 'how-it-went')?.note).toBe('собрали быстро');
    expect(entry.gaps).toEqual([{ step: 'relatives', said: 'спросил про гарантию' }]);
    expect(entry.flags.map((f) => [f.step, f.owner, f.due, f.promise])).toEqual([
      ['handle-question.answer', 'старший мастер по сборке', '2026-11-27', 'Старший мастер по сборке свяжется с вами'],
      ['support', 'отдел рекламаций', '2026-12-02', undefined],
    ]);
    expect(entry.nextCall).toMatchObject({ date: '2026-12-01', agreed: true });
    expect(source.unused()).toEqual([]);
  });

  it('ends the call with the outcome at the step it names', async () => {
    const { entry } = await runFile('answers: { remind: Помнит }\noutcome: declined\nat-step: how-it-went\n');
    expect(entry.outcome).toBe('declined');
    expect(entry.steps.map((s) => s.id)).toEqual(['remind']);
  });

  it('a missing answer is an error naming the step', async () => {
    await expect(runFile('answers: { remind: Помнит }\n')).rejects.toThrow(/answers\.yaml:1:1: no answer for step "how-it-went" \(Узнать, как всё прошло\)/);
  });

  it('an answer that is not an option lists the options', async () => {
    await expect(runFile('answers: { remind: Забыл }\n')).rejects.toThrow('answers.yaml:1:20: step "remind": "Забыл" is not one of: Помнит, Не помнит, Не может говорить, Не тот человек');
  });

  it('an option that opens a flag form needs a flag in the file', async () => {
    await expect(
      runFile('answers: { remind: Помнит, how-it-went: Есть вопрос или сомнение, handle-question.acknowledge: a, handle-question.clarify: b, handle-question.answer: Нужна служба доставки }\n'),
    ).rejects.toThrow(/step "handle-question\.answer" \(Ответить или взять на контроль\) opens an issue form/);
  });

  it('an open flag from an earlier call needs its review', async () => {
    const open: FlagRecord = { id: '01M8GX71808BNPZ9714GPRPXGJ', step: 'x', text: 'Дверца на 90°', owner: 'мастер', due: '2026-11-27', status: 'open' };
    await expect(runFile('answers: { remind: Помнит }\n', 'kitchen-furniture', [open])).rejects.toThrow(/no review for the open issue "Дверца на 90°"/);
    const { entry } = await runFile(
      'review: [ { flag: дверца на 90°, status: resolved, note: перевесили } ]\nanswers: { remind: Помнит, how-it-went: Всё хорошо, impression: Всё нравится, relatives: Понравилось, next-call: yes }\n',
      'kitchen-furniture',
      [open],
    );
    expect(entry.reviewedFlags).toEqual([{ flag: open.id, status: 'resolved', note: 'перевесили' }]);
  });

  it('names entries the call never reached', async () => {
    const { source } = await runFile('answers: { remind: Помнит, how-it-went: Всё хорошо, impression: Всё нравится, relatives: Понравилось, next-call: yes, handle-criticism.clarify: цвет }\n');
    expect(source.unused()).toEqual(['answers.handle-criticism.clarify']);
  });
});

describe('the scripted prompter', () => {
  it('answers by key and fails on a question it has no answer for', async () => {
    const prompter = scriptedPrompter(queuedAnswers({ a: ['one'], b: [true] }));
    expect(await prompter.input({ key: 'a', message: 'A' })).toBe('one');
    expect(await prompter.confirm({ key: 'b', message: 'B' })).toBe(true);
    expect(await prompter.confirm({ key: 'c', message: 'C', default: false })).toBe(false);
    await expect(prompter.input({ key: 'a', message: 'A again' })).rejects.toThrow(/no scripted answer for "a"/);
    await expect(
      prompter.select({ key: 's', message: 'S', choices: [{ value: 1, name: 'One' }] }),
    ).rejects.toThrow(/no scripted answer/);
  });
});

describe('moments typed by people', () => {
  const now = new Date('2026-11-26T11:00:00.000Z');
  const at = (text: string) => parseMoment(text, { now, timeZone: 'Europe/Moscow' })?.toISOString() ?? null;
  it('reads ISO, local dates and times, today and yesterday in both languages', () => {
    expect(at('2026-11-25T10:00:00Z')).toBe('2026-11-25T10:00:00.000Z');
    expect(at('2026-11-25 15:30')).toBe('2026-11-25T12:30:00.000Z');
    expect(at('2026-11-25T15:30')).toBe('2026-11-25T12:30:00.000Z');
    expect(at('сегодня в 11:40')).toBe('2026-11-26T08:40:00.000Z');
    expect(at('today 11:40')).toBe('2026-11-26T08:40:00.000Z');
    expect(at('вчера')).toBe('2026-11-25T09:00:00.000Z');
    expect(at('9:05')).toBe('2026-11-26T06:05:00.000Z');
    expect(at('now')).toBe(now.toISOString());
  });
  it('refuses what is not a moment', () => {
    for (const text of ['', 'someday', '2026-02-31', '25:00', 'завтра']) expect(at(text)).toBeNull();
  });
});

describe('resolveClient', () => {
  const known = [
    { id: 'andrey-ivanovich', name: 'Андрей Иванович', phone: '+7 916 000-00-00' },
    { id: 'andrey-petrov', name: 'Андрей Петров' },
  ];
  const base = { known, details: {}, lang: 'ru' as const, now: new Date('2026-11-26T11:00:00Z'), timeZone: 'Europe/Moscow' };

  it('one match: that client, with new details from flags', async () => {
    const { client, isNew } = await resolveClient({ ...base, query: 'иванович', details: { phone: '+7 999' } });
    expect(isNew).toBe(false);
    expect(client).toEqual({ id: 'andrey-ivanovich', name: 'Андрей Иванович', phone: '+7 999' });
  });

  it('a single near match on a terminal is confirmed, and can be a new client', async () => {
    const answers = queuedAnswers({ client: [{ byValue: 'andrey-petrov' }, { byName: 'Новый клиент: Андрей Петрова' }], 'client.name': [''], 'client.phone': [''], 'client.product': [''], 'client.delivered': [''] });
    const prompter = scriptedPrompter(answers);
    expect((await resolveClient({ ...base, query: 'петров', prompter })).client.id).toBe('andrey-petrov');
    const fresh = await resolveClient({ ...base, query: 'Андрей Петрова', prompter });
    expect(fresh).toEqual({ client: { id: 'andrey-petrova', name: 'Андрей Петрова' }, isNew: true });
    expect(answers.asked.filter((k) => k === 'client')).toHaveLength(2);
  });

  it('several matches without a terminal: a usage error listing them', async () => {
    await expect(resolveClient({ ...base, query: 'андрей' })).rejects.toThrow(/Андрей Петров \(andrey-petrov\), Андрей Иванович \(andrey-ivanovich\)/);
  });

  it('several matches on a terminal: the salesperson chooses', async () => {
    const prompter = scriptedPrompter(queuedAnswers({ client: [{ byValue: 'andrey-petrov' }] }));
    expect((await resolveClient({ ...base, query: 'андрей', prompter })).client.id).toBe('andrey-petrov');
  });

  it('no match: a new client, with an id that does not collide', async () => {
    const { client, isNew } = await resolveClient({
      ...base,
      known: [...known, { id: 'mariya-sidorova', name: 'Мария Сидорова' }],
      query: 'Мария Сидорова',
      forceNew: true,
      details: { phone: '+7 903', delivered: 'сегодня 11:40' },
    });
    expect(isNew).toBe(true);
    expect(client).toEqual({ id: 'mariya-sidorova-2', name: 'Мария Сидорова', phone: '+7 903', deliveredAt: '2026-11-26T08:40:00.000Z' });
  });

  it('a new client on a terminal is asked its details', async () => {
    const prompter = scriptedPrompter(
      queuedAnswers({ 'client.name': ['Мария Сидорова'], 'client.phone': ['+7 903'], 'client.product': ['шкаф'], 'client.delivered': [''] }),
    );
    const { client } = await resolveClient({ ...base, query: 'мария', prompter });
    expect(client).toEqual({ id: 'mariya-sidorova', name: 'Мария Сидорова', phone: '+7 903', product: 'шкаф' });
  });
});
