// The renderers measure and wrap plain lines themselves (render/style.ts) and
// leave the rest to fast-string-width and fast-wrap-ansi: both ways must give
// the same result for any text.
import fc from 'fast-check';
import stringWidth from 'fast-string-width';
import { wrapAnsi } from 'fast-wrap-ansi';
import { describe, expect, it } from 'vitest';
import { textWidth, wrapText } from '../../src/terminal/render/style.js';

const pieces = [
  ...'abc XYZ 019 ,.:;!?-()[]',
  ...'абв где ЁЖЗ ёжз йЙ',
  ...'«»—–…·№→₽€°×',
  // The prompts' marks: the pointer, enter, tick and cross, radio buttons, rules, spinner frames.
  ...'❯⏎✔✖◉◯─│⠋⠙⠸',
  ' ',
  '  ',
  '\x1b[31m',
  '\x1b[39m',
  '\x1b[1m',
  '\x1b[22m',
  // A prompt's cursor: hidden, shown, moved to a column, a line cleared.
  '\x1b[?25l',
  '\x1b[?25h',
  '\x1b[34G',
  '\x1b[2K',
  '\x1b[1A',
  // Longer than the width library reads as one escape: its tail is text there.
  '\x1b[12345m',
  // Outside the quick path: wide, zero-width and combining characters, tabs.
  '界',
  '😀',
  '\u0301',
  '\u200b',
  '\t',
  '\u0483',
  // A variation selector turns the mark before it into an emoji, two columns wide.
  '\ufe0f',
];
const text = fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((parts) => parts.join(''));

describe('textWidth and wrapText', () => {
  it('measure as fast-string-width does', () => {
    fc.assert(fc.property(text, (t) => {
        expect(textWidth(t)).toBe(stringWidth(t));
      }), { numRuns: 3000 });
  });

  it('wrap as fast-wrap-ansi does (hard, trimmed)', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 100 }), (t, columns) => {
        expect(wrapText(t, columns)).toBe(wrapAnsi(t, columns, { hard: true, trim: true }));
      }),
      { numRuns: 3000 },
    );
  });

  it('take a short plain line as it is', () => {
    expect(wrapText('Иван Попов · +7 990 872-91-37', 40)).toBe('Иван Попов · +7 990 872-91-37');
    expect(textWidth('\x1b[1mИван\x1b[22m')).toBe(4);
  });
});
