// The code-cache loader (src/bundle-loader.ts): packs are read when one of
// their chunks is first required; chunks are evaluated once, even when two
// packs hold one, and share their classes; V8's cache is written on the first
// run and used (not rewritten) on the next; a damaged, refused or unwritable
// cache changes nothing but speed; caches of builds no longer shipped are dropped.
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BundleLoader, codeCacheDir, PACK_HEAD } from '../../src/bundle-loader.js';
import { ensureBuilt, killAll, makeHome, ROOT, runFollowup, spawnFollowup } from '../e2e/pty.js';

/** An app folder as build.mjs writes it: packs (files) of chunks (bodies), by name. A chunk
 * whose body mentions __followupMetaUrl is told it reads import.meta.url, as the build does. */
function tempApp(packs: Record<string, Record<string, string>>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'followup-app-'));
  mkdirSync(path.join(dir, 'chunks'));
  for (const [file, chunks] of Object.entries(packs)) {
    const defines = Object.entries(chunks).map(
      ([name, body]) => `define(${JSON.stringify(name)}, ${body.includes('__followupMetaUrl') ? 1 : 0}, function (exports, require, module, __followupMetaUrl) {${body}\n});`,
    );
    writeFileSync(path.join(dir, file), `${PACK_HEAD}\n${defines.join('\n')}\n})`);
  }
  return dir;
}

describe('BundleLoader', () => {
  // main.js holds main and shared; chunks/lazy.js (a command, loaded by start()) holds
  // lazy and shared again, as a pack does that can be read before main's or after it.
  const shared = `globalThis.__loads = (globalThis.__loads ?? 0) + 1; class Thing {} exports.Thing = Thing; exports.make = () => new Thing(); exports.loads = () => globalThis.__loads; exports.strict = (function () { return this === undefined; })();`;
  const app = () =>
    tempApp({
      'main.js': {
        'main.js': `var shared = require("./chunks/shared.js"); exports.start = () => require("./chunks/lazy.js").make(); exports.Thing = shared.Thing; exports.url = __followupMetaUrl; exports.loads = shared.loads;`,
        'chunks/shared.js': shared,
      },
      'chunks/lazy.js': {
        'chunks/lazy.js': `var shared = require("./shared.js"); exports.make = () => shared.make();`,
        'chunks/shared.js': shared,
      },
    });

  it('evaluates each chunk once, in strict mode, with its own file URL; classes are shared between chunks and packs', () => {
    const dir = app();
    const loader = new BundleLoader(dir, undefined);
    const main = loader.load(path.join(dir, 'main.js')) as { start: () => object; Thing: new () => object; url: string; loads: () => number };
    const before = main.loads();
    expect(main.start()).toBeInstanceOf(main.Thing);
    const shared = loader.load(path.join(dir, 'chunks/shared.js')) as { Thing: unknown; strict: boolean };
    expect(shared.Thing).toBe(main.Thing);
    expect(shared.strict).toBe(true);
    expect(main.url).toBe(pathToFileURL(path.join(dir, 'main.js')).href);
    // Neither a second require nor the second pack that holds it runs it again.
    loader.load(path.join(dir, 'chunks/shared.js'));
    expect(main.loads()).toBe(before);
  });

  it('reads a pack only when one of its chunks is first required', () => {
    const dir = app();
    const loader = new BundleLoader(dir, undefined);
    const main = loader.load(path.join(dir, 'main.js')) as { start: () => object };
    writeFileSync(path.join(dir, 'chunks/lazy.js'), `${PACK_HEAD}\ndefine("chunks/lazy.js", 0, function (exports) { exports.make = () => "read late"; });\n})`);
    expect(main.start()).toBe('read late');
  });

  it('says which file is damaged when a pack does not hold the chunk it is named after', () => {
    const dir = tempApp({ 'main.js': { 'main.js': 'require("./chunks/gone.js");' }, 'chunks/gone.js': { 'chunks/other.js': '' } });
    expect(() => new BundleLoader(dir, undefined).load(path.join(dir, 'main.js'))).toThrow(/chunks\/gone\.js does not hold its own chunk/);
  });

  it('writes the caches of what it compiled, then uses them; refused or damaged ones are written again', () => {
    // Each loader runs its own copy of the app: V8 keeps what it compiled in this
    // process by source and file name, and would not look at the cache again.
    const cache = path.join(mkdtempSync(path.join(tmpdir(), 'followup-code-')), 'code');
    const run = () => {
      const dir = app();
      const loader = new BundleLoader(dir, cache);
      const main = loader.load(path.join(dir, 'main.js')) as { start: () => object; Thing: new () => object };
      expect(main.start()).toBeInstanceOf(main.Thing);
      loader.saveCaches();
    };
    run();
    expect(readdirSync(cache).sort()).toEqual(['chunks~lazy.js', 'main.js']);
    expect(statSync(cache).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(cache, 'main.js')).mode & 0o777).toBe(0o600);
    const written = readFileSync(path.join(cache, 'main.js'));

    run();
    expect(readFileSync(path.join(cache, 'main.js')).equals(written)).toBe(true);

    // Garbage, a cut file, one flipped bit anywhere in V8's data (caught by its checksum,
    // which the loader turns on): each is compiled from source and written again.
    const flips = [written.length - 3, written.length >> 1, 40].map((at) => {
      const flipped = Buffer.from(written);
      flipped[at]! ^= 0x10;
      return flipped;
    });
    for (const damaged of [Buffer.from('not a V8 cache'), written.subarray(0, written.length - 5), ...flips]) {
      writeFileSync(path.join(cache, 'main.js'), damaged);
      run();
      expect(readFileSync(path.join(cache, 'main.js')).equals(damaged)).toBe(false);
    }
  });

  it('keeps the bytecode of what ran until the cache is made, however long the run (V8 would flush it)', () => {
    const v8 = process.getBuiltinModule('node:v8');
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const functions = Array.from({ length: 100 }, (_, i) => `function f${i}(x) { let s = 0; for (let j = 0; j < x; j++) s += j * ${i}; return s; }`).join('\n');
    const calls = Array.from({ length: 100 }, (_, i) => `t += f${i}(3);`).join(' ');
    const cacheSize = (collections: number) => {
      const dir = tempApp({ 'main.js': { 'main.js': `${functions}\nexports.start = () => { let t = 0; ${calls} return t; };` } });
      const cacheDir = path.join(mkdtempSync(path.join(tmpdir(), 'followup-code-')), 'code');
      const loader = new BundleLoader(dir, cacheDir);
      (loader.load(path.join(dir, 'main.js')) as { start: () => number }).start();
      for (let i = 0; i < collections; i++) gc();
      loader.saveCaches();
      return statSync(path.join(cacheDir, 'main.js')).size;
    };
    // V8 flushes unused bytecode at every collection under --stress-flush-code
    // (half of this cache went without the loader's --no-flush-bytecode).
    v8.setFlagsFromString('--stress-flush-code');
    try {
      expect(cacheSize(10)).toBeGreaterThanOrEqual(cacheSize(0) * 0.95);
    } finally {
      v8.setFlagsFromString('--no-stress-flush-code');
    }
  });

  it('drops the caches of earlier builds of the same installation; an unwritable folder only costs speed', () => {
    const dir = app();
    const code = path.join(mkdtempSync(path.join(tmpdir(), 'followup-code-')), 'code');
    mkdirSync(path.join(code, 'v20.0.0-aaaa1111-oldbuild'), { recursive: true });
    writeFileSync(path.join(code, 'v20.0.0-aaaa1111-oldbuild', 'main.js'), 'an older build');
    mkdirSync(path.join(code, 'v20.0.0-bbbb2222-otherinstall'), { recursive: true });
    const loader = new BundleLoader(dir, path.join(code, 'v20.0.0-aaaa1111-newbuild'));
    loader.load(path.join(dir, 'main.js'));
    loader.saveCaches();
    expect(readdirSync(code).sort()).toEqual(['v20.0.0-aaaa1111-newbuild', 'v20.0.0-bbbb2222-otherinstall']);

    const locked = path.join(mkdtempSync(path.join(tmpdir(), 'followup-code-')), 'code');
    mkdirSync(locked, { mode: 0o500 });
    chmodSync(locked, 0o500);
    const quiet = new BundleLoader(dir, path.join(locked, 'v20-x-y'));
    expect((quiet.load(path.join(dir, 'main.js')) as { start: () => object }).start()).toBeTruthy();
    expect(() => quiet.saveCaches()).not.toThrow();
    chmodSync(locked, 0o700);
  });

  it('gives only the chunks that use it their file URL', () => {
    const dir = tempApp({ 'main.js': { 'main.js': 'exports.url = __followupMetaUrl; exports.other = require("./chunks/plain.js");', 'chunks/plain.js': 'exports.url = arguments[3];' } });
    const main = new BundleLoader(dir, undefined).load(path.join(dir, 'main.js')) as { url: string; other: { url: unknown } };
    expect(main.url).toBe(pathToFileURL(path.join(dir, 'main.js')).href);
    expect(main.other.url).toBeUndefined();
  });

  it('keeps the cache beside the script cache, per node version, installation and build', () => {
    const a = codeCacheDir('/opt/a/dist/app/', [], { FOLLOWUP_HOME: '/tmp/x' }, 'b1')!;
    expect(a.startsWith(path.join('/tmp/x', 'cache', 'code', `${process.version}-`))).toBe(true);
    expect(a.endsWith('-b1')).toBe(true);
    // Another installation, or another build of this one (an upgrade in place: a chunk of
    // the same length but other code must never run the old compiled code).
    expect(codeCacheDir('/opt/b/dist/app/', [], { FOLLOWUP_HOME: '/tmp/x' }, 'b1')).not.toBe(a);
    expect(codeCacheDir('/opt/a/dist/app/', [], { FOLLOWUP_HOME: '/tmp/x' }, 'b2')).not.toBe(a);
    expect(codeCacheDir('/opt/a/dist/app/', ['node', 'followup', '--home', '/tmp/y'], { FOLLOWUP_HOME: '/tmp/x' }, 'b1')!.startsWith('/tmp/y/cache/code/')).toBe(true);
  });
});

describe('the built CLI with its code cache', () => {
  beforeAll(() => ensureBuilt(), 120_000);
  afterEach(() => killAll());

  it('prints the same on the first run (cache written) and the next (cache used, not rewritten), and with a damaged cache', async () => {
    const home = await makeHome();
    const args = ['scripts', 'list'];
    const first = runFollowup(args, { home });
    expect(first.code, first.stderr).toBe(0);
    const [folder] = readdirSync(path.join(home, 'cache', 'code'));
    const dir = path.join(home, 'cache', 'code', folder!);
    const files = readdirSync(dir);
    expect(files).toContain('main.js');
    expect(files.length).toBeGreaterThan(5);
    const snapshot = new Map(files.map((f) => [f, readFileSync(path.join(dir, f))]));
    expect(runFollowup(args, { home })).toEqual(first);
    for (const [f, bytes] of snapshot) expect(readFileSync(path.join(dir, f)).equals(bytes), f).toBe(true);
    // Damaged: V8 refuses it, the chunk is compiled from source and its cache written again.
    const damaged = Buffer.alloc(64, 7);
    writeFileSync(path.join(dir, 'main.js'), damaged);
    expect(runFollowup(args, { home })).toEqual(first);
    const rewritten = readFileSync(path.join(dir, 'main.js'));
    expect(rewritten.equals(damaged)).toBe(false);
    // …and that one is used by the next run.
    expect(runFollowup(args, { home })).toEqual(first);
    expect(readFileSync(path.join(dir, 'main.js')).equals(rewritten)).toBe(true);
  });

  it('a command waiting for its user has its caches written before it asks, and again, with what drew the question, when a closed terminal ends it', async () => {
    /** The call pack's cache after the first question is on screen and the process is ended by `signal`. */
    const callCacheAfter = async (signal: string) => {
      const home = await makeHome('name: Сергей Ларин\n');
      const journal = path.join(home, 'calls.jsonl');
      copyFileSync(path.join(ROOT, 'test/fixtures/journals/clean.jsonl'), journal);
      chmodSync(journal, 0o600);
      const session = spawnFollowup(['--journal', journal, 'call', 'Елена Смирнова'], { home, now: '2026-12-01T09:00:00Z' });
      await session.waitFor(/Picked up\?/); // the brief, then the first question
      session.kill(signal);
      const ended = await session.exited;
      const code = path.join(home, 'cache', 'code');
      const [folder] = readdirSync(code);
      const files = readdirSync(path.join(code, folder!));
      expect(files).toContain('main.js');
      const call = files.find((f) => /^chunks~call-[^-]+\.js$/.test(f));
      expect(call, files.join(' ')).toBeDefined();
      return { ended, bytes: statSync(path.join(code, folder!, call!)).size };
    };
    // SIGKILL: only what was written before the question (nothing can run after it).
    const beforeAsking = await callCacheAfter('SIGKILL');
    // SIGHUP: written again, and the process still dies of the signal.
    const hungUp = await callCacheAfter('SIGHUP');
    expect(hungUp.ended.signal).toBe(1);
    expect(hungUp.bytes).toBeGreaterThan(beforeAsking.bytes);
  });

  it('every file of the app folder is a pack as the loader expects: ASCII, it compiles, holds its own chunk, and defines CommonJS bodies', () => {
    const app = path.join(ROOT, 'dist', 'app');
    const files = readdirSync(app, { recursive: true }).map(String).filter((f) => f.endsWith('.js'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const code = readFileSync(path.join(app, file), 'utf8');
      expect(code.startsWith(PACK_HEAD), file).toBe(true);
      // The loader reads packs as Latin-1: one byte is one character only in ASCII.
      // eslint-disable-next-line no-control-regex
      expect(/[^\x00-\x7f]/.exec(code)?.[0], file).toBeUndefined();
      const defined: string[] = [];
      const definePack = new vm.Script(code, { filename: file }).runInThisContext() as (define: (name: string, usesMetaUrl: number, body: unknown) => void) => void;
      definePack((name, usesMetaUrl, body) => {
        expect(typeof body, `${file}: ${name}`).toBe('function');
        expect([0, 1], `${file}: ${name}`).toContain(usesMetaUrl);
        defined.push(name);
      });
      expect(defined[0], file).toBe(file.replaceAll(path.sep, '/'));
    }
  });

  it('refuses a file that is not a pack of this build', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'followup-app-'));
    writeFileSync(path.join(dir, 'main.js'), 'exports.start = () => 1;');
    expect(() => new BundleLoader(dir, undefined).load(path.join(dir, 'main.js'))).toThrow(/is not a pack of this build/);
  });
});
