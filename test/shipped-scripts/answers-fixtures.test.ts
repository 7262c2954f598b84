// The answers files that replay the chapter's calls name only steps and
// option labels their scripts really have, so the other areas' tests that
// use them break here first, with a clear message, when a script changes.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScript, parseDuration } from '../../src/script/index.js';
import type { Script, Step } from '../../src/script/types.js';
import { ANSWERS_FIXTURES, answersDir, builtinOnly, readAnswers as read } from './shipped.js';

/** Every step of a script by the key an answers file uses: `id` or `handler.id`. */
function stepsByKey(script: Script): Map<string, Step> {
  const map = new Map<string, Step>(script.steps.map((s) => [s.id, s]));
  for (const [name, handler] of Object.entries(script.handlers)) {
    for (const step of handler.steps) map.set(`${name}.${step.id}`, step);
  }
  return map;
}

describe('answers fixtures', () => {
  it('cover exactly the chapter’s calls', () => {
    expect(readdirSync(answersDir).sort()).toEqual(Object.keys(ANSWERS_FIXTURES).sort());
  });

  for (const [file, scriptId] of Object.entries(ANSWERS_FIXTURES)) {
    it(`${file} names only steps, labels and owners of ${scriptId}`, async () => {
      const script = await loadScript(scriptId, builtinOnly);
      const steps = stepsByKey(script);
      const fixture = read(file);
      expect(fixture.client.name).toBeTruthy();
      for (const [key, value] of Object.entries(fixture.answers)) {
        const step = steps.get(key);
        expect(step, `${file}: unknown step "${key}"`).toBeDefined();
        expect(step!.ask, `${file}: "${key}" asks nothing`).not.toBe('none');
        if (step!.ask === 'choice') expect(step!.options!.map((o) => o.label), `${file}: ${key}`).toContain(value);
        if (step!.ask === 'yesno') expect(['yes', 'no'], `${file}: ${key}`).toContain(String(value));
        if (step!.ask === 'text') expect(typeof value, `${file}: ${key}`).toBe('string');
      }
      for (const key of Object.keys(fixture.notes ?? {})) expect(steps.has(key), `${file}: note on "${key}"`).toBe(true);
      for (const flag of fixture.flags ?? []) {
        expect(steps.has(flag.step), `${file}: flag on "${flag.step}"`).toBe(true);
        expect(script.owners, file).toContain(flag.owner);
        expect(() => parseDuration(flag.due), file).not.toThrow();
        // The flag the chosen option opens, with the same owner and due as the script's template.
        const option = steps.get(flag.step)!.options?.find((o) => o.label === fixture.answers[flag.step]);
        expect(option?.flag, `${file}: "${flag.step}" opens no flag`).toMatchObject({ owner: flag.owner, due: { text: flag.due } });
      }
    });
  }

  it('kitchen-first-ru replays the chapter: the door to the senior assembler in a day, the mother-in-law, three days on', async () => {
    const kitchen = read('kitchen-first-ru.yaml');
    expect(kitchen.client.name).toBe('Андрей Иванович');
    expect(kitchen.answers['handle-question.answer']).toBe('Нужен старший мастер по сборке');
    expect(kitchen.flags).toEqual([
      expect.objectContaining({ owner: 'старший мастер по сборке', due: '1 день', text: expect.stringMatching(/90°.*180°/) }),
    ]);
    expect(kitchen.answers.relatives).toBe('Есть критика');
    expect(kitchen.answers['handle-criticism.clarify']).toMatch(/тёмный/);
    expect(kitchen.answers['next-call']).toBe('yes');
    expect((await loadScript('kitchen-furniture', builtinOnly)).next?.in).toMatchObject({ amount: 3, unit: 'days' });
  });

  it('kitchen-second-ru resolves the very flag kitchen-first-ru opened', () => {
    const [door] = read('kitchen-first-ru.yaml').flags!;
    expect(read('kitchen-second-ru.yaml').review).toEqual([{ flag: door!.text, status: 'resolved', note: expect.any(String) }]);
  });

  it('the English kitchen call takes the same path as the Russian one', () => {
    const ru = read('kitchen-first-ru.yaml');
    const en = read('kitchen-first-en.yaml');
    expect(Object.keys(en.answers)).toEqual(Object.keys(ru.answers));
    const due = (f: { due: string }) => { const d = parseDuration(f.due); return [d.amount, d.unit]; };
    expect(en.flags!.map((f) => [f.step, due(f)])).toEqual(ru.flags!.map((f) => [f.step, due(f)]));
  });
});
