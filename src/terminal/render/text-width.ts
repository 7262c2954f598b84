// The display width of text on a terminal, quickly for the common case.
// build.mjs also hands this to fast-wrap-ansi in place of fast-string-width
// (its default export is for that), so wrapping plain lines needs no Unicode
// tables either; the results are the same (test/terminal/style-width.test.ts).
import stringWidth from 'fast-string-width';

/**
 * Characters one column wide whatever the terminal: Latin, Cyrillic, Greek,
 * punctuation, currency, №, arrows, and the prompts' own marks (❯ ⏎ ✔ ✖ ◉ ◯,
 * rules ─ │, the spinner's braille frames; none of them has an emoji form
 * unless a variation selector follows, which is not in the set). Text made only of them (and colour codes)
 * is measured by its length. The width library looks every character up in
 * Unicode's tables and compiles its patterns on first use, a few milliseconds
 * of a command's start for lines that are almost always plain letters.
 */
// eslint-disable-next-line no-control-regex
const NARROW = /^[\x20-\x7e\u00a0-\u02ff\u0370-\u0482\u048a-\u052f\u2010-\u2027\u2030-\u205e\u20a0-\u20bf\u2100-\u214f\u2190-\u21ff\u23ce\u2500\u2502\u25c9\u25ef\u2714\u2716\u276f\u2800-\u28ff]*$/;
/**
 * Terminal control sequences of no width: colours, and the cursor's moves and
 * hiding a prompt adds to its text (ESC [ ? 25 l). Only the forms the width
 * library also reads as escapes, so both measure the same.
 */
// eslint-disable-next-line no-control-regex
const ESCAPES = /\x1b\[\??(?:[0-9]{1,4}(?:;[0-9]{0,4})*)?[A-ORZcf-nqry]/g;

/** The text without control sequences, and its width if every character is NARROW. */
export function plainOf(text: string): { plain: string; width: number | undefined } {
  const plain = text.includes('\x1b') ? text.replace(ESCAPES, '') : text;
  return { plain, width: NARROW.test(plain) ? plain.length : undefined };
}

export function textWidth(text: string): number {
  return plainOf(text).width ?? stringWidth(text);
}

export default textWidth;

