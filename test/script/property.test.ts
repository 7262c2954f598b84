// Random mutations of valid scripts never crash or hang the loader: it either
// loads the script or throws a ScriptError whose issues all name the file.
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScriptError } from '../../src/errors.js';
import { loadScriptFile, validateScriptFiles } from '../../src/script/index.js';
import { BUILTIN_DIR, OK_DIR, tempDir } from './helpers.js';

const seeds = [
  readFileSync(path.join(OK_DIR, 'mini-base.yaml'), 'utf8'),
  readFileSync(path.join(OK_DIR, 'mini-ru.yaml'), 'utf8'),
  readFileSync(path.join(BUILTIN_DIR, 'kitchen-furniture.yaml'), 'utf8'),
];

// Pieces that tend to break YAML or the format in interesting ways.
const nasty = fc.constantFrom(
  '{{', '}}', '{{client.nmae}}', ':', ': ', '- ', '"', "'", '\t', '\n', '  ', '&a ', '*a', '[', ']', '{', '}', '#', '---',
  '\u0000', '\u001b[31m', '\u202e', 'ask: choice', 'goto: nowhere', 'extends: mini-base', 'remove: true', 'id: remind',
  'outcome: call-back', '3 dayz', 'sya:', '\uFEFF', 'é', '日本', '!!binary', '<<: *a', '?', '|', '>', '%YAML 1.1',
);

const mutation = fc.oneof(
  // Insert a nasty piece somewhere.
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), piece: nasty }),
  // Delete a slice.
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  // Duplicate a line.
  fc.record({ kind: fc.constant('dupline' as const), at: fc.nat() }),
  // Swap two lines.
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
  // Random unicode text.
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), piece: fc.string({ unit: 'binary', maxLength: 12 }) }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function apply(text: string, m: Mutation): string {
  if (m.kind === 'insert') {
    const at = m.at % (text.length + 1);
    return text.slice(0, at) + m.piece + text.slice(at);
  }
  if (m.kind === 'delete') {
    const at = m.at % (text.length + 1);
    return text.slice(0, at) + text.slice(at + m.length);
  }
  const lines = text.split('\n');
  const i = m.at % lines.length;
  if (m.kind === 'dupline') lines.splice(i, 0, lines[i]!);
  else {
    const j = m.with % lines.length;
    [lines[i], lines[j]] = [lines[j]!, lines[i]!];
  }
  return lines.join('\n');
}

describe('the loader under random mutations', () => {
  it('never crashes or hangs: a Script or a ScriptError naming the file', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'mutant.yaml');
    const opts = { scriptsDirs: [dir, OK_DIR, BUILTIN_DIR] };
    let loaded = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: seeds.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }), async (seed, mutations) => {
        const text = mutations.reduce(apply, seeds[seed]!);
        await writeFile(file, text);
        const started = performance.now();
        try {
          const script = await loadScriptFile(file, opts);
          expect(typeof script.version).toBe('string');
          loaded++;
        } catch (error) {
          if (!(error instanceof ScriptError)) throw error;
          expect(error.issues.length).toBeGreaterThan(0);
          for (const issue of error.issues) expect(issue.file).toMatch(/\.yaml$/);
          refused++;
        }
        // validate (with the linter) must survive the same text.
        const [report] = await validateScriptFiles([file], opts);
        expect(report!.file).toBe(file);
        expect(performance.now() - started).toBeLessThan(2000);
      }),
      { numRuns: Number(process.env.FOLLOWUP_FC_RUNS ?? 300) },
    );
    // The mutations exercise both paths.
    expect(loaded).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  }, 120_000);
});
