// The streaming export (src/export: a raw-byte prescan, then one pass over the
// journal) gives the same answers as a plain full read: every call once, in
// order, with today's flag statuses as foldState computes them. Checked on
// generated journals against values taken from readJournals + foldState, not
// from the export's own code. Not timings: correctness.
import { parse } from 'csv-parse/sync';
import { describe, expect, test } from 'vitest';
import { runExport, type ExportFormat } from '../../src/export/run-export.js';
import { MemorySink } from '../../src/export/sink.js';
import { foldState, readJournals } from '../../src/journal/index.js';
import type { CallEntry } from '../../src/journal/types.js';
import { generatedLines, tempJournal } from '../journal/temp.js';

const generatedJournal = (size: number, seed: number) => tempJournal(generatedLines({ size, seed, today: '2026-11-28' }), 'followup-export-');

async function exportText(journal: string, format: ExportFormat): Promise<string> {
  const sink = new MemorySink();
  const result = await runExport(
    { journals: [journal], format, filter: {}, lang: 'en', timeZone: 'UTC', now: new Date('2026-11-28T09:00:00Z') },
    sink,
  );
  expect(result.damage).toEqual([]);
  return sink.text;
}

/** What a spreadsheet-safe text cell holds for a value (the export's formula guard). */
const cell = (value: unknown) => {
  const text = value === undefined || value === null ? '' : String(value);
  return /^[=+\-@\t\r\n＝＋－＠]/.test(text) ? `'${text}` : text;
};
const stepKey = (s: { id: string; handler?: string }) => (s.handler ? `${s.handler}.${s.id}` : s.id);

describe('streaming export = full read', () => {
  test('CSV: every call once, in order, with current open-flag counts and answers', async () => {
    const journal = generatedJournal(3000, 11);
    const read = await readJournals([journal]);
    const state = foldState(read.entries);
    const calls = read.entries.filter((e): e is CallEntry => e.type === 'call');
    const rows = parse(await exportText(journal, 'csv'), { columns: true, relax_column_count: false }) as Record<string, string>[];

    expect(rows).toHaveLength(calls.length);
    let resolvedLater = 0;
    calls.forEach((call, i) => {
      const row = rows[i]!;
      expect(row.id).toBe(call.id);
      expect(row.at).toBe(call.at);
      expect(row.client_id).toBe(cell(call.client.id));
      expect(row.client_name).toBe(cell(call.client.name));
      expect(row.phone).toBe(cell(call.client.phone));
      expect(row.salesperson).toBe(cell(call.salesperson));
      expect(row.script).toBe(call.script.id);
      expect(row.outcome).toBe(call.outcome);
      expect(Number(row.duration_sec)).toBe(call.durationSec);
      expect(Number(row.flags)).toBe(call.flags.length);
      const open = call.flags.filter((f) => state.flags.get(f.id)?.status === 'open').length;
      if (open < call.flags.filter((f) => f.status === 'open').length) resolvedLater++;
      expect(Number(row.open_flags)).toBe(open);
      expect(row.next_call).toBe(call.nextCall?.date ?? '');
      expect(row.agreed).toBe(call.nextCall ? (call.nextCall.agreed ? 'yes' : 'no') : '');
      expect(row.summary).toBe(cell(call.summary));
      for (const step of call.steps) if (step.answer !== undefined) expect(row[`answer:${stepKey(step)}`]).toBe(cell(step.answer));
    });
    // The journal really has flags resolved by later entries (the part a single pass can't see).
    expect(resolvedLater).toBeGreaterThan(20);
  });

  test('JSON: exactly the calls of a full read', async () => {
    const journal = generatedJournal(1500, 12);
    const read = await readJournals([journal]);
    const calls = read.entries.filter((e) => e.type === 'call');
    expect(JSON.parse(await exportText(journal, 'json'))).toEqual(calls);
  });
});
