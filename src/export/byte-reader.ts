// One journal's lines as entries whose strings are byte strings (see
// byte-strings.ts), handed to a callback as they are parsed — the same items,
// in the same order, with the same damage, as forEachJournalItem
// (src/journal/read.ts) gives, only cheaper to decode. A line is read as
// latin1 when that can't change what it means: the chunk (or the line) is
// valid UTF-8, it has no \u escape (which would make a real character among
// the bytes) and its `at` is ASCII (V8's date parser reads
// a U+00A0 split into two bytes differently). Anything else, and any line
// that fails to parse or validate, goes through read.ts's own parseLine, so
// damage records keep their real text; a good entry read that way has its
// strings converted.
import { isUtf8 } from 'node:buffer';
import { chunksOf, parseLine, validateEntry, visitQueue, type JournalItem } from '../journal/read.js';
import type { JournalEntry } from '../journal/types.js';
import { entryToBytes, isAscii } from './byte-strings.js';

const NEWLINE = 0x0a;
const BACKSLASH = 0x5c;
const U = 0x75;

export async function forEachByteEntry(file: string, visit: (item: JournalItem) => void | Promise<void>): Promise<void> {
  const { take, settle } = visitQueue(visit);
  let lineNo = 0;
  let carry: Buffer[] = [];
  for await (const chunk of chunksOf(file, {})) {
    let start = 0;
    const lastNl = chunk.lastIndexOf(NEWLINE);
    if (lastNl < 0) {
      // No line ends here: the chunk is the middle of a long line (copied: the reader reuses it).
      carry.push(Buffer.from(chunk));
      continue;
    }
    if (carry.length > 0) {
      const nl = chunk.indexOf(NEWLINE);
      carry.push(chunk.subarray(0, nl));
      const whole = Buffer.concat(carry);
      carry = [];
      lineNo++;
      take(byteLine(whole, 0, whole.length, file, lineNo, false, isUtf8(whole), hasUnicodeEscape(whole, 0, whole.length)));
      start = nl + 1;
    }
    // One UTF-8 check for the chunk's lines (a newline byte never sits inside
    // a character, so valid lines make a valid run); line by line only if not.
    const valid = isUtf8(chunk.subarray(start, lastNl));
    // The next backslash at or after the current line (indexOf is native; a
    // search per line would scan to the chunk's end each time).
    let backslash = chunk.indexOf(BACKSLASH, start);
    if (backslash < 0 || backslash > lastNl) backslash = lastNl;
    while (start <= lastNl) {
      const nl = chunk.indexOf(NEWLINE, start);
      lineNo++;
      let escaped = false;
      while (backslash < nl) {
        if (chunk[backslash + 1] === U) {
          escaped = true;
          break;
        }
        // An escaped backslash is two: skip both.
        backslash = chunk.indexOf(BACKSLASH, backslash + 2);
        if (backslash < 0 || backslash > lastNl) backslash = lastNl;
      }
      if (escaped) {
        backslash = chunk.indexOf(BACKSLASH, nl);
        if (backslash < 0 || backslash > lastNl) backslash = lastNl;
      }
      take(byteLine(chunk, start, nl, file, lineNo, false, valid || isUtf8(chunk.subarray(start, nl)), escaped));
      start = nl + 1;
    }
    if (start < chunk.length) carry.push(Buffer.from(chunk.subarray(start)));
    await settle();
  }
  if (carry.length > 0) {
    const whole = Buffer.concat(carry);
    lineNo++;
    take(byteLine(whole, 0, whole.length, file, lineNo, true, isUtf8(whole), hasUnicodeEscape(whole, 0, whole.length)));
  }
  await settle();
}

function hasUnicodeEscape(buffer: Buffer, start: number, end: number): boolean {
  let i = buffer.indexOf(BACKSLASH, start);
  while (i >= 0 && i < end) {
    if (buffer[i + 1] === U) return true;
    i = buffer.indexOf(BACKSLASH, i + 2);
  }
  return false;
}

function byteLine(buffer: Buffer, start: number, end: number, file: string, line: number, last: boolean, utf8: boolean, escaped: boolean): JournalItem | null {
  // (A byte order mark makes JSON.parse fail: such a line goes the ordinary way, which skips it.)
  if (utf8 && !escaped) {
    let value: unknown;
    try {
      value = JSON.parse(buffer.toString('latin1', start, end));
    } catch {
      value = undefined;
    }
    if (value !== undefined && validateEntry(value) === null && isAscii((value as JournalEntry).at)) return { entry: value as JournalEntry, line };
  }
  // The ordinary way, whose damage records and decisions are the reference.
  const item = parseLine(buffer, start, end, file, line, last);
  if (item?.entry) entryToBytes(item.entry);
  return item;
}
