import { describe, expect, it } from 'vitest';
import { safeText } from '../../src/terminal/safe-text.js';

describe('safeText', () => {
  it('leaves ordinary Cyrillic and Latin text alone', () => {
    expect(safeText('Андрей Иванович · Anna-Maria O’Neil 😀')).toBe('Андрей Иванович · Anna-Maria O’Neil 😀');
  });
  it('makes escape sequences visible so they cannot recolour or move the cursor', () => {
    const out = safeText('Ivan\u001b[2J\u001b]0;pwned\u0007');
    expect(out).not.toMatch(/\u001b|\u0007/);
    expect(out).toBe('Ivan␛[2J␛]0;pwned␇');
  });
  it('shows bidi overrides instead of letting them reverse the line', () => {
    expect(safeText('abc\u202Egnp.exe')).toBe('abc<U+202E>gnp.exe');
    expect(safeText('\u2066x\u2069')).toBe('<U+2066>x<U+2069>');
  });
  it('folds newlines on a single line and keeps them when multiline', () => {
    expect(safeText('a\nb\tc')).toBe('a⏎b c');
    expect(safeText('a\nb\tc', { multiline: true })).toBe('a\nb\tc');
  });
  it('shows C1 controls', () => {
    expect(safeText('x\u009by')).toBe('x<U+009B>y');
  });
});
