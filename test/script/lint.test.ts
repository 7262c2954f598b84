// Each method rule with a script that breaks it and one that keeps it.
import { describe, expect, it } from 'vitest';
import { BUILTIN_DIR, issuesOf } from './helpers.js';

const SEVEN = `id: seven
title: Seven
language: en
pattern: seven-steps
call: first
next: { in: 3 days }
retry: { in: 2 hours }
steps:
  - { id: remind, say: "Hi, it's {{me.name}}." }
  - { id: how-it-went, say: How did it go? }
  - { id: impression, say: First impression? }
  - { id: relatives, say: What did the family say? }
  - { id: support, say: Call me with any question. }
  - { id: next-call, say: "I'll call in a couple of days, all right?", ask: yesno, schedules: next }
  - { id: goodbye, say: All the best!, outcome: completed }
`;

async function methodIssues(files: Record<string, string>, main: string, extra: string[] = []) {
  return (await issuesOf(files, main, extra)).filter((i) => i.rule?.startsWith('method/'));
}

describe('method linter', () => {
  it('a faithful seven-step script has no warnings', async () => {
    expect(await issuesOf({ seven: SEVEN }, 'seven')).toEqual([]);
  });

  it('seven steps: reports missing and out-of-order steps', async () => {
    const missing = SEVEN.replace('  - { id: relatives, say: What did the family say? }\n', '');
    expect(await methodIssues({ seven: missing }, 'seven')).toMatchObject([
      { rule: 'method/seven-steps', severity: 'warning', message: 'the seven-step call lacks relatives', line: 1 },
    ]);
    const swapped = SEVEN.replace('  - { id: support, say: Call me with any question. }\n', '').replace(
      '  - { id: impression',
      '  - { id: support, say: Call me with any question. }\n  - { id: impression',
    );
    const [order] = await methodIssues({ seven: swapped }, 'seven');
    expect(order).toMatchObject({ rule: 'method/seven-steps', message: "step 'support' comes before 'relatives', out of the method's order", line: 11 });
  });

  it('seven steps: applies to a script that extends the built-in base, not to others', async () => {
    const child = 'id: child\ntitle: C\nextends: followup-first-call-en\nsteps:\n  - id: relatives\n    remove: true\n';
    expect((await methodIssues({ child }, 'child', [BUILTIN_DIR])).map((i) => i.message)).toContain('the seven-step call lacks relatives');
    const plain = SEVEN.replace('pattern: seven-steps\ncall: first\n', '').replace('  - { id: relatives, say: What did the family say? }\n', '');
    expect(await methodIssues({ seven: plain }, 'seven')).toEqual([]);
  });

  it('no referral request in a first call (en and ru), care instructions are fine, later calls may ask', async () => {
    const en = SEVEN.replace('Call me with any question.', 'Call me with any question. And please recommend us to your friends!');
    expect(await methodIssues({ seven: en }, 'seven')).toMatchObject([{ rule: 'method/no-referral', line: 13 }]);
    const ru = SEVEN.replace('Call me with any question.', 'А порекомендуете нас знакомым?');
    const [issue] = await methodIssues({ seven: ru }, 'seven');
    // Pointed at the words themselves, not just the step.
    const line = ru.split('\n')[12]!;
    expect(issue).toMatchObject({ rule: 'method/no-referral', line: 13, col: line.indexOf('порекомендуете') + 1 });
    expect(issue!.message).toContain('порекомендуете нас знакомым');
    const care = SEVEN.replace('Call me with any question.', 'Я пришлю вам рекомендации по уходу за фасадами.');
    expect(await methodIssues({ seven: care }, 'seven')).toEqual([]);
    const later = SEVEN.replace('call: first', 'call: later').replace('pattern: seven-steps\n', '').replace('Call me with any question.', 'Please recommend us to your friends!');
    expect((await methodIssues({ seven: later }, 'seven')).map((i) => i.rule)).not.toContain('method/no-referral');
  });

  it('no "is it convenient to talk?" in a hot call', async () => {
    const ru = SEVEN.replace("Hi, it's {{me.name}}.", 'Добрый день! Вам удобно сейчас говорить?');
    expect(await methodIssues({ seven: ru }, 'seven')).toMatchObject([{ rule: 'method/no-convenient', line: 9 }]);
    const en = SEVEN.replace("Hi, it's {{me.name}}.", 'Hi! Is this a good time to talk?');
    expect((await methodIssues({ seven: en }, 'seven')).map((i) => i.rule)).toEqual(['method/no-convenient']);
    const cold = SEVEN.replace('pattern: seven-steps\ncall: first\n', 'call: later\n').replace("Hi, it's {{me.name}}.", 'Is this a good time to talk?');
    expect(await methodIssues({ seven: cold }, 'seven')).toEqual([]);
  });

  it('the next-call step schedules the next call', async () => {
    const noSchedule = SEVEN.replace(', ask: yesno, schedules: next', ', ask: yesno');
    expect(await methodIssues({ seven: noSchedule }, 'seven')).toMatchObject([
      { rule: 'method/next-call-schedules', line: 14, hint: "add `schedules: next` to step 'next-call'" },
    ]);
  });

  it('a goodbye on every path that completes the call', async () => {
    const shortcut = SEVEN.replace('  - { id: support, say: Call me with any question. }', '  - { id: support, say: Call me with any question., outcome: completed }');
    expect(await methodIssues({ seven: shortcut }, 'seven')).toMatchObject([
      { rule: 'method/goodbye', message: 'a path completes the call without saying goodbye: remind → how-it-went → impression → relatives → support' },
    ]);
    // Ending early for another reason (call-back, declined) needs no goodbye step.
    const declined = SEVEN.replace('  - { id: support, say: Call me with any question. }', '  - { id: support, say: Call me with any question., outcome: declined }');
    expect((await methodIssues({ seven: declined }, 'seven')).map((i) => i.rule)).not.toContain('method/goodbye');
  });

  it('every path ends in an outcome', async () => {
    const open = SEVEN.replace('  - { id: goodbye, say: All the best!, outcome: completed }', '  - { id: goodbye, say: All the best! }');
    expect(await methodIssues({ seven: open }, 'seven')).toMatchObject([
      { rule: 'method/outcome', line: 15, hint: "give the last step ('goodbye') an outcome, e.g. `outcome: completed`" },
    ]);
  });

  it('speaks Russian when asked', async () => {
    const { validateScriptFiles } = await import('../../src/script/index.js');
    const { scriptsDir } = await import('./helpers.js');
    const dir = await scriptsDir({ seven: SEVEN.replace('  - { id: goodbye, say: All the best!, outcome: completed }', '') });
    const [report] = await validateScriptFiles([`${dir}/seven.yaml`], { scriptsDirs: [dir], lang: 'ru' });
    expect(report!.issues.map((i) => i.message)).toContain('в звонке из семи шагов не хватает: goodbye');
  });
});
