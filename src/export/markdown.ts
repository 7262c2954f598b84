// The Markdown export: a readable report, grouped by day and, within a day,
// by client. Names, notes and answers are escaped so a client called
// "<script>" or "**boss**" stays text in any Markdown or HTML viewer, and
// control characters are made visible (the report may land on a terminal).
// Streams: one day's calls are held at a time.
import type { CallEntry } from '../journal/types.js';
import { safeText } from '../terminal/safe-text.js';
import type { FlagStatusIndex } from './flag-status.js';
import { nextCallText, stepKeyOf } from './csv.js';
import type { Sink } from './sink.js';
import type { ZoneClock } from './zone.js';
import { compareText } from '../i18n/text.js';

// Our text always follows a prefix on its line (a heading mark, a list
// bullet), so only inline syntax needs escaping, not line-start syntax.
const MD_SPECIAL = /[\\`*_[\]|~#]/g;
const HTML_SPECIAL = /[&<>"]/g;
const HTML_ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Inline Markdown text: one line, Markdown and HTML syntax inert. */
export function mdText(value: unknown): string {
  return safeText(String(value ?? ''))
    .replace(/⏎/g, ' ')
    .replace(HTML_SPECIAL, (ch) => HTML_ENTITY[ch]!)
    .replace(MD_SPECIAL, (ch) => `\\${ch}`);
}

export interface MarkdownText {
  title: string;
  day: (day: string) => string;
  time: (instant: string) => string;
  outcome: (outcome: string) => string;
  duration: (sec: number) => string;
  flag: (owner: string, due: string, status: string) => string;
  next: (when: string, agreed: boolean) => string;
  notes: string;
  empty: string;
  callCount: (n: number) => string;
}

export interface MarkdownOptions {
  flags: FlagStatusIndex;
  clock: ZoneClock;
  day: (call: CallEntry) => string;
  text: MarkdownText;
}

export async function writeMarkdown(calls: AsyncIterable<CallEntry>, options: MarkdownOptions, sink: Sink): Promise<number> {
  const { text } = options;
  let written = 0;
  let day: string | null = null;
  let held: CallEntry[] = [];
  await sink.write(`# ${mdText(text.title)}\n`);

  async function flushDay() {
    if (day === null || held.length === 0) return;
    // Within a day: clients by name, each client's calls in time order.
    const byClient = new Map<string, CallEntry[]>();
    for (const call of held) {
      const key = call.client?.id ?? '';
      const list = byClient.get(key);
      if (list) list.push(call);
      else byClient.set(key, [call]);
    }
    const clients = [...byClient.values()].sort((a, b) => compareText(String(a[0]!.client?.name), String(b[0]!.client?.name)));
    let out = `\n## ${mdText(text.day(day))} · ${mdText(text.callCount(held.length))}\n`;
    for (const list of clients) {
      const client = list[0]!.client;
      out += `\n### ${mdText(client?.name ?? client?.id)}${client?.phone ? ` · ${mdText(client.phone)}` : ''}\n\n`;
      for (const call of list) out += callBlock(call, options);
    }
    await sink.write(out);
    held = [];
  }

  for await (const call of calls) {
    const d = options.day(call);
    if (d !== day) {
      await flushDay();
      day = d;
    }
    held.push(call);
    written++;
  }
  await flushDay();
  if (written === 0) await sink.write(`\n${mdText(text.empty)}\n`);
  return written;
}

function callBlock(call: CallEntry, { flags, text, clock }: MarkdownOptions): string {
  const head = [
    `**${mdText(text.time(call.at))}**`,
    mdText(call.salesperson),
    `\`${safeText(call.script?.id).replace(/`/g, "'")}\``,
    mdText(text.outcome(call.outcome)),
    mdText(text.duration(Number(call.durationSec) || 0)),
  ].join(' · ');
  let out = `- ${head}\n`;
  if (call.summary) out += `  ${mdText(call.summary)}\n`;
  for (const flag of call.flags ?? []) {
    const now = flags.current(flag);
    out += `  - ⚑ ${mdText(flag.text)} — ${mdText(text.flag(flag.owner, flag.due, now.status))}${now.status === 'resolved' && now.note ? `: ${mdText(now.note)}` : ''}\n`;
  }
  const notes = (call.steps ?? []).filter((s) => s.note).map((s) => `${mdText(stepKeyOf(s))}: ${mdText(s.note)}`);
  if (call.note) notes.unshift(mdText(call.note));
  if (notes.length > 0) out += `  - ${mdText(text.notes)}: ${notes.join('; ')}\n`;
  if (call.nextCall) out += `  - ${mdText(text.next(nextCallText(call.nextCall, clock), Boolean(call.nextCall.agreed)))}\n`;
  return out;
}
