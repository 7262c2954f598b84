// Bundles the CLI into dist/. One bundle with code splitting: the entry holds
// only commander and the CLI's own strings; every command is a lazy chunk, so
// `--help` and `--version` never parse prompts, YAML or date locales.
import { build } from 'esbuild';
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';

/**
 * Built-in modules reach the bundle as CommonJS `require()`s. Node's ES-module
 * wrapper of a built-in reads every export when it is imported: for `process`
 * that wakes its lazy getters (report, permission, …) and costs 3-4 ms of each
 * run's start-up, for `fs` it loads the streams. `process` is the global, and
 * commander's `child_process` (only for executable subcommands, which followup
 * has none of) is loaded on first use instead of at start-up.
 */
const builtinsAsRequire = {
  name: 'builtins-as-require',
  setup(b) {
    b.onResolve({ filter: /^[a-z_:/]+$/ }, (args) => {
      if (!isBuiltin(args.path)) return undefined;
      const name = args.path.replace(/^node:/, '');
      if (args.namespace === 'builtin') return { path: `node:${name}`, external: true };
      const lazy = name === 'child_process' && /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer);
      return { path: lazy ? 'lazy:child_process' : name, namespace: 'builtin' };
    });
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => {
      if (args.path === 'process') return { contents: 'module.exports = process;', loader: 'js' };
      if (args.path === 'lazy:child_process') {
        return { contents: "let cp; module.exports = { get spawn() { return (cp ??= require('node:child_process')).spawn; } };", loader: 'js' };
      }
      return { contents: `module.exports = require(${JSON.stringify(`node:${args.path}`)});`, loader: 'js' };
    });
  },
};

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

// Build beside dist/ and swap it in at the end, so a CLI started while a build
// runs (a test, a second terminal) never finds dist/ half written.
const dist = new URL('./dist/', import.meta.url);
const fresh = new URL(`./dist.build-${process.pid}/`, import.meta.url);
const old = new URL(`./dist.old-${process.pid}/`, import.meta.url);
rmSync(fresh, { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/entry.ts' },
  define: { __FOLLOWUP_VERSION__: JSON.stringify(pkg.version) },
  outdir: fresh.pathname,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  // Some bundled CommonJS dependencies call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __followupCreateRequire } from 'node:module'; const require = __followupCreateRequire(import.meta.url);",
  },
  plugins: [builtinsAsRequire],
  logLevel: 'warning',
});
try {
  renameSync(dist, old);
} catch (error) {
  if (error.code !== 'ENOENT') throw error;
}
renameSync(fresh, dist);
rmSync(old, { recursive: true, force: true });

// schema/script.schema.json is generated from the zod schema the loader
// validates with (src/script/schema.ts), so editors and the loader agree.
// A test checks that the committed file equals what this writes.
{
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { pathToFileURL } = await import('node:url');
  const bundled = await build({
    entryPoints: ['src/script/schema.ts'],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'warning',
  });
  const temp = join(tmpdir(), `followup-schema-${process.pid}-${Date.now()}.mjs`);
  writeFileSync(temp, bundled.outputFiles[0].text);
  try {
    const { scriptJsonSchema } = await import(pathToFileURL(temp).href);
    mkdirSync(new URL('./schema/', import.meta.url), { recursive: true });
    writeFileSync(new URL('./schema/script.schema.json', import.meta.url), `${JSON.stringify(scriptJsonSchema(), null, 2)}\n`);
  } finally {
    rmSync(temp, { force: true });
  }
}
