// The zero-warning check on the shipped scripts means something only if the
// linter would speak up: small edits a trainer might make to a shipped script
// do get warnings. And the worked example in docs/shipped-scripts.md is a
// script that really validates cleanly on top of the shipped base.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadScript, validateScriptFiles } from '../../src/script/index.js';
import { SEVEN_STEPS, repoRoot, scriptsDir } from './shipped.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'followup-shipped-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const opts = () => ({ scriptsDirs: [dir, scriptsDir], strict: true });

/** A copy of a shipped script under a new id with one text replaced. */
function mutated(id: string, from: string, to: string): string {
  const text = readFileSync(path.join(scriptsDir, `${id}.yaml`), 'utf8');
  expect(text, `${id}.yaml no longer contains "${from}"`).toContain(from);
  const file = path.join(dir, `${id}-edited.yaml`);
  writeFileSync(file, text.replace(`id: ${id}\n`, `id: ${id}-edited\n`).replace(from, to));
  return file;
}

async function rulesOf(file: string): Promise<string[]> {
  const [report] = await validateScriptFiles([file], opts());
  expect(report!.errors, JSON.stringify(report!.issues)).toBe(0);
  return report!.issues.map((i) => i.rule ?? i.message);
}

describe('the method linter guards the shipped scripts', () => {
  it('warns when a first call asks whether it is convenient to talk', async () => {
    const file = mutated('kitchen-furniture', 'Ещё помните меня?', 'Вам удобно сейчас говорить?');
    expect(await rulesOf(file)).toEqual(['method/no-convenient']);
  });

  it('warns when a first call asks for a referral', async () => {
    const file = mutated('car-dealership-en', 'always happy to help!', 'and do recommend us to your friends!');
    expect(await rulesOf(file)).toEqual(['method/no-referral']);
  });

  it('warns when the seven steps lose the goodbye', async () => {
    const file = mutated('followup-first-call', '  - id: goodbye\n', '  - id: farewell\n');
    expect(await rulesOf(file)).toContain('method/seven-steps');
  });

  it('accepts the referral request in the second call', async () => {
    const [report] = await validateScriptFiles([path.join(scriptsDir, 'kitchen-furniture-second.yaml')], opts());
    expect(report!.issues).toEqual([]);
    const second = await loadScript('kitchen-furniture-second', { scriptsDirs: [scriptsDir] });
    expect(second.steps.find((s) => s.id === 'referral')!.say).toMatch(/порекомендуйте нас/);
  });
});

describe('the worked example in docs/shipped-scripts.md', () => {
  const example = (): string => {
    const doc = readFileSync(path.join(repoRoot, 'docs/shipped-scripts.md'), 'utf8');
    const block = /```yaml\n(id: windows\n[\s\S]*?)```/.exec(doc);
    expect(block, 'the docs lost the windows example').not.toBeNull();
    return block![1]!;
  };

  it('is about 20 lines of YAML', () => {
    expect(example().trim().split('\n').length).toBeLessThanOrEqual(26);
  });

  it('validates strictly on top of the shipped base and keeps the seven steps', async () => {
    const file = path.join(dir, 'windows.yaml');
    writeFileSync(file, example());
    const [report] = await validateScriptFiles([file], opts());
    expect(report!.issues).toEqual([]);
    const windows = await loadScript('windows', { scriptsDirs: [dir, scriptsDir] });
    expect(windows.steps.map((s) => s.id)).toEqual(SEVEN_STEPS);
    expect(windows.pattern).toBe('seven-steps');
    expect(windows.call).toBe('first');
    expect(windows.steps[0]!.options!.map((o) => o.label)).toEqual(['Помнит', 'Не помнит', 'Не может говорить', 'Не тот человек']);
    const answer = windows.handlers['handle-question']!.steps.find((s) => s.id === 'answer')!;
    expect(answer.options!.map((o) => o.flag?.owner)).toEqual([undefined, 'бригадир монтажников']);
    expect(windows.handlers['handle-criticism']!.steps.map((s) => s.id)).toEqual(['clarify', 'dispel', 'support']);
  });
});
