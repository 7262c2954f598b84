// A client's name as it is matched, and how a client list read from the
// journal's index hands over names it already holds normalised (no bundle
// weight: the index's reader imports this, `due` included).

/** Names of Latin and Russian letters and single spaces: for them normalizeName
 * is lower case with ё→е and й→и, without the Unicode round trip (a call on a
 * journal of 8,000 clients normalises every name: ~25 ms the long way). */
const PLAIN_NAME = /^[A-Za-zА-яЁё]+(?: [A-Za-zА-яЁё]+)*$/;

/** Lower case, marks stripped (ё→е, й→и, é→e), punctuation to spaces, spaces collapsed.
 * (toLowerCase: Russian has no locale-specific case rules, and toLocaleLowerCase('ru') is slower.)
 * The derived index stores every client's normalised name (src/journal/index-store.ts):
 * a change here must bump its INDEX_VERSION, so that old indexes are rebuilt. */
export function normalizeName(text: string): string {
  if (PLAIN_NAME.test(text)) return text.toLowerCase().replace(/ё/g, 'е').replace(/й/g, 'и');
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * A client of a list read from the index answers `client[INDEXED_NAME]` with
 * its name as the index holds it: findClients compares the normalised names in
 * place instead of normalising 8,000 names and parsing every client's details.
 * Any other client (a plain ClientInfo) answers undefined.
 */
export const INDEXED_NAME: unique symbol = Symbol('followup.indexedName');

export interface IndexedName {
  readonly id: string;
  /** normalizeName(name) === text, without making the normalised name. */
  normalizedIs(text: string): boolean;
  normalized(): string;
  name(): string;
}
