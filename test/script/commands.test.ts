// The trainer's commands through their run() with a memory Io and temp home.
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupGaps, run, schemaPath } from '../../src/commands/scripts.js';
import { FollowupError, UsageError } from '../../src/errors.js';
import { validateScriptFiles } from '../../src/script/index.js';
import { BAD_DIR, OK_DIR, tempDir, testContext } from './helpers.js';

describe('scripts list', () => {
  it('lists every script on the path with its origin; a user copy overrides the built-in', async () => {
    const home = await tempDir();
    await mkdir(path.join(home, 'scripts'));
    await writeFile(
      path.join(home, 'scripts', 'followup-first-call-en.yaml'),
      'id: followup-first-call-en\nextends: followup-first-call-en\ntitle: My own first call\n',
    );
    const ctx = testContext(home, { scriptsDirs: [OK_DIR] });
    expect(await run(ctx, { action: 'list' })).toBe(0);
    const out = ctx.io.stdoutText();
    expect(out.split('\n')[0]).toMatch(/^ID\s+LANG\s+FROM\s+TITLE$/);
    expect(out).toMatch(/followup-first-call-en\s+en\s+yours \(overrides built-in\)\s+My own first call/);
    expect(out).toMatch(/kitchen-furniture\s+ru\s+built-in\s+/);
    expect(out).toMatch(/mini-base\s+en\s+--scripts\s+Mini follow-up call/);

    const json = testContext(home, { scriptsDirs: [OK_DIR] });
    await run(json, { action: 'list', json: true });
    const listing = JSON.parse(json.io.stdoutText()) as { id: string; origin: string; overrides?: { origin: string } }[];
    expect(listing.find((l) => l.id === 'followup-first-call-en')).toMatchObject({ origin: 'user', overrides: { origin: 'builtin' } });
    expect(listing.map((l) => l.id)).toContain('kitchen-furniture-en');
  });

  it('marks a broken script instead of failing the list', async () => {
    const home = await tempDir();
    const ctx = testContext(home, { scriptsDirs: [BAD_DIR] });
    expect(await run(ctx, { action: 'list' })).toBe(0);
    expect(ctx.io.stdoutText()).toMatch(/key-typo-step\s+--scripts\s+has errors: followup scripts validate .*key-typo-step\.yaml/);
  });
});

describe('scripts validate', () => {
  it('exit 0 for good files, 1 with every issue for bad ones; --strict fails on warnings', async () => {
    const home = await tempDir();
    const good = testContext(home);
    expect(await run(good, { action: 'validate', files: [path.join(OK_DIR, 'mini-ru.yaml')] })).toBe(0);
    expect(good.io.stdoutText()).toContain('1 file checked · 0 errors · 0 warnings');

    const bad = testContext(home, { lang: 'ru' });
    expect(await run(bad, { action: 'validate', files: [path.join(BAD_DIR, 'key-typo-step.yaml'), path.join(BAD_DIR, 'bad-ask.yaml')] })).toBe(1);
    const text = bad.io.stdoutText();
    expect(text).toContain("key-typo-step.yaml:7:5: ошибка: неизвестный ключ 'sya' — может быть, 'say'? [key.unknown]");
    expect(text).toContain("bad-ask.yaml:8:10: ошибка: 'chioce' — недопустимое значение ask");
    expect(text).toContain('проверено 2 файла · 2 ошибки · 0 предупреждений');

    const dir = await tempDir();
    const warned = path.join(dir, 'warned.yaml');
    await writeFile(warned, 'id: warned\ntitle: W\nlanguage: en\nsteps:\n  - { id: a, say: Hi }\n');
    expect(await run(testContext(home), { action: 'validate', files: [warned] })).toBe(0);
    const strict = testContext(home);
    expect(await run(strict, { action: 'validate', files: [warned], strict: true })).toBe(1);
    expect(strict.io.stdoutText()).toContain('warning: a path ends without an outcome: a');
  });
});

describe('scripts new', () => {
  it('writes a 0600 starter that extends the base, with the schema modeline, and validates clean', async () => {
    const home = await tempDir();
    const ctx = testContext(home);
    expect(await run(ctx, { action: 'new', id: 'furniture-store', from: 'kitchen-furniture' })).toBe(0);
    const file = path.join(home, 'scripts', 'furniture-store.yaml');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    const text = await readFile(file, 'utf8');
    expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=${schemaPath()}`);
    expect(path.isAbsolute(schemaPath())).toBe(true);
    expect(text).toContain('extends: kitchen-furniture\n');
    expect(text).toContain('#   - id: remind');
    expect(ctx.io.stderrText()).toContain(`Wrote ${file}`);
    const [report] = await validateScriptFiles([file], { scriptsDirs: ctx.scriptsDirs });
    expect(report!.issues).toEqual([]);
    // It really is the base, under the new id.
    const show = testContext(home);
    await run(show, { action: 'show', id: 'furniture-store', json: true });
    expect(JSON.parse(show.io.stdoutText())).toMatchObject({ id: 'furniture-store', extends: 'kitchen-furniture', pattern: 'seven-steps' });
  });

  it('refuses to overwrite, a bad id, and an unknown base', async () => {
    const home = await tempDir();
    await run(testContext(home), { action: 'new', id: 'mine', from: 'followup-first-call-en' });
    await expect(run(testContext(home), { action: 'new', id: 'mine', from: 'followup-first-call-en' })).rejects.toThrow(/already exists/);
    await expect(run(testContext(home), { action: 'new', id: 'my script', from: 'followup-first-call-en' })).rejects.toBeInstanceOf(UsageError);
    await expect(run(testContext(home), { action: 'new', id: 'x', from: 'followup-frist-call' })).rejects.toBeInstanceOf(FollowupError);
  });
});

describe('scripts gaps', () => {
  const call = (id: string, script: string, gaps: { step: string; said: string }[]) => ({
    v: 1, type: 'call', id, at: '2026-11-28T14:05:00.000Z', client: { id: 'a', name: 'Андрей Иванович' }, salesperson: 'S',
    script: { id: script, version: 'x' }, startedAt: '2026-11-28T14:00:00.000Z', endedAt: '2026-11-28T14:05:00.000Z', durationSec: 300,
    outcome: 'completed', steps: [], flags: [], gaps, summary: '', nextCall: null,
  });

  it('groups the journal gaps by script and step, most frequent first', async () => {
    const entries = [
      call('1', 'kitchen-furniture', [{ step: 'relatives', said: 'longer warranty?' }]),
      call('2', 'kitchen-furniture', [{ step: 'relatives', said: 'colour samples?' }, { step: 'support', said: 'night phone?' }]),
      call('3', 'car-dealership', [{ step: 'impression', said: 'winter tyres?' }]),
    ];
    expect(groupGaps(entries, 'kitchen-furniture').map((g) => [g.step, g.count])).toEqual([['relatives', 2], ['support', 1]]);

    const home = await tempDir();
    await writeFile(path.join(home, 'journal.jsonl'), `${entries.map((e) => JSON.stringify(e)).join('\n')}\n`, { mode: 0o600 });
    const ctx = testContext(home);
    expect(await run(ctx, { action: 'gaps' })).toBe(0);
    expect(ctx.io.stdoutText()).toContain('kitchen-furniture\n  relatives (2)\n    · longer warranty? — Андрей Иванович');
    const json = testContext(home);
    await run(json, { action: 'gaps', id: 'car-dealership', json: true });
    expect(JSON.parse(json.io.stdoutText())).toMatchObject([{ script: 'car-dealership', step: 'impression', count: 1 }]);
  });
});
