import { describe, expect, test } from 'vitest';
import { Fingerprints } from '../../src/journal/fingerprints.js';
import { idHash } from '../../src/journal/index-store.js';

describe('Fingerprints', () => {
  test('keeps the first offset of each fingerprint through many growths', () => {
    const table = new Fingerprints();
    const ids = Array.from({ length: 50_000 }, (_, i) => `01K${String(i).padStart(23, '0')}`);
    ids.forEach((id, i) => table.set(...idHash(id), i * 100));
    ids.forEach((id, i) => expect(table.get(...idHash(id))).toBe(i * 100));
    expect(table.get(...idHash('never-set'))).toBeUndefined();
  });

  test('offset 0 and offsets past 2^32 are kept; the same h1 with another h2 is another key', () => {
    const table = new Fingerprints();
    table.set(7, 1, 0);
    table.set(7, 2, 2 ** 33 + 5);
    expect(table.get(7, 1)).toBe(0);
    expect(table.get(7, 2)).toBe(2 ** 33 + 5);
    expect(table.get(7, 3)).toBeUndefined();
  });
});
