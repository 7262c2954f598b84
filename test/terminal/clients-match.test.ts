import { describe, expect, it } from 'vitest';
import { findClients, makeClientId, normalizeName } from '../../src/clients/match.js';
import type { ClientInfo } from '../../src/journal/types.js';

const clients: ClientInfo[] = [
  { id: 'andrey-ivanovich', name: 'Андрей Иванович' },
  { id: 'andrey-petrov', name: 'Андрей Петров' },
  { id: 'alyona-yolkina', name: 'Алёна Ёлкина' },
  { id: 'sergey-kuznetsov', name: 'Сергей Кузнецов' },
  { id: 'anna-mueller', name: 'Anna Müller' },
];
const names = (query: string) => findClients(query, clients).map((m) => m.client.name);

describe('normalizeName', () => {
  it('folds case, ё and й, accents and punctuation', () => {
    expect(normalizeName('  АЛЁНА  Ёлкина! ')).toBe('алена елкина');
    expect(normalizeName('Андрей')).toBe('андреи');
    expect(normalizeName('Anna Müller')).toBe('anna muller');
  });
});

describe('findClients', () => {
  it('finds by the exact name in any case, and by id', () => {
    expect(names('андрей иванович')).toEqual(['Андрей Иванович']);
    expect(names('andrey-petrov')).toEqual(['Андрей Петров']);
  });
  it('finds by the id spelt in Latin, unless a name is typed exactly', () => {
    expect(names('Andrey Ivanovich')).toEqual(['Андрей Иванович']);
    const withLatinNamesake = [...clients, { id: 'andrey-ivanovich-2', name: 'Andrey Ivanovich' }];
    expect(findClients('Andrey Ivanovich', withLatinNamesake).map((m) => m.client.id)).toEqual(['andrey-ivanovich-2']);
    expect(findClients('andrey-ivanovich', withLatinNamesake).map((m) => m.client.id)).toEqual(['andrey-ivanovich']);
  });
  it('is insensitive to ё and й', () => {
    expect(names('Алена Елкина')).toEqual(['Алёна Ёлкина']);
    expect(names('андреи иванович')).toEqual(['Андрей Иванович']);
  });
  it('returns every client a first name fits, closest first', () => {
    expect(names('андрей')).toEqual(['Андрей Петров', 'Андрей Иванович']);
  });
  it('matches word prefixes in any order', () => {
    expect(names('иван андр')).toEqual(['Андрей Иванович']);
  });
  it('tolerates typos', () => {
    expect(names('Андрей Иваныч')).toEqual(['Андрей Иванович']);
    expect(names('Сергей Кузнецоф')).toEqual(['Сергей Кузнецов']);
    expect(names('Кузнцов')).toEqual(['Сергей Кузнецов']);
  });
  it('finds a Cyrillic name typed in Latin', () => {
    expect(names('andrey ivanovich')).toEqual(['Андрей Иванович']);
    expect(names('sergei')).toEqual(['Сергей Кузнецов']);
  });
  it('prefers an exact match to fuzzy ones', () => {
    const twins = [...clients, { id: 'andrey-ivanovic', name: 'Андрей Иванови' }];
    expect(findClients('Андрей Иванович', twins).map((m) => m.client.id)).toEqual(['andrey-ivanovich']);
  });
  it('an exact id wins over namesakes whose names match it exactly', () => {
    const namesakes: ClientInfo[] = [
      { id: 'nancy-davis-2', name: 'Nancy Davis' },
      { id: 'nancy-davis', name: 'Nancy Davis' },
      { id: 'nancy-davis-3', name: 'nancy davis' },
    ];
    const ids = (query: string) => findClients(query, namesakes).map((m) => m.client.id);
    expect(ids('nancy-davis')).toEqual(['nancy-davis']);
    expect(ids(' Nancy-Davis-2 ')).toEqual(['nancy-davis-2']);
    expect(findClients('nancy-davis-3', namesakes)).toMatchObject([{ tier: 'exact', client: { name: 'nancy davis' } }]);
    // The name typed is still every namesake: the salesperson must choose.
    expect(ids('Nancy Davis').sort()).toEqual(['nancy-davis', 'nancy-davis-2', 'nancy-davis-3']);
  });
  it('finds nothing for a stranger or an empty query', () => {
    expect(names('Мария Сидорова')).toEqual([]);
    expect(names('  ')).toEqual([]);
    expect(names('ан').sort()).toEqual(['Anna Müller', 'Андрей Иванович', 'Андрей Петров']);
  });
});

describe('makeClientId', () => {
  it('transliterates Cyrillic', () => {
    expect(makeClientId('Андрей Иванович', new Set())).toBe('andrey-ivanovich');
    expect(makeClientId('Алёна Ёлкина', new Set())).toBe('alyona-yolkina');
  });
  it('adds a suffix on a collision', () => {
    expect(makeClientId('Андрей Иванович', new Set(['andrey-ivanovich']))).toBe('andrey-ivanovich-2');
    expect(makeClientId('Андрей Иванович', new Set(['andrey-ivanovich', 'andrey-ivanovich-2']))).toBe('andrey-ivanovich-3');
  });
  it('never gives an empty id', () => {
    expect(makeClientId('!!!', new Set())).toBe('client');
    expect(makeClientId('😀', new Set(['client']))).toBe('client-2');
  });
});

describe('normalizeName on plain names', () => {
  it('gives what the full Unicode folding gives', async () => {
    const fc = (await import('fast-check')).default;
    const full = (text: string) =>
      text
        .normalize('NFD')
        .replace(/\p{M}+/gu, '')
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim();
    const letters = [...'abcxyzABCXYZ', ...'абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ', ' ', '  ', '-', 'é', '1', '\u0306'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...letters), { maxLength: 30 }), (parts) => {
        const name = parts.join('');
        expect(normalizeName(name)).toBe(full(name));
      }),
      { numRuns: 5000 },
    );
  });
});
