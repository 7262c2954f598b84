import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareText, foldText, groupKey } from '../../src/i18n/text.js';

describe('foldText', () => {
  it('ignores case, accents, ё/е and spacing', () => {
    expect(foldText('  Старший   МАСТЕР по сборке ')).toBe('старший мастер по сборке');
    expect(foldText('Фёдор')).toBe(foldText('федор'));
    expect(foldText('Émile Zola')).toBe('emile zola');
    // й is a letter of its own, not и with an accent; a stress mark is only an accent.
    expect(foldText('Синий')).toBe('синий');
    expect(foldText('Синии')).not.toBe(foldText('Синий'));
    expect(foldText('моло\u0301ко')).toBe('молоко');
    expect(foldText('сини\u0306')).toBe('син\u0439');
  });

  it('groups what clients said regardless of punctuation', () => {
    expect(groupKey('Дверь — не открывается!')).toBe(groupKey('дверь не открывается'));
  });
});

describe('compareText', () => {
  it('orders names as a reader expects: case and ё folded, each alphabet in order', () => {
    const names = ['елена', 'Борис', 'Ёлкин', 'андрей', 'Zoe', 'alice', 'Яна', 'Bob'];
    expect([...names].sort(compareText)).toEqual(['alice', 'Bob', 'Zoe', 'андрей', 'Борис', 'елена', 'Ёлкин', 'Яна']);
  });

  it('is a total order: antisymmetric, and 0 only for the same text', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(Math.sign(compareText(a, b)) + Math.sign(compareText(b, a))).toBe(0);
        expect(compareText(a, b) === 0).toBe(a === b);
      }),
    );
  });

  it('agrees with the Russian collator on plain Cyrillic names', () => {
    const collator = new Intl.Collator('ru');
    const name = fc.stringMatching(/^[А-ЯЁ][а-яё]{1,8}$/);
    fc.assert(
      fc.property(name, name, (a, b) => {
        if (a.replace(/ё/g, 'е').toLowerCase() === b.replace(/ё/g, 'е').toLowerCase()) return;
        expect(Math.sign(compareText(a, b))).toBe(Math.sign(collator.compare(a, b)));
      }),
    );
  });
});
