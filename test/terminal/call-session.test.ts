// The call loop through the real inquirer prompts (@inquirer/testing's
// virtual screen): menus with the actions after a separator, a typed step
// whose empty line opens the actions, the flag form an option opens, back,
// another day for the next call, ending the call with an outcome — and the
// draft saved after every event.
import { screen } from '@inquirer/testing/vitest';
import { describe, expect, it } from 'vitest';
import { finishCall, startCall, type CallEvent, type CallState } from '../../src/call/index.js';
import type { Script } from '../../src/script/types.js';
import { CallSession } from '../../src/terminal/call-session.js';
import { inquirerPrompter } from '../../src/terminal/inquirer-prompter.js';
import { kitchenScript, tinyScript } from './fixtures.js';

const calendar = { timeZone: 'Europe/Moscow', workingDays: [1, 2, 3, 4, 5], daysOff: [] };
const STARTED = '2026-11-26T11:00:00.000Z';

function session(script: Script, lang: 'en' | 'ru') {
  let t = Date.parse(STARTED);
  const shown: string[] = [];
  const drafts: CallEvent[][] = [];
  const state = startCall({
    script,
    client: { id: 'andrey-ivanovich', name: 'Андрей Иванович' },
    salesperson: 'Сергей Ларин',
    me: { name: 'Сергей Ларин', company: '«Глория фурнитура»' },
    startedAt: STARTED,
    openFlags: [],
    calendar,
    lang,
  });
  const io = { stdin: process.stdin, stdout: process.stdout, color: false };
  let n = 0;
  const call = new CallSession(state, {
    prompter: inquirerPrompter(io, lang),
    show: (text) => shown.push(text),
    refused: (error) => shown.push(`refused: ${error.message}`),
    render: { lang, timeZone: 'Europe/Moscow', color: false, columns: 100 },
    now: () => new Date((t += 1000)),
    newId: () => `FLAG${++n}`,
    persist: async (s: CallState) => {
      drafts.push(s.log);
    },
    owners: script.owners,
    clientName: 'Андрей Иванович',
  });
  return { call, shown, drafts };
}

/** Waits until the active prompt shows `text`. */
async function waitScreen(text: string): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const now = screen.getScreen();
    if (now.includes(text)) return now;
    await screen.next();
  }
  throw new Error(`"${text}" never showed; the screen:\n${screen.getScreen()}`);
}

async function pick(label: string): Promise<void> {
  const text = await waitScreen(label);
  const lines = text.split('\n').filter((l) => /^[❯ ] \S/.test(l));
  const from = lines.findIndex((l) => l.startsWith('❯'));
  const to = lines.findIndex((l) => l.slice(2) === label);
  if (to < 0) throw new Error(`no "${label}" in:\n${text}`);
  for (let i = from; i < to; i++) screen.keypress('down');
  for (let i = from; i > to; i--) screen.keypress('up');
  screen.keypress('enter');
}

async function type(prompt: string, text: string): Promise<void> {
  await waitScreen(prompt);
  if (text) screen.type(text);
  screen.keypress('enter');
}

describe('the call loop on inquirer prompts', () => {
  it('shows the actions after a separator in a choice menu', async () => {
    const script = await kitchenScript();
    const { call, shown } = session(script, 'ru');
    const done = call.run();
    const menu = await waitScreen('? Клиент');
    expect(menu).toMatch(/❯ Помнит\n {2}Не помнит\n {2}Не может говорить\n {2}Не тот человек\n ─────────\n {2}\+ заметка\n {2}! отметить вопрос\n {2}\? ответ не по скрипту\n {2}→ пропустить\n {2}× закончить звонок/);
    // No "back" at the first step.
    expect(menu).not.toContain('← назад');
    expect(shown[0]).toContain('── 1/7 Напомнить о себе');
    await pick('× закончить звонок');
    await pick('прервался');
    const state = await done;
    expect(state.flow.outcome).toBe('ended-early');
  });

  it('a typed step: an empty line opens the actions, a note, then the answer', async () => {
    const script = await kitchenScript();
    const { call, drafts } = session(script, 'ru');
    const done = call.run();
    await pick('Помнит');
    await pick('Всё хорошо');
    await pick('Есть вопрос или сомнение');
    await type('? Клиент', '');
    await pick('+ заметка');
    await type('? Заметка', 'створка у сушки');
    await type('? Клиент', 'Вторая справа');
    await type('? Клиент', '');
    await pick('× закончить звонок');
    await pick('перезвонить');
    const state = await done;
    const entry = finishCall(state, { endedAt: '2026-11-26T11:01:00.000Z', id: 'X' });
    expect(entry.steps.find((s) => s.id === 'acknowledge')).toMatchObject({ answer: 'Вторая справа', note: 'створка у сушки', handler: 'handle-question' });
    expect(entry.outcome).toBe('call-back');
    // A draft after every event: the last one holds them all.
    expect(drafts.length).toBe(state.log.length);
    expect(drafts.at(-1)).toEqual(state.log);
  });

  it('an option with a flag opens the form, prefilled from the script', async () => {
    const script = await kitchenScript();
    const { call, shown } = session(script, 'ru');
    const done = call.run();
    await pick('Помнит');
    await pick('Всё хорошо');
    await pick('Есть вопрос или сомнение');
    await type('? Клиент', 'Вторая справа');
    await type('? Клиент', 'Открывается на 90, просил на 180');
    await pick('Нужен старший мастер по сборке');
    await type('? Вопрос', 'Створка открывается на 90°, просили на 180°');
    const owners = await waitScreen('? Кто решает');
    expect(owners).toContain('❯ старший мастер по сборке');
    screen.keypress('enter');
    const promise = await waitScreen('? Что вы пообещали клиенту?');
    expect(promise).toContain('Старший мастер по сборке свяжется с вами');
    screen.keypress('enter');
    // Thursday + 1 day: Friday 27 November.
    await type('? Срок — пятница, 27 ноября? Enter — оставить', '');
    await pick('× закончить звонок');
    await pick('прервался');
    const state = await done;
    expect(state.flags).toMatchObject([
      { id: 'FLAG1', step: 'handle-question.answer', owner: 'старший мастер по сборке', promise: 'Старший мастер по сборке свяжется с вами', due: '2026-11-27' },
    ]);
    expect(shown.join('\n')).toContain('СКАЗАТЬ  Давайте поступим так');
  });

  it('flag an issue from the menu, with an owner typed in', async () => {
    const script = await kitchenScript();
    const { call } = session(script, 'ru');
    const done = call.run();
    await pick('! отметить вопрос');
    await type('? Вопрос', 'Нет ручки на ящике');
    await pick('Другой…');
    await type('? Кто отвечает за вопрос', 'склад');
    await type('? Что вы пообещали клиенту?', '');
    await type('? Срок', '+5д');
    await pick('× закончить звонок');
    await pick('прервался');
    const state = await done;
    expect(state.flags).toMatchObject([{ text: 'Нет ручки на ящике', owner: 'склад', due: '2026-12-01', step: 'remind' }]);
    expect(state.flags[0]).not.toHaveProperty('promise');
  });

  it('back returns to the previous step with its answer offered again', async () => {
    const script = await kitchenScript();
    const { call } = session(script, 'ru');
    const done = call.run();
    await pick('Не помнит');
    await pick('← назад');
    const again = await waitScreen('❯ Не помнит');
    expect(again).toContain('Не помнит');
    screen.keypress('enter');
    await pick('× закончить звонок');
    await pick('прервался');
    const state = await done;
    expect(state.flow.trail.map((v) => [v.key, v.answer])).toEqual([
      ['remind', 'Не помнит'],
      ['how-it-went', undefined],
    ]);
  });

  it('a scheduling step takes another day', async () => {
    const script = tinyScript(
      [
        { id: 'next-call', goal: 'Agree on the next call', say: 'I will call again in a few days, all right?', ask: 'yesno', schedules: 'next' },
        { id: 'goodbye', goal: 'Say goodbye', ask: 'none', outcome: 'completed' },
      ],
      { next: { in: { amount: 3, unit: 'days', text: '3 days' }, script: 'tiny' }, owners: ['service'] },
    );
    const { call, shown } = session(script, 'en');
    const done = call.run();
    const menu = await waitScreen('? Client');
    // Thursday + 3 days is Sunday: Monday 30 November is proposed.
    expect(menu).toContain('❯ Yes — Monday, 30 November');
    expect(shown[0]).toContain('→ Next call: Monday, 30 November');
    await pick('Yes, another day…');
    await waitScreen('? Which day?');
    screen.type('wed');
    await waitScreen('wed → Wednesday, 2 December');
    screen.keypress('enter');
    await pick('⏎ end of the call');
    const state = await done;
    const entry = finishCall(state, { endedAt: '2026-11-26T11:02:00.000Z', id: 'X' });
    expect(entry.outcome).toBe('completed');
    expect(entry.nextCall).toEqual({ date: '2026-12-02', script: 'tiny', agreed: true, kind: 'next' });
  });

  it('a date that is not one is refused with a hint, and asked again', async () => {
    const script = tinyScript([{ id: 'when', goal: 'When is it convenient?', ask: 'date' }]);
    const { call } = session(script, 'en');
    const done = call.run();
    await waitScreen('? Client');
    screen.type('someday');
    screen.keypress('enter');
    await waitScreen('Not a date I know');
    for (let i = 0; i < 'someday'.length; i++) screen.keypress('backspace');
    screen.type('2026-12-03');
    screen.keypress('enter');
    const state = await done;
    expect(state.flow.trail[0]!.answer).toBe('2026-12-03');
  });
});
