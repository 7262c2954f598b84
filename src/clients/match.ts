// Finding a client by what the salesperson types: a name or an id, in any
// case, with or without ё/й marks, in Cyrillic or Latin, with a typo or two.
// Matches come in tiers (exact, word prefixes, substring, typos): only the
// best tier is returned, so «Андрей Иванович» never competes with a typo.
import slugify from '@sindresorhus/slugify';
import { distance } from 'fastest-levenshtein';
import type { ClientInfo } from '../journal/types.js';
import { compareText } from '../i18n/text.js';
import { INDEXED_NAME, normalizeName, type IndexedName } from './names.js';

export { normalizeName } from './names.js';

const slugWords = (text: string) => slugify(text).split('-').filter(Boolean);

/** How many typos a word of this length may have. */
function tolerance(length: number): number {
  if (length >= 6) return 2;
  if (length >= 4) return 1;
  return 0;
}

function wordMatches(query: string, word: string, typos: boolean): boolean {
  if (word.startsWith(query)) return true;
  if (!typos) return false;
  const allowed = tolerance(query.length);
  if (allowed === 0) return false;
  // A typo in a word typed whole, or in the prefix typed so far.
  return distance(query, word) <= allowed || (query.length >= 4 && distance(query, word.slice(0, query.length)) <= allowed);
}

/** Every query word matches a different word of the name (in any order). */
function allWordsMatch(queryWords: string[], nameWords: string[], typos: boolean): boolean {
  if (queryWords.length === 0 || queryWords.length > nameWords.length) return false;
  const used = new Set<number>();
  return queryWords.every((q) => {
    const i = nameWords.findIndex((w, j) => !used.has(j) && wordMatches(q, w, typos));
    if (i < 0) return false;
    used.add(i);
    return true;
  });
}

export type MatchTier = 'exact' | 'prefix' | 'typo';

export interface ClientMatch {
  client: ClientInfo;
  tier: MatchTier;
  /** Lower is closer (edit distance of the whole name). */
  distance: number;
}

const TIERS: MatchTier[] = ['exact', 'prefix', 'typo'];

/** What is derived from the query once, not per client. */
interface Query {
  text: string;
  normalized: string;
  words: string[];
  /** As an id would be typed: trimmed, lower case. */
  id: string;
  /** The query in Latin, as ids are written: made when first needed, as the
   * first transliteration of a process costs ~2 ms (its pattern is compiled). */
  readonly slug: string;
  readonly slugWords: string[];
}

function prepare(query: string): Query {
  const normalized = normalizeName(query);
  let slug: string | undefined;
  return {
    text: query,
    normalized,
    words: normalized.split(' '),
    id: query.trim().toLowerCase(),
    get slug() {
      return (slug ??= slugify(query));
    },
    get slugWords() {
      return this.slug.split('-').filter(Boolean);
    },
  };
}

/** The tier below exact a client matches in, if any (`name` is its normalized name). */
function nearTierOf(q: Query, id: string, displayName: string, name: string): MatchTier | undefined {
  const nameWords = name.split(' ').filter(Boolean);
  if (allWordsMatch(q.words, nameWords, false)) return 'prefix';
  // The same in Latin: "andrey" finds «Андрей Иванович» through its slug.
  const nameSlug = [...new Set([...slugWords(displayName), ...id.split('-')])];
  if (allWordsMatch(q.slugWords, nameSlug, false)) return 'prefix';
  if (allWordsMatch(q.words, nameWords, true) || allWordsMatch(q.slugWords, nameSlug, true)) return 'typo';
  if (q.normalized.length >= 4 && distance(q.normalized, name) <= tolerance(name.length)) return 'typo';
  return undefined;
}

const indexedNameOf = (client: ClientInfo): IndexedName | undefined => (client as { [INDEXED_NAME]?: IndexedName })[INDEXED_NAME];

/** The clients that best match `query`, closest first; [] when none does.
 * A client's id typed exactly is that client alone: namesakes' names also
 * match "nancy-davis" exactly, but the id is how one picks among them.
 * Clients of a list read from the index (view.clients()) bring their names
 * normalised: the usual exact match reads no client's details but its own. */
export function findClients(query: string, clients: Iterable<ClientInfo>): ClientMatch[] {
  const q = prepare(query);
  if (q.normalized === '') return [];
  const all = [...clients];
  const indexed = all.map(indexedNameOf);
  const normalized: (string | undefined)[] = [];
  const nameOf = (i: number) => (normalized[i] ??= indexed[i]?.normalized() ?? normalizeName(all[i]!.name));
  const idOf = (i: number) => indexed[i]?.id ?? all[i]!.id;
  const match = (i: number, tier: MatchTier): ClientMatch => ({ client: all[i]!, tier, distance: distance(q.normalized, nameOf(i)) });
  const byId = all.findIndex((_, i) => idOf(i) === q.id);
  if (byId >= 0) return [match(byId, 'exact')];
  // Only the best tier is returned: with an exact match (the usual case, a
  // name typed whole) the slower near tiers are never computed. A name typed
  // exactly beats an id spelt the same in Latin («Nensi Devis» is the client
  // of that name, not the Нэнси Дэвис whose id is nensi-devis).
  const isExact = (i: number) => indexed[i]?.normalizedIs(q.normalized) ?? nameOf(i) === q.normalized;
  let found: ClientMatch[] = [];
  for (let i = 0; i < all.length; i++) if (isExact(i)) found.push(match(i, 'exact'));
  if (found.length === 0) for (let i = 0; i < all.length; i++) if (idOf(i) === q.slug) found.push(match(i, 'exact'));
  if (found.length === 0) {
    for (let i = 0; i < all.length; i++) {
      const tier = nearTierOf(q, idOf(i), indexed[i]?.name() ?? all[i]!.name, nameOf(i));
      if (tier) found.push(match(i, tier));
    }
  }
  for (const tier of TIERS) {
    const best = found.filter((m) => m.tier === tier);
    if (best.length > 0) return best.sort((a, b) => a.distance - b.distance || compareText(a.client.name, b.client.name));
  }
  return [];
}

/** A client id: the name's slug (Cyrillic transliterated), with -2, -3… when taken. */
export function makeClientId(name: string, taken: ReadonlySet<string>): string {
  const base = slugify(name) || 'client';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
