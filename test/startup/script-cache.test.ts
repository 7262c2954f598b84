// The cache of resolved scripts (src/script/cache.ts): what it gives is what
// loading the files gives, and a cache that no longer matches the files is
// never used — an edit (even one that keeps the size and the mtime), a new,
// removed or overriding file, another origin, a torn or foreign cache.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, chmodSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCRIPT_CACHE_FILE } from '../../src/script/cache.js';
import { listScripts, loadScript, type LoadOptions } from '../../src/script/index.js';
import { BUILTIN_DIR, scriptsDir, tempDir } from '../script/helpers.js';
import { ScriptError } from '../../src/errors.js';

/** A copy of the built-in scripts in a temp folder (so tests can edit them), a user folder and a cache folder. */
async function setup() {
  const root = await tempDir('followup-script-cache-');
  const builtin = path.join(root, 'builtin');
  cpSync(BUILTIN_DIR, builtin, { recursive: true });
  const user = path.join(root, 'user');
  mkdirSync(user);
  const cacheDir = path.join(root, 'cache');
  const opts: LoadOptions = { scriptsDirs: [user, builtin], origins: { [user]: 'user', [builtin]: 'builtin' }, cacheDir, lang: 'en' };
  const noCache: LoadOptions = { ...opts, cacheDir: undefined };
  return { root, builtin, user, cacheDir, opts, noCache, cacheFile: path.join(cacheDir, SCRIPT_CACHE_FILE) };
}

/** Marks a cached listing's title, to tell a cached answer from a fresh one. */
function tamperListing(cacheFile: string, id: string, title: string) {
  const data = JSON.parse(readFileSync(cacheFile, 'utf8'));
  data.listings.find((l: { id: string }) => l.id === id).title = title;
  writeFileSync(cacheFile, JSON.stringify(data));
}

function tamperScript(cacheFile: string, file: string, title: string) {
  const data = JSON.parse(readFileSync(cacheFile, 'utf8'));
  data.scripts[file].title = title;
  writeFileSync(cacheFile, JSON.stringify(data));
}

describe('the script cache', () => {
  it('gives the same listings and scripts as the files, and is used while nothing changed', async () => {
    const s = await setup();
    const fresh = await listScripts(s.noCache);
    expect(existsSync(s.cacheFile)).toBe(false);
    expect(await listScripts(s.opts)).toEqual(fresh); // written
    expect(existsSync(s.cacheFile)).toBe(true);
    expect(await listScripts(s.opts)).toEqual(fresh); // read back
    for (const listing of fresh) {
      const direct = await loadScript(listing.id, s.noCache);
      const cached = await loadScript(listing.id, s.opts);
      expect(JSON.stringify(cached)).toBe(JSON.stringify(direct));
    }
    // Really from the cache: a mark put in it shows.
    tamperListing(s.cacheFile, 'kitchen-furniture', 'MARK');
    expect((await listScripts(s.opts)).find((l) => l.id === 'kitchen-furniture')!.title).toBe('MARK');
    tamperScript(s.cacheFile, path.join(s.builtin, 'kitchen-furniture.yaml'), 'MARK');
    expect((await loadScript('kitchen-furniture', s.opts)).title).toBe('MARK');
  });

  it('is 0600 in a 0700 folder', async () => {
    const s = await setup();
    await listScripts(s.opts);
    expect(statSync(s.cacheFile).mode & 0o777).toBe(0o600);
    expect(statSync(s.cacheDir).mode & 0o777).toBe(0o700);
  });

  it('is not used after an edit, even one that keeps the size and the mtime', async () => {
    const s = await setup();
    const file = path.join(s.builtin, 'followup-first-call.yaml');
    const stamp = 1_795_900_000; // whole seconds: restored exactly after the edit
    utimesSync(file, stamp, stamp);
    await listScripts(s.opts);
    await loadScript('kitchen-furniture', s.opts);
    const before = statSync(file);
    const text = readFileSync(file, 'utf8');
    // Same length in bytes: the title replaced by as many X's as it has bytes.
    const edited = text.replace(/^title: (.*)$/m, (_, title: string) => `title: ${'X'.repeat(Buffer.byteLength(title))}`);
    expect(Buffer.byteLength(edited)).toBe(Buffer.byteLength(text));
    writeFileSync(file, edited);
    utimesSync(file, stamp, stamp);
    expect(statSync(file).mtimeMs).toBe(before.mtimeMs);
    expect(statSync(file).size).toBe(before.size);
    const listings = await listScripts(s.opts);
    expect(listings).toEqual(await listScripts(s.noCache));
    expect(listings.find((l) => l.id === 'followup-first-call')!.title).toMatch(/^X+$/);
    // kitchen-furniture extends followup-first-call: its resolved script changed too.
    expect(await loadScript('kitchen-furniture', s.opts)).toEqual(await loadScript('kitchen-furniture', s.noCache));
  });

  it('is not used after a script is added, overridden or removed', async () => {
    const s = await setup();
    await listScripts(s.opts);
    const override = readFileSync(path.join(s.builtin, 'kitchen-furniture-en.yaml'), 'utf8').replace(/^title: .*$/m, 'title: My own kitchen call');
    writeFileSync(path.join(s.user, 'kitchen-furniture-en.yaml'), override);
    let listings = await listScripts(s.opts);
    expect(listings).toEqual(await listScripts(s.noCache));
    expect(listings.find((l) => l.id === 'kitchen-furniture-en')).toMatchObject({ title: 'My own kitchen call', origin: 'user', overrides: { origin: 'builtin' } });
    expect((await loadScript('kitchen-furniture-en', s.opts)).title).toBe('My own kitchen call');
    rmSync(path.join(s.user, 'kitchen-furniture-en.yaml'));
    listings = await listScripts(s.opts);
    expect(listings).toEqual(await listScripts(s.noCache));
    expect((await loadScript('kitchen-furniture-en', s.opts)).title).not.toBe('My own kitchen call');
    rmSync(path.join(s.builtin, 'followup-first-call.yaml'));
    listings = await listScripts(s.opts);
    expect(listings).toEqual(await listScripts(s.noCache));
    expect(listings.map((l) => l.id)).not.toContain('followup-first-call');
    // kitchen-furniture extends it: now broken, and said so.
    expect(listings.find((l) => l.id === 'kitchen-furniture')!.error).toMatch(/followup-first-call/);
    await expect(loadScript('kitchen-furniture', s.opts)).rejects.toThrow(ScriptError);
  });

  it('is not used with another search path or other origins', async () => {
    const s = await setup();
    await listScripts(s.opts);
    tamperListing(s.cacheFile, 'kitchen-furniture', 'MARK');
    const asFlag: LoadOptions = { ...s.opts, origins: { [s.user]: 'user', [s.builtin]: 'flag' } };
    expect((await listScripts(asFlag)).find((l) => l.id === 'kitchen-furniture')).toMatchObject({ origin: 'flag', title: expect.not.stringMatching('MARK') });
    const extra = await scriptsDir({ 'my-call': readFileSync(path.join(s.builtin, 'kitchen-furniture-en.yaml'), 'utf8').replace(/^id: .*$/m, 'id: my-call') });
    const wider: LoadOptions = { ...s.opts, scriptsDirs: [extra, ...s.opts.scriptsDirs] };
    expect((await listScripts(wider)).map((l) => l.id)).toContain('my-call');
    expect(await listScripts(wider)).toEqual(await listScripts({ ...wider, cacheDir: undefined }));
  });

  it('keeps error texts in the language they were written in', async () => {
    const s = await setup();
    writeFileSync(path.join(s.user, 'broken.yaml'), 'id: broken\ntitle: [\n');
    const en = await listScripts(s.opts);
    const ru = await listScripts({ ...s.opts, lang: 'ru' });
    expect(ru).toEqual(await listScripts({ ...s.noCache, lang: 'ru' }));
    expect(en).toEqual(await listScripts(s.noCache));
    expect(ru.find((l) => l.id === 'broken')!.error).not.toBe(en.find((l) => l.id === 'broken')!.error);
  });

  it('never caches a broken script: the same errors every time', async () => {
    const s = await setup();
    writeFileSync(path.join(s.user, 'broken.yaml'), 'id: broken\ntitle: Broken\nlanguage: en\nsteps:\n  - id: a\n    goto: nowhere\n');
    const first = await loadScript('broken', s.opts).catch((e: unknown) => e);
    const second = await loadScript('broken', s.opts).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(ScriptError);
    expect((second as ScriptError).issues).toEqual((first as ScriptError).issues);
    expect((first as ScriptError).message).toMatch(/broken\.yaml:\d+:\d+/);
  });

  it('ignores a torn, foreign or older cache and writes a good one', async () => {
    const s = await setup();
    const fresh = await listScripts(s.noCache);
    mkdirSync(s.cacheDir, { recursive: true });
    for (const junk of ['{"v":1,"build":"dev","ke', '[]', 'null', JSON.stringify({ v: 0, build: 'dev', scripts: {} })]) {
      writeFileSync(s.cacheFile, junk);
      expect(await listScripts(s.opts)).toEqual(fresh);
      expect(JSON.parse(readFileSync(s.cacheFile, 'utf8')).v).toBe(1);
    }
    // Written by another build: its key may even match, it is still not used.
    await listScripts(s.opts);
    const data = JSON.parse(readFileSync(s.cacheFile, 'utf8'));
    data.build = 'another-build';
    data.listings[0].title = 'MARK';
    writeFileSync(s.cacheFile, JSON.stringify(data));
    expect(await listScripts(s.opts)).toEqual(fresh);
  });

  it('a cache folder that cannot be written only costs speed', async () => {
    const s = await setup();
    mkdirSync(s.cacheDir, { recursive: true, mode: 0o500 });
    chmodSync(s.cacheDir, 0o500);
    try {
      const fresh = await listScripts(s.noCache);
      expect(await listScripts(s.opts)).toEqual(fresh);
      expect(await loadScript('kitchen-furniture', s.opts)).toEqual(await loadScript('kitchen-furniture', s.noCache));
    } finally {
      chmodSync(s.cacheDir, 0o700);
    }
  });
});
