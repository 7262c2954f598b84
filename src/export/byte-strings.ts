// "Byte strings": a journal line decoded as latin1, one JS char per UTF-8
// byte, and written back out as latin1 — the same bytes as decoding it as
// UTF-8 and encoding it again, at a fraction of the cost. On the bench's
// 100,000-call journal (mostly Cyrillic), decoding lines as UTF-8 took about
// half of the JSON.parse floor, and JSON.parse of the two-byte strings it
// yields is slower too: latin1 + JSON.parse was ~0.38 s where UTF-8 +
// JSON.parse (the floor) was ~0.60 s.
//
// Only the CSV call rows use them, and only where text is copied, never
// read as text: a string is compared with another byte string, checked for
// ASCII characters (quotes, separators, formula triggers) or turned back into
// real text (realText) where its meaning matters — dates, which V8's parser
// reads differently when a U+00A0 is split into two bytes, and the filters
// that fold case and accents. Lines that can't be read this way (invalid
// UTF-8, \u escapes, a byte order mark, damage) are read as UTF-8 as ever
// and their strings converted (entryToBytes), so every path yields the same.

/** Real text → one char per UTF-8 byte. */
export function toBytes(text: string): string {
  return isAscii(text) ? text : Buffer.from(text, 'utf8').toString('latin1');
}

/** One char per UTF-8 byte → real text (invalid sequences become U+FFFD, as a UTF-8 decode does). */
export function fromBytes(bytes: string): string {
  return isAscii(bytes) ? bytes : Buffer.from(bytes, 'latin1').toString('utf8');
}

/** A byte string as real text where its meaning matters (a date to parse, a name to fold). */
export const realText = fromBytes;

/** A short loop rather than a regex: the hot path calls this for a date or two a row. */
export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** A parsed entry's strings, deep, as byte strings (for lines read as UTF-8). Keys stay as they are. */
export function entryToBytes<T>(value: T): T {
  if (typeof value === 'string') return toBytes(value) as T;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = entryToBytes(value[i]);
    return value;
  }
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const field = record[key];
      if (typeof field === 'string') {
        // defineProperty: a key "__proto__" from JSON.parse is an own field, not the prototype.
        const bytes = toBytes(field);
        if (bytes !== field) Object.defineProperty(record, key, { value: bytes, writable: true, enumerable: true, configurable: true });
      } else entryToBytes(field);
    }
  }
  return value;
}
