import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contextSources } from '../../src/completion/sources.js';
import { appendEntry } from '../../src/journal/index.js';
import type { CallEntry } from '../../src/journal/types.js';
import { makeContext, tempHome } from './helpers.js';

const ENTRY: CallEntry = JSON.parse(readFileSync(path.join(__dirname, '../fixtures/shell/call-entry.json'), 'utf8'));
const noPaths = { journals: [], scripts: [] };

describe('completion sources', () => {
  it('script ids come from file names, with the title line as description; a user script overrides a built-in', async () => {
    const home = await tempHome();
    const ctx = makeContext(home);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(path.join(home, 'scripts'));
    writeFileSync(path.join(home, 'scripts/kitchen-furniture.yaml'), "id: kitchen-furniture\ntitle: 'Мой звонок: кухни'\n");
    writeFileSync(path.join(home, 'scripts/broken.yaml'), 'id: broken\nsteps: [\n');
    writeFileSync(path.join(home, 'scripts/notes.txt'), 'not a script');
    const scripts = contextSources(ctx).scripts(noPaths);
    expect(scripts.find((s) => s.value === 'kitchen-furniture')).toEqual({ value: 'kitchen-furniture', description: 'Мой звонок: кухни' });
    expect(scripts.find((s) => s.value === 'broken')).toEqual({ value: 'broken', description: undefined });
    expect(scripts.map((s) => s.value)).toContain('car-dealership');
    expect(scripts.map((s) => s.value)).not.toContain('notes');
  });

  it('journal facts: client names (latest wins), open flags with what they are, owners, salespeople', async () => {
    const home = await tempHome();
    const ctx = makeContext(home);
    await appendEntry(ctx.journal, ENTRY);
    await appendEntry(ctx.journal, { ...ENTRY, id: '01JDZK5Q8M3V7N2X4B6C9D0E2A', at: '2026-11-29T10:00:00.000Z', client: { id: 'andrey-ivanovich', name: 'Андрей Иванович Петров' }, flags: [] });
    const facts = await contextSources(ctx).journal(noPaths);
    expect(facts.clients).toEqual(['Андрей Иванович Петров']);
    expect(facts.flags).toEqual([
      { value: '01JDZK6A0000000000000000FL', description: 'Андрей Иванович Петров: Дверца открывается на 90°, просили на 180° → старший сборщик, 2026-11-29' },
    ]);
    expect(facts.owners).toEqual(['старший сборщик']);
    expect(facts.salespeople).toEqual(['Сергей Ларин']);
  });

  it('keeps the facts in a 0600 cache until a journal changes', async () => {
    const home = await tempHome();
    const ctx = makeContext(home);
    await appendEntry(ctx.journal, ENTRY);
    expect((await contextSources(ctx).journal(noPaths)).clients).toEqual(['Андрей Иванович']);
    const cacheFile = path.join(ctx.dataDir, 'completion-cache.json');
    expect(statSync(cacheFile).mode & 0o777).toBe(0o600);
    // Served from the cache while the journal is unchanged…
    const cache = JSON.parse(readFileSync(cacheFile, 'utf8'));
    cache.facts.clients = ['From The Cache'];
    writeFileSync(cacheFile, JSON.stringify(cache));
    expect((await contextSources(ctx).journal(noPaths)).clients).toEqual(['From The Cache']);
    // …and read again once it grows.
    await appendEntry(ctx.journal, { ...ENTRY, id: '01JDZK5Q8M3V7N2X4B6C9D0E3B', client: { id: 'anna', name: 'Анна Петрова' } });
    expect((await contextSources(ctx).journal(noPaths)).clients).toEqual(['Андрей Иванович', 'Анна Петрова']);
  });

  it('no journal yet: no clients, no cache, no error', async () => {
    const home = await tempHome();
    const ctx = makeContext(path.join(home, 'missing'));
    expect(await contextSources(ctx).journal(noPaths)).toEqual({ clients: [], flags: [], owners: [], salespeople: [] });
  });
});
