// `scripts show`: the renderer is pure, so its output is snapshot-tested.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, sampleDay, sampleVars } from '../../src/commands/scripts.js';
import { loadScript } from '../../src/script/index.js';
import { renderScript, wrap } from '../../src/script/render.js';
import { OK_DIR, tempDir, testContext } from './helpers.js';

const opts = { scriptsDirs: [OK_DIR] };

describe('renderScript', () => {
  it('lays out mini-child as the salesperson sees it (extends applied, templates filled, branches, handlers)', async () => {
    const script = await loadScript('mini-child', opts);
    const text = renderScript(script, {
      lang: 'en',
      color: false,
      width: 80,
      samples: { ...sampleVars(script, { config: {} }, 'Sat 28 Nov'), next: { date: 'Tue 1 Dec' } },
      nextDate: 'Tue 1 Dec',
      retryDate: 'Sat 28 Nov',
    });
    expect(text).toMatchSnapshot();
    expect(text).not.toContain('{{');
    expect(text).toContain("It's Sam Lawson from Acme Kitchens, your sofa");
  });

  it('speaks Russian labels for a Russian user', async () => {
    const script = await loadScript('mini-ru', opts);
    const text = renderScript(script, { lang: 'ru', color: false, width: 60, samples: sampleVars(script, { config: { name: 'Ольга' } }, 'сб, 28 нояб.'), nextDate: 'сб, 5 дек.' });
    expect(text).toMatchSnapshot();
  });

  it('dims the tone only when colour is on, and makes hostile text visible', async () => {
    const script = await loadScript('mini-base', opts);
    script.steps[0]!.say = 'Hi \u001b[2J\u202eevil';
    const samples = sampleVars(script, { config: {} }, 'today');
    const plain = renderScript(script, { lang: 'en', color: false, width: 80, samples });
    expect(plain).not.toContain('\u001b');
    expect(plain).toContain('Hi ␛[2J<U+202E>evil');
    const coloured = renderScript(script, { lang: 'en', color: true, width: 80, samples });
    expect(coloured).toContain('\u001b[2mPositive, a little humour.\u001b[22m');
  });

  it('wraps by words within the width', () => {
    expect(wrap('one two three four five', 9)).toEqual(['one two', 'three', 'four five']);
    expect(wrap('a\nb', 10)).toEqual(['a', 'b']);
  });

  it('sample dates skip weekends for business days', () => {
    const friday = new Date('2026-11-27T10:00:00Z');
    expect(sampleDay(friday, { amount: 1, unit: 'business-days', text: '1 business day' }).toISOString().slice(0, 10)).toBe('2026-11-30');
    expect(sampleDay(friday, { amount: 3, unit: 'days', text: '3 days' }).toISOString().slice(0, 10)).toBe('2026-11-30');
  });
});

describe('followup scripts show', () => {
  it('prints the resolved script, and --json prints it exactly', async () => {
    const home = await tempDir();
    const ctx = testContext(home, { scriptsDirs: [OK_DIR] });
    expect(await run(ctx, { action: 'show', id: 'mini-child' })).toBe(0);
    expect(ctx.io.stdoutText()).toContain('── 6/8 Mention the warranty');
    expect(ctx.io.stdoutText()).toContain('⟳ agrees the next call: Tue 1 Dec (in 3 days) → mini-child');
    const json = testContext(home, { scriptsDirs: [OK_DIR] });
    await run(json, { action: 'show', id: 'mini-child', json: true });
    const parsed = JSON.parse(json.io.stdoutText());
    // --scripts folders are 'flag'; JSON keeps the templates as written.
    expect(parsed).toMatchObject({ id: 'mini-child', extends: 'mini-base', source: { origin: 'flag', file: path.join(OK_DIR, 'mini-child.yaml') } });
    expect(parsed.steps[0].say).toContain('{{me.name}}');
  });
});
