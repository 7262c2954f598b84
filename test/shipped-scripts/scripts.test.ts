// Every shipped script loads through the real loader with no errors and no
// method warnings, keeps the stable step ids, names a real next script, and
// its English twin has the same shape.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listScripts, loadScript, validateScriptFiles } from '../../src/script/index.js';
import type { Script, Step } from '../../src/script/types.js';
import { SEVEN_STEPS, SHIPPED_IDS, builtinOnly, scriptsDir, shippedFiles } from './shipped.js';

const loadAll = async (): Promise<Map<string, Script>> =>
  new Map(await Promise.all(SHIPPED_IDS.map(async (id) => [id, await loadScript(id, builtinOnly)] as const)));

describe('shipped scripts', () => {
  it('are exactly the twelve scripts, each in <id>.yaml with the schema modeline', async () => {
    const files = shippedFiles();
    expect(files.map((f) => path.basename(f, '.yaml')).sort()).toEqual([...SHIPPED_IDS].sort());
    for (const file of files) {
      const firstLine = readFileSync(file, 'utf8').split('\n')[0];
      expect(firstLine, file).toBe('# yaml-language-server: $schema=../schema/script.schema.json');
    }
    const listed = await listScripts(builtinOnly);
    expect(listed.map((s) => s.id).sort()).toEqual([...SHIPPED_IDS].sort());
  });

  it('validate with zero errors and zero warnings in strict mode', async () => {
    const reports = await validateScriptFiles(shippedFiles(), { ...builtinOnly, strict: true });
    expect(reports).toHaveLength(SHIPPED_IDS.length);
    for (const report of reports) {
      expect({ file: report.file, issues: report.issues }).toEqual({ file: report.file, issues: [] });
      expect(report.ok, report.file).toBe(true);
    }
  });

  it('first calls resolve to the seven steps in order', async () => {
    const scripts = await loadAll();
    const first = [...scripts.values()].filter((s) => s.call === 'first');
    expect(first.map((s) => s.id).sort()).toEqual(
      ['car-dealership', 'car-dealership-en', 'followup-first-call', 'followup-first-call-en', 'kitchen-furniture', 'kitchen-furniture-en'],
    );
    for (const script of first) {
      expect(script.steps.map((s) => s.id), script.id).toEqual(SEVEN_STEPS);
      expect(script.pattern, script.id).toBe('seven-steps');
      expect(script.targetSec, script.id).toBe(180);
      expect(script.next?.in, script.id).toMatchObject({ amount: 3, unit: 'days' });
      expect(script.retry?.in, script.id).toMatchObject({ amount: 2, unit: 'hours' });
      expect(Object.keys(script.handlers).sort(), script.id).toEqual(['handle-criticism', 'handle-question']);
    }
  });

  it("name shipped scripts in next.script: a first call's next is a later call in its language", async () => {
    const scripts = await loadAll();
    for (const script of scripts.values()) {
      const next = script.next?.script;
      expect(next, script.id).toBeDefined();
      const target = scripts.get(next!);
      expect(target, `${script.id} → ${next}`).toBeDefined();
      expect(target!.language, script.id).toBe(script.language);
      expect(target!.call, script.id).toBe('later');
    }
    expect(scripts.get('kitchen-furniture')!.next?.script).toBe('kitchen-furniture-second');
    expect(scripts.get('car-dealership')!.next?.script).toBe('car-dealership-second');
    expect(scripts.get('followup-first-call')!.next?.script).toBe('followup-second-call');
  });

  it('English scripts have the same steps, handlers and branches as their Russian twins', async () => {
    const scripts = await loadAll();
    const shape = (steps: Step[]) =>
      steps.map((s) => ({
        id: s.id,
        ask: s.ask,
        schedules: s.schedules,
        goto: s.goto,
        outcome: s.outcome,
        options: s.options?.map((o) => ({ goto: o.goto, outcome: o.outcome, flagged: Boolean(o.flag), due: o.flag?.due && [o.flag.due.amount, o.flag.due.unit] })),
      }));
    for (const id of SHIPPED_IDS.filter((i) => i.endsWith('-en'))) {
      const en = scripts.get(id)!;
      const ru = scripts.get(id.slice(0, -3))!;
      expect(en.language).toBe('en');
      expect(ru.language).toBe('ru');
      expect(en.call, id).toBe(ru.call);
      expect(en.owners.length, id).toBe(ru.owners.length);
      expect(shape(en.steps), id).toEqual(shape(ru.steps));
      expect(Object.keys(en.handlers).sort(), id).toEqual(Object.keys(ru.handlers).sort());
      for (const name of Object.keys(ru.handlers)) {
        expect(shape(en.handlers[name]!.steps), `${id} ${name}`).toEqual(shape(ru.handlers[name]!.steps));
      }
    }
  });

  it("flags go to someone on the script's owners list", async () => {
    for (const script of (await loadAll()).values()) {
      const all = [...script.steps, ...Object.values(script.handlers).flatMap((h) => h.steps)];
      const flags = all.flatMap((s) => [s.flag, ...(s.options ?? []).map((o) => o.flag)]).filter((f) => f !== undefined);
      expect(flags.length, script.id).toBeGreaterThan(0);
      for (const flag of flags) {
        expect(script.owners, script.id).toContain(flag.owner);
        expect(flag.promise, script.id).toBeTruthy();
        expect(flag.due, script.id).toMatchObject({ amount: 1, unit: 'days' });
      }
    }
  });

  it('ask for a referral only in later calls, and only with a way to skip it', async () => {
    for (const script of (await loadAll()).values()) {
      const ids = script.steps.map((s) => s.id);
      if (script.call === 'first') {
        expect(ids, script.id).not.toContain('referral');
        continue;
      }
      expect(ids, script.id).toEqual(['remind', 'open-issues', 'how-are-things', 'support', 'referral', 'next-call', 'goodbye']);
      const referral = script.steps.find((s) => s.id === 'referral')!;
      expect(referral.options?.map((o) => o.label).at(-1), script.id).toMatch(/^(Неуместно|Not appropriate)$/);
    }
  });

  it('end every completing path with the goodbye, and offer call-back and wrong-number at the start', async () => {
    for (const script of (await loadAll()).values()) {
      const last = script.steps.at(-1)!;
      expect(last.id, script.id).toBe('goodbye');
      expect(last.outcome, script.id).toBe('completed');
      const outcomes = script.steps[0]!.options!.map((o) => o.outcome).filter(Boolean);
      expect(outcomes, script.id).toEqual(['call-back', 'wrong-number']);
      // No step or option jumps past the goodbye: only handlers are goto targets.
      const gotos = [...script.steps, ...Object.values(script.handlers).flatMap((h) => h.steps)].flatMap((s) => [
        s.goto,
        ...(s.options ?? []).map((o) => o.goto),
      ]);
      for (const target of gotos.filter(Boolean)) expect(Object.keys(script.handlers), script.id).toContain(target);
    }
  });
});

describe('kitchen-furniture follows the chapter', () => {
  it('keeps the chapter’s words, stage directions and the senior assembler', async () => {
    const kitchen = await loadScript('kitchen-furniture', builtinOnly);
    expect(kitchen.extends).toBe('followup-first-call');
    expect(kitchen.vars).toMatchObject({ company: '«Глория фурнитура»', product: 'гарнитур' });
    const step = (id: string) => kitchen.steps.find((s) => s.id === id)!;
    expect(step('remind').say).toContain('вам сегодня привезли ваш {{product}}! Ещё помните меня?');
    expect(step('remind').tone).toBe('Позитивно, слегка с юмором.');
    expect(step('impression').say).toContain('в домашнем интерьере');
    const question = kitchen.handlers['handle-question']!.steps;
    expect(question.map((s) => s.id)).toEqual(['acknowledge', 'clarify', 'answer']);
    expect(question[0]!.say).toMatch(/^Хорошо, что сказали! А какая именно створка/);
    expect(question[0]!.tone).toBe('Присоединение + уточнение.');
    expect(question[1]!.expect).toContain('180 градусов');
    const assembler = question[2]!.options!.find((o) => o.flag?.owner === 'старший мастер по сборке')!;
    expect(assembler.say).toContain('я свяжусь со старшим мастером по сборке');
    expect(assembler.flag).toMatchObject({ promise: 'Старший мастер по сборке свяжется с вами', due: { amount: 1, unit: 'days' } });
    const criticism = kitchen.handlers['handle-criticism']!.steps;
    expect(criticism.map((s) => s.id)).toEqual(['clarify', 'dispel', 'support']);
    expect(criticism[1]!.say).toContain('у меня тоже есть тёща');
    expect(criticism[2]!.say).toContain('обнимите тёщу');
    expect(criticism[2]!.tone).toContain('сразу продолжайте дальше');
    // The goodbye is the base's, inherited unchanged.
    expect(step('goodbye').say).toBe('Всего хорошего, {{client.name}}! До связи!');
    expect(kitchen.source.files.map((f) => path.relative(scriptsDir, f))).toEqual(
      expect.arrayContaining(['kitchen-furniture.yaml', 'followup-first-call.yaml']),
    );
  });

  it('never asks whether it is convenient to talk, in any shipped script', async () => {
    for (const script of (await loadAll()).values()) {
      const text = JSON.stringify({ steps: script.steps, handlers: script.handlers }).toLowerCase();
      expect(text, script.id).not.toMatch(/удобно (ли )?(сейчас )?(говорить|разговаривать)|convenient|good time to talk/);
    }
  });
});
