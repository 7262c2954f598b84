// The flag index's id table numbers ids exactly: every id added is found with
// its number, nothing else is found — ids that share a hash slot, differ in
// one character or in length, have characters above U+00FF, or are empty.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdTable } from '../../src/export/id-table.js';

describe('IdTable', () => {
  it('agrees with a Map on any ids, through growth and rehashing', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom('Ф4', 'F1', 'F10', 'F1 ', '', 'ё', '\u00ff', '\u0100')), { maxLength: 600 }),
        fc.array(fc.string({ maxLength: 30 }), { maxLength: 50 }),
        (ids, probes) => {
          const table = new IdTable();
          const map = new Map<string, number>();
          for (const id of ids) {
            const n = table.add(id);
            if (!map.has(id)) map.set(id, map.size);
            expect(n).toBe(map.get(id));
          }
          expect(table.size).toBe(map.size);
          for (const id of [...ids, ...probes]) expect(table.get(id)).toBe(map.get(id) ?? -1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('holds 200,000 ULID-like ids', () => {
    const table = new IdTable();
    const id = (i: number) => `01KC${String(i).padStart(22, '0')}`;
    for (let i = 0; i < 200_000; i++) expect(table.add(id(i))).toBe(i);
    for (let i = 0; i < 200_000; i += 997) expect(table.get(id(i))).toBe(i);
    expect(table.get(id(200_000))).toBe(-1);
  });
});
