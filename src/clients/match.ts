// Finding a client by what the salesperson types: a name or an id, in any
// case, with or without ё/й marks, in Cyrillic or Latin, with a typo or two.
// Matches come in tiers (exact, word prefixes, substring, typos): only the
// best tier is returned, so «Андрей Иванович» never competes with a typo.
import slugify from '@sindresorhus/slugify';
import { distance } from 'fastest-levenshtein';
import type { ClientInfo } from '../journal/types.js';

/** Lower case, marks stripped (ё→е, й→и, é→e), punctuation to spaces, spaces collapsed. */
export function normalizeName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLocaleLowerCase('ru')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const words = (text: string) => normalizeName(text).split(' ').filter(Boolean);
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

function tierOf(query: string, client: ClientInfo): MatchTier | undefined {
  const q = normalizeName(query);
  if (q === '') return undefined;
  if (client.id === query.trim().toLowerCase() || normalizeName(client.name) === q || slugify(query) === client.id) return 'exact';
  const qWords = q.split(' ');
  const nameWords = words(client.name);
  // The same in Latin: "andrey" finds «Андрей Иванович» through its slug.
  const qSlug = slugWords(query);
  const nameSlug = [...new Set([...slugWords(client.name), ...client.id.split('-')])];
  if (allWordsMatch(qWords, nameWords, false) || allWordsMatch(qSlug, nameSlug, false)) return 'prefix';
  if (allWordsMatch(qWords, nameWords, true) || allWordsMatch(qSlug, nameSlug, true)) return 'typo';
  const whole = normalizeName(client.name);
  if (q.length >= 4 && distance(q, whole) <= tolerance(whole.length)) return 'typo';
  return undefined;
}

/** The clients that best match `query`, closest first; [] when none does.
 * A client's id typed exactly is that client alone: namesakes' names also
 * match "nancy-davis" exactly, but the id is how one picks among them. */
export function findClients(query: string, clients: Iterable<ClientInfo>): ClientMatch[] {
  const q = normalizeName(query);
  const id = query.trim().toLowerCase();
  const found: ClientMatch[] = [];
  for (const client of clients) {
    if (client.id === id) return [{ client, tier: 'exact', distance: distance(q, normalizeName(client.name)) }];
    const tier = tierOf(query, client);
    if (tier) found.push({ client, tier, distance: distance(q, normalizeName(client.name)) });
  }
  for (const tier of TIERS) {
    const best = found.filter((m) => m.tier === tier);
    if (best.length > 0) return best.sort((a, b) => a.distance - b.distance || a.client.name.localeCompare(b.client.name));
  }
  return [];
}

/** A client id: the name's slug (Cyrillic transliterated), with -2, -3… when taken. */
export function makeClientId(name: string, taken: ReadonlySet<string>): string {
  const base = slugify(name) || 'client';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
