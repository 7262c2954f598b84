// Every malformed script is refused with the right rule, line and fix, all
// issues at once; hostile input (5 MB, deep nesting, alias bombs) fails fast.
import { readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateScriptFiles } from '../../src/script/index.js';
import { BAD_DIR, BUILTIN_DIR, tempDir } from './helpers.js';
import { CORPUS } from './corpus.js';

const opts = { scriptsDirs: [BAD_DIR, BUILTIN_DIR] };

describe('the malformed-script corpus', () => {
  const files = readdirSync(BAD_DIR).sort();

  it('has at least 25 files and an expectation for each', () => {
    expect(files.length).toBeGreaterThanOrEqual(25);
    expect(files).toEqual(Object.keys(CORPUS).sort());
  });

  it.each(files)('%s is refused with its rule, line and fix', async (name) => {
    const expected = CORPUS[name]!;
    const [report] = await validateScriptFiles([path.join(BAD_DIR, name)], opts);
    expect(report!.ok).toBe(false);
    const issue = report!.issues.find((i) => i.severity === 'error' && i.rule === expected.rule);
    expect(issue, JSON.stringify(report!.issues)).toBeDefined();
    expect(issue!.line).toBe(expected.line);
    expect(`${issue!.message} — ${issue!.hint ?? ''}`).toContain(expected.says);
    // An error always names the file itself (a cycle's own error may sit in the other file of the cycle).
    const own = report!.issues.find((i) => i.severity === 'error' && i.file === path.join(BAD_DIR, name));
    expect(own).toBeDefined();
    if (expected.line !== undefined) expect(own!.line).toBeTypeOf('number');
  });
});

describe('all issues at once', () => {
  it('reports every schema problem of a file, in line order', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'many.yaml');
    await writeFile(
      file,
      'id: many\ntitel: x\nlanguage: english\nnext: { in: soon }\nsteps:\n  - id: a\n    sya: Hi\n    ask: chioce\n  - say: no id\n',
    );
    const [report] = await validateScriptFiles([file], { scriptsDirs: [dir] });
    expect(report!.issues.map((i) => [i.line, i.rule])).toEqual([
      [2, 'key.unknown'],
      [3, 'language.format'],
      [4, 'duration.bad'],
      [7, 'key.unknown'],
      [8, 'value.enum'],
      [9, 'key.missing'],
    ]);
  });

  it('reports every semantic problem of a file', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'many.yaml');
    await writeFile(
      file,
      'id: many\ntitle: x\nlanguage: en\nsteps:\n  - id: a\n    say: "{{client.nmae}}"\n    goto: nowhere\n  - id: b\n    ask: choice\n  - id: c\n    schedules: next\n    say: "{{me.nam}}"\n',
    );
    const [report] = await validateScriptFiles([file], { scriptsDirs: [dir] });
    expect(report!.issues.map((i) => i.rule)).toEqual(['template.unknown', 'goto.missing', 'options.missing', 'schedules.needsNext', 'template.unknown']);
  });
});

describe('hostile input fails fast and clearly', () => {
  async function check(name: string, content: string | Buffer) {
    const dir = await tempDir();
    const file = path.join(dir, name);
    await writeFile(file, content);
    const started = performance.now();
    const [report] = await validateScriptFiles([file], { scriptsDirs: [dir] });
    return { report: report!, ms: performance.now() - started };
  }

  it('a 5 MB file is refused without being parsed', async () => {
    const { report, ms } = await check('huge.yaml', `id: huge\nsay: "${'x'.repeat(5 * 1024 * 1024)}"\n`);
    expect(report.issues).toMatchObject([{ rule: 'file.tooBig', severity: 'error' }]);
    expect(report.issues[0]!.message).toMatch(/5121 KiB; a call script may be at most 1024 KiB/);
    expect(ms).toBeLessThan(1000);
  });

  it('100 000 nested brackets and 5 000 nested mappings end in a clear error, not a stack overflow', async () => {
    const flow = await check('deep.yaml', `id: deep\nvars: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
    expect(flow.report.ok).toBe(false);
    expect(flow.report.issues[0]!.rule).toMatch(/^(yaml\.syntax|file\.tooDeep)$/);
    expect(flow.ms).toBeLessThan(5000);
    const block = await check('deep2.yaml', Array.from({ length: 5000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n'));
    expect(block.report.ok).toBe(false);
    expect(block.ms).toBeLessThan(5000);
  });

  it('an alias bomb stops at the alias limit within a second', async () => {
    let bomb = 'id: bomb\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    for (let i = 1; i <= 12; i++) bomb += `l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]\n`;
    const { report, ms } = await check('bomb.yaml', bomb);
    expect(report.issues).toMatchObject([{ rule: 'file.aliases', line: 3 }]);
    expect(ms).toBeLessThan(1000);
  });

  it('random bytes, invalid UTF-8 and a folder are refused with a line where there is one', async () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    expect((await check('noise.yaml', bytes)).report.issues[0]).toMatchObject({ rule: 'file.binary', line: 1 });
    const latin1 = Buffer.concat([Buffer.from('id: x\ntitle: '), Buffer.from([0xe9, 0xe8]), Buffer.from('\n')]);
    expect((await check('latin1.yaml', latin1)).report.issues[0]).toMatchObject({ rule: 'file.encoding', line: 2, col: 8 });
    const dir = await tempDir();
    const [report] = await validateScriptFiles([dir], { scriptsDirs: [] });
    expect(report!.issues[0]).toMatchObject({ rule: 'file.isDir' });
  });
});
