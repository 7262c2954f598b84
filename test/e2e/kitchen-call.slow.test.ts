// The chapter's kitchen call, played in a real terminal against the built bin:
// the door that opens 90° instead of 180° flagged to the senior assembler,
// the mother-in-law's criticism of the colour handled, a call agreed in three
// days — then the second call, where the flag is brought up and resolved.
// Also: Ctrl+C and `followup resume` end in the same entry, and the same call
// from the answers file gives the same entry.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallEntry, JournalEntry } from '../../src/journal/types.js';
import { ensureBuilt, killAll, makeHome, ROOT, runFollowup, spawnFollowup, type PtySession } from './pty.js';

beforeAll(ensureBuilt, 120_000);
afterEach(killAll);

const CONFIG = 'name: Сергей Ларин\ncompany: «Глория фурнитура»\nlanguage: ru\ntimeZone: Europe/Moscow\n';
// Thursday 26 November 2026, 14:00 in Moscow: "in 3 days" is a Sunday, so the
// next call moves to Monday 30 November; the flag "in 1 day" is Friday 27.
const THURSDAY = '2026-11-26T11:00:00.000Z';
const MONDAY = '2026-11-30T08:00:00.000Z';
const FIXTURE = path.join(ROOT, 'test/fixtures/answers/kitchen-first-ru.yaml');
const first = parse(readFileSync(FIXTURE, 'utf8')) as {
  client: { name: string; phone: string; product: string };
  answers: Record<string, string>;
  notes: Record<string, string>;
  flags: { text: string; owner: string; promise: string }[];
};

function journal(home: string): JournalEntry[] {
  return readFileSync(path.join(home, 'journal.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as JournalEntry);
}

/** Picks a menu item by typing its first letters (inquirer's own type-to-jump) and Enter. */
async function choose(app: PtySession, label: string): Promise<void> {
  app.type(label);
  await app.waitFor(`❯ ${label}`);
  app.press('enter');
}

/** Waits for the step's header: it is printed once per visit, so it is never stale. */
const step = (app: PtySession, title: string) =>
  app.waitFor(new RegExp(`── \\d/7 (↳ )?${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} ─`), { timeoutMs: 15_000 });

async function note(app: PtySession, text: string): Promise<void> {
  await choose(app, '+ заметка');
  await app.waitFor('? Заметка');
  app.line(text);
  await app.waitFor(`✔ Заметка ${text}`);
}

async function typed(app: PtySession, text: string): Promise<void> {
  await app.waitFor('? Клиент');
  app.line(text);
}

/** The chapter's first kitchen call up to (not into) the relatives step. */
async function playUntilRelatives(app: PtySession): Promise<void> {
  await app.waitFor('? Имя клиента');
  app.press('enter');
  // Phone and product came as flags; the delivery time is asked, and left out.
  await app.waitFor('? Когда доставлен или выдан?');
  app.press('enter');
  await app.waitFor('Звонок 1 по скрипту kitchen-furniture');
  await choose(app, 'Да');
  await step(app, 'Напомнить о себе');
  await choose(app, first.answers.remind!);
  await step(app, 'Узнать, как всё прошло');
  await note(app, first.notes['how-it-went']!);
  await choose(app, first.answers['how-it-went']!);
  await step(app, 'Первое впечатление');
  await choose(app, first.answers.impression!);
  await step(app, 'Принять и уточнить');
  await typed(app, first.answers['handle-question.acknowledge']!);
  await step(app, 'Второе уточнение');
  await typed(app, first.answers['handle-question.clarify']!);
  await step(app, 'Ответить или взять на контроль');
  await choose(app, first.answers['handle-question.answer']!);
  // The option opens the flag form, prefilled from the script's template.
  await app.waitFor('? Вопрос');
  app.line(first.flags[0]!.text);
  await app.waitFor('? Кто решает');
  await app.waitFor('❯ старший мастер по сборке');
  app.press('enter');
  await app.waitFor(`? Что вы пообещали клиенту? (можно пропустить) ${first.flags[0]!.promise}`);
  app.press('enter');
  await app.waitFor('? Срок — пятница, 27 ноября? Enter — оставить');
  app.press('enter');
}

async function playFromRelatives(app: PtySession): Promise<void> {
  await step(app, 'Что сказали близкие');
  await note(app, first.notes.relatives!);
  await choose(app, first.answers.relatives!);
  await step(app, 'Уточнить, что именно сказали');
  await typed(app, first.answers['handle-criticism.clarify']!);
  await step(app, 'Развеять сомнение');
  app.press('enter');
  await step(app, 'Поддержать выбор');
  app.press('enter');
  await step(app, 'Предложить поддержку');
  app.press('enter');
  await step(app, 'Договориться о следующем звонке');
  await app.waitFor('❯ Да — понедельник, 30 ноября');
  app.press('enter');
  await step(app, 'Попрощаться');
  app.press('enter');
  await app.waitFor('? Заметка ко всему звонку');
  app.press('enter');
  await app.waitFor('? Записать в журнал?');
  app.press('enter');
}

function firstCall(home: string): PtySession {
  return spawnFollowup(['call', first.client.name, '--phone', first.client.phone, '--product', first.client.product, '--script', 'kitchen-furniture'], {
    home,
    now: THURSDAY,
  });
}

/** An entry without what differs between two runs of the same call: ids and times. */
function comparable(entry: CallEntry) {
  const { id: _id, at: _at, startedAt: _s, endedAt: _e, durationSec: _d, summary, flags, ...rest } = entry;
  return {
    ...rest,
    flags: flags.map(({ id: _flagId, ...flag }) => flag),
    summary: summary.replace(/\d+:\d{2}/g, 'm:ss'),
  };
}

describe('the kitchen call in a real terminal', () => {
  let home: string;

  it('plays the first call and writes the journal line', async () => {
    home = await makeHome(CONFIG);
    const app = firstCall(home);
    await playUntilRelatives(app);
    await playFromRelatives(app);
    await app.waitFor('записан в', { inHistory: true });
    expect(await app.waitForExit()).toBe(0);

    // What the salesperson saw: the brief, a step screen, the flag, the summary.
    const screen = app.history();
    expect(screen).toContain('Андрей Иванович · +7 916 123-45-67 · кухонный гарнитур');
    expect(screen).toMatch(/СКАЗАТЬ\s+Андрей Иванович\? … Добрый день! Это ваш менеджер, Сергей Ларин из «Глория фурнитура»/);
    expect(screen).toMatch(/ТОН\s+Позитивно, слегка с юмором\./);
    expect(screen).toContain('! Створка шкафа с посудой');
    expect(screen).toContain('Следующий звонок: понедельник, 30 ноября (договорились) · kitchen-furniture-second');

    const entries = journal(home);
    expect(entries).toHaveLength(1);
    const entry = entries[0] as CallEntry;
    expect(entry.type).toBe('call');
    expect(entry.outcome).toBe('completed');
    expect(entry.client).toMatchObject({ id: 'andrey-ivanovich', name: 'Андрей Иванович', phone: '+7 916 123-45-67' });
    expect(entry.salesperson).toBe('Сергей Ларин');
    expect(entry.steps.filter((s) => !s.handler).map((s) => s.id)).toEqual(['remind', 'how-it-went', 'impression', 'relatives', 'support', 'next-call', 'goodbye']);
    expect(entry.steps.find((s) => s.id === 'how-it-went')?.note).toBe(first.notes['how-it-went']);
    // The criticism of the colour was handled through its handler.
    expect(entry.steps.filter((s) => s.handler === 'handle-criticism').map((s) => s.id)).toEqual(['clarify', 'dispel', 'support']);
    expect(entry.steps.find((s) => s.handler === 'handle-criticism' && s.id === 'clarify')?.answer).toBe(first.answers['handle-criticism.clarify']);
    expect(entry.flags).toHaveLength(1);
    expect(entry.flags[0]).toMatchObject({
      step: 'handle-question.answer',
      text: first.flags[0]!.text,
      owner: 'старший мастер по сборке',
      promise: first.flags[0]!.promise,
      due: '2026-11-27',
      status: 'open',
    });
    // Three days from Thursday is a Sunday: the business-day rule moves it to Monday.
    expect(entry.nextCall).toEqual({ date: '2026-11-30', script: 'kitchen-furniture-second', agreed: true, kind: 'next' });
    // The test plays in about a second: the duration is whole seconds from start to end.
    expect(Number.isInteger(entry.durationSec)).toBe(true);
    expect(entry.durationSec).toBe(Math.round((Date.parse(entry.endedAt) - Date.parse(entry.startedAt)) / 1000));
    expect(entry.summary).toContain('Створка шкафа с посудой');
    expect(entry.summary).toContain('старший мастер по сборке');
  }, 90_000);

  it('makes the second call: the open flag is brought up first and resolved', async () => {
    const app = spawnFollowup(['call', 'андрей иваныч'], { home, now: MONDAY });
    // A near match (a typo) is confirmed: it could be a namesake.
    await app.waitFor('? Какой клиент?');
    await app.waitFor('❯ Андрей Иванович · +7 916 123-45-67 · кухонный гарнитур');
    app.press('enter');
    // The brief names the open flag; the script is the one the first call set.
    await app.waitFor('Звонок 2 по скрипту kitchen-furniture-second');
    await app.waitFor('1 открытый вопрос');
    await choose(app, 'Да');
    await app.waitFor(/── Вопрос с прошлого звонка 1\/1 ─/);
    await app.waitFor('! Створка шкафа с посудой');
    await app.waitFor('? Вопрос решён?');
    await choose(app, 'Решён');
    await app.waitFor('? Что сказал клиент?');
    app.line('Мастер приезжал, перевесил створку — открывается на 180°');
    for (const title of ['Напомнить о себе', 'Что взяли на контроль в прошлый раз', 'Как дела спустя несколько дней', 'Снова предложить поддержку', 'Попросить рекомендацию (деликатно)', 'Договориться о следующем контакте', 'Попрощаться']) {
      await step(app, title);
      await app.waitFor(/❯ /);
      app.press('enter');
    }
    await app.waitFor('? Заметка ко всему звонку');
    app.press('enter');
    await app.waitFor('? Записать в журнал?');
    app.press('enter');
    expect(await app.waitForExit()).toBe(0);

    const entries = journal(home) as CallEntry[];
    expect(entries).toHaveLength(2);
    const [call1, call2] = entries as [CallEntry, CallEntry];
    expect(call2.script.id).toBe('kitchen-furniture-second');
    expect(call2.reviewedFlags).toEqual([{ flag: call1.flags[0]!.id, status: 'resolved', note: 'Мастер приезжал, перевесил створку — открывается на 180°' }]);

    const flags = runFollowup(['flags', '--all', '--json'], { home, now: MONDAY });
    expect(flags.code).toBe(0);
    expect(JSON.parse(flags.stdout).flags).toMatchObject([{ id: call1.flags[0]!.id, status: 'resolved' }]);
    expect(JSON.parse(runFollowup(['flags', '--json'], { home, now: MONDAY }).stdout).flags).toEqual([]);
  }, 90_000);

  it('the same call from the answers file writes the same entry', async () => {
    const scripted = await makeHome(CONFIG);
    const result = runFollowup(['call', first.client.name, '--script', 'kitchen-furniture', '--answers', FIXTURE], { home: scripted, now: THURSDAY });
    expect(result.stderr).toContain('записан в');
    expect(result.code).toBe(0);
    const [interactive] = journal(home) as CallEntry[];
    const [fromFile] = journal(scripted) as CallEntry[];
    expect(comparable(fromFile!)).toEqual(comparable(interactive!));
  });
});

describe('Ctrl+C in the middle of a call', () => {
  it('exits 130 with the draft kept, and resume ends in the same entry', async () => {
    const home = await makeHome(CONFIG);
    const app = firstCall(home);
    await playUntilRelatives(app);
    await step(app, 'Что сказали близкие');
    await app.waitFor('❯ Понравилось');
    app.press('ctrlC');
    expect(await app.waitForExit()).toBe(130);
    const screen = app.history();
    expect(screen).toContain('followup resume andrey-ivanovich');
    expect(screen).not.toMatch(/^\s+at .+:\d+:\d+/m);
    expect(screen).not.toMatch(/ExitPromptError|Error:/);
    expect(readFileSync(path.join(home, 'drafts', 'andrey-ivanovich.json'), 'utf8')).toContain('"type": "flag"');

    const resumed = spawnFollowup(['resume'], { home, now: THURSDAY });
    await resumed.waitFor('Продолжаем звонок с клиентом Андрей Иванович');
    await playFromRelatives(resumed);
    expect(await resumed.waitForExit()).toBe(0);

    const whole = await makeHome(CONFIG);
    const uninterrupted = firstCall(whole);
    await playUntilRelatives(uninterrupted);
    await playFromRelatives(uninterrupted);
    expect(await uninterrupted.waitForExit()).toBe(0);

    const [afterResume] = journal(home) as CallEntry[];
    const [straight] = journal(whole) as CallEntry[];
    expect(comparable(afterResume!)).toEqual(comparable(straight!));
    // The draft is gone once the call is in the journal.
    expect(() => readFileSync(path.join(home, 'drafts', 'andrey-ivanovich.json'))).toThrow(/ENOENT/);
  }, 120_000);
});
