// The journal entry finishCall writes: the chapter's two kitchen calls, end to
// end through the engine, checked field by field, and the summary's exact
// wording in both languages (it is stored, so its text is a contract).
import { describe, expect, test } from 'vitest';
import { currentView, finishCall, summarize } from '../../src/call/index.js';
import type { FlagRecord } from '../../src/journal/types.js';
import { CallDriver, input, kitchenScriptRu } from './fixtures.js';

const russianCall = (overrides: Parameters<typeof input>[0] = {}) =>
  new CallDriver(
    input({
      script: kitchenScriptRu(),
      lang: 'ru',
      me: { name: 'Сергей Ларин' },
      salesperson: 'Сергей Ларин',
      client: { id: 'andrey-ivanovich', name: 'Андрей Иванович', phone: '+7 916 123-45-67' },
      ...overrides,
    }),
  );

/** The chapter's kitchen call: the door flagged, the mother-in-law's criticism handled, three days on. */
function chapterCall(): CallDriver {
  const d = russianCall();
  d.answer('Помнит');
  d.answer('Собрали быстро, всё хорошо');
  d.answer('Есть вопрос');
  d.answer('Вторая справа, у сушки, широкая');
  d.answer('Нужен мастер');
  const prefill = currentView(d.state)!.pending!.flag!;
  d.send({
    type: 'flag',
    id: '01JFLAGDOOR',
    flag: { text: 'Створка открывается на 90°, просил на 180°', owner: prefill.owner!, promise: prefill.promise!, due: prefill.due },
  });
  d.answer('Критика');
  d.answer('Тёще не понравился цвет: слишком тёмный');
  d.send({ type: 'note', text: 'тёща считает цвет слишком тёмным', step: 'relatives' });
  d.answer('');
  d.answer('');
  d.answer('да');
  d.answer('');
  return d;
}

describe('the journal entry', () => {
  test('the first kitchen call: seven main steps, handler steps, one open flag, the next call three days on', () => {
    const d = chapterCall();
    const entry = finishCall(d.state, { endedAt: d.tick(11), id: '01JCALL' });
    expect(entry).toMatchObject({
      v: 1,
      type: 'call',
      id: '01JCALL',
      at: '2026-11-26T14:00:00.000Z',
      client: { id: 'andrey-ivanovich', name: 'Андрей Иванович' },
      salesperson: 'Сергей Ларин',
      script: { id: 'kitchen-furniture-ru', version: 'v-kitchen-ru-1' },
      startedAt: '2026-11-26T14:00:00.000Z',
      endedAt: '2026-11-26T14:02:21.000Z',
      durationSec: 141,
      outcome: 'completed',
      gaps: [],
      // Thursday + 3 days = Sunday → Monday (the business-day rule applied).
      nextCall: { date: '2026-11-30', script: 'kitchen-furniture-second', agreed: true, kind: 'next' },
    });
    expect(entry.steps.filter((s) => !s.handler).map((s) => s.id)).toEqual([
      'remind', 'how-it-went', 'impression', 'relatives', 'support', 'next-call', 'goodbye',
    ]);
    expect(entry.steps.filter((s) => s.handler).map((s) => `${s.handler}.${s.id}`)).toEqual([
      'handle-question.acknowledge', 'handle-question.resolve', 'handle-criticism.clarify', 'handle-criticism.support-choice',
    ]);
    expect(entry.steps.find((s) => s.id === 'relatives')).toEqual({
      id: 'relatives',
      goal: 'Мнение близких',
      answer: 'Критика',
      note: 'тёща считает цвет слишком тёмным',
    });
    expect(entry.flags).toEqual([
      {
        id: '01JFLAGDOOR',
        step: 'handle-question.resolve',
        text: 'Створка открывается на 90°, просил на 180°',
        owner: 'старший мастер по сборке',
        promise: 'Мастер свяжется с вами',
        due: '2026-11-27',
        status: 'open',
      },
    ]);
    expect(entry.summary).toBe(
      'Звонок завершён за 2:21 (цель 3:00), 7 из 7 шагов. Напомнить о себе: Помнит; Как всё прошло: Собрали быстро, всё хорошо; ' +
        'Первое впечатление: Есть вопрос; Уточнить: Вторая справа, у сушки, широкая; Решение: Нужен мастер; Мнение близких: Критика; ' +
        'Что именно сказали: Тёще не понравился цвет: слишком тёмный; Согласие на следующий звонок: да. ' +
        'Заметки: Мнение близких: тёща считает цвет слишком тёмным. ' +
        'Взято на контроль: «Створка открывается на 90°, просил на 180°» → старший мастер по сборке, срок пт, 27 нояб. (Мастер свяжется с вами). ' +
        'Следующий звонок: пн, 30 нояб. (договорились), сценарий kitchen-furniture-second.',
    );
    // Deterministic: the same state gives the same entry.
    expect(finishCall(d.state, { endedAt: d.now(), id: '01JCALL' })).toEqual(entry);
  });

  test('the second call: the open flag is brought up first and resolved', () => {
    const first = finishCall(chapterCall().state, { endedAt: '2026-11-26T14:03:00.000Z', id: '01JCALL' });
    const openFlags: FlagRecord[] = first.flags;
    const d = russianCall({ startedAt: '2026-11-30T09:00:00.000Z', openFlags });
    expect(currentView(d.state)).toMatchObject({ kind: 'review', flag: { id: '01JFLAGDOOR', owner: 'старший мастер по сборке' } });
    d.send({ type: 'review-flag', flag: '01JFLAGDOOR', status: 'resolved', note: 'мастер перевесил петли' });
    expect(currentView(d.state)).toMatchObject({ kind: 'step', key: 'remind' });
    for (const v of ['Помнит', 'Всё хорошо', 'Всё хорошо', 'Понравилось', '', 'нет', '']) d.answer(v);
    const entry = finishCall(d.state, { endedAt: d.tick(), id: '01JCALL2' });
    expect(entry.reviewedFlags).toEqual([{ flag: '01JFLAGDOOR', status: 'resolved', note: 'мастер перевесил петли' }]);
    expect(entry.flags).toEqual([]);
    // Mon + 3 days = Thu 3 Dec, not agreed: the salesperson still calls.
    expect(entry.nextCall).toEqual({ date: '2026-12-03', script: 'kitchen-furniture-second', agreed: false, kind: 'next' });
    expect(entry.summary).toContain('Прошлые вопросы: «Створка открывается на 90°, просил на 180°» — решён (мастер перевесил петли).');
    expect(entry.summary).toContain('Следующий звонок: чт, 3 дек. (не договорились), сценарий kitchen-furniture-second.');
  });

  test('an unfinished call reads as ended early', () => {
    const d = russianCall();
    d.answer('Помнит');
    const entry = finishCall(d.state, { endedAt: d.tick(), id: 'E' });
    expect(entry.outcome).toBe('ended-early');
    expect(entry.steps.map((s) => s.id)).toEqual(['remind']);
  });
});

describe('the summary', () => {
  const base = { steps: [], flags: [], gaps: [], durationSec: 0, reviewedFlags: [] };

  test('pre-call outcomes, in both languages, with the retry time in the user’s zone', () => {
    const retry = { date: '2026-11-26', at: '2026-11-26T16:00:00.000Z', script: 'kitchen', agreed: false, kind: 'retry' as const };
    expect(summarize({ ...base, outcome: 'no-answer', nextCall: retry }, 'en', 'Europe/Moscow')).toBe(
      'No answer. Call again: Thu 26 Nov, 19:00.',
    );
    expect(summarize({ ...base, outcome: 'no-answer', nextCall: retry }, 'ru', 'Europe/Moscow')).toBe(
      'Не дозвонились. Перезвонить: чт, 26 нояб., 19:00.',
    );
    expect(summarize({ ...base, outcome: 'wrong-number', nextCall: null }, 'ru')).toBe(
      'Ошибка в номере. Следующий звонок не назначен.',
    );
    expect(summarize({ ...base, outcome: 'call-back', durationSec: 12, nextCall: retry }, 'en', 'America/Los_Angeles')).toBe(
      'The client asked to call back (0:12). Call again: Thu 26 Nov, 08:00.',
    );
  });

  test('skipped steps, gaps, a free note; several flags; no double full stops; one line', () => {
    const text = summarize(
      {
        ...base,
        outcome: 'ended-early',
        durationSec: 95,
        targetSec: 180,
        mainSteps: 7,
        steps: [
          { id: 'remind', goal: 'Remind who you are', answer: 'Remembers' },
          { id: 'how-it-went', goal: 'How it went', skipped: true },
          { id: 'impression', goal: 'First impression', answer: 'Fine.\nThe door\tsqueaks.' },
        ],
        flags: [
          { id: 'a', step: 'impression', text: 'Door squeaks', owner: 'senior assembler', due: '2026-11-27', status: 'open' },
          { id: 'b', step: 'impression', text: 'Handle loose', owner: 'delivery service', due: '2026-11-30', status: 'open' },
        ],
        gaps: [{ step: 'impression', said: 'asked about a warranty extension' }],
        nextCall: { date: '2026-11-30', agreed: false, kind: 'next' },
        note: 'Call before noon!',
      },
      'en',
      'Europe/Moscow',
    );
    expect(text).toBe(
      'Call ended early after 1:35 (target 3:00), 2 of 7 steps. Remind who you are: Remembers; First impression: Fine. The door squeaks. ' +
        'Skipped: How it went. Issues taken on: “Door squeaks” → senior assembler, due Fri 27 Nov; “Handle loose” → delivery service, due Mon 30 Nov. ' +
        'Not covered by the script: asked about a warranty extension. Next call: Mon 30 Nov (not agreed). Note: Call before noon!',
    );
  });

  test('Russian plural of the step count', () => {
    const one = summarize({ ...base, outcome: 'completed', targetSec: 60, mainSteps: 1, steps: [{ id: 'a' }], nextCall: null }, 'ru');
    expect(one).toBe('Звонок завершён за 0:00 (цель 1:00), 1 из 1 шага. Следующий звонок не назначен.');
    const five = summarize({ ...base, outcome: 'completed', targetSec: 60, mainSteps: 5, steps: [{ id: 'a' }], nextCall: null }, 'ru');
    expect(five).toContain('1 из 5 шагов');
  });
});

