// Text as people match and sort it, in both languages: case and accents
// ignored, and ё/е, which Russian writers mix freely. Shared by the journal's
// queries, the export's filters and stats, and the terminal's lists.

const MARKS = /\p{M}+/gu;
/** Runs outside the Cyrillic letters, whose accents are stripped (stress marks included). */
const NOT_CYRILLIC = /[^\u0400-\u04ff]+/g;

/** Lower case, no accents, ё→е, whitespace collapsed. Й stays itself: it is
 * a letter of the alphabet, not и with an accent, as NFKD would have it. */
export function foldText(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(NOT_CYRILLIC, (run) => run.normalize('NFKD').replace(MARKS, '').normalize('NFC'))
    .replace(/\s+/g, ' ')
    .trim();
}

/** Text reduced for grouping what clients said: foldText without punctuation. */
export function groupKey(text: string): string {
  return foldText(text.replace(/[\p{P}\p{S}]+/gu, ' '));
}

/**
 * The order of names and labels in lists: case and ё/е folded, then code
 * points (Latin before Cyrillic, each alphabet in its order), exact text
 * breaking ties. Not localeCompare: a process's first collation loads ICU's
 * collator, ~5 ms, a tenth of node's start-up for a list of a dozen lines.
 */
export function compareText(a: string, b: string): number {
  const ka = sortKey(a);
  const kb = sortKey(b);
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

const sortKey = (text: string) => text.toLowerCase().replace(/ё/g, 'е');
