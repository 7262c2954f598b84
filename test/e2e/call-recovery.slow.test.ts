// Nothing is lost: a call whose journal can't be written stays a draft (exit
// 1, a clear message), and once the journal is fixed `followup resume` saves
// it — on a real terminal. Also the first run without a name asks it once.
import { existsSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallEntry } from '../../src/journal/types.js';
import { ensureBuilt, killAll, makeHome, ROOT, runFollowup, spawnFollowup } from './pty.js';

beforeAll(ensureBuilt, 120_000);
afterEach(killAll);

const THURSDAY = '2026-11-26T11:00:00.000Z';
const KITCHEN = path.join(ROOT, 'test/fixtures/answers/kitchen-first-ru.yaml');

describe('a journal that cannot be written', () => {
  it('keeps the call as a draft until resume can save it', async () => {
    const home = await makeHome('name: Сергей Ларин\nlanguage: ru\ntimeZone: Europe/Moscow\n');
    const journal = path.join(home, 'journal.jsonl');
    symlinkSync('/nonexistent-followup-dir/journal.jsonl', journal);

    const app = spawnFollowup(['call', 'Андрей Иванович', '--script', 'kitchen-furniture', '--answers', KITCHEN], { home, now: THURSDAY });
    expect(await app.waitForExit()).toBe(1);
    const screen = app.history();
    expect(screen).toContain('Звонок сохранён как черновик');
    expect(screen).toContain('followup resume andrey-ivanovich');
    expect(screen).not.toMatch(/^\s+at .+:\d+:\d+/m);
    expect(existsSync(path.join(home, 'drafts', 'andrey-ivanovich.json'))).toBe(true);

    // The salesperson fixes the journal and resumes: the summary, then save.
    rmSync(journal);
    const resumed = spawnFollowup(['resume', 'андрей'], { home, now: THURSDAY });
    await resumed.waitFor('Продолжаем звонок с клиентом Андрей Иванович');
    await resumed.waitFor('── Итог звонка');
    await resumed.waitFor('? Заметка ко всему звонку');
    resumed.press('enter');
    await resumed.waitFor('? Записать в журнал?');
    resumed.press('enter');
    expect(await resumed.waitForExit()).toBe(0);

    const entries = readFileSync(journal, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as CallEntry);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ outcome: 'completed', client: { id: 'andrey-ivanovich' }, flags: [{ due: '2026-11-27' }], nextCall: { date: '2026-11-30' } });
    expect(existsSync(path.join(home, 'drafts', 'andrey-ivanovich.json'))).toBe(false);
    expect(runFollowup(['resume'], { home, now: THURSDAY }).stderr).toContain('незаконченных звонков нет');
  }, 60_000);
});

describe('the first run without a name', () => {
  it('asks the name once and uses it in the script', async () => {
    const home = await makeHome('language: en\ntimeZone: Europe/London\n');
    const app = spawnFollowup(['call', 'Andrew Miller', '--phone', '+44 20 7946 0321', '--product', 'kitchen', '--delivered', 'today 11:40', '--script', 'kitchen-furniture-en'], {
      home,
      now: '2026-11-26T15:00:00.000Z',
    });
    await app.waitFor(/your name/i);
    app.line('Sam Lawson');
    await app.waitFor("? Client's name");
    app.press('enter');
    await app.waitFor('Andrew Miller · +44 20 7946 0321 · kitchen, delivered today 11:40');
    await app.waitFor('? Dial now. Picked up?');
    app.press('down');
    await app.waitFor('❯ No answer');
    app.press('enter');
    expect(await app.waitForExit()).toBe(0);
    expect(readFileSync(path.join(home, 'config.yaml'), 'utf8')).toContain('Sam Lawson');
    const [entry] = readFileSync(path.join(home, 'journal.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as CallEntry);
    expect(entry).toMatchObject({ salesperson: 'Sam Lawson', outcome: 'no-answer', nextCall: { kind: 'retry' } });
  }, 60_000);
});
