// Every untrusted string (client names, notes, script text) printed to a
// terminal goes through safeText(): control characters and bidi overrides are
// made visible, so a client's name can't move the cursor, recolour the screen
// or reverse the text around it. Hand-written because libraries strip ANSI
// sequences, while we must keep the evidence visible and also catch bidi.

function visible(ch: string): string {
  const code = ch.codePointAt(0)!;
  if (code === 0x1b) return '␛';
  if (code < 0x20) return String.fromCodePoint(0x2400 + code); // ␀..␟ control pictures
  if (code === 0x7f) return '␡';
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

// C0 controls except newline and tab (kept when multiline), DEL, C1 controls, bidi.
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const UNSAFE_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export function safeText(text: unknown, options: { multiline?: boolean } = {}): string {
  const s = typeof text === 'string' ? text : text === undefined || text === null ? '' : String(text);
  return s.replace(options.multiline ? UNSAFE : UNSAFE_SINGLE_LINE, (ch) => {
    if (!options.multiline && (ch === '\n' || ch === '\r')) return '⏎';
    if (!options.multiline && ch === '\t') return ' ';
    return visible(ch);
  });
}
