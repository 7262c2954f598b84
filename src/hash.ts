// FNV-1a, 32 bits: the cheap, well-spread hash the derived files, the export's
// tables and the code cache's folder names use (not for security).

const OFFSET = 0x811c9dc5;
const PRIME = 0x01000193;

/** Of bytes[start, end), continuing from `seed` (a hash so far). */
export function fnv1a(bytes: Uint8Array, seed = OFFSET, start = 0, end = bytes.length): number {
  let h = seed;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, PRIME);
  return h >>> 0;
}

/** Of a string's UTF-16 code units (its Latin-1 bytes, for text of no wider characters). */
export function fnv1aText(text: string, seed = OFFSET): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), PRIME);
  return h >>> 0;
}

/** A hash as eight hex digits. */
export const hex = (hash: number): string => hash.toString(16).padStart(8, '0');
