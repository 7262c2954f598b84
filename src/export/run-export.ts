// An export from journal files to a sink: the prescan (flag changes, step
// columns), then one streaming pass through the formatter of the format.
// No terminal here: progress goes to a callback, damage is returned.
import { formatClock } from '../call/summary.js';
import type { Lang } from '../i18n/catalog.js';
import { translator } from '../i18n/catalog.js';
import { formatDate } from '../i18n/dates.js';
import { exportMessages } from '../i18n/messages/export.js';
import type { Damage } from '../journal/index.js';
import type { CallEntry } from '../journal/types.js';
import { callRowWriter, flagRowWriter, type CsvDialect } from './csv.js';
import { callMatcher, type CallFilter } from './filter.js';
import type { UpcomingCall } from './ics.js';
import { writeMarkdown } from './markdown.js';
import { CACHE_MIN_BYTES, prescanJournals } from './prescan.js';
import { FlagStatusRecorder, journalIdentityNow, openFlagStatus, type FlagStatusStream } from './flag-status-file.js';
import type { FlagStatusIndex, OpenFlagCounter } from './flag-status.js';
import type { Sink } from './sink.js';
import { callsOnly, eachEntry, journalEntries, type StreamJournal } from './source.js';
import { zoneClock } from './zone.js';
import { realText, toBytes } from './byte-strings.js';

export type ExportFormat = 'csv' | 'json' | 'md' | 'ics';

export interface ExportRequest {
  journals: string[];
  format: ExportFormat;
  rows?: 'calls' | 'flags';
  excel?: boolean;
  filter: CallFilter;
  lang: Lang;
  timeZone: string;
  now: Date;
  /** All-day calendar reminders ring at this local time (HH:MM). */
  remindAt?: string;
  stream?: StreamJournal;
  /** Journals smaller than this get no export caches (prescan.ts, flag-status-file.ts); default 1 MiB. */
  cacheMinBytes?: number;
  onProgress?: (progress: { read: number; written: number }) => void;
}

export interface ExportResult {
  read: number;
  written: number;
  what: 'calls' | 'flags' | 'events';
  damage: Damage[];
}

/** 171 → "2:51": the call summary's own clock, so exports show durations as summaries do. */
export const durationText = formatClock;

export async function runExport(request: ExportRequest, sink: Sink): Promise<ExportResult> {
  const rows = request.rows ?? 'calls';
  const csvCalls = request.format === 'csv' && rows === 'calls';
  // Resolution notes are shown by flag rows and Markdown only.
  const notes = (request.format === 'csv' && rows === 'flags') || request.format === 'md';
  // CSV call rows of one journal count open flags from the journal's flag
  // file, read alongside, when it is the journal's as it is now; without one,
  // from the whole table of changed flags, and the file is written for next
  // time (flag-status-file.ts).
  const oneJournal = csvCalls && request.journals.length === 1 && !request.stream;
  const journal = request.journals[0]!;
  const flagFile = oneJournal ? openFlagStatus(journal) : null;
  const before = oneJournal && !flagFile ? journalIdentityNow(journal) : null;
  try {
    const { flags, stepKeys } = await prescanJournals(request.journals, { steps: csvCalls, notes, flags: flagFile === null, cacheMinBytes: request.cacheMinBytes });
    // CSV call rows from one journal are read and written as byte strings
    // (byte-strings.ts) when the sink can take them: the same bytes, faster.
    const bytes = oneJournal && sink.acceptBytes !== undefined;
    if (bytes) sink.acceptBytes!();
    const recorder = before && before.size >= (request.cacheMinBytes ?? CACHE_MIN_BYTES) ? new FlagStatusRecorder(flags, bytes ? realText : undefined) : null;
    const result = await exportWith(request, sink, { flags, stepKeys, bytes, flagFile, recorder, counter: flagFile ?? flags });
    if (recorder && before) recorder.save(journal, before);
    return result;
  } finally {
    flagFile?.close();
  }
}

interface Prepared {
  flags: FlagStatusIndex;
  stepKeys: string[];
  bytes: boolean;
  /** Where CSV call rows count open flags: `flagFile` or `flags`. */
  counter: OpenFlagCounter;
  flagFile: FlagStatusStream | null;
  recorder: FlagStatusRecorder | null;
}

async function exportWith(request: ExportRequest, sink: Sink, prepared: Prepared): Promise<ExportResult> {
  const { flags, stepKeys, bytes, counter, flagFile, recorder } = prepared;
  const t = translator(exportMessages, request.lang);
  const clock = zoneClock(request.timeZone);
  const rows = request.rows ?? 'calls';
  const matcher = callMatcher(request.filter, clock, counter, bytes ? realText : undefined);
  const damage: Damage[] = [];
  let read = 0;
  let written = 0;
  const report = () => request.onProgress?.({ read, written });
  const sourceOptions = {
    bytes,
    stream: request.stream,
    onDamage: (d: Damage) => damage.push(d),
    onProgress: (n: number) => {
      read = n;
      report();
    },
  };
  const entries = journalEntries(request.journals, sourceOptions);
  const matching = async function* (): AsyncGenerator<CallEntry> {
    for await (const call of callsOnly(entries)) if (matcher(call)) yield call;
  };
  /** The fast path of the big formats: a callback per matching call. */
  const eachMatching = (visit: (call: CallEntry) => void | Promise<void>) =>
    eachEntry(request.journals, sourceOptions, (entry, line) => {
      if (entry.type !== 'call') return;
      flagFile?.enter(line);
      recorder?.visit(entry, line);
      if (matcher(entry)) return visit(entry);
    });
  const write = async (text: string) => {
    const pending = sink.write(text);
    if (pending) await pending;
  };

  let what: ExportResult['what'] = 'calls';
  switch (request.format) {
    case 'csv': {
      const dialect: CsvDialect = { separator: request.excel && request.lang === 'ru' ? ';' : ',', excel: Boolean(request.excel) };
      const header = (column: string) => (dialect.excel ? t(`col.${column}` as 'col.id') : column === 'answer' ? 'answer:' : column);
      if (rows === 'flags') {
        what = 'flags';
        if (dialect.excel) await write('\uFEFF');
        const writer = flagRowWriter({ dialect, flags, header, status: (s) => (dialect.excel ? t(`status.${s}` as 'status.open') : s) });
        await write(`${writer.header}\r\n`);
        const only = request.filter.openFlags ? (f: Parameters<typeof flags.isOpen>[0]) => flags.isOpen(f) : undefined;
        await eachMatching((call) => {
          const text = writer.rows(call, only);
          if (!text) return;
          written += only ? call.flags.filter(only).length : call.flags.length;
          return sink.write(text);
        });
      } else {
        const yes = dialect.excel ? t('yes') : 'yes';
        const no = dialect.excel ? t('no') : 'no';
        const writer = callRowWriter({ stepKeys, dialect, clock, flags: counter, header, yesNo: (v) => (v ? yes : no), bytes });
        if (bytes && dialect.excel) await write(toBytes('\uFEFF'));
        else if (dialect.excel) await write('\uFEFF');
        await write(`${writer.header}\r\n`);
        await eachMatching((call) => {
          written++;
          return sink.write(`${writer.row(call)}\r\n`);
        });
      }
      break;
    }
    case 'json': {
      await write('[');
      await eachMatching((call) => {
        const text = `${written === 0 ? '\n' : ',\n'}${JSON.stringify(call)}`;
        written++;
        return sink.write(text);
      });
      await write(written === 0 ? ']\n' : '\n]\n');
      break;
    }
    case 'md': {
      const { from, to } = request.filter;
      written = await writeMarkdown(
        matching(),
        {
          flags,
          clock,
          day: matcher.day,
          text: {
            title: from || to ? t('md.titleRange', { from: from ?? '…', to: to ?? '…' }) : t('md.title'),
            day: (d) => `${formatDate(d, 'long', request.lang, request.timeZone)} ${d.slice(0, 4)}`,
            time: (instant) => formatDate(instant, 'time', request.lang, request.timeZone),
            outcome: (o) => t(`outcome.${o}` as 'outcome.completed'),
            duration: durationText,
            flag: (owner, due, status) => t('md.flag', { owner, due, status: t(`status.${status}` as 'status.open') }),
            next: (when, agreed) => t('md.next', { when, agreed: agreed ? t('md.agreed') : '' }),
            notes: t('md.notes'),
            empty: t('md.empty'),
            callCount: (count) => t('md.calls', { count }),
          },
        },
        sink,
      );
      break;
    }
    case 'ics': {
      what = 'events';
      // ical-generator (160 KB) is loaded for calendars only, not for every export.
      const { collectUpcoming, renderIcs } = await import('./ics.js');
      const upcoming = await collectUpcoming(callsOnly(entries), {
        flags,
        clock,
        now: request.now,
        from: request.filter.from,
        to: request.filter.to,
        matcher,
        openFlagsOnly: request.filter.openFlags,
      });
      written = upcoming.length;
      await write(
        renderIcs(upcoming, {
          now: request.now,
          clock,
          remindAt: request.remindAt,
          text: {
            calendarName: t('ics.name'),
            summary: (name) => t('ics.summary', { name }),
            alarm: (name) => t('ics.alarm', { name }),
            description: (item) => icsDescription(item, t, request, clock.day(item.call.at)),
          },
        }),
      );
      break;
    }
  }
  report();
  return { read, written, what, damage };
}

function icsDescription(item: UpcomingCall, t: ReturnType<typeof translator<typeof exportMessages.en>>, request: ExportRequest, lastDay: string): string {
  const { call, next, openFlags } = item;
  const lines = [t('ics.client', { name: call.client.name })];
  if (call.client.phone) lines.push(t('ics.phone', { phone: String(call.client.phone) }));
  if (next.script) lines.push(t('ics.script', { script: next.script }));
  lines.push(next.agreed ? t('ics.agreed') : t('ics.notAgreed'));
  if (openFlags.length > 0) {
    lines.push('', t('ics.openFlags'));
    for (const f of openFlags) lines.push(t('ics.flag', { text: f.text, owner: f.owner, due: f.due }));
  }
  lines.push(
    '',
    t('ics.lastCall', {
      day: formatDate(lastDay, 'day', request.lang, request.timeZone),
      outcome: t(`outcome.${call.outcome}` as 'outcome.completed'),
      salesperson: call.salesperson,
      summary: call.summary ?? '',
    }),
  );
  return lines.join('\n');
}
