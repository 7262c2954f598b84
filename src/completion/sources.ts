// Where completion values come from. Script ids are file names (no YAML
// parse: this runs on every Tab); clients, open flags, owners and
// salespeople come from the journal(s), read once per Tab and only when the
// word being completed needs them.
import { CONFIG_KEYS } from '../config/keys.js';
import { listScriptFiles, peekScriptTitle } from '../config/script-ids.js';
import type { Context } from '../context.js';
import { translator } from '../i18n/catalog.js';
import { shellMessages } from '../i18n/messages/shell.js';
import { OUTCOMES } from '../journal/types.js';
import { resolvePaths } from '../paths.js';
import type { Candidate, JournalFacts, Sources, TypedPaths } from './engine.js';

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
    journal: (typed) => (facts ??= journalFacts(pathsFor(typed).journals)),
    configKeys: () => {
      const t = translator(shellMessages, ctx.lang);
      return CONFIG_KEYS.map((k) => ({ value: k.key, description: t(`key.${k.key}` as 'key.name') }));
    },
    configValues: (key, typed) => CONFIG_KEYS.find((k) => k.key === key)?.values?.({ scriptsDirs: pathsFor(typed).scriptsDirs }) ?? [],
    outcomes: () => [...OUTCOMES],
  };
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
  return { clients: clients.sort((a, b) => a.localeCompare(b)), flags, owners: [...owners].sort(), salespeople: [...salespeople].sort() };
}
