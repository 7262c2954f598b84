// The export pipeline end to end in-process: filters, today's flag status,
// step columns, JSON exactness, Markdown escaping, damaged journals, several
// journals merged, 0600 files, and no spinner where it would mix with data.
import { parse } from 'csv-parse/sync';
import { readFileSync, statSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run as runExportCommand } from '../../src/commands/export.js';
import { runExport, type ExportRequest } from '../../src/export/run-export.js';
import { MemorySink } from '../../src/export/sink.js';
import { mdText } from '../../src/export/markdown.js';
import type { CallEntry, JournalEntry } from '../../src/journal/types.js';
import { DAMAGED, NOW, TEAM, ZONE, memoryIo, tempDir, testContext, writeJournal } from './helpers.js';

async function exportText(request: Partial<ExportRequest> & Pick<ExportRequest, 'format'>) {
  const sink = new MemorySink();
  const result = await runExport({ journals: [TEAM], filter: {}, lang: 'en', timeZone: ZONE, now: new Date(NOW), ...request }, sink);
  return { text: sink.text, result };
}

const csv = (text: string, delimiter = ',') => parse(text, { delimiter, bom: true, columns: true }) as Record<string, string>[];

describe('CSV export of the team fixture', () => {
  it('one row per call with the union of step columns in script order, today\'s open flags', async () => {
    const { text, result } = await exportText({ format: 'csv' });
    expect(result).toMatchObject({ read: 8, written: 7, damage: [] });
    expect(text.split('\r\n')[0]).toBe(
      'id,at,client_id,client_name,phone,salesperson,script,script_version,started,ended,duration_sec,outcome,' +
        'answer:remind,answer:how-it-went,answer:impression,answer:handle-question.acknowledge,answer:handle-question.resolve,' +
        'answer:relatives,answer:support,answer:next-call,answer:goodbye,flags,open_flags,next_call,agreed,summary,notes',
    );
    const rows = csv(text);
    expect(rows.map((r) => r.id)).toEqual(['01KC1', '01KC2', '01KC3', '01KC4', '01KC5', '01KC6', '01KC7']);
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId['01KC1']).toMatchObject({ client_name: 'Андрей Иванович', 'answer:handle-question.acknowledge': 'Вторая справа, у сушки', flags: '1', open_flags: '1', next_call: '2026-12-01', agreed: 'yes', duration_sec: '171' });
    // F2 was resolved by a later flag entry: the call's row shows it closed.
    expect(byId['01KC4']).toMatchObject({ flags: '1', open_flags: '0' });
    // Skipped steps have no answer; the set time of a next call is local.
    expect(byId['01KC2']!['answer:relatives']).toBe('');
    expect(byId['01KC6']).toMatchObject({ next_call: '2026-12-08 15:30', script_version: 'v2' });
    expect(byId['01KC1']!.notes).toBe('relatives: Тёща считает, что цвет слишком тёмный');
    // Phones start with + : neutralised like any formula trigger.
    expect(byId['01KC1']!.phone).toBe("'+7 916 123-45-67");
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('--excel: BOM, the locale\'s separator, local times, localised headers', async () => {
    const ru = await exportText({ format: 'csv', excel: true, lang: 'ru' });
    expect(ru.text.startsWith('\uFEFFId звонка;Время;')).toBe(true);
    const rows = csv(ru.text, ';');
    expect(rows[0]).toMatchObject({ 'Клиент': 'Андрей Иванович', 'Время': '2026-11-28 14:05:00', 'Согласован': 'да', 'Длительность, с': '171' });
    const en = await exportText({ format: 'csv', excel: true, lang: 'en' });
    expect(en.text.startsWith('\uFEFFCall id,Time,')).toBe(true);
    expect(csv(en.text)[2]).toMatchObject({ Client: 'John Smith', Time: '2026-11-29 01:30:00' });
  });

  it('--rows flags: one row per flag with its status now; --open-flags keeps open ones', async () => {
    const all = csv((await exportText({ format: 'csv', rows: 'flags' })).text);
    expect(all.map((r) => [r.flag_id, r.call_id, r.client_name, r.status, r.resolution_note])).toEqual([
      ['F1', '01KC1', 'Андрей Иванович', 'open', ''],
      ['F2', '01KC4', 'John Smith', 'resolved', 'Привезли новую ручку'],
      ['F3', '01KC6', 'Мария Петровна', 'open', ''],
    ]);
    const open = await exportText({ format: 'csv', rows: 'flags', filter: { openFlags: true } });
    expect(csv(open.text).map((r) => r.flag_id)).toEqual(['F1', 'F3']);
    expect(open.result.written).toBe(2);
  });

  it('filters: days in the zone, salesperson, client by name ignoring case and accents, outcome, script, open flags', async () => {
    const ids = async (filter: ExportRequest['filter']) => csv((await exportText({ format: 'csv', filter })).text).map((r) => r.id);
    expect(await ids({ from: '2026-11-29', to: '2026-11-29' })).toEqual(['01KC3', '01KC4']);
    expect(await ids({ salesperson: 'anna' })).toEqual(['01KC3', '01KC4', '01KC7']);
    expect(await ids({ client: 'АНДРЕЙ' })).toEqual(['01KC1', '01KC5']);
    expect(await ids({ client: 'olga' })).toEqual(['01KC7']);
    expect(await ids({ client: 'мария петровна' })).toEqual(['01KC2', '01KC6']);
    expect(await ids({ outcomes: ['call-back', 'no-answer'] })).toEqual(['01KC3', '01KC7']);
    expect(await ids({ scripts: ['car-dealership'] })).toEqual(['01KC3', '01KC4', '01KC7']);
    expect(await ids({ openFlags: true })).toEqual(['01KC1', '01KC6']);
  });
});

describe('JSON export', () => {
  it('is a valid array of the call entries exactly as in the journal, unknown fields kept', async () => {
    const { text } = await exportText({ format: 'json' });
    const parsed = JSON.parse(text) as CallEntry[];
    const journal = readFileSync(TEAM, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as JournalEntry).filter((e) => e.type === 'call');
    expect(parsed).toEqual(journal);
    expect(parsed[0]!.crm).toEqual({ dealId: 42, tags: ['vip'] });
  });
  it('is [] when nothing matches', async () => {
    const { text } = await exportText({ format: 'json', filter: { client: 'nobody' } });
    expect(JSON.parse(text)).toEqual([]);
  });
});

describe('Markdown export', () => {
  it('groups by day and client', async () => {
    const { text } = await exportText({ format: 'md' });
    expect(text).toMatchSnapshot();
  });
  it('escapes Markdown and HTML in names and notes', () => {
    expect(mdText('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mdText('**boss** [link](http://x) `code` # h | t ~s~ _i_')).toBe('\\*\\*boss\\*\\* \\[link\\](http://x) \\`code\\` \\# h \\| t \\~s\\~ \\_i\\_');
    expect(mdText('two\nlines')).toBe('two lines');
    expect(mdText('esc\u001b[2J')).toBe('esc␛\\[2J');
  });
});

describe('damaged and several journals', () => {
  it('exports the good entries of a damaged journal and returns the damage with line numbers', async () => {
    const { text, result } = await exportText({ format: 'csv', journals: [DAMAGED] });
    expect(csv(text)).toHaveLength(7);
    expect(result.damage.map((d) => [d.line, d.reason])).toEqual([[3, 'invalid-json'], [10, 'torn']]);
    const json = await exportText({ format: 'json', journals: [DAMAGED] });
    expect(JSON.parse(json.text)).toHaveLength(7);
  });

  it('merges several journals by time, each entry once', async () => {
    const temp = tempDir();
    try {
      const lines = readFileSync(TEAM, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as JournalEntry);
      // Sergey's journal and Anna's, with one call present in both (a copied file).
      const a = writeJournal(path.join(temp.dir, 'a.jsonl'), lines.filter((e) => e.type !== 'call' || e.salesperson !== 'Anna Berg'));
      const b = writeJournal(path.join(temp.dir, 'b.jsonl'), [...lines.filter((e) => e.type === 'call' && e.salesperson === 'Anna Berg'), lines[0]!].sort((x, y) => x.at.localeCompare(y.at)));
      const { text } = await exportText({ format: 'csv', journals: [a, b] });
      const rows = csv(text);
      expect(rows.map((r) => r.id)).toEqual(['01KC1', '01KC2', '01KC3', '01KC4', '01KC5', '01KC6', '01KC7']);
      // The flag update lives in a.jsonl, the flag in b.jsonl's call: still resolved.
      expect(rows[3]!.open_flags).toBe('0');
    } finally {
      temp.cleanup();
    }
  });
});

describe('the export command', () => {
  let temp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    temp = tempDir();
  });
  afterEach(() => temp.cleanup());

  it('-o writes the file 0600, says so on stderr, leaves no temp file', async () => {
    const ctx = testContext({ home: temp.dir, journals: [TEAM] });
    const file = path.join(temp.dir, 'calls.csv');
    expect(await runExportCommand(ctx, { format: 'csv', output: file })).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(csv(readFileSync(file, 'utf8'))).toHaveLength(7);
    expect(ctx.io.stdoutText()).toBe('');
    expect(ctx.io.stderrText()).toContain(`Wrote ${file}: 7 calls`);
    expect(readdirSync(temp.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('-o replaces an existing file that was readable by others with a 0600 one', async () => {
    const file = path.join(temp.dir, 'old.ics');
    writeFileSync(file, 'old', { mode: 0o644 });
    const ctx = testContext({ home: temp.dir, journals: [TEAM] });
    await runExportCommand(ctx, { format: 'ics', output: file, from: '2026-11-01' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain('BEGIN:VCALENDAR');
  });

  it('reports damage once on stderr and keeps stdout pure data', async () => {
    const ctx = testContext({ home: temp.dir, journals: [DAMAGED] });
    expect(await runExportCommand(ctx, { format: 'json' })).toBe(0);
    expect(JSON.parse(ctx.io.stdoutText())).toHaveLength(7);
    expect(ctx.io.stderrText().match(/damaged lines/g)).toHaveLength(1);
    expect(ctx.io.stderrText()).toContain(`${DAMAGED}:3:`);
  });

  it('shows no spinner when stderr is not a terminal, nor when data goes to the same terminal', async () => {
    const piped = testContext({ home: temp.dir, journals: [TEAM] });
    await runExportCommand(piped, { format: 'csv' });
    expect(piped.io.stderrText()).toBe('');
    const tty = testContext({ home: temp.dir, journals: [TEAM], io: memoryIo({ tty: true }) });
    await runExportCommand(tty, { format: 'csv' });
    expect(tty.io.stderrText()).toBe('');
    // With -o and stderr on a terminal, the spinner shows there (and only there).
    const toFile = testContext({ home: temp.dir, journals: [TEAM], io: memoryIo({ tty: true }) });
    await runExportCommand(toFile, { format: 'csv', output: path.join(temp.dir, 'x.csv') });
    expect(toFile.io.stdoutText()).toBe('');
    expect(toFile.io.stderrText()).toContain('Reading the journal… 0 entries');
    expect(toFile.io.stderrText()).toContain('Wrote');
  });

  it('makes control characters visible when the data goes to a terminal', async () => {
    const file = writeJournal(path.join(temp.dir, 'j.jsonl'), [
      { ...(JSON.parse(readFileSync(TEAM, 'utf8').split('\n')[0]!) as CallEntry), client: { id: 'x', name: 'Evil\u001b]0;pwned\u0007\u001b[2J' } },
    ]);
    const tty = testContext({ home: temp.dir, journals: [file], io: memoryIo({ tty: true }) });
    await runExportCommand(tty, { format: 'csv' });
    expect(tty.io.stdoutText()).not.toContain('\u001b');
    expect(tty.io.stdoutText()).toContain('Evil␛]0;pwned␇␛[2J');
    const pipe = testContext({ home: temp.dir, journals: [file] });
    await runExportCommand(pipe, { format: 'csv' });
    expect(pipe.io.stdoutText()).toContain('Evil\u001b]0;pwned');
  });

  it('rejects bad flags with a usage error that says what to do', async () => {
    const ctx = testContext({ home: temp.dir, journals: [TEAM] });
    await expect(runExportCommand(ctx, { format: 'json', rows: 'flags' })).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('--rows flags') });
    await expect(runExportCommand(ctx, { from: 'someday' })).rejects.toMatchObject({ exitCode: 2, hint: expect.stringContaining('YYYY-MM-DD') });
    await expect(runExportCommand(ctx, { from: '2026-12-05', to: '2026-12-01' })).rejects.toMatchObject({ exitCode: 2 });
    await expect(runExportCommand(ctx, { outcome: 'great' })).rejects.toMatchObject({ exitCode: 2, hint: expect.stringContaining('completed') });
    await expect(runExportCommand(ctx, { output: path.join(temp.dir, 'no/such/dir/x.csv') })).rejects.toMatchObject({ exitCode: 1 });
    expect(existsSync(path.join(temp.dir, 'no'))).toBe(false);
  });

  it('understands relative days: yesterday, -7d', async () => {
    const ctx = testContext({ home: temp.dir, journals: [TEAM] });
    await runExportCommand(ctx, { format: 'json', from: '-7d', to: 'yesterday' });
    // 28 Nov – 4 Dec in Moscow: all seven calls.
    expect(JSON.parse(ctx.io.stdoutText())).toHaveLength(7);
    const ctx2 = testContext({ home: temp.dir, journals: [TEAM] });
    await runExportCommand(ctx2, { format: 'json', from: 'yesterday' });
    expect((JSON.parse(ctx2.io.stdoutText()) as CallEntry[]).map((c) => c.id)).toEqual(['01KC7']);
  });
});
