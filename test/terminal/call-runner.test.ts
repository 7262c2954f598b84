// From the last step to the journal: the summary, save or not, a failing
// append that keeps the draft, and the after-call hook only after a save.
import { describe, expect, it } from 'vitest';
import { startCall, type CallDraft } from '../../src/call/index.js';
import { JournalError } from '../../src/errors.js';
import { JournalIoError } from '../../src/journal/index.js';
import type { CallEntry } from '../../src/journal/types.js';
import { KEY } from '../../src/terminal/call-protocol.js';
import { runCall, type CallStore, type RunnerOptions } from '../../src/terminal/call-runner.js';
import { queuedAnswers, scriptedPrompter, type ScriptedAnswer } from '../../src/terminal/scripted-prompter.js';
import { tinyScript } from './fixtures.js';

const script = tinyScript([
  { id: 'how', goal: 'How did it go?', ask: 'yesno' },
  { id: 'bye', goal: 'Say goodbye', ask: 'none', outcome: 'completed' },
]);
const STARTED = '2026-11-26T11:00:00.000Z';

function memoryStore(failAppend?: Error) {
  const log: string[] = [];
  let draft: CallDraft | undefined;
  const entries: CallEntry[] = [];
  const store: CallStore = {
    saveDraft: async (d) => {
      draft = d;
      log.push(`save ${d.events.length}`);
    },
    deleteDraft: async () => {
      draft = undefined;
      log.push('delete');
    },
    appendEntry: async (e) => {
      if (failAppend) throw failAppend;
      entries.push(e);
      log.push('append');
    },
  };
  return { store, log, entries, draft: () => draft };
}

function run(answers: Record<string, ScriptedAnswer[]>, store: CallStore, extra: Partial<RunnerOptions> = {}) {
  const said: string[] = [];
  const hooked: CallEntry[] = [];
  let t = Date.parse(STARTED);
  const state = startCall({
    script,
    client: { id: 'ann', name: 'Ann' },
    salesperson: 'Sam',
    me: { name: 'Sam' },
    startedAt: STARTED,
    openFlags: [],
    calendar: { timeZone: 'Europe/London', workingDays: [1, 2, 3, 4, 5], daysOff: [] },
    lang: 'en',
  });
  const promise = runCall(state, {
    prompter: scriptedPrompter(queuedAnswers(answers)),
    store,
    render: { lang: 'en', timeZone: 'Europe/London', color: false, columns: 80 },
    now: () => new Date((t += 1000)),
    newId: (at) => `ID${at.getTime()}`,
    show: () => undefined,
    showSummary: (text) => said.push(text),
    say: (text) => said.push(text),
    scripted: false,
    dryRun: false,
    journalPath: '/j/journal.jsonl',
    earlierFlags: [],
    afterSave: async (entry) => {
      hooked.push(entry);
    },
    printEntry: () => undefined,
    ...extra,
  });
  return { promise, said, hooked };
}

const walk = { [KEY.step('how')]: [{ byValue: { kind: 'answer', value: 'yes' } }], [KEY.step('bye')]: [{ where: (v: { kind: string }) => v.kind === 'continue' }] };

describe('runCall', () => {
  it('saves the draft after every event, appends, deletes the draft, then runs the hook', async () => {
    const memory = memoryStore();
    const { promise, said, hooked } = run({ ...walk, [KEY.finalNote]: ['all good'], [KEY.save]: [true] }, memory.store);
    expect(await promise).toBe(0);
    expect(memory.log).toEqual(['save 0', 'save 1', 'save 2', 'append', 'delete']);
    expect(memory.entries).toHaveLength(1);
    expect(memory.entries[0]).toMatchObject({ outcome: 'completed', note: 'all good', steps: [{ id: 'how', answer: 'yes' }, { id: 'bye' }] });
    expect(hooked).toEqual(memory.entries);
    expect(said.join('\n')).toContain('── Summary');
    expect(said.join('\n')).toContain('Saved the call with Ann to /j/journal.jsonl.');
  });

  it('a failing append keeps the draft and says how to retry', async () => {
    const full = new JournalIoError('append', '/j/journal.jsonl', Object.assign(new Error('no space'), { code: 'ENOSPC' }), 'en');
    const memory = memoryStore(full);
    const { promise, hooked } = run({ ...walk, [KEY.finalNote]: [''], [KEY.save]: [true] }, memory.store);
    const error = await promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JournalError);
    expect((error as JournalError).message).toContain('/j/journal.jsonl');
    expect((error as JournalError).hint).toContain('followup resume ann');
    expect(memory.log).not.toContain('delete');
    expect(memory.draft()?.events).toHaveLength(2);
    expect(hooked).toEqual([]);
  });

  it('not saved: back to the call, then kept as a draft', async () => {
    const memory = memoryStore();
    const { promise, said } = run(
      {
        [KEY.step('how')]: [{ byValue: { kind: 'answer', value: 'yes' } }],
        [KEY.step('bye')]: [{ where: (v: { kind: string }) => v.kind === 'continue' }, { where: (v: { kind: string }) => v.kind === 'continue' }],
        [KEY.finalNote]: ['', ''],
        [KEY.save]: [false, false],
        [KEY.notSaved]: [{ byValue: 'back' }, { byValue: 'keep' }],
      },
      memory.store,
    );
    expect(await promise).toBe(0);
    expect(memory.entries).toEqual([]);
    expect(memory.draft()?.events.map((e) => e.type)).toEqual(['answer', 'answer', 'back', 'answer']);
    expect(said.join('\n')).toContain('followup resume ann');
  });

  it('not saved and thrown away: the draft is deleted', async () => {
    const memory = memoryStore();
    const { promise } = run({ ...walk, [KEY.finalNote]: [''], [KEY.save]: [false], [KEY.notSaved]: [{ byValue: 'discard' }] }, memory.store);
    expect(await promise).toBe(0);
    expect(memory.draft()).toBeUndefined();
    expect(memory.entries).toEqual([]);
  });

  it('a dry run writes nothing and prints the entry', async () => {
    const memory = memoryStore();
    const printed: CallEntry[] = [];
    const { promise } = run({ ...walk, [KEY.finalNote]: [''] }, memory.store, { dryRun: true, printEntry: (e) => printed.push(e) });
    expect(await promise).toBe(0);
    expect(memory.log).toEqual([]);
    expect(printed[0]).toMatchObject({ type: 'call', outcome: 'completed' });
  });

  it('Ctrl+C: the draft is on disk and the message names resume', async () => {
    const memory = memoryStore();
    const exit = Object.assign(new Error('User force closed the prompt'), { name: 'ExitPromptError' });
    const { promise, said } = run({}, memory.store, {
      prompter: {
        select: async () => {
          throw exit;
        },
        input: async () => '',
        confirm: async () => true,
        editor: async () => '',
      },
    });
    await expect(promise).rejects.toBe(exit);
    expect(memory.log).toEqual(['save 0']);
    expect(said.join('')).toContain('`followup resume ann`');
  });
});
