// Text helpers shared by the filters and the stats: matching that ignores
// case and accents (and ё/е, which Russian writers mix freely).

const MARKS = /\p{M}+/gu;

/** Lower case, no accents, ё→е, whitespace collapsed. */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .normalize('NFKD')
    .replace(MARKS, '')
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Text reduced for grouping what clients said: foldText without punctuation. */
export function groupKey(text: string): string {
  return foldText(text.replace(/[\p{P}\p{S}]+/gu, ' '));
}
