// The chapter's calls through the built CLI, the way a trainer tries them:
// `followup call --answers` with the shipped scripts and the answers files,
// the first kitchen call and then the second one on the same journal.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallEntry } from '../../src/journal/types.js';
import { answersDir, repoRoot } from './shipped.js';

let home: string;
beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'followup-answers-'));
  followup(['config', 'set', 'name', 'Сергей Ларин'], '2026-11-28T14:05:00Z');
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function followup(args: string[], now: string): string {
  return execFileSync(process.execPath, [path.join(repoRoot, 'bin/followup.js'), ...args], {
    env: { ...process.env, FOLLOWUP_HOME: home, FOLLOWUP_SCRIPTS: '', FOLLOWUP_NOW: now, NO_COLOR: '1', LANG: 'C.UTF-8' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const journal = (): CallEntry[] =>
  readFileSync(path.join(home, 'journal.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as CallEntry)
    .filter((e) => e.type === 'call');

const answers = (name: string) => path.join(answersDir, name);

describe('the answers files through `followup call --answers`', () => {
  it('the kitchen call, then three days later the follow-up that resolves the door', () => {
    followup(['call', 'Андрей Иванович', '--script', 'kitchen-furniture', '--answers', answers('kitchen-first-ru.yaml')], '2026-11-28T14:05:00Z');
    const [first] = journal();
    expect(first).toMatchObject({
      outcome: 'completed',
      script: { id: 'kitchen-furniture' },
      client: { name: 'Андрей Иванович' },
      nextCall: { date: '2026-12-01', script: 'kitchen-furniture-second', agreed: true },
    });
    expect(first!.flags).toEqual([
      expect.objectContaining({ owner: 'старший мастер по сборке', due: '2026-11-30', status: 'open', text: expect.stringMatching(/90°.*180°/) }),
    ]);

    // No --script: the client's next call names kitchen-furniture-second.
    followup(['call', 'Андрей Иванович', '--answers', answers('kitchen-second-ru.yaml')], '2026-12-01T09:30:00Z');
    const second = journal()[1]!;
    expect(second).toMatchObject({ outcome: 'completed', script: { id: 'kitchen-furniture-second' } });
    expect(second.steps.find((s) => s.id === 'referral')?.answer).toBe('Обещает порекомендовать');
    const flags = JSON.parse(followup(['flags', '--all', '--json'], '2026-12-01T10:00:00Z')) as unknown;
    expect(JSON.stringify(flags)).toContain('"status":"resolved"');
  });

  it('the English kitchen call and the chapter’s car call', () => {
    followup(['call', 'Andrew Miller', '--script', 'kitchen-furniture-en', '--answers', answers('kitchen-first-en.yaml')], '2026-11-28T14:05:00Z');
    followup(['call', 'Андрей Иванович', '--script', 'car-dealership', '--answers', answers('car-first-ru.yaml')], '2026-11-28T15:05:00Z');
    const [kitchen, car] = journal();
    expect(kitchen).toMatchObject({ outcome: 'completed', nextCall: { script: 'kitchen-furniture-second-en' } });
    expect(kitchen!.flags.map((f) => f.owner)).toEqual(['senior assembler']);
    expect(car).toMatchObject({ outcome: 'completed', flags: [], nextCall: { date: '2026-12-01', script: 'car-dealership-second' } });
  });
});
