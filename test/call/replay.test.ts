// Replay determinism: a draft (the start input + the accepted events) rebuilds
// the call exactly. fast-check drives random event sequences — valid and
// invalid — through the engine: it may refuse an event only with its own
// CallEventError (state untouched, the input never mutated), and replaying the
// accepted events, also from a JSON round trip of the draft, gives a
// deep-equal state, view and journal entry.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  applyEvent,
  CallEventError,
  currentView,
  finishCall,
  replayCall,
  resumeDraft,
  startCall,
  toDraft,
  type CallEvent,
  type CallState,
  type StartCallInput,
} from '../../src/call/index.js';
import { OUTCOMES } from '../../src/journal/types.js';
import { askScript, earlierFlag, gotoScript, input, kitchenScript } from './fixtures.js';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

const starts: StartCallInput[] = [
  input(),
  input({ openFlags: [earlierFlag('F-door', 'Door opens 90°'), earlierFlag('F-scratch', 'Scratch')] }),
  input({ script: gotoScript(), lang: 'ru' }),
  input({ script: askScript(), calendar: { timeZone: 'America/Los_Angeles', workingDays: [1, 2, 3, 4, 5], daysOff: ['2026-11-27'] } }),
];

const answerValue = fc.oneof(
  fc.constantFrom(
    'Remembers', "Doesn't remember", "Can't talk now", 'All good', 'Has a question or a doubt', 'Liked it',
    'Criticised', 'Answered on the phone', 'Needs someone else', 'Jump to c', 'Run h', 'On', 'Nested',
    'Leave for d', 'Stay', 'Red', 'Dark green', 'yes', 'no', 'да', '3', '0', '11', '2026-12-03', 'tomorrow',
    '2026-02-30', '', '  ',
  ),
  fc.string({ maxLength: 12 }),
);

/** An event without its time; `at` is added in order. Some are deliberately wrong.
 * `fit` becomes a fitting answer for whatever is on screen (see `fitting`), so
 * calls get deep into handlers, schedules and the end, not just refusals. */
const eventArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { weight: 10, arbitrary: fc.nat(20).map((pick) => ({ type: 'fit', pick })) },
  { weight: 3, arbitrary: answerValue.map((value) => ({ type: 'answer', value })) },
  { weight: 2, arbitrary: fc.constant({ type: 'back' }) },
  { weight: 2, arbitrary: fc.constant({ type: 'skip' }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(...OUTCOMES, 'hung-up').map((outcome) => ({ type: 'end', outcome })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ text: fc.string({ maxLength: 8 }), step: fc.constantFrom(undefined, 'remind', 'handle-question.resolve', 'nope', 'review') })
      .map(({ text, step }) => ({ type: 'note', text, ...(step ? { step } : {}) })),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }).map((said) => ({ type: 'gap', said })) },
  {
    weight: 1,
    arbitrary: fc
      .record({
        id: fc.constantFrom('F1', 'F2', 'F3', 'F-door', ''),
        text: fc.constantFrom('Door', '', 'Scratch'),
        owner: fc.constantFrom('senior assembler', ''),
        due: fc.constantFrom('2026-11-27', '2026-13-01', '27.11'),
      })
      .map(({ id, ...flag }) => ({ type: 'flag', id, flag })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        flag: fc.constantFrom('F-door', 'F-scratch', 'F-none'),
        status: fc.constantFrom('open', 'resolved', 'done'),
        note: fc.option(fc.string({ maxLength: 6 }), { nil: undefined }),
      })
      .map((r) => ({ type: 'review-flag', ...r })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        date: fc.constantFrom('2026-11-25', '2026-11-26', '2026-12-02', '2027-01-04', 'soon'),
        agreed: fc.boolean(),
        time: fc.constantFrom(undefined, '10:30', '24:00'),
      })
      .map(({ time, ...r }) => ({ type: 'schedule', ...r, ...(time ? { time } : {}) })),
  },
  { weight: 1, arbitrary: fc.constant({ type: 'bogus' }) },
);

/** A valid answer (or review) for the current view, chosen by `pick`. */
function fitting(state: CallState, pick: number): Record<string, unknown> {
  const view = currentView(state);
  if (!view) return { type: 'answer', value: 'after the end' };
  if (view.kind === 'review') return { type: 'review-flag', flag: view.flag.id, status: pick % 2 ? 'open' : 'resolved' };
  switch (view.ask) {
    case 'choice':
      return { type: 'answer', value: view.options[pick % view.options.length]?.label ?? '' };
    case 'yesno':
      return { type: 'answer', value: pick % 3 ? 'yes' : 'no' };
    case 'scale':
      return { type: 'answer', value: String(view.scale!.min + (pick % (view.scale!.max - view.scale!.min + 1))) };
    case 'date':
      return { type: 'answer', value: pick % 2 ? 'tomorrow' : `2026-12-${String(1 + (pick % 28)).padStart(2, '0')}` };
    case 'text':
      return { type: 'answer', value: `said ${pick}` };
    default:
      return { type: 'answer', value: '' };
  }
}

/** Runs events through the engine the way the terminal does: refused ones are dropped. */
function drive(start: StartCallInput, raw: Record<string, unknown>[], gaps: number[]) {
  let state: CallState = deepFreeze(startCall(start));
  let clock = Date.parse(start.startedAt);
  const accepted: CallEvent[] = [];
  raw.forEach((partial, i) => {
    clock += (gaps[i % gaps.length] ?? 5) * 1000;
    const concrete = partial.type === 'fit' ? fitting(state, partial.pick as number) : partial;
    const event = { ...concrete, at: new Date(clock).toISOString() } as unknown as CallEvent;
    const before = JSON.stringify(state);
    try {
      state = deepFreeze(applyEvent(state, event));
      accepted.push(event);
    } catch (error) {
      // Only the engine's own refusals, and they leave the state as it was.
      if (!(error instanceof CallEventError)) throw error;
      expect(JSON.stringify(state)).toBe(before);
    }
    // The view and the entry can be asked for at any point.
    currentView(state, new Date(clock + 1000));
    finishCall(state, { endedAt: new Date(clock).toISOString(), id: 'probe' });
  });
  return { state, accepted, endedAt: new Date(clock + 1000).toISOString() };
}

describe('replay determinism', () => {
  test('random event sequences: replay gives a deep-equal state, view and entry; only typed refusals', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...starts.keys()),
        fc.array(eventArb, { maxLength: 60, size: 'medium' }),
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 5 }),
        (which, raw, gaps) => {
          const start = starts[which]!;
          const { state, accepted, endedAt } = drive(start, raw, gaps);
          expect(state.log).toEqual(accepted);

          const replayed = replayCall(start, accepted);
          expect(replayed).toEqual(state);
          expect(currentView(replayed, endedAt)).toEqual(currentView(state, endedAt));
          const entry = finishCall(state, { endedAt, id: 'E1', note: 'n' });
          expect(finishCall(replayed, { endedAt, id: 'E1', note: 'n' })).toEqual(entry);

          // The draft as it is written to disk and read back.
          const draft = JSON.parse(JSON.stringify(toDraft(state)));
          const resumed = resumeDraft(draft, start.script);
          expect(JSON.parse(JSON.stringify(resumed))).toEqual(JSON.parse(JSON.stringify(state)));
          expect(finishCall(resumed, { endedAt, id: 'E1', note: 'n' })).toEqual(entry);

          // The entry is plain JSON and its summary a non-empty paragraph.
          expect(JSON.parse(JSON.stringify(entry))).toEqual(entry);
          expect(entry.summary).toMatch(/\S/);
          expect(entry.summary).not.toContain('\n');
        },
      ),
      { numRuns: 200 },
    );
  });

  test('a state read back from JSON carries on like the original', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 25 }), fc.array(eventArb, { maxLength: 10 }), (first, second) => {
        const start = starts[1]!;
        const { state } = drive(start, first, [7]);
        const copy = JSON.parse(JSON.stringify(state)) as CallState;
        let a = state;
        let b = copy;
        let clock = Date.parse(state.lastAt);
        for (const partial of second) {
          clock += 3000;
          const concrete = partial.type === 'fit' ? fitting(a, partial.pick as number) : partial;
          const event = { ...concrete, at: new Date(clock).toISOString() } as unknown as CallEvent;
          let ea: unknown;
          let eb: unknown;
          try {
            a = applyEvent(a, event);
          } catch (e) {
            ea = e;
          }
          try {
            b = applyEvent(b, event);
          } catch (e) {
            eb = e;
          }
          expect((eb as CallEventError | undefined)?.code).toBe((ea as CallEventError | undefined)?.code);
        }
        expect(JSON.parse(JSON.stringify(b))).toEqual(JSON.parse(JSON.stringify(a)));
      }),
      { numRuns: 150 },
    );
  });

  test('resuming with a changed script is refused unless allowed; another script always', () => {
    const start = input();
    const state = applyEvent(startCall(start), { type: 'answer', value: 'Remembers', at: '2026-11-26T14:00:05.000Z' });
    const draft = toDraft(state);
    const changed = { ...kitchenScript(), version: 'v-kitchen-2' };
    expect(() => resumeDraft(draft, changed)).toThrow(expect.objectContaining({ code: 'script-changed' }));
    expect(resumeDraft(draft, changed, { allowChanged: true }).flow.trail.map((v) => v.key)).toEqual(['remind', 'how-it-went']);
    expect(() => resumeDraft(draft, askScript(), { allowChanged: true })).toThrow(expect.objectContaining({ code: 'script-mismatch' }));
  });
});
