// build/ascii.mjs: the chunks esbuild wrote (strings already escaped) become
// ASCII with the same meaning — a regular expression escaped matches what it
// matched — and what can't be escaped without changing the program (a tagged
// template's raw text) stops the build.
import fc from 'fast-check';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { asciiOnly } from '../../build/ascii.mjs';

const run = (code: string) => {
  const exports: Record<string, unknown> = {};
  vm.runInNewContext(code, { exports });
  return exports;
};

describe('asciiOnly', () => {
  it('leaves ASCII code as it is', () => {
    const code = 'exports.a = 6 / 2 / 3; exports.r = /a+/g.source;';
    expect(asciiOnly(code, 'x.js')).toBe(code);
  });

  it('escapes regular expression literals, not divisions or the text around them', () => {
    const code = 'const half = 4 / 2; exports.n = half / 1; exports.m = "\\u0451\\u0436".match(/[а-яё]+/u)[0]; exports.s = /\\s+в\\s+/.test(" \\u0432 "); exports.e = /😀/u.test("\\ud83d\\ude00");';
    const ascii = asciiOnly(code, 'x.js');
    // eslint-disable-next-line no-control-regex
    expect(ascii).toMatch(/^[\x00-\x7f]*$/);
    expect(run(ascii)).toEqual(run(code));
    expect(run(ascii)).toEqual({ n: 2, m: 'ёж', s: true, e: true });
  });

  it('keeps what any escaped regular expression matches, with and without the u flag', () => {
    const letters = fc.constantFrom(...'aZ09 ёЁйЙжЖ«»—😀界', '\\s', '.', '[а-я]', '[^ё]', '+', '?');
    const subjects = fc.array(fc.constantFrom(...'aZ09 ёЁйЙжЖ«»—😀界xyz'), { maxLength: 12 }).map((p) => p.join(''));
    fc.assert(
      fc.property(fc.array(letters, { minLength: 1, maxLength: 8 }), fc.constantFrom('', 'u', 'i', 'iu'), fc.array(subjects, { maxLength: 5 }), (parts, flags, texts) => {
        const pattern = parts.join('');
        let original: RegExp;
        try {
          original = new RegExp(pattern, flags);
        } catch {
          return; // not a valid pattern: nothing to compare
        }
        const code = `exports.r = /${pattern}/${flags};`;
        const escaped = run(asciiOnly(code, 'x.js')).r as RegExp;
        for (const text of texts) expect(escaped.test(text), `/${pattern}/${flags} on ${text}`).toBe(original.test(text));
      }),
      { numRuns: 1_000 },
    );
  });

  it('stops the build at a tagged template (its raw text would change), naming the chunk', () => {
    expect(() => asciiOnly('exports.t = String.raw`# анд → Андрей`;', 'chunks/completion.js')).toThrow(/chunks\/completion\.js has a non-ASCII character outside strings and regular expressions/);
  });
});
