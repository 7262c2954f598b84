// The renderers are pure: a model in, a string out. Snapshots of each screen
// in both languages, with a client whose name carries escape sequences and
// bidi controls — they must come out visible, never executed.
import { describe, expect, it } from 'vitest';
import type { ReviewView, StepView, Timing } from '../../src/call/types.js';
import type { ClientState, DueItem, FlagQueueItem, FlagState } from '../../src/journal/index.js';
import type { CallEntry, ClientInfo, FlagRecord } from '../../src/journal/types.js';
import { renderBrief } from '../../src/terminal/render/brief.js';
import { renderDue, dueJson } from '../../src/terminal/render/due.js';
import { renderFlags, shortIds } from '../../src/terminal/render/flags.js';
import { renderHistory } from '../../src/terminal/render/history.js';
import { renderReview, renderStep, timeWarning, type TimeWarning } from '../../src/terminal/render/step.js';
import { clock, type RenderOptions } from '../../src/terminal/render/style.js';
import { renderSummary } from '../../src/terminal/render/summary.js';

const RU: RenderOptions = { lang: 'ru', timeZone: 'Europe/Moscow', color: false, columns: 100 };
const EN: RenderOptions = { lang: 'en', timeZone: 'Europe/London', color: false, columns: 80 };

// ESC [2J clears the screen, ESC ]0; sets the title, RLO reverses the text after it.
const HOSTILE = 'Андрей\u001b[2J\u001b]0;pwned\u0007 Иванович\u202Eлиго\u2066';
const client: ClientInfo = { id: 'andrey-ivanovich', name: HOSTILE, phone: '+7 916 123-45-67', product: 'кухонный гарнитур', deliveredAt: '2026-11-26T08:40:00.000Z' };

/** No control or bidi character left raw; the escape shown as ␛ (and the RLO as <U+202E> unless a table cut the name short). */
function assertInert(text: string, { whole = true } = {}): void {
  expect(text).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/);
  expect(text).toContain('␛[2J');
  if (whole) expect(text).toContain('<U+202E>');
}

const timing = (elapsedSec: number, targetSec = 180): Timing => ({
  elapsedSec,
  targetSec,
  nearTarget: elapsedSec >= targetSec * 0.8 && elapsedSec <= targetSec,
  overTarget: elapsedSec > targetSec,
});

const flag: FlagRecord = {
  id: '01M8BR69A8VKZACJB818T7SZEW',
  step: 'handle-question.answer',
  text: 'Створка у сушки открывается на 90°, просили на 180°',
  owner: 'старший мастер по сборке',
  promise: 'Старший мастер свяжется с вами',
  due: '2026-11-27',
  status: 'open',
};

const remind: StepView = {
  kind: 'step',
  key: 'remind',
  id: 'remind',
  goal: 'Напомнить о себе',
  say: `${HOSTILE}? … Добрый день! Это ваш менеджер, Сергей Ларин из «Глория фурнитура», вам сегодня привезли ваш гарнитур! Ещё помните меня?`,
  tone: 'Позитивно, слегка с юмором.',
  expect: 'Да!',
  ask: 'choice',
  options: [{ label: 'Помнит', flag: false }],
  index: 1,
  total: 7,
  timing: timing(4),
  pending: null,
  canGoBack: false,
  notes: [],
};

const entry: CallEntry = {
  v: 1,
  type: 'call',
  id: '01M8BR69A8VKZACJB818T7SZEX',
  at: '2026-11-26T11:00:00.000Z',
  client,
  salesperson: 'Сергей Ларин',
  script: { id: 'kitchen-furniture', version: 'abc' },
  startedAt: '2026-11-26T11:00:00.000Z',
  endedAt: '2026-11-26T11:02:51.000Z',
  durationSec: 171,
  outcome: 'completed',
  steps: [
    { id: 'remind', goal: 'Напомнить о себе', answer: 'Помнит' },
    { id: 'how-it-went', goal: 'Узнать, как всё прошло', answer: 'Всё хорошо', note: `собрали быстро ${HOSTILE}` },
    { id: 'impression', goal: 'Первое впечатление', answer: 'Есть вопрос или сомнение' },
    { id: 'acknowledge', goal: 'Принять и уточнить', answer: 'Вторая справа, у сушки, широкая', handler: 'handle-question' },
    { id: 'relatives', goal: 'Что сказали близкие', skipped: true },
    { id: 'support', goal: 'Предложить поддержку' },
    { id: 'next-call', goal: 'Договориться о следующем звонке', answer: 'yes' },
    { id: 'goodbye', goal: 'Попрощаться' },
  ],
  flags: [flag],
  gaps: [{ step: 'relatives', said: 'спросил про продлённую гарантию' }],
  summary: 'Звонок завершён за 2:51 (цель 3:00).',
  nextCall: { date: '2026-11-30', script: 'kitchen-furniture-second', agreed: true, kind: 'next' },
};

const flagState = (over: Partial<FlagState> = {}): FlagState => ({
  ...flag,
  clientId: client.id,
  client,
  callId: entry.id,
  raisedAt: entry.at,
  salesperson: 'Сергей Ларин',
  changes: [],
  updatedAt: entry.at,
  ...over,
});

describe('brief', () => {
  it('a first call', () => {
    const text = renderBrief(
      { client, script: { id: 'kitchen-furniture', title: 'Первый звонок сопровождения — кухонная мебель', targetSec: 180 }, callNumber: 1, openFlags: [], today: '2026-11-26' },
      RU,
    );
    assertInert(text);
    expect(text).toMatchSnapshot();
  });

  it('a later call with an overdue flag and the last call', () => {
    const text = renderBrief(
      {
        client,
        script: { id: 'kitchen-furniture-second', title: 'Second follow-up call', targetSec: 240 },
        callNumber: 2,
        lastCall: { at: entry.startedAt, summary: `Door flagged. ${HOSTILE}`, outcome: 'completed' },
        openFlags: [flag],
        today: '2026-11-30',
        reason: 'next call agreed',
      },
      EN,
    );
    assertInert(text);
    expect(text).toContain('overdue by 3 days');
    expect(text).toMatchSnapshot();
  });
});

describe('step', () => {
  it('a main step: header with the clock, SAY, TONE, LIKELY', () => {
    const text = renderStep(remind, RU);
    assertInert(text);
    expect(text.split('\n')[0]).toMatch(/^── 1\/7 Напомнить о себе ─+ 0:04 \/ 3:00$/);
    expect(text.split('\n').every((line) => [...line].length <= 100)).toBe(true);
    expect(text).toMatchSnapshot();
  });

  it('a handler step near the target, with its warning and a note', () => {
    const view: StepView = {
      ...remind,
      key: 'handle-question.acknowledge',
      id: 'acknowledge',
      goal: 'Принять и уточнить',
      say: 'Хорошо, что сказали! А какая именно створка?',
      tone: undefined,
      expect: undefined,
      ask: 'text',
      options: [],
      index: 3,
      handler: { name: 'handle-question', goal: 'Вопрос клиента: услышали → приняли → уточнили → ответили' },
      timing: timing(150),
      notes: [HOSTILE],
    };
    const text = renderStep(view, { ...RU, warning: 'near' });
    assertInert(text);
    expect(text).toContain('⏱ Скоро 3:00: пора закругляться.');
    expect(text).toMatchSnapshot();
  });

  it('a scheduling step shows the proposed day with its weekday', () => {
    const view: StepView = {
      ...remind,
      key: 'next-call',
      id: 'next-call',
      goal: 'Agree on the next call',
      say: "I'll call again in a couple of days, all right?",
      ask: 'yesno',
      options: [],
      index: 6,
      proposal: { kind: 'next', date: '2026-12-01', rule: '3 days', script: 'kitchen-furniture-second' },
      timing: timing(200),
    };
    const text = renderStep(view, { ...EN, warning: 'past' });
    expect(text).toContain('→ Next call: Tuesday, 1 December');
    expect(text).toContain('⏱ Past 3:00');
    expect(text).toMatchSnapshot();
  });

  it('an earlier flag under review', () => {
    const view: ReviewView = { kind: 'review', flag, index: 1, total: 1, timing: timing(2), pending: null, canGoBack: false, notes: [] };
    const text = renderReview(view, { ...RU, clientName: HOSTILE });
    assertInert(text);
    expect(text).toMatchSnapshot();
  });

  it('colours only when asked, and the name still cannot inject any', () => {
    const text = renderStep(remind, { ...RU, color: true });
    expect(text).toContain('\u001b[');
    expect(text).toContain('␛[2J');
    expect(text).not.toContain('\u001b[2J');
    expect(text).not.toContain('\u202E');
  });

  it('warns once per threshold', () => {
    const shown = new Set<TimeWarning>();
    expect(timeWarning(timing(100), shown)).toBeUndefined();
    expect(timeWarning(timing(150), shown)).toBe('near');
    expect(timeWarning(timing(160), shown)).toBeUndefined();
    expect(timeWarning(timing(190), shown)).toBe('past');
    expect(timeWarning(timing(250), shown)).toBeUndefined();
  });
});

describe('summary', () => {
  it('answers, skips, notes, the flag, the gap and the next call', () => {
    const text = renderSummary({ entry, totalSteps: 7, targetSec: 180 }, RU);
    assertInert(text);
    expect(text).toMatch(/Договориться о следующем звонке +Да/);
    expect(text).toMatchSnapshot();
  });

  it('an earlier flag resolved in this call, in English', () => {
    const text = renderSummary(
      { entry: { ...entry, flags: [], gaps: [], reviewedFlags: [{ flag: flag.id, status: 'resolved', note: 'rehung' }], durationSec: 240 }, totalSteps: 7, targetSec: 180, earlierFlags: [flag] },
      EN,
    );
    expect(text).toContain('✔ Earlier issue: Створка у сушки');
    expect(text).toMatchSnapshot();
  });
});

describe('due, history, flags', () => {
  const clientState: ClientState = {
    id: client.id,
    info: client,
    calls: [entry],
    lastCall: entry,
    nextCall: entry.nextCall,
    openFlags: [flagState()],
    flags: [flagState()],
  };
  const due: DueItem[] = [
    { clientId: client.id, client, nextCall: entry.nextCall!, reason: 'next', lastCall: entry, openFlags: [flagState()], overdueDays: 2 },
    {
      clientId: 'maria-petrova',
      client: { id: 'maria-petrova', name: 'Мария Петрова', phone: '+7 903 000-00-01' },
      nextCall: { date: '2026-12-02', at: '2026-12-02T11:00:00.000Z', agreed: false, kind: 'retry', script: 'kitchen-furniture' },
      reason: 'retry',
      lastCall: { ...entry, outcome: 'no-answer' },
      openFlags: [],
      overdueDays: 0,
    },
  ];

  it('due', () => {
    const text = renderDue(due, '2026-12-02', RU);
    assertInert(text, { whole: false });
    expect(text).toContain('просрочен на 2 дня');
    expect(text).toMatchSnapshot();
    expect(renderDue([], '2026-12-02', EN)).toBe('No calls due Wednesday, 2 December.');
  });

  it('due --json keeps the name exact', () => {
    const json = dueJson(due[0]!);
    expect(json.client.name).toBe(HOSTILE);
    expect(json).toMatchObject({ date: '2026-11-30', reason: 'next', agreed: true, overdueDays: 2, script: 'kitchen-furniture-second' });
  });

  it('history', () => {
    const text = renderHistory(clientState, '2026-11-30', EN);
    assertInert(text);
    expect(text).toContain('? Что сказали близкие: спросил про продлённую гарантию');
    expect(text).toMatchSnapshot();
  });

  it('history: a resolved flag is never overdue, and its review shows on the later call', () => {
    const resolved = flagState({ status: 'resolved', note: 'rehung' });
    const second: CallEntry = { ...entry, id: 'SECOND', flags: [], gaps: [], reviewedFlags: [{ flag: flag.id, status: 'resolved', note: 'rehung' }] };
    const text = renderHistory({ ...clientState, calls: [entry, second], lastCall: second, openFlags: [], flags: [resolved] }, '2026-12-05', EN);
    expect(text).not.toContain('overdue');
    expect(text.replace(/\s+/g, ' ')).toContain('✔ Earlier issue: Створка у сушки открывается на 90°, просили на 180° — resolved (rehung)');
  });

  it('flags, grouped by owner', () => {
    const items: FlagQueueItem[] = [
      { ...flagState(), overdueDays: 3 },
      { ...flagState({ id: '01M8BR69A8VKZACJB818T7SZEY', owner: 'служба доставки', text: 'Не привезли полку', due: '2026-12-03' }), overdueDays: 0 },
    ];
    const text = renderFlags(items, RU);
    assertInert(text, { whole: false });
    expect(text).toContain('01M8BR69A8VKZACJB818T7SZEW'.slice(0, 26));
    expect(text).toMatchSnapshot();
  });

  it('short ids are unique prefixes of at least six characters', () => {
    const ids = ['01M8BR69A8VKZACJB818T7SZEW', '01M8BR69A8VKZACJB818T7SZEY', '01M9XXXXXXXXXXXXXXXXXXXXXX'];
    expect([...shortIds(ids).values()]).toEqual(['01M8BR69A8VKZACJB818T7SZEW', '01M8BR69A8VKZACJB818T7SZEY', '01M9XX']);
    expect(shortIds(['01ABCDEFGH', '01ABCDXYZ']).get('01ABCDEFGH')).toBe('01ABCDE');
  });
});

describe('style', () => {
  it('clock', () => {
    expect(clock(0)).toBe('0:00');
    expect(clock(171)).toBe('2:51');
    expect(clock(3723)).toBe('1:02:03');
  });

});
