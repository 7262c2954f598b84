// Where completion values come from. Script ids are file names (no YAML
// parse: this runs on every Tab); clients, open flags, owners and
// salespeople come from the journal(s), read only when the word being
// completed needs them, and kept in a small cache beside the journal until a
// journal changes (a 100,000-call journal takes seconds to read; Tab must not).
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_KEYS } from '../config/keys.js';
import { listScriptFiles, peekScriptTitle } from '../config/script-ids.js';
import type { Context } from '../context.js';
import { translator } from '../i18n/catalog.js';
import { shellMessages } from '../i18n/messages/shell.js';
import { OUTCOMES } from '../journal/types.js';
import { resolvePaths } from '../paths.js';
import type { Candidate, JournalFacts, Sources, TypedPaths } from './engine.js';
import { compareText } from '../i18n/text.js';

export function contextSources(ctx: Context): Sources {
  const pathsFor = (typed: TypedPaths) =>
    typed.home === undefined && typed.journals.length === 0 && typed.scripts.length === 0
      ? ctx
      : resolvePaths({
          env: ctx.env,
          home: typed.home,
          journals: typed.journals.length > 0 ? typed.journals : undefined,
          scripts: typed.scripts.length > 0 ? typed.scripts : undefined,
        });
  let facts: Promise<JournalFacts> | undefined;
  return {
    scripts: (typed) => listScriptFiles(pathsFor(typed).scriptsDirs).map(({ id, file }) => ({ id, title: peekScriptTitle(file) })).map(({ id, title }) => ({ value: id, description: title })),
    journal: (typed) => (facts ??= cachedJournalFacts(pathsFor(typed).journals, path.join(ctx.dataDir, 'completion-cache.json'))),
    configKeys: () => {
      const t = translator(shellMessages, ctx.lang);
      return CONFIG_KEYS.map((k) => ({ value: k.key, description: t(`key.${k.key}` as 'key.name') }));
    },
    configValues: (key, typed) => CONFIG_KEYS.find((k) => k.key === key)?.values?.({ scriptsDirs: pathsFor(typed).scriptsDirs }) ?? [],
    outcomes: () => [...OUTCOMES],
  };
}

interface FactsCache {
  v: 1;
  /** What the facts were read from: each journal's path, size and mtime. */
  key: string;
  facts: JournalFacts;
}

function journalsKey(journals: string[]): string {
  return JSON.stringify(
    journals.map((file) => {
      try {
        const stats = statSync(file);
        return [file, stats.size, stats.mtimeMs, stats.ino];
      } catch {
        return [file, null];
      }
    }),
  );
}

/** The facts from the cache when no journal changed since; otherwise read and cached (0600). A cache that can't be read or written is skipped. */
async function cachedJournalFacts(journals: string[], cacheFile: string): Promise<JournalFacts> {
  const key = journalsKey(journals);
  try {
    const cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as FactsCache;
    if (cache.v === 1 && cache.key === key) return cache.facts;
  } catch {
    // No cache yet, or a broken one: read the journals.
  }
  const facts = await journalFacts(journals);
  const temp = `${cacheFile}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, JSON.stringify({ v: 1, key, facts } satisfies FactsCache), { mode: 0o600 });
    renameSync(temp, cacheFile);
  } catch {
    // The data folder may not exist yet (no journal) or be read-only.
    rmSync(temp, { force: true });
  }
  return facts;
}

async function journalFacts(journals: string[]): Promise<JournalFacts> {
  const { readJournals, foldState } = await import('../journal/index.js');
  const { entries } = await readJournals(journals);
  const state = foldState(entries);
  const clients = [...state.clients.values()].map((c) => c.info.name).filter((n): n is string => typeof n === 'string' && n.trim() !== '');
  const flags: Candidate[] = [];
  const owners = new Set<string>();
  for (const flag of state.flags.values()) {
    owners.add(flag.owner);
    if (flag.status === 'open') flags.push({ value: flag.id, description: `${flag.client.name}: ${flag.text} → ${flag.owner}, ${flag.due}` });
  }
  const salespeople = new Set(entries.flatMap((e) => (e.type === 'call' && e.salesperson ? [e.salesperson] : [])));
  return { clients: clients.sort(compareText), flags, owners: [...owners].sort(), salespeople: [...salespeople].sort() };
}
