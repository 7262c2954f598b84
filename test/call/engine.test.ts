import { describe, expect, test } from 'vitest';
import {
  applyEvent,
  CallEventError,
  currentView,
  finishCall,
  isFinished,
  pendingPrompt,
  startCall,
  type CallEvent,
  type CallState,
  type StepView,
} from '../../src/call/index.js';
import { askScript, CallDriver, dur, earlierFlag, gotoScript, input, kitchenScript } from './fixtures.js';

function stepView(state: CallState, now?: string): StepView {
  const view = currentView(state, now);
  if (view?.kind !== 'step') throw new Error(`expected a step view, got ${view?.kind ?? 'null'}`);
  return view;
}

/** The event is refused with this code and the state is left exactly as it was. */
function expectRefused(state: CallState, event: CallEvent, code: string): void {
  const before = structuredClone(state);
  let error: unknown;
  try {
    applyEvent(state, event);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(CallEventError);
  expect((error as CallEventError).code).toBe(code);
  expect(state).toEqual(before);
}

const AT = '2026-11-26T14:05:00.000Z';

describe('ask types', () => {
  /** A call on askScript positioned at step `id`. */
  function at(id: string): CallDriver {
    const d = new CallDriver(input({ script: askScript() }));
    const fill: Record<string, string> = { intro: '', story: 'It went fine', happy: 'yes', pick: 'Red', rate: '3' };
    for (const step of askScript().steps) {
      if (step.id === id) break;
      d.answer(fill[step.id]!);
    }
    expect(stepView(d.state).id).toBe(id);
    return d;
  }
  const answerOf = (d: CallDriver, id: string) => d.state.flow.trail.find((v) => v.id === id)?.answer;

  test('none: passes with an empty answer and records none; a remark is kept', () => {
    const d = at('intro');
    d.answer('');
    expect(answerOf(d, 'intro')).toBeUndefined();
    expect(stepView(d.state).id).toBe('story');
    const e = at('intro');
    e.answer('  He was in a hurry ');
    expect(answerOf(e, 'intro')).toBe('He was in a hurry');
  });

  test('text: trimmed; empty or blank is refused', () => {
    const d = at('story');
    expectRefused(d.state, { type: 'answer', value: '', at: AT }, 'empty-answer');
    expectRefused(d.state, { type: 'answer', value: '   \t', at: AT }, 'empty-answer');
    d.answer('  Assembled in two hours ');
    expect(answerOf(d, 'story')).toBe('Assembled in two hours');
  });

  test.each([
    ['yes', 'yes'],
    ['Y', 'yes'],
    ['Да', 'yes'],
    ['no', 'no'],
    ['нет', 'no'],
    ['N', 'no'],
  ])('yesno: %s → %s', (value, recorded) => {
    const d = at('happy');
    d.answer(value);
    expect(answerOf(d, 'happy')).toBe(recorded);
  });

  test('yesno: anything else is refused and names the step', () => {
    const d = at('happy');
    expectRefused(d.state, { type: 'answer', value: 'maybe', at: AT }, 'not-yes-no');
    expect(() => applyEvent(d.state, { type: 'answer', value: 'maybe', at: AT })).toThrow(/step happy.*maybe/);
  });

  test('choice: matches a label ignoring case and spaces, or its number; records the label', () => {
    const d = at('pick');
    d.answer('  dark   GREEN ');
    expect(answerOf(d, 'pick')).toBe('Dark green');
    const e = at('pick');
    e.answer('1');
    expect(answerOf(e, 'pick')).toBe('Red');
  });

  test('choice: an unknown label or number is refused, listing the options', () => {
    const d = at('pick');
    expectRefused(d.state, { type: 'answer', value: 'Blue', at: AT }, 'unknown-option');
    expectRefused(d.state, { type: 'answer', value: '3', at: AT }, 'unknown-option');
    expect(() => applyEvent(d.state, { type: 'answer', value: 'Blue', at: AT })).toThrow('Red, Dark green');
  });

  test('scale: whole numbers within the scale', () => {
    const d = at('rate');
    for (const bad of ['0', '6', '2.5', 'three', '', '1e1']) {
      expectRefused(d.state, { type: 'answer', value: bad, at: AT }, 'not-in-scale');
    }
    d.answer(' 5 ');
    expect(answerOf(d, 'rate')).toBe('5');
    const e = at('rate');
    e.answer('1');
    expect(answerOf(e, 'rate')).toBe('1');
  });

  test('date: ISO days and what people type, relative to the answer in the call’s zone', () => {
    const d = at('when');
    d.answer('2026-12-03');
    expect(answerOf(d, 'when')).toBe('2026-12-03');
    const e = at('when');
    e.answer('завтра'); // the call is on Thursday 26 Nov in Moscow
    expect(answerOf(e, 'when')).toBe('2026-11-27');
    const f = at('when');
    f.answer('tue');
    expect(answerOf(f, 'when')).toBe('2026-12-01');
  });

  test('date: impossible days and nonsense are refused', () => {
    const d = at('when');
    for (const bad of ['2026-02-30', 'soon', '', '31.02']) {
      expectRefused(d.state, { type: 'answer', value: bad, at: AT }, 'not-a-date');
    }
  });

  test('answering the last step completes the call', () => {
    const d = at('when');
    d.answer('2026-12-03');
    expect(isFinished(d.state)).toBe(true);
    expect(d.state.flow.outcome).toBe('completed');
    expect(currentView(d.state)).toBeNull();
  });
});

describe('the step view', () => {
  test('fills templates, numbers the steps, proposes the next call', () => {
    const d = new CallDriver();
    const first = stepView(d.state);
    expect(first).toMatchObject({
      index: 1,
      total: 7,
      goal: 'Remind who you are',
      say: "Andrey Ivanovich? Good afternoon! It's Sergey Larin from Gloria Furniture, your kitchen set arrived today!",
      tone: 'Positive, a little humour.',
      expect: 'Yes, of course!',
      ask: 'choice',
      canGoBack: false,
    });
    expect(first.options[1]).toEqual({
      label: "Doesn't remember",
      say: "I'm Sergey Larin, I handed over your order today.",
      flag: false,
    });
    expect(first.options[2]).toMatchObject({ outcome: 'call-back' });
    for (const value of ['Remembers', 'Fine', 'All good', 'Liked it', '']) d.answer(value);
    const next = stepView(d.state);
    // Thursday 26 Nov + 3 days = Sunday 29 → Monday 30 Nov.
    expect(next.proposal).toEqual({
      kind: 'next',
      date: '2026-11-30',
      rule: '3 days',
      script: 'kitchen-furniture-second',
    });
    expect(next.say).toBe("I'll call again on Mon 30 Nov, all right?");
  });

  test('an option’s say is shown with the next view, once', () => {
    const d = new CallDriver();
    d.answer("Doesn't remember");
    expect(stepView(d.state).pending).toEqual({ say: "I'm Sergey Larin, I handed over your order today." });
    d.send({ type: 'note', text: 'laughed' });
    expect(stepView(d.state).pending?.say).toBeDefined();
    d.answer('Fine');
    expect(stepView(d.state).pending).toBeNull();
    expect(finishCall(d.state, { endedAt: d.tick(), id: 'E' }).steps[0]).toMatchObject({
      answer: "Doesn't remember",
      said: "I'm Sergey Larin, I handed over your order today.",
    });
  });

  test('elapsed time against the target, with a warning near and over it', () => {
    const d = new CallDriver();
    const start = Date.parse(d.start.startedAt);
    const at = (sec: number) => new Date(start + sec * 1000).toISOString();
    expect(stepView(d.state, at(60)).timing).toEqual({ elapsedSec: 60, targetSec: 180, nearTarget: false, overTarget: false });
    expect(stepView(d.state, at(150)).timing).toMatchObject({ elapsedSec: 150, nearTarget: true, overTarget: false });
    expect(stepView(d.state, at(181)).timing).toMatchObject({ nearTarget: false, overTarget: true });
    // Without a clock the latest event's time counts.
    d.answer('Remembers');
    expect(stepView(d.state).timing.elapsedSec).toBe(10);
  });
});

describe('goto and handlers', () => {
  const gotoCall = () => new CallDriver(input({ script: gotoScript() }));
  const keys = (d: CallDriver) => d.state.flow.trail.map((v) => v.key);

  test('an option’s goto jumps to a step id', () => {
    const d = gotoCall();
    d.answer('Jump to c');
    expect(stepView(d.state).key).toBe('c');
    expect(keys(d)).toEqual(['a', 'c']);
  });

  test('a step-level goto runs a handler from a step without options, then resumes after it', () => {
    const d = gotoCall();
    d.answer('On');
    d.answer('the client said something');
    const view = stepView(d.state);
    expect(view).toMatchObject({ key: 'g.g1', handler: { name: 'g' }, index: 2, total: 5 });
    d.answer('handled');
    expect(stepView(d.state).key).toBe('c');
  });

  test('a handler returns to the step after its caller, through a nested handler', () => {
    const d = gotoCall();
    d.answer('Run h');
    expect(stepView(d.state)).toMatchObject({ key: 'h.h1', index: 1, handler: { name: 'h' } });
    d.answer('Nested');
    expect(stepView(d.state)).toMatchObject({ key: 'g.g1', index: 1 });
    d.answer('done');
    // g returns into h after h1; h returns after a, i.e. to b.
    expect(stepView(d.state).key).toBe('h.h2');
    d.answer('');
    expect(stepView(d.state).key).toBe('b');
    expect(d.state.flow.stack).toEqual([]);
  });

  test('goto to a main step from a handler leaves the handler', () => {
    const d = gotoCall();
    d.answer('Run h');
    d.answer('Leave for d');
    expect(stepView(d.state).key).toBe('d');
    expect(d.state.flow.stack).toEqual([]);
    d.answer('');
    // d's own outcome ends the call before e.
    expect(d.state.flow.outcome).toBe('completed');
    expect(keys(d)).toEqual(['a', 'h.h1', 'd']);
  });

  test('the kitchen call: question handler returns to relatives; handler steps are recorded with their handler', () => {
    const d = new CallDriver();
    d.answer('Remembers');
    d.answer('Fine');
    d.answer('Has a question or a doubt');
    expect(stepView(d.state)).toMatchObject({
      key: 'handle-question.acknowledge',
      index: 3,
      handler: { name: 'handle-question', goal: 'Heard → acknowledge → clarify → answer' },
    });
    d.answer('The second door from the right');
    d.answer('Answered on the phone');
    expect(stepView(d.state).key).toBe('relatives');
    const entry = finishCall(d.state, { endedAt: d.tick(), id: 'E' });
    expect(entry.steps.map((s) => [s.id, s.handler])).toEqual([
      ['remind', undefined],
      ['how-it-went', undefined],
      ['impression', undefined],
      ['acknowledge', 'handle-question'],
      ['resolve', 'handle-question'],
    ]);
  });
});

describe('back', () => {
  test('at the first step there is nothing to go back to', () => {
    const d = new CallDriver();
    expectRefused(d.state, { type: 'back', at: AT }, 'no-previous-step');
  });

  test('returns to the previous step shown, undoing its answer and offering it again', () => {
    const d = new CallDriver();
    d.answer('Remembers');
    d.answer('Fine');
    d.send({ type: 'back' });
    const view = stepView(d.state);
    expect(view).toMatchObject({ key: 'how-it-went', previousAnswer: 'Fine' });
    expect(d.state.flow.trail.at(-1)?.answer).toBeUndefined();
    d.answer('Slowly');
    const entry = finishCall(d.state, { endedAt: d.tick(), id: 'E' });
    expect(entry.steps.map((s) => s.answer)).toEqual(['Remembers', 'Slowly']);
  });

  test('back into a handler: from the step after it to its last step', () => {
    const d = new CallDriver();
    for (const v of ['Remembers', 'Fine', 'Has a question or a doubt', 'Door', 'Needs someone else']) d.answer(v);
    expect(stepView(d.state).key).toBe('relatives');
    d.send({ type: 'back' });
    expect(stepView(d.state)).toMatchObject({ key: 'handle-question.resolve', previousAnswer: 'Needs someone else', pending: null });
    expect(d.state.flow.stack).toEqual([{ index: 3 }]);
    d.answer('Answered on the phone');
    expect(stepView(d.state).key).toBe('relatives');
  });

  test('back out of a handler: from its first step to the step that called it', () => {
    const d = new CallDriver();
    for (const v of ['Remembers', 'Fine', 'Has a question or a doubt']) d.answer(v);
    d.send({ type: 'back' });
    expect(stepView(d.state)).toMatchObject({ key: 'impression', previousAnswer: 'Has a question or a doubt' });
    expect(d.state.flow.stack).toEqual([]);
    expect(stepView(d.state).handler).toBeUndefined();
    d.answer('All good');
    expect(stepView(d.state).key).toBe('relatives');
    const entry = finishCall(d.state, { endedAt: d.tick(), id: 'E' });
    expect(entry.steps.some((s) => s.handler)).toBe(false);
  });

  test('back keeps notes, gaps and flags: they were said', () => {
    const d = new CallDriver();
    d.answer('Remembers');
    d.send({ type: 'note', text: 'in the car' });
    d.send({ type: 'gap', said: 'asked about a longer warranty' });
    d.send({ type: 'flag', id: 'F1', flag: { text: 'Scratch on a panel', owner: 'delivery service', due: '2026-11-27' } });
    d.send({ type: 'back' });
    expect(stepView(d.state).key).toBe('remind');
    d.answer('Remembers');
    d.answer('Fine');
    const entry = finishCall(d.state, { endedAt: d.tick(), id: 'E' });
    expect(entry.steps[1]).toMatchObject({ id: 'how-it-went', note: 'in the car' });
    expect(entry.gaps).toEqual([{ step: 'how-it-went', said: 'asked about a longer warranty' }]);
    expect(entry.flags.map((f) => f.id)).toEqual(['F1']);
  });

  test('back after the end reopens the call at its last step', () => {
    const d = new CallDriver();
    d.answer('Remembers');
    d.send({ type: 'end', outcome: 'ended-early' });
    expect(isFinished(d.state)).toBe(true);
    d.send({ type: 'back' });
    expect(isFinished(d.state)).toBe(false);
    expect(stepView(d.state).key).toBe('how-it-went');
  });
});

describe('skip', () => {
  test('records the step as skipped and moves on', () => {
    const d = new CallDriver();
    d.answer('Remembers');
    d.send({ type: 'skip' });
    expect(stepView(d.state).key).toBe('impression');
    const entry = finishCall(d.state, { endedAt: d.tick(), id: 'E' });
    expect(entry.steps[1]).toEqual({ id: 'how-it-went', goal: 'How it went', skipped: true });
    expect(entry.summary).toContain('Skipped: How it went');
  });

  test('a skipped step still follows its own goto and outcome, and opens no flag form', () => {
    const d = new CallDriver(input({ script: gotoScript() }));
    d.answer('On');
    d.send({ type: 'skip' });
    expect(stepView(d.state).key).toBe('g.g1');
    d.answer('x');
    d.answer('');
    d.send({ type: 'skip' });
    expect(d.state.flow.outcome).toBe('completed');
  });

  test('back undoes a skip', () => {
    const d = new CallDriver();
    d.send({ type: 'skip' });
    d.send({ type: 'back' });
    expect(d.state.flow.trail).toHaveLength(1);
    expect(d.state.flow.trail[0]?.skipped).toBeUndefined();
  });
});

describe('outcomes', () => {
  test('completed: walking past the last step', () => {
    const d = new CallDriver();
    for (const v of ['Remembers', 'Fine', 'All good', 'Liked it', '', 'yes', '']) d.answer(v);
    expect(isFinished(d.state)).toBe(true);
    const entry = finishCall(d.state, { endedAt: d.tick(), id: 'E' });
    expect(entry.outcome).toBe('completed');
    expect(entry.steps).toHaveLength(7);
    expect(entry.nextCall).toEqual({ date: '2026-11-30', script: 'kitchen-furniture-second', agreed: true, kind: 'next' });
  });

  test('call-back from an option: retry the same script in 2 hours', () => {
    const d = new CallDriver();
    d.answer("Can't talk now");
    expect(d.state.flow.outcome).toBe('call-back');
    const entry = finishCall(d.state, { endedAt: d.now(), id: 'E' });
    // 17:00:10 Moscow + 2 h = 19:00:10, inside call hours.
    expect(entry.nextCall).toEqual({
      date: '2026-11-26',
      at: '2026-11-26T16:00:10.000Z',
      script: 'kitchen-furniture',
      agreed: false,
      kind: 'retry',
    });
    expect(entry.steps).toEqual([{ id: 'remind', goal: 'Remind who you are', answer: "Can't talk now" }]);
  });

  test('no-answer before any step: nothing walked, a retry', () => {
    const d = new CallDriver();
    d.send({ type: 'end', outcome: 'no-answer' });
    const entry = finishCall(d.state, { endedAt: d.now(), id: 'E' });
    expect(entry.outcome).toBe('no-answer');
    expect(entry.steps).toEqual([]);
    expect(entry.nextCall).toMatchObject({ kind: 'retry', agreed: false, script: 'kitchen-furniture' });
    expect(entry.summary).toBe('No answer. Call again: Thu 26 Nov, 19:00.');
  });

  test.each(['declined', 'wrong-number'] as const)('%s: no next call', (outcome) => {
    const d = new CallDriver();
    d.send({ type: 'end', outcome });
    expect(finishCall(d.state, { endedAt: d.now(), id: 'E' })).toMatchObject({ outcome, nextCall: null, steps: [] });
  });

  test('ended-early mid-call: the next call is proposed, not agreed', () => {
    const d = new CallDriver();
    d.answer('Remembers');
    d.answer('Fine');
    d.send({ type: 'end', outcome: 'ended-early' });
    const entry = finishCall(d.state, { endedAt: d.now(), id: 'E' });
    expect(entry.outcome).toBe('ended-early');
    expect(entry.steps.map((s) => s.id)).toEqual(['remind', 'how-it-went']);
    expect(entry.nextCall).toEqual({ date: '2026-11-30', script: 'kitchen-furniture-second', agreed: false, kind: 'next' });
  });

  test('an unknown outcome is refused; nothing but back and notes after the end', () => {
    const d = new CallDriver();
    expectRefused(d.state, { type: 'end', outcome: 'hung-up' as never, at: AT }, 'unknown-outcome');
    d.send({ type: 'end', outcome: 'completed' });
    expectRefused(d.state, { type: 'answer', value: 'Remembers', at: AT }, 'finished');
    expectRefused(d.state, { type: 'skip', at: AT }, 'finished');
    expectRefused(d.state, { type: 'end', outcome: 'declined', at: AT }, 'finished');
    d.send({ type: 'note', text: 'sounded tired' });
    expect(finishCall(d.state, { endedAt: d.now(), id: 'E' }).steps).toEqual([
      { id: 'remind', goal: 'Remind who you are', note: 'sounded tired' },
    ]);
  });
});

describe('the next call', () => {
  function atNextCall(): CallDriver {
    const d = new CallDriver();
    for (const v of ['Remembers', 'Fine', 'All good', 'Liked it', '']) d.answer(v);
    expect(stepView(d.state).key).toBe('next-call');
    return d;
  }
  const next = (d: CallDriver) => finishCall(d.state, { endedAt: d.tick(), id: 'E' }).nextCall;

  test('no: the proposed date stays, not agreed — the salesperson still calls', () => {
    const d = atNextCall();
    d.answer('no');
    expect(next(d)).toEqual({ date: '2026-11-30', script: 'kitchen-furniture-second', agreed: false, kind: 'next' });
  });

  test('a schedule event before yes overrides the date; yes agrees it', () => {
    const d = atNextCall();
    d.send({ type: 'schedule', date: '2026-12-02', agreed: true });
    expect(stepView(d.state).proposal?.chosen).toMatchObject({ date: '2026-12-02' });
    d.answer('yes');
    expect(next(d)).toMatchObject({ date: '2026-12-02', agreed: true });
  });

  test('a schedule event after the answer overrides it, with a time of day', () => {
    const d = atNextCall();
    d.answer('yes');
    d.send({ type: 'schedule', date: '2026-12-03', agreed: true, time: '11:30' });
    expect(next(d)).toEqual({
      date: '2026-12-03',
      at: '2026-12-03T08:30:00.000Z',
      script: 'kitchen-furniture-second',
      agreed: true,
      kind: 'next',
    });
  });

  test('a day before the call, a bad day or a bad time is refused', () => {
    const d = atNextCall();
    expectRefused(d.state, { type: 'schedule', date: '2026-11-25', agreed: true, at: AT }, 'date-in-past');
    expectRefused(d.state, { type: 'schedule', date: '2026-13-01', agreed: true, at: AT }, 'bad-day');
    expectRefused(d.state, { type: 'schedule', date: '2026-12-01', agreed: true, time: '25:00', at: AT }, 'bad-time');
  });

  test('a call-back at a time the client named', () => {
    const d = new CallDriver();
    d.answer("Can't talk now");
    d.send({ type: 'schedule', date: '2026-11-27', agreed: true, time: '10:00' });
    expect(next(d)).toEqual({
      date: '2026-11-27',
      at: '2026-11-27T07:00:00.000Z',
      script: 'kitchen-furniture',
      agreed: true,
      kind: 'retry',
    });
  });

  test('back over the schedules step undoes the agreement', () => {
    const d = atNextCall();
    d.answer('yes');
    d.send({ type: 'back' });
    expect(d.state.flow.schedule).toBeNull();
  });
});

describe('flags, notes and gaps', () => {
  function toResolve(script = kitchenScript(), startedAt?: string): CallDriver {
    const d = new CallDriver(input({ script, ...(startedAt ? { startedAt } : {}) }));
    for (const v of ['Remembers', 'Fine', 'Has a question or a doubt', 'The second door']) d.answer(v);
    return d;
  }

  test('an option’s flag template opens the form prefilled, due computed from its duration', () => {
    const d = toResolve();
    d.answer('Needs someone else');
    const view = stepView(d.state);
    expect(view.key).toBe('relatives');
    expect(view.pending).toEqual({
      say: "I'll talk to the senior assembler and he will call you, all right?",
      flag: { step: 'handle-question.resolve', owner: 'senior assembler', promise: 'He will call you', due: '2026-11-27' },
    });
    d.send({
      type: 'flag',
      id: '01JFLAG',
      flag: { text: 'Door opens 90°, asked for 180°', owner: 'senior assembler', promise: 'He will call you', due: '2026-11-27' },
    });
    expect(pendingPrompt(d.state)).toEqual({ say: "I'll talk to the senior assembler and he will call you, all right?" });
    const entry = finishCall(d.state, { endedAt: d.tick(), id: 'E' });
    expect(entry.flags).toEqual([
      {
        id: '01JFLAG',
        step: 'handle-question.resolve',
        text: 'Door opens 90°, asked for 180°',
        owner: 'senior assembler',
        promise: 'He will call you',
        due: '2026-11-27',
        status: 'open',
      },
    ]);
    expect(entry.summary).toContain(
      'Issue taken on: “Door opens 90°, asked for 180°” → senior assembler, due Fri 27 Nov (He will call you).',
    );
  });

  test('the due day follows the business-day rule: a flag made on Friday for "1 day" is due Monday', () => {
    const d = toResolve(kitchenScript(), '2026-11-27T10:00:00.000Z');
    d.answer('Needs someone else');
    expect(pendingPrompt(d.state)?.flag?.due).toBe('2026-11-30');
  });

  test('a step-level flag template, with text filled from the call', () => {
    const script = kitchenScript();
    script.steps[1] = {
      ...script.steps[1]!,
      flag: { text: 'Call {{client.name}} about the assembly', owner: 'delivery service', due: dur(2, 'business-days') },
    };
    const d = new CallDriver(input({ script }));
    d.answer('Remembers');
    d.answer('Assemblers were late');
    // Thursday + 2 business days = Monday.
    expect(pendingPrompt(d.state)?.flag).toEqual({
      step: 'how-it-went',
      text: 'Call Andrey Ivanovich about the assembly',
      owner: 'delivery service',
      due: '2026-11-30',
    });
  });

  test('a flag needs text, owner and a real due day; ids are unique', () => {
    const d = new CallDriver();
    const flag = { text: 'Scratch', owner: 'delivery service', due: '2026-11-30' };
    expectRefused(d.state, { type: 'flag', id: 'F', flag: { ...flag, text: ' ' }, at: AT }, 'flag-incomplete');
    expectRefused(d.state, { type: 'flag', id: 'F', flag: { ...flag, owner: '' }, at: AT }, 'flag-incomplete');
    expectRefused(d.state, { type: 'flag', id: 'F', flag: { ...flag, due: '30.11' }, at: AT }, 'bad-day');
    d.send({ type: 'flag', id: 'F', flag });
    expectRefused(d.state, { type: 'flag', id: 'F', flag, at: AT }, 'duplicate-flag');
  });

  test('notes and gaps at any step: a main step, a handler step, a named step, after the end', () => {
    const d = new CallDriver();
    d.send({ type: 'note', text: 'picked up at once' });
    d.answer('Remembers');
    d.answer('Fine');
    d.answer('Has a question or a doubt');
    d.send({ type: 'note', text: 'the dish-rack door' });
    d.send({ type: 'gap', said: 'asked whether hinges can be replaced' });
    d.send({ type: 'note', text: 'two notes join', step: 'remind' });
    d.answer('The second door');
    d.send({ type: 'end', outcome: 'ended-early' });
    d.send({ type: 'gap', said: 'asked about a discount on a table' });
    const entry = finishCall(d.state, { endedAt: d.tick(), id: 'E', note: 'call again after the weekend' });
    expect(entry.steps.find((s) => s.id === 'remind')?.note).toBe('picked up at once; two notes join');
    expect(entry.steps.find((s) => s.id === 'acknowledge')).toMatchObject({
      handler: 'handle-question',
      note: 'the dish-rack door',
      answer: 'The second door',
    });
    expect(entry.gaps).toEqual([
      { step: 'handle-question.acknowledge', said: 'asked whether hinges can be replaced' },
      { step: 'handle-question.resolve', said: 'asked about a discount on a table' },
    ]);
    expect(entry.note).toBe('call again after the weekend');
    expect(entry.summary).toContain('Not covered by the script: asked whether hinges can be replaced; asked about a discount on a table.');
  });

  test('empty notes and unknown steps are refused', () => {
    const d = new CallDriver();
    expectRefused(d.state, { type: 'note', text: '  ', at: AT }, 'empty-text');
    expectRefused(d.state, { type: 'gap', said: '', at: AT }, 'empty-text');
    expectRefused(d.state, { type: 'note', text: 'x', step: 'nowhere', at: AT }, 'unknown-step');
  });

  test('a note on a step the final path left behind goes to the entry’s note, not lost', () => {
    const d = new CallDriver();
    d.answer('Remembers');
    d.answer('Fine');
    d.answer('Has a question or a doubt');
    d.send({ type: 'note', text: 'wrong branch' });
    d.send({ type: 'back' });
    d.answer('All good');
    const entry = finishCall(d.state, { endedAt: d.tick(), id: 'E' });
    expect(entry.note).toBe('handle-question.acknowledge: wrong branch');
  });
});

describe('earlier open flags are reviewed first', () => {
  const flags = [
    earlierFlag('F-door', 'Door opens 90°, asked for 180°'),
    earlierFlag('F-old', 'Already resolved', 'resolved'),
    earlierFlag('F-scratch', 'Scratch on the worktop'),
  ];

  test('each open flag is shown before the first step; resolved or still open, with a note', () => {
    const d = new CallDriver(input({ openFlags: flags }));
    expect(currentView(d.state)).toMatchObject({ kind: 'review', flag: { id: 'F-door' }, index: 1, total: 2, canGoBack: false });
    d.send({ type: 'note', text: 'he was pleased' });
    d.send({ type: 'review-flag', flag: 'F-door', status: 'resolved', note: 'assembler came on Friday' });
    expect(currentView(d.state)).toMatchObject({ kind: 'review', flag: { id: 'F-scratch' }, index: 2 });
    d.send({ type: 'review-flag', flag: 'F-scratch', status: 'open' });
    expect(stepView(d.state).key).toBe('remind');
    d.send({ type: 'end', outcome: 'ended-early' });
    const entry = finishCall(d.state, { endedAt: d.tick(), id: 'E' });
    expect(entry.reviewedFlags).toEqual([
      { flag: 'F-door', status: 'resolved', note: 'assembler came on Friday; he was pleased' },
      { flag: 'F-scratch', status: 'open' },
    ]);
    expect(entry.summary).toContain(
      'Earlier issues: “Door opens 90°, asked for 180°” resolved (assembler came on Friday; he was pleased); “Scratch on the worktop” still open.',
    );
  });

  test('back from the first step returns to the last review; skip leaves a flag unreviewed', () => {
    const d = new CallDriver(input({ openFlags: flags }));
    d.send({ type: 'skip' });
    d.send({ type: 'review-flag', flag: 'F-scratch', status: 'resolved' });
    expect(stepView(d.state).key).toBe('remind');
    d.send({ type: 'back' });
    expect(currentView(d.state)).toMatchObject({ kind: 'review', flag: { id: 'F-scratch' } });
    expect(d.state.flow.reviewed).toEqual([]);
  });

  test('answering during the review is refused; unknown flags and statuses too', () => {
    const d = new CallDriver(input({ openFlags: flags }));
    expectRefused(d.state, { type: 'answer', value: 'Remembers', at: AT }, 'nothing-to-answer');
    expectRefused(d.state, { type: 'review-flag', flag: 'F-old', status: 'resolved', at: AT }, 'unknown-flag');
    expectRefused(d.state, { type: 'review-flag', flag: 'F-door', status: 'done' as never, at: AT }, 'unknown-status');
  });

  test('a client who does not pick up: the end comes during the review', () => {
    const d = new CallDriver(input({ openFlags: flags }));
    d.send({ type: 'end', outcome: 'no-answer' });
    const entry = finishCall(d.state, { endedAt: d.now(), id: 'E' });
    expect(entry).toMatchObject({ outcome: 'no-answer', steps: [] });
    expect(entry.reviewedFlags).toBeUndefined();
  });
});

describe('events and input the engine refuses', () => {
  test('a bad event time, an unknown type', () => {
    const state = startCall(input());
    expectRefused(state, { type: 'answer', value: 'Remembers', at: 'yesterday' }, 'bad-instant');
    expectRefused(state, { type: 'dance', at: AT } as never, 'unknown-event');
  });

  test('a bad start: unknown time zone, bad start time', () => {
    expect(() => startCall(input({ calendar: { timeZone: 'Mars/Olympus', workingDays: [1], daysOff: [] } }))).toThrow(
      CallEventError,
    );
    expect(() => startCall(input({ startedAt: 'noon' }))).toThrow(/startedAt/);
  });

  test('messages in Russian for a Russian interface', () => {
    const state = startCall(input({ lang: 'ru' }));
    expect(() => applyEvent(state, { type: 'back', at: AT })).toThrow('назад некуда: это первый шаг');
  });
});

describe('retry scheduling through the engine (Moscow, call hours 09:00–20:00)', () => {
  const retryAfter = (startedAt: string, outcome: 'call-back' | 'no-answer') => {
    const d = new CallDriver(input({ startedAt }));
    d.send({ type: 'end', outcome, at: startedAt });
    return finishCall(d.state, { endedAt: startedAt, id: 'E' }).nextCall;
  };

  test('can’t talk before the first step, 14:00 on Thursday → 16:00 the same day', () => {
    expect(retryAfter('2026-11-26T11:00:00.000Z', 'call-back')).toEqual({
      date: '2026-11-26',
      at: '2026-11-26T13:00:00.000Z',
      script: 'kitchen-furniture',
      agreed: false,
      kind: 'retry',
    });
  });

  test('no answer at 19:30 on Thursday → Friday 09:00', () => {
    expect(retryAfter('2026-11-26T16:30:00.000Z', 'no-answer')).toMatchObject({ date: '2026-11-27', at: '2026-11-27T06:00:00.000Z' });
  });

  test('no answer at 19:00 on Friday → Monday 09:00', () => {
    expect(retryAfter('2026-11-27T16:00:00.000Z', 'no-answer')).toMatchObject({ date: '2026-11-30', at: '2026-11-30T06:00:00.000Z' });
  });

  test('the retry counts from the end of the call, not its start', () => {
    const d = new CallDriver(input({ startedAt: '2026-11-26T15:00:00.000Z' })); // 18:00
    d.answer('Remembers');
    d.send({ type: 'end', outcome: 'call-back', at: '2026-11-26T15:30:00.000Z' }); // 18:30 + 2 h = 20:30 → Friday 09:00
    expect(finishCall(d.state, { endedAt: d.now(), id: 'E' }).nextCall).toMatchObject({ date: '2026-11-27', at: '2026-11-27T06:00:00.000Z' });
  });
});
