// Bundles the CLI into dist/:
//   dist/cli.cjs  what bin/followup.js requires: answers --version, else runs
//                 the app through the code-cache loader (src/bundle-loader.ts);
//   dist/app/     the program (src/main.ts), split by esbuild into chunks —
//                 every command and every heavy library a lazy chunk, so a
//                 command loads only what it uses — each turned into a
//                 CommonJS body, gathered into packs (build/packs.mjs) the
//                 loader runs with V8's code cache.
// `node build.mjs --analyze` prints what each command's chunk loads.
import { build, transform } from 'esbuild';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { asciiOnly } from './build/ascii.mjs';
import { builtinNamespaces } from './build/builtin-namespaces.mjs';
import { lazyModules } from './build/lazy-modules.mjs';
import { planPacks } from './build/packs.mjs';

/**
 * Built-in modules are taken with process.getBuiltinModule() (Node ≥ 20.16),
 * not imported. Node's ES-module wrapper of a built-in reads every export
 * when it is imported: for `process` that wakes its lazy getters (report,
 * permission, …) and costs 3-4 ms of each run's start-up, for `fs` it loads
 * the streams. ES modules get a small module of named exports (the built-in's
 * plain values, read once — never its lazy getters: those are reached through
 * the default export), CommonJS `require()` the module itself; `process` is
 * the global, and commander's `child_process` (only for executable
 * subcommands, which followup has none of) is taken on first use. With no
 * require() left in the bundle, no chunk needs createRequire() (a banner in
 * every chunk): the build checks.
 */
// chalk's own colour detection (its vendored supports-color) loads node:tty
// and asks isatty() as the module loads: ~4 ms for a command whose output
// goes to a pipe or a file. Every Chalk of followup is made with the level its
// Io decided (NO_COLOR, --color, a TTY), so the detection is left out of the
// bundle; chalk's default instance, which ora's spinner colours with, stays
// colourless.
const chalkWithoutDetection = {
  name: 'chalk-without-detection',
  setup(b) {
    b.onResolve({ filter: /^#supports-color$/ }, (args) => (/[\\/]node_modules[\\/]chalk[\\/]/.test(args.importer) ? { path: 'supports-color', namespace: 'no-detection' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'no-detection' }, () => ({ contents: 'export default { stdout: false, stderr: false };', loader: 'js' }));
  },
};

// fast-wrap-ansi measures every word with fast-string-width, whose Unicode
// patterns are compiled on first use (~2 ms); it gets the renderers' own
// measure instead (src/terminal/render/text-width.ts: plain letters by their
// length, anything else through fast-string-width, the same result).
const wrapWithOurWidth = {
  name: 'wrap-with-our-width',
  setup(b) {
    b.onResolve({ filter: /^fast-string-width$/ }, (args) =>
      /[\\/]node_modules[\\/]fast-wrap-ansi[\\/]/.test(args.importer) ? { path: new URL('./src/terminal/render/text-width.ts', import.meta.url).pathname } : undefined,
    );
  },
};

// @sindresorhus/transliterate (under slugify, for matching Latin to Cyrillic
// names) compiles one regular expression of all its replacements for every
// locale it knows as it loads: ~7 ms of `followup call`'s start for the one
// pattern a call may use. The patch builds each pattern when first asked for.
// The texts replaced are checked: an upgrade that changes them fails the build
// instead of silently shipping the slow path.
const lazyTransliterate = {
  name: 'lazy-transliterate',
  setup(b) {
    b.onLoad({ filter: /[\\/]@sindresorhus[\\/]transliterate[\\/]index\.js$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      let code = await readFile(args.path, 'utf8');
      const edits = [
        ['const defaultPattern = buildReplacementPattern(builtinReplacements);', 'let defaultPattern;'],
        ['for (const [locale, localeMap] of Object.entries(localeReplacements)) {', 'const localeEntry = locale => {\n\tif (localeCache.has(locale)) return localeCache.get(locale);\n\tconst localeMap = localeReplacements[locale];\n\t{'],
        ['\t\tpattern: buildReplacementPattern(replacements),\n\t});\n}', '\t\tpattern: buildReplacementPattern(replacements),\n\t});\n\t}\n\treturn localeCache.get(locale);\n};'],
        ['let pattern = defaultPattern;', 'let pattern = (defaultPattern ??= buildReplacementPattern(builtinReplacements));'],
        ['({replacements, pattern} = localeCache.get(normalizedLocale));', '({replacements, pattern} = localeEntry(normalizedLocale));'],
      ];
      for (const [from, to] of edits) {
        if (code.split(from).length !== 2) throw new Error(`build: @sindresorhus/transliterate changed; the lazy-pattern patch no longer applies (${from.slice(0, 50)}…)`);
        code = code.replace(from, to);
      }
      return { contents: code, loader: 'js' };
    });
  },
};

// node:crypto costs ~1.4 ms to load (it loads all of node's crypto), and the
// journal's lock, ulid and the script loader import it for one random token or
// hash, often not at all in a run. Its module is loaded when first used: the
// default export's properties are getters, the named exports functions that
// call through (with `new` for classes). A name that is not a function
// (constants, webcrypto) is not exported, so importing one fails the build.
const LAZY_BUILTINS = new Set(['crypto']);
function lazyBuiltin(name) {
  const real = process.getBuiltinModule(`node:${name}`);
  const keys = Object.keys(real).filter((key) => key !== 'default');
  const lines = [
    `let m; const get = () => (m ??= process.getBuiltinModule(${JSON.stringify(`node:${name}`)}));`,
    'const lazy = {};',
    `for (const key of ${JSON.stringify(keys)}) Object.defineProperty(lazy, key, { get: () => get()[key], enumerable: true });`,
    'export default lazy;',
  ];
  for (const key of keys.filter((k) => typeof real[k] === 'function' && /^[A-Za-z_$][\w$]*$/.test(k))) {
    lines.push(`export function ${key}(...args) { return new.target ? Reflect.construct(get().${key}, args, new.target) : get().${key}(...args); }`);
  }
  return lines.join('\n');
}

const builtinsFromProcess = {
  name: 'builtins-from-process',
  setup(b) {
    b.onResolve({ filter: /^[a-z_:/]+$/ }, (args) => {
      if (!isBuiltin(args.path)) return undefined;
      const name = args.path.replace(/^node:/, '');
      const lazy = name === 'child_process' && /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer);
      const flavour = args.kind === 'require-call' ? 'cjs' : 'esm';
      // An import of a built-in stays an import (a require() once the chunk is
      // CommonJS): its names are read where they are used.
      if (!lazy && flavour === 'esm' && !LAZY_BUILTINS.has(name)) return { path: `node:${name}`, external: true };
      return { path: lazy ? 'lazy:child_process' : `${flavour}:${name}`, namespace: 'builtin' };
    });
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => {
      if (args.path === 'lazy:child_process') {
        return { contents: "let cp; module.exports = { get spawn() { return (cp ??= process.getBuiltinModule('node:child_process')).spawn; } };", loader: 'js' };
      }
      const [flavour, name] = args.path.split(':');
      const get = name === 'process' ? 'process' : `process.getBuiltinModule(${JSON.stringify(`node:${name}`)})`;
      if (flavour === 'cjs') return { contents: `module.exports = ${get};`, loader: 'js' };
      if (LAZY_BUILTINS.has(name)) return { contents: lazyBuiltin(name), loader: 'js' };
      const real = name === 'process' ? process : process.getBuiltinModule(`node:${name}`);
      const plain = Object.entries(Object.getOwnPropertyDescriptors(real)).filter(([key, d]) => 'value' in d && key !== 'default');
      const lines = [`const m = ${get};`, 'export default m;'];
      plain.forEach(([key], i) => lines.push(`const v${i} = m[${JSON.stringify(key)}];`, `export { v${i} as ${JSON.stringify(key)} };`));
      return { contents: lines.join('\n'), loader: 'js' };
    });
  },
};

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/** Names this build's code (sources and locked dependencies): caches of derived
 * data (resolved scripts) written by another build are not used. */
function buildId() {
  const hash = createHash('sha256');
  const root = new URL('./', import.meta.url);
  const files = readdirSync(new URL('./src/', root), { recursive: true }).map((f) => `src/${f}`).filter((f) => f.endsWith('.ts')).sort();
  // build.mjs too: its plugins and options change the output as much as the sources do.
  for (const file of [...files, 'build.mjs', ...readdirSync(new URL('./build/', root)).map((f) => `build/${f}`).sort(), 'package.json', 'package-lock.json']) {
    hash.update(file).update('\0').update(readFileSync(new URL(file, root))).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

// Build beside dist/ and swap it in at the end, so a CLI started while a build
// runs (a test, a second terminal) never finds dist/ half written.
/**
 * The top-level help in each language, as `followup --help` prints it when its
 * output is not a terminal: commander run on src/cli.ts's program, its output
 * captured. The entry prints these (src/quick-help.ts) instead of loading
 * commander; a test checks they equal what commander prints at run time.
 */
async function renderTopLevelHelp() {
  // Only the program's definition is needed: the commands are never run.
  const noCommands = { name: 'no-commands', setup: (b) => b.onResolve({ filter: /^\.\/(commands\/|create-context)/ }, (args) => ({ path: args.path, external: true })) };
  return withBundledModule('src/cli.ts', [builtinsFromProcess, noCommands], async ({ buildProgram }) => {
    const texts = {};
    for (const lang of ['en', 'ru']) {
      let out = '';
      const program = buildProgram(lang, pkg.version);
      program.configureOutput({ writeOut: (text) => void (out += text), getOutHelpWidth: () => undefined, getOutHasColors: () => false });
      try {
        await program.parseAsync(['node', 'followup', '--help']);
      } catch (error) {
        if (error.code !== 'commander.helpDisplayed') throw error;
      }
      texts[lang] = out;
    }
    return texts;
  });
}

/** Bundles one source module to a temp file, imports it and hands it to `use`. */
async function withBundledModule(entry, plugins, use) {
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { pathToFileURL } = await import('node:url');
  const { writeFileSync } = await import('node:fs');
  const bundled = await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'node', target: 'node20', write: false, logLevel: 'warning', plugins });
  const temp = join(tmpdir(), `followup-build-${process.pid}-${Date.now()}.mjs`);
  writeFileSync(temp, bundled.outputFiles[0].text);
  try {
    return await use(await import(pathToFileURL(temp).href));
  } finally {
    rmSync(temp, { force: true });
  }
}

const dist = new URL('./dist/', import.meta.url);
const fresh = new URL(`./dist.build-${process.pid}/`, import.meta.url);
const old = new URL(`./dist.old-${process.pid}/`, import.meta.url);
rmSync(fresh, { recursive: true, force: true });
const version = JSON.stringify(pkg.version);
const buildIdOfInputs = buildId();

// The program (src/main.ts and every command, lazily), split into chunks…
const app = await build({
  entryPoints: { main: 'src/main.ts' },
  define: { __FOLLOWUP_VERSION__: version, __FOLLOWUP_BUILD__: JSON.stringify(buildIdOfInputs) },
  outdir: new URL('app/', fresh).pathname,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  plugins: [
    chalkWithoutDetection,
    lazyTransliterate,
    wrapWithOurWidth,
    lazyModules(['@sindresorhus/slugify', 'fast-string-width', 'date-fns/locale/ru', 'date-fns/locale/en-GB']),
    builtinsFromProcess,
  ],
  metafile: true,
  write: false,
  logLevel: 'warning',
});
if (process.argv.includes('--analyze')) printStartupWeight(app.metafile);
if (process.argv.includes('--chunks')) {
  // Each chunk and its largest inputs, to tell chunk-XXXX.js in a profile apart.
  for (const [file, { inputs, bytes }] of Object.entries(app.metafile.outputs)) {
    const top = Object.entries(inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput).slice(0, 4).map(([input, { bytesInOutput }]) => `${input.replace(/^node_modules\//, '')} ${Math.round(bytesInOutput / 1024)}K`);
    process.stdout.write(`${file.replace(/^.*\/app\//, '')} ${Math.round(bytes / 1024)}K: ${top.join(', ')}\n`);
  }
}
// …each chunk turned into a CommonJS body for the code-cache loader
// (src/bundle-loader.ts): import()s become require()s of chunks, import.meta.url
// a parameter of the loader's wrapper. No source maps: they would not match.
const { mkdirSync, writeFileSync } = await import('node:fs');
const { dirname, join, relative, resolve } = await import('node:path');
const appDir = new URL('app/', fresh).pathname;
const nameOf = (file) => relative(appDir, resolve(file));
const bodies = new Map();
for (const output of app.outputFiles) {
  const name = nameOf(output.path);
  // esbuild emits its __require shim only for a require() it left to run time,
  // which would fail there ("Dynamic require … is not supported").
  if (/\bvar __require = /.test(output.text)) throw new Error(`build: ${name} calls require() at run time; bundle the module or take the built-in through the plugin`);
  // ASCII and without comments (a comment may hold any text): see build/ascii.mjs.
  const body = await transform(output.text, {
    charset: 'ascii',
    legalComments: 'none',
    minifyWhitespace: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    supported: { 'dynamic-import': false },
    define: { 'import.meta.url': '__followupMetaUrl' },
    logLevel: 'silent',
  });
  if (body.warnings.length > 0 || /\bimport\.meta\b|\bimport\([^)]/.test(body.code)) {
    throw new Error(`build: ${name} does not run as a CommonJS body: ${body.warnings.map((w) => w.text).join('; ') || 'import()/import.meta left'}`);
  }
  bodies.set(name, asciiOnly(builtinNamespaces(body.code, name), name));
}
// …and gathered into packs (build/packs.mjs): main.js and every chunk an
// import() asks for, each with what it imports — the files the loader reads.
const graph = {};
for (const [file, { imports }] of Object.entries(app.metafile.outputs)) {
  const chunks = (kind) => imports.filter((i) => i.kind === kind && !i.external).map((i) => nameOf(i.path));
  graph[nameOf(file)] = { static: chunks('import-statement'), dynamic: chunks('dynamic-import'), bytes: bodies.get(nameOf(file)).length };
}
const packs = planPacks(graph, 'main.js');
if (process.argv.includes('--packs')) {
  // Each pack's size and its chunks; a chunk in more than one pack is marked with its count.
  const count = new Map();
  for (const names of packs.values()) for (const name of names) count.set(name, (count.get(name) ?? 0) + 1);
  for (const [entry, names] of packs) {
    const size = (name) => Math.round(bodies.get(name).length / 1024);
    process.stdout.write(`${entry} ${names.reduce((sum, name) => sum + bodies.get(name).length, 0) >> 10}K: ${names.map((name) => `${name.replace(/^chunks\//, '')} ${size(name)}K${count.get(name) > 1 ? ` ×${count.get(name)}` : ''}`).join(', ')}\n`);
  }
}
for (const [entry, names] of packs) {
  // As the loader reads it (PACK_HEAD of src/bundle-loader.ts, which checks it):
  // each chunk defined by name, with whether it reads import.meta.url.
  const defines = names.map((name) => {
    const code = bodies.get(name);
    return `define(${JSON.stringify(name)}, ${code.includes('__followupMetaUrl') ? 1 : 0}, function (exports, require, module, __followupMetaUrl) {${code}\n});`;
  });
  mkdirSync(dirname(join(appDir, entry)), { recursive: true });
  writeFileSync(join(appDir, entry), `(function (define) {"use strict";\n${defines.join('\n')}\n})`);
}
// …and dist/cli.cjs, what bin/followup.js requires: --version, --help, then
// the loader. CommonJS, as the shim is (bin/package.json): node's ES module
// loader would cost ~3 ms of every run.
await build({
  entryPoints: { cli: 'src/entry.ts' },
  define: {
    __FOLLOWUP_VERSION__: version,
    __FOLLOWUP_BUILD__: JSON.stringify(buildIdOfInputs),
    'import.meta.url': '__followupEntryUrl',
  },
  outdir: fresh.pathname,
  outExtension: { '.js': '.cjs' },
  banner: { js: 'const __followupEntryUrl = require("node:url").pathToFileURL(__filename).href;' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  legalComments: 'none',
  plugins: [builtinsFromProcess],
  logLevel: 'warning',
});
// Its built-ins too are read through their modules, not copied export by export.
const entryFile = new URL('cli.cjs', fresh);
writeFileSync(entryFile, builtinNamespaces(readFileSync(entryFile, 'utf8'), 'cli.cjs'));
// The top-level help texts beside it, read only by `--help`: in cli.cjs they
// would be compiled (from source: no code cache for the entry) on every run.
writeFileSync(new URL('help.json', fresh), `${JSON.stringify(await renderTopLevelHelp())}\n`);
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
await withBundledModule('src/script/schema.ts', [], async ({ scriptJsonSchema }) => {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  mkdirSync(new URL('./schema/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./schema/script.schema.json', import.meta.url), `${JSON.stringify(scriptJsonSchema(), null, 2)}\n`);
});

/**
 * `node build.mjs --analyze`: what each command loads before it runs — the
 * static imports of its chunk, followed transitively (a dynamic import() is
 * not followed: it loads only when reached) — by package, largest first.
 */
function printStartupWeight(metafile) {
  const outputs = metafile.outputs;
  const closure = (file, seen = new Set()) => {
    if (seen.has(file)) return seen;
    seen.add(file);
    for (const i of outputs[file].imports) if (i.kind === 'import-statement' && outputs[i.path]) closure(i.path, seen);
    return seen;
  };
  const entries = Object.keys(outputs).filter((f) => !f.endsWith('.map') && (f.endsWith('/cli.cjs') || !/\/chunk-[^/]*\.js$/.test(f)));
  for (const entry of entries) {
    let bytes = 0;
    const byPackage = new Map();
    const files = closure(entry);
    for (const file of files) {
      bytes += outputs[file].bytes;
      for (const [input, { bytesInOutput }] of Object.entries(outputs[file].inputs)) {
        const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input.replace(/^(src\/[^/]+)\/.*/, '$1/');
        byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
      }
    }
    const top = [...byPackage].sort((a, b) => b[1] - a[1]).filter(([, n]) => n >= 1024).map(([name, n]) => `${name} ${Math.round(n / 1024)}K`);
    process.stdout.write(`${entry.replace(/^.*?dist\.build-\d+\//, '')}: ${Math.round(bytes / 1024)} KB in ${files.size} files\n  ${top.join(', ')}\n`);
  }
}
