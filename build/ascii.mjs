// Chunks in plain ASCII, so the loader reads each pack as Latin-1 (a copy of
// the bytes into a one-byte string) instead of decoding UTF-8 into a two-byte
// string twice the size: ~1 ms of `followup call`'s start. esbuild's
// `charset: 'ascii'` escapes strings, templates and names, but leaves regular
// expression literals as written (the Russian date words, ё) and tagged
// templates, whose raw text an escape would change. So the literals are
// escaped here, token by token (acorn tells a regex from a division); a
// non-ASCII character anywhere else fails the build.

import { tokenizer } from 'acorn';

/** A UTF-16 code unit as a \uXXXX escape: the same character in a string or a regex,
 * with or without the u flag (a surrogate pair of escapes is one code point there). */
const escapeUnit = (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * @param {string} code  a chunk's CommonJS body, as esbuild wrote it with charset ascii
 * @param {string} name  the chunk, for the error
 * @returns {string}  the same program in ASCII
 */
export function asciiOnly(code, name) {
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(code)) return code;
  let out = '';
  let at = 0;
  for (const token of tokenizer(code, { ecmaVersion: 'latest', sourceType: 'script', allowReturnOutsideFunction: true })) {
    if (token.type.label !== 'regexp') continue;
    out += code.slice(at, token.start) + code.slice(token.start, token.end).replace(/[^\x00-\x7f]/g, escapeUnit);
    at = token.end;
  }
  out += code.slice(at);
  // eslint-disable-next-line no-control-regex
  const left = /[^\x00-\x7f]/.exec(out);
  if (left) {
    throw new Error(`build: ${name} has a non-ASCII character outside strings and regular expressions (a tagged template?): …${out.slice(Math.max(0, left.index - 40), left.index + 20)}…`);
  }
  return out;
}
