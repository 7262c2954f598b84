// build/lazy-modules.mjs: a module imported through its stand-in is evaluated
// when one of its exports is first used, not when its importer loads, and
// every export — function, object, class — gives what the module's own does.
import { build } from 'esbuild';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lazyModules } from '../../build/lazy-modules.mjs';
import { ROOT } from '../e2e/pty.js';

const TABLES = path.join(ROOT, 'test/fixtures/lazy-modules/tables.mjs');
const loads = () => (globalThis as { __lazyTablesLoads?: number }).__lazyTablesLoads ?? 0;

/** Bundles `entry`; the returned function imports the bundle. (The plugin evaluates the
 * module in this process to learn its exports: count evaluations after the build.) */
async function bundle(entry: string, specifiers: string[]): Promise<() => Promise<Record<string, unknown>>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'followup-lazy-'));
  writeFileSync(path.join(dir, 'entry.mjs'), entry);
  const out = await build({ entryPoints: [path.join(dir, 'entry.mjs')], bundle: true, format: 'esm', platform: 'node', write: false, plugins: [lazyModules(specifiers)], logLevel: 'silent' });
  const file = path.join(dir, 'out.mjs');
  writeFileSync(file, out.outputFiles[0]!.text);
  return () => import(pathToFileURL(file).href) as Promise<Record<string, unknown>>;
}

describe('lazyModules', () => {
  it('evaluates the module when an export is first used, once, and forwards functions, objects and classes', async () => {
    const entry = `import double, { table, Box } from ${JSON.stringify(TABLES)};
      export const use = () => [double(21), table.a + table.b, new Box(7).value, Object.keys(table)];`;
    const load = await bundle(entry, [TABLES]);
    const before = loads();
    const { use } = (await load()) as { use: () => unknown[] };
    expect(loads()).toBe(before);
    expect(use()).toEqual([42, 3, 7, ['a', 'b']]);
    expect(loads()).toBe(before + 1);
    use();
    expect(loads()).toBe(before + 1);
  });

  it('without the stand-in, the same import evaluates the module as its importer loads (what the test above tells apart)', async () => {
    const load = await bundle(`import double from ${JSON.stringify(TABLES)}; export const use = () => double(1);`, []);
    const before = loads();
    await load();
    expect(loads()).toBe(before + 1);
  });

  it('fails the build on an import the module does not export', async () => {
    await expect(bundle(`import { nothing } from ${JSON.stringify(TABLES)}; export const use = () => nothing;`, [TABLES])).rejects.toThrow(/No matching export/);
  });
});
