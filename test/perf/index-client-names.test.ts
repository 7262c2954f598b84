// A call's client lookup through the derived index: the clients' names are
// read from the summary's names part and compared in place, each client's
// details parsed only when read. Same matches as over a full read's clients,
// for every kind of query; one client's details parsed, not 8,000.
import { appendFileSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { findClients, type ClientMatch } from '../../src/clients/match.js';
import { INDEXED_NAME, normalizeName, type IndexedName } from '../../src/clients/names.js';
import { openJournalView } from '../../src/journal/derived-index.js';
import { indexPaths } from '../../src/journal/index-store.js';
import { clientHistory, dueCalls, foldState, readJournals } from '../../src/journal/index.js';
import type { ClientInfo } from '../../src/journal/types.js';
import { generatedLines, tempJournal } from '../journal/temp.js';

const TODAY = '2026-11-28';
afterEach(() => {
  vi.restoreAllMocks();
});

/** A generated journal, plus calls of clients whose ids and names need escaping or the Unicode path. */
function journalWithOddNames(size: number): string {
  const lines = generatedLines({ size, seed: 11, today: TODAY });
  const call = JSON.parse(lines.find((l) => l.includes('"type":"call"'))!) as Record<string, unknown> & { client: ClientInfo };
  const odd: ClientInfo[] = [
    { id: 'tab\tin-id', name: 'Tab\tName', phone: '+1 555 0101' },
    { id: 'back\\slash', name: 'Back\\Slash \\t Name' },
    { id: 'new-line', name: 'Line\nBreak' },
    { id: 'rene-lelievre', name: 'René Lelièvre-Ø', product: 'Sofa' },
    { id: 'emoji-name', name: 'Ёжик 🦔 в тумане' },
    { id: 'nancy-davis', name: 'Nancy Davis' },
    { id: 'nancy-davis-2', name: 'nancy  DAVIS' },
  ];
  odd.forEach((client, n) => {
    lines.push(JSON.stringify({ ...call, flags: [], reviewedFlags: [], id: `01ODDNAME${String(n).padStart(17, '0')}`, at: `2026-11-2${n % 8}T10:00:00.000Z`, client }));
  });
  return tempJournal(lines, 'followup-names-');
}

async function plainClients(file: string): Promise<ClientInfo[]> {
  return [...foldState((await readJournals([file])).entries).clients.values()].map((c) => c.info);
}

/** What a match says, its client as plain data (the index's are read through). */
const plain = (matches: ClientMatch[]) => matches.map((m) => ({ ...m, client: { ...m.client } }));

/** Queries of every tier for a client: its name as typed, its id, a prefix, a typo, its slug. */
function queriesFor(client: ClientInfo): string[] {
  const name = client.name;
  const words = name.split(/\s+/);
  return [
    name, name.toUpperCase(), ` ${name.toLowerCase()} `, client.id, words[0]!, words[0]!.slice(0, 3),
    words.length > 1 ? `${words[1]} ${words[0]}` : name, name.length > 6 ? `${name.slice(0, 2)}${name.slice(3)}` : name,
    client.id.replace(/-/g, ' '),
  ];
}

describe('client lookup through the index names', () => {
  test('findClients over view.clients() gives the full read\'s matches, index built and read back', async () => {
    const file = journalWithOddNames(700);
    const expected = await plainClients(file);
    const sample = [...expected.filter((_, i) => i % 9 === 0), ...expected.slice(-7)];
    const queries = [...sample.flatMap(queriesFor), 'nobody at all', 'zz', 'Nancy Davis', 'nancy-davis', 'rene', 'ежик в тумане', 'Tab Name', 'tab\tin-id'];
    for (const expectedSource of ['index-built', 'index']) {
      const view = await openJournalView([file]);
      expect(view.source).toBe(expectedSource);
      const clients = view.clients();
      expect(clients).toEqual(expected);
      for (const query of queries) expect(plain(findClients(query, clients)), query).toEqual(plain(findClients(query, expected)));
    }
    // The lookup did use the index's names (a list read from a full read has none).
    const view = await openJournalView([file]);
    expect(view.clients().filter((c) => (c as { [INDEXED_NAME]?: IndexedName })[INDEXED_NAME]).length).toBe(expected.length);
  });

  test('the stored normalised names are normalizeName of the names; ids and names come back exact', async () => {
    const file = journalWithOddNames(300);
    await openJournalView([file]);
    const clients = (await openJournalView([file])).clients();
    for (const client of clients) {
      const indexed = (client as { [INDEXED_NAME]?: IndexedName })[INDEXED_NAME]!;
      expect(indexed.normalized()).toBe(normalizeName(client.name));
      expect(indexed.name()).toBe(client.name);
      expect(indexed.id).toBe(client.id);
      expect(indexed.normalizedIs(normalizeName(client.name))).toBe(true);
      expect(indexed.normalizedIs(normalizeName(client.name).slice(0, -1))).toBe(false);
    }
  });

  test('finding one client by name parses its details only, not every client\'s', async () => {
    const file = journalWithOddNames(1500);
    await openJournalView([file]);
    const summary = readFileSync(indexPaths(file).summary);
    const headerBytes = summary.indexOf(0x0a);
    const all = await plainClients(file);
    const target = all.find((c) => all.filter((o) => normalizeName(o.name) === normalizeName(c.name)).length === 1)!;
    const parse = vi.spyOn(JSON, 'parse');
    const view = await openJournalView([file]);
    const clients = view.clients();
    const ids = new Map(clients.map((c) => [c.id, c]));
    const [match] = findClients(target.name, [...ids.values()]);
    expect({ ...match!.client }).toEqual(target);
    const parsed = parse.mock.calls.reduce((sum, [text]) => sum + String(text).length, 0);
    parse.mockRestore();
    expect(view.source).toBe('index');
    // The header and one client's line (a few hundred characters), of a summary of ~200 KB.
    expect(summary.length).toBeGreaterThan(100_000);
    expect(parsed - headerBytes).toBeLessThan(1000);
  });

  test('a client whose stored details are damaged is read from the journal instead', async () => {
    const file = journalWithOddNames(600);
    const expected = await plainClients(file);
    await openJournalView([file]);
    const summary = indexPaths(file).summary;
    const bytes = readFileSync(summary);
    const victim = expected[40]!;
    // Its details' line in the info part, the id spoilt (same length: the rest of the file still reads).
    const at = bytes.indexOf(`{"id":${JSON.stringify(victim.id)}`);
    expect(at).toBeGreaterThan(0);
    bytes[at + 8] = bytes[at + 8] === 0x78 ? 0x79 : 0x78;
    writeFileSync(summary, bytes);
    const view = await openJournalView([file]);
    expect(view.source).toBe('index');
    expect(view.clients()).toEqual(expected);
    expect(plain(findClients(victim.name, view.clients()))).toEqual(plain(findClients(victim.name, expected)));
  });

  test('the stored fold order, with calls appended out of time order and new clients merged in', async () => {
    const file = journalWithOddNames(900);
    await openJournalView([file]);
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    const calls = lines.map((l) => JSON.parse(l) as Record<string, unknown> & { type: string; client: ClientInfo }).filter((e) => e.type === 'call');
    const at = (n: number, day: string) => ({ ...calls[n]!, flags: [], reviewedFlags: [], id: `01LATEAPPEND${String(n).padStart(14, '0')}`, at: `${day}T08:00:00.000Z` });
    const appended = [
      at(500, '2020-01-01'), // an existing client's call, backdated (--at): it now comes first
      { ...at(501, '2019-06-01'), client: { id: 'early-newcomer', name: 'Early Newcomer' } },
      { ...at(502, '2030-01-01'), client: { id: 'late-newcomer', name: 'Late Newcomer' } },
      at(3, '2026-11-28'), // an early client called again: it keeps its place
    ];
    for (const entry of appended) {
      appendFileSync(file, `${JSON.stringify(entry)}\n`);
      const view = await openJournalView([file]);
      expect(view.source).toBe('index-updated');
      expect(view.clients()).toEqual(await plainClients(file));
    }
    // Written (past 16 appended entries) and read back: the same order.
    appendFileSync(file, lines.slice(0, 20).map((l) => `${l}\n`).join(''));
    expect((await openJournalView([file])).clients()).toEqual(await plainClients(file));
    const view = await openJournalView([file]);
    expect(view.source).toBe('index');
    expect(view.clients()).toEqual(await plainClients(file));
    expect(view.clients()[0]!.id).toBe('early-newcomer');
  });

  test('details and due parts read after another process replaced the summary: never taken from the new file', async () => {
    // A client a call, with long details: a summary over the size read whole (256 KiB).
    const lines = generatedLines({ size: 900, seed: 5, today: TODAY }).map((line, n) => {
      const entry = JSON.parse(line) as { type: string; client?: ClientInfo; flags?: unknown[]; reviewedFlags?: unknown[] };
      if (entry.type !== 'call') return line;
      return JSON.stringify({ ...entry, flags: [], reviewedFlags: [], client: { ...entry.client, id: `client-${n}`, address: `${n} ${'Long Street '.repeat(30)}` } });
    });
    const file = tempJournal(lines.slice(0, 700), 'followup-names-');
    await openJournalView([file]);
    const before = await plainClients(file);
    expect(readFileSync(indexPaths(file).summary).length).toBeGreaterThan(300_000);
    // A big summary (over the size read whole): its details and due parts are read when first asked for.
    const view = await openJournalView([file]);
    expect(view.source).toBe('index');
    // Meanwhile another command folds in 20 appended calls and writes a new summary.
    appendFileSync(file, lines.slice(700, 720).map((l) => `${l}\n`).join(''));
    expect((await openJournalView([file])).source).toBe('index-updated');
    expect(view.clients()).toEqual(before);
    const now = foldState((await readJournals([file])).entries);
    expect(await view.due({ day: TODAY })).toEqual(dueCalls(now, { day: TODAY }));

    // A summary replaced by one of the same layout (here: another generation, a
    // next call moved): its due part is not taken for the one the view opened.
    const again = await openJournalView([file]);
    const summary = indexPaths(file).summary;
    const bytes = readFileSync(summary);
    const header = bytes.indexOf(0x0a);
    const generation = bytes.indexOf('"generation":') + 13;
    bytes[generation] = bytes[generation] === 0x31 ? 0x32 : 0x31;
    const date = bytes.indexOf('"date":"2026-1', header);
    bytes[date + 16] = bytes[date + 16] === 0x30 ? 0x31 : 0x30; // the day's first digit
    writeFileSync(`${summary}.new`, bytes);
    renameSync(`${summary}.new`, summary);
    expect(await again.due({ day: TODAY })).toEqual(dueCalls(now, { day: TODAY }));
  });

  test('an index of format 4 (before the names part) is rebuilt once, 0600', async () => {
    const file = journalWithOddNames(300);
    await openJournalView([file]);
    const summary = indexPaths(file).summary;
    const bytes = readFileSync(summary);
    const header = JSON.parse(bytes.toString('utf8', 0, bytes.indexOf(0x0a))) as Record<string, unknown>;
    expect(header.version).toBe(5);
    writeFileSync(summary, `${JSON.stringify({ ...header, version: 4 })}\n${bytes.toString('utf8', bytes.indexOf(0x0a) + 1)}`);
    expect((await openJournalView([file])).source).toBe('index-built');
    expect((await openJournalView([file])).source).toBe('index');
    expect(statSync(summary).mode & 0o777).toBe(0o600);
  });

  test('the history of clients whose calls were just appended (read once for the update and the history)', async () => {
    const file = journalWithOddNames(800);
    await openJournalView([file]);
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    const calls = lines.map((l) => JSON.parse(l) as Record<string, unknown> & { type: string; client: ClientInfo }).filter((e) => e.type === 'call');
    const touched = [calls[10]!, calls[400]!, calls.at(-1)!];
    touched.forEach((call, n) => {
      appendFileSync(file, `${JSON.stringify({ ...call, flags: [], reviewedFlags: [], id: `01HISTORYAPPEND${String(n).padStart(11, '0')}`, at: '2026-11-28T12:00:00.000Z' })}\n`);
    });
    const view = await openJournalView([file]);
    expect(view.source).toBe('index-updated');
    const state = foldState((await readJournals([file])).entries);
    for (const id of [...touched.map((c) => c.client.id), calls[200]!.client.id]) {
      expect(await view.history(id)).toEqual(clientHistory(state, id));
      expect(await view.history(id)).toEqual(clientHistory(state, id)); // asked twice: the same
    }
  });
});
