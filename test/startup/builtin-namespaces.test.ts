// build/builtin-namespaces.mjs: a built-in's namespace read through the module
// itself gives what esbuild's copy gave, and any use the build can't vouch for
// stops it.
import { transformSync } from 'esbuild';
import { createRequire } from 'node:module';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { builtinNamespaces } from '../../build/builtin-namespaces.mjs';

/** ES module source as the build turns it into CommonJS, then run. */
const asCommonJs = (source: string) => transformSync(source, { format: 'cjs', platform: 'node', minifyWhitespace: true, supported: { 'dynamic-import': false } }).code;
const run = (code: string) => {
  const module = { exports: {} as Record<string, unknown> };
  vm.runInThisContext(`(function (exports, require, module) {${code}\n})`)(module.exports, createRequire(import.meta.url), module);
  return module.exports;
};

describe('builtinNamespaces', () => {
  it('reads the same values as esbuild\'s copy, with no copy made', () => {
    const code = asCommonJs(`import path from 'node:path'; import * as os from 'node:os'; import process from 'node:process';
      export const joined = path.join('a', 'b'); export const eol = os.EOL; export const sep = os.default.EOL; export const platform = process.platform;`);
    expect(code).toMatch(/__toESM\(require\("node:path"\)/);
    const rewritten = builtinNamespaces(code, 'x.js');
    expect(rewritten).not.toMatch(/__toESM\(require\("node:/);
    expect(run(rewritten)).toEqual(run(code));
  });

  it('takes an import() of a built-in that is destructured at once', async () => {
    const code = asCommonJs(`export async function f() { const { join } = await import('node:path'); return join('a', 'b'); }`);
    const rewritten = builtinNamespaces(code, 'x.js');
    expect(rewritten).not.toMatch(/__toESM\(require/);
    expect(await (run(rewritten).f as () => Promise<string>)()).toBe(await (run(code).f as () => Promise<string>)());
  });

  it('stops the build when a namespace is used other than by reading its members', () => {
    const passedOn = asCommonJs(`import * as fs from 'node:fs'; export const keys = Object.keys(fs);`);
    expect(() => builtinNamespaces(passedOn, 'chunks/x.js')).toThrow(/chunks\/x\.js uses the built-in namespace .* other than to read its members/);
    const kept = asCommonJs(`export async function f() { const fs = await import('node:fs'); return fs; }`);
    expect(() => builtinNamespaces(kept, 'chunks/y.js')).toThrow(/chunks\/y\.js takes a built-in through __toESM in a form the build does not know/);
  });
});
