// The raw-byte prescan must find exactly what parsing every line would: the
// step keys of every call (in the union order) and every flag change.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stepKeyOf } from '../../src/export/csv.js';
import { FlagStatusIndex } from '../../src/export/flag-status.js';
import { prescanJournals, prescanText } from '../../src/export/prescan.js';
import { StepOrder } from '../../src/export/step-order.js';
import type { CallEntry, JournalEntry } from '../../src/journal/types.js';
import { syntheticJournal } from './synthetic.js';

/** The slow reference: JSON.parse every line. */
function reference(text: string) {
  const order = new StepOrder();
  const flags = new FlagStatusIndex();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let entry: JournalEntry;
    try {
      entry = JSON.parse(line) as JournalEntry;
    } catch {
      continue;
    }
    flags.learn(entry);
    if (entry.type === 'call') {
      let previous: string | null = null;
      for (const s of (entry as CallEntry).steps ?? []) previous = order.add(stepKeyOf(s), previous);
    }
  }
  return { stepKeys: order.keys(), flags };
}

const idArb = fc.oneof(
  fc.constantFrom('remind', 'impression', 'next-call', 'ответ', 'with "quotes"', 'back\\slash', 'brace}]', 'steps', '"flag"'),
  fc.string({ maxLength: 8 }),
);

const stepArb = fc.record(
  {
    id: idArb,
    handler: fc.option(fc.constantFrom('handle-question', 'handle-criticism', 'h"x'), { nil: undefined }),
    answer: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
    note: fc.option(fc.constantFrom('has "steps":[{"id":"fake"}] inside', 'a ] } [ {', 'x'), { nil: undefined }),
    extra: fc.option(fc.constantFrom({ id: 'nested' }, [{ id: 'deep' }], { steps: [{ id: 'n' }] }), { nil: undefined }),
  },
  { requiredKeys: ['id'] },
);

const callArb = fc.record({
  steps: fc.array(stepArb, { maxLength: 6 }),
  flagId: fc.constantFrom('F1', 'F2', 'F3'),
  review: fc.boolean(),
  update: fc.option(fc.constantFrom('open', 'resolved'), { nil: undefined }),
  spaced: fc.boolean(),
});

describe('prescan', () => {
  it('finds the same step keys and flag changes as parsing every line', () => {
    fc.assert(
      fc.property(fc.array(callArb, { maxLength: 12 }), (calls) => {
        let text = '';
        calls.forEach((c, i) => {
          const entry = {
            v: 1, type: 'call', id: `C${i}`, at: `2026-11-28T10:${String(i).padStart(2, '0')}:00Z`,
            client: { id: 'c', name: 'n', steps: 'a decoy string' },
            summary: 'said "steps": [] and "flag"', steps: c.steps,
            flags: [{ id: c.flagId, step: 'x', text: 't', owner: 'o', due: '2026-12-01', status: 'open' }],
            ...(c.review ? { reviewedFlags: [{ flag: c.flagId, status: 'resolved' }] } : {}),
          };
          text += (c.spaced ? JSON.stringify(entry, null, 0).replace(/":/g, '": ') : JSON.stringify(entry)) + '\n';
          if (c.update) text += JSON.stringify({ v: 1, type: 'flag', id: `U${i}`, at: `2026-11-28T11:${String(i).padStart(2, '0')}:00Z`, flag: c.flagId, status: c.update }) + '\n';
        });
        const fast = prescanText(text, { steps: true });
        const slow = reference(text);
        expect(fast.stepKeys).toEqual(slow.stepKeys);
        for (const id of ['F1', 'F2', 'F3']) {
          const flag = { id, step: 'x', text: 't', owner: 'o', due: '2026-12-01', status: 'open' as const };
          expect(fast.flags.current(flag)).toEqual(slow.flags.current(flag));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with the reference on a synthetic journal, damaged lines included', () => {
    const text = syntheticJournal({ calls: 2000, seed: 7 }) + '{"broken": \n' + 'garbage "flag" line\n';
    const fast = prescanText(text, { steps: true });
    const slow = reference(text);
    expect(fast.stepKeys).toEqual(['remind', 'how-it-went', 'impression', 'relatives', 'support', 'next-call', 'goodbye']);
    expect(fast.stepKeys).toEqual(slow.stepKeys);
    expect(fast.flags.size).toBe(slow.flags.size);
    expect(fast.flags.size).toBeGreaterThan(10);
  });

  it('reads step keys written with escapes as JSON.parse does', () => {
    const text = '{"v":1,"type":"call","id":"x","at":"2026-11-28T10:00:00Z","client":{"id":"c"},"steps":[{"\\u0069d":"remind"},{"id":"ack","h\\u0061ndler":"handle-question"},{"i\\u0064":"good\\u0062ye"}]}\n';
    expect(prescanText(text, { steps: true }).stepKeys).toEqual(reference(text).stepKeys);
    expect(prescanText(text, { steps: true }).stepKeys).toEqual(['remind', 'handle-question.ack', 'goodbye']);
  });

  it('without notes (CSV call rows) a flag stands the same, open or resolved', () => {
    const text = syntheticJournal({ calls: 2000, seed: 9 });
    const withNotes = prescanText(text);
    const without = prescanText(text, { notes: false });
    const calls = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as CallEntry).filter((e) => e.type === 'call');
    const flags = calls.flatMap((c) => c.flags ?? []);
    expect(flags.length).toBeGreaterThan(50);
    expect(flags.filter((f) => !withNotes.flags.isOpen(f)).length).toBeGreaterThan(10);
    for (const flag of flags) {
      expect(without.flags.isOpen(flag)).toBe(withNotes.flags.isOpen(flag));
      expect(without.flags.current(flag).status).toBe(withNotes.flags.current(flag).status);
    }
  });

  it('reads files chunk by chunk as it reads text: lines longer than a chunk, no final newline', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'followup-prescan-'));
    try {
      const long = JSON.stringify({
        v: 1, type: 'call', id: 'L', at: '2026-11-28T10:00:00Z', client: { id: 'c' }, note: 'ж'.repeat(1_500_000),
        steps: [{ id: 'remind' }, { id: 'late-step' }], flags: [{ id: 'F9', step: 'x', text: 't', owner: 'o', due: '2026-12-01', status: 'open' }],
      });
      const text = syntheticJournal({ calls: 1500, seed: 3 }) + `${long}\n` + '{"v":1,"type":"flag","id":"U9","at":"2026-11-29T10:00:00Z","flag":"F9","status":"resolved"}';
      const file = path.join(dir, 'journal.jsonl');
      writeFileSync(file, text);
      const fromFile = await prescanJournals([file, path.join(dir, 'missing.jsonl')], { steps: true });
      const fromText = prescanText(text, { steps: true });
      expect(fromFile.stepKeys).toEqual(fromText.stepKeys);
      expect(fromFile.stepKeys).toContain('late-step');
      expect(fromFile.flags.size).toBe(fromText.flags.size);
      expect(fromFile.flags.isOpen({ id: 'F9', step: 'x', text: 't', owner: 'o', due: '2026-12-01', status: 'open' })).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('puts a step first seen later right after the step that preceded it', () => {
    const line = (steps: object[]) => JSON.stringify({ v: 1, type: 'call', id: 'x', at: '2026-11-28T10:00:00Z', client: { id: 'c' }, steps }) + '\n';
    const text = line([{ id: 'remind' }, { id: 'impression' }, { id: 'goodbye' }]) + line([{ id: 'remind' }, { id: 'impression' }, { id: 'ack', handler: 'handle-question' }, { id: 'goodbye' }]) + line([{ id: 'intro' }, { id: 'remind' }]);
    expect(prescanText(text, { steps: true }).stepKeys).toEqual(['intro', 'remind', 'impression', 'handle-question.ack', 'goodbye']);
  });
});
