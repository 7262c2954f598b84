// build/packs.mjs: on any import graph, loading packs as the loader does
// (src/bundle-loader.ts: a chunk is taken from the packs read so far, else its
// own file is read) finds every chunk a static import asks for, whichever
// import()s run and in whatever order; and a big chunk several packs want is
// shipped once.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planPacks } from '../../build/packs.mjs';

type Graph = Record<string, { static: string[]; dynamic: string[]; bytes: number }>;

/** A random app: chunk 0 is main.js; static imports only point to later chunks (as
 * esbuild's chunks do), dynamic ones anywhere, cycles included. */
const graphs = fc.integer({ min: 1, max: 14 }).chain((size) =>
  fc
    .array(
      fc.record({
        static: fc.uniqueArray(fc.integer({ min: 0, max: size - 1 }), { maxLength: 4 }),
        dynamic: fc.uniqueArray(fc.integer({ min: 0, max: size - 1 }), { maxLength: 3 }),
        bytes: fc.constantFrom(1_000, 100_000),
      }),
      { minLength: size, maxLength: size },
    )
    .map((chunks) => {
      const name = (i: number) => (i === 0 ? 'main.js' : `chunks/c${i}.js`);
      const graph: Graph = {};
      chunks.forEach((chunk, i) => {
        graph[name(i)] = { static: chunk.static.filter((j) => j > i).map(name), dynamic: chunk.dynamic.map(name), bytes: chunk.bytes };
      });
      return graph;
    }),
);

/** Runs the app as the loader would, following import()s in the order `picks` says;
 * returns what went wrong, or undefined. */
function simulate(graph: Graph, packs: Map<string, string[]>, picks: number[]): string | undefined {
  const defined = new Set<string>();
  const ran = new Set<string>();
  const require = (name: string): string | undefined => {
    if (ran.has(name)) return undefined;
    if (!defined.has(name)) {
      const pack = packs.get(name);
      if (!pack) return `${name} is required, but no pack read holds it and it has no file`;
      for (const chunk of pack) defined.add(chunk);
    }
    ran.add(name);
    for (const dependency of graph[name]!.static) {
      const problem = require(dependency);
      if (problem) return problem;
    }
    return undefined;
  };
  let problem = require('main.js');
  for (const pick of picks) {
    if (problem) return problem;
    const imports = [...ran].flatMap((name) => graph[name]!.dynamic);
    if (imports.length === 0) break;
    problem = require(imports[pick % imports.length]!);
  }
  return problem;
}

describe('planPacks', () => {
  it('finds every chunk a run asks for, whatever import()s run in whatever order', () => {
    fc.assert(
      fc.property(graphs, fc.array(fc.nat(), { maxLength: 30 }), (graph, picks) => {
        expect(simulate(graph, planPacks(graph, 'main.js', 50_000), picks)).toBeUndefined();
      }),
      { numRuns: 2_000 },
    );
  });

  it('ships a big chunk that several packs want once, in a file of its own; small ones in each pack', () => {
    const graph: Graph = {
      'main.js': { static: ['chunks/runtime.js'], dynamic: ['chunks/due.js', 'chunks/history.js', 'chunks/config.js', 'chunks/export.js'], bytes: 100 },
      'chunks/export.js': { static: ['chunks/ical.js'], dynamic: [], bytes: 100 },
      'chunks/ical.js': { static: [], dynamic: [], bytes: 700_000 },
      'chunks/runtime.js': { static: [], dynamic: [], bytes: 100 },
      'chunks/due.js': { static: ['chunks/journal.js', 'chunks/small.js'], dynamic: [], bytes: 100 },
      'chunks/history.js': { static: ['chunks/journal.js', 'chunks/small.js'], dynamic: [], bytes: 100 },
      'chunks/config.js': { static: ['chunks/yaml.js'], dynamic: ['chunks/load.js'], bytes: 100 },
      'chunks/load.js': { static: ['chunks/yaml.js'], dynamic: [], bytes: 100 },
      'chunks/journal.js': { static: ['chunks/yaml.js'], dynamic: [], bytes: 100 },
      'chunks/small.js': { static: [], dynamic: [], bytes: 100 },
      'chunks/yaml.js': { static: [], dynamic: [], bytes: 900_000 },
    };
    const packs = planPacks(graph, 'main.js', 64 * 1024);
    expect(Object.fromEntries(packs)).toEqual({
      'main.js': ['main.js', 'chunks/runtime.js'],
      'chunks/due.js': ['chunks/due.js', 'chunks/journal.js', 'chunks/small.js'],
      'chunks/history.js': ['chunks/history.js', 'chunks/journal.js', 'chunks/small.js'],
      'chunks/config.js': ['chunks/config.js'],
      // Big, but only one pack wants it.
      'chunks/export.js': ['chunks/export.js', 'chunks/ical.js'],
      // Imported only from config.js: the parser is loaded by then.
      'chunks/load.js': ['chunks/load.js'],
      'chunks/yaml.js': ['chunks/yaml.js'],
    });
  });

  it('leaves out of a pack what is certainly loaded when its import() runs, and only that', () => {
    const graph: Graph = {
      'main.js': { static: [], dynamic: ['chunks/call.js', 'chunks/resume.js'], bytes: 100 },
      'chunks/call.js': { static: ['chunks/engine-ui.js', 'chunks/prompts.js'], dynamic: ['chunks/flow.js'], bytes: 100 },
      'chunks/resume.js': { static: ['chunks/prompts.js'], dynamic: ['chunks/flow.js'], bytes: 100 },
      'chunks/flow.js': { static: ['chunks/prompts.js', 'chunks/engine-ui.js', 'chunks/engine.js'], dynamic: [], bytes: 100 },
      'chunks/engine-ui.js': { static: [], dynamic: [], bytes: 100 },
      'chunks/prompts.js': { static: [], dynamic: [], bytes: 100 },
      'chunks/engine.js': { static: [], dynamic: [], bytes: 100 },
    };
    // flow.js is imported by call and by resume: only the prompts are loaded either way.
    expect(planPacks(graph, 'main.js').get('chunks/flow.js')).toEqual(['chunks/flow.js', 'chunks/engine-ui.js', 'chunks/engine.js']);
  });

  it('refuses an import of a chunk the build did not make', () => {
    expect(() => planPacks({ 'main.js': { static: ['chunks/gone.js'], dynamic: [], bytes: 1 } }, 'main.js')).toThrow(/chunks\/gone\.js is imported but is not a chunk/);
  });
});
