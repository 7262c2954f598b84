// The call's summary: one readable paragraph for the journal, in the script's
// language — how it went, what was answered, issues taken on with owner and
// due day, what the script didn't cover, and the next call. Deterministic: it
// reads only the entry (no clock), so replaying a call gives the same text.
import { translator, type Lang } from '../i18n/catalog.js';
import { formatDate } from '../i18n/dates.js';
import type { CallEntry, NextCall, StepRecord } from '../journal/types.js';
import { callEngineMessages } from './messages.js';

export interface SummaryInput
  extends Pick<CallEntry, 'outcome' | 'durationSec' | 'steps' | 'flags' | 'gaps' | 'nextCall' | 'reviewedFlags' | 'note'> {
  /** The script's target length: shown beside the duration. */
  targetSec?: number;
  /** How many main steps the script has ("6 of 7 steps"). */
  mainSteps?: number;
  /** Texts of the earlier flags reviewed, by id. */
  reviewedTexts?: Record<string, string>;
}

export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Ends a sentence once: no "..". */
function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

const label = (step: StepRecord) => step.goal ?? step.id;

export function summarize(input: SummaryInput, lang: Lang, timeZone?: string): string {
  const t = translator(callEngineMessages, lang);
  const day = (date: string) => formatDate(date, 'day', lang, timeZone);
  const parts: string[] = [];

  let opening = t(`summary.outcome.${input.outcome}`, {
    duration: formatClock(input.durationSec),
    target: input.targetSec ? formatClock(input.targetSec) : '—',
  });
  const main = input.steps.filter((s) => !s.handler);
  if (main.length > 0 && input.mainSteps) {
    const answered = main.filter((s) => !s.skipped).length;
    opening += `, ${t('summary.steps', { answered, count: input.mainSteps })}`;
  }
  parts.push(opening);

  // Yes/no answers are recorded in English; the summary says them in its own language.
  const said = (answer: string) => (answer === 'yes' ? t('summary.yes') : answer === 'no' ? t('summary.no') : answer);
  const answers = input.steps.filter((s) => s.answer !== undefined).map((s) => `${label(s)}: ${said(s.answer!)}`);
  if (answers.length > 0) parts.push(answers.join('; '));
  const notes = input.steps.filter((s) => s.note).map((s) => `${label(s)}: ${s.note}`);
  if (notes.length > 0) parts.push(t('summary.notes', { list: notes.join('; ') }));
  const skipped = input.steps.filter((s) => s.skipped).map(label);
  if (skipped.length > 0) parts.push(t('summary.skipped', { list: skipped.join(', ') }));

  if (input.flags.length > 0) {
    const list = input.flags
      .map((f) =>
        t(f.promise ? 'summary.flag.promise' : 'summary.flag', {
          text: f.text,
          owner: f.owner,
          due: day(f.due),
          promise: f.promise,
        }),
      )
      .join('; ');
    parts.push(t('summary.flags', { list, count: input.flags.length }));
  }
  if (input.gaps.length > 0) parts.push(t('summary.gaps', { list: input.gaps.map((g) => g.said).join('; ') }));
  if (input.reviewedFlags && input.reviewedFlags.length > 0) {
    const list = input.reviewedFlags
      .map((r) => {
        const text = t(r.status === 'resolved' ? 'summary.reviewed.resolved' : 'summary.reviewed.open', {
          text: input.reviewedTexts?.[r.flag] ?? r.flag,
        });
        return r.note ? `${text} (${r.note})` : text;
      })
      .join('; ');
    parts.push(t('summary.reviewed', { list }));
  }
  parts.push(nextCallText(input.nextCall, t, lang, timeZone));
  if (input.note) parts.push(t('summary.note', { note: input.note }));
  // One paragraph: what people typed may hold line breaks.
  return parts
    .map((part) => sentence(part.replace(/\s+/g, ' ')))
    .join(' ');
}

function nextCallText(
  next: NextCall | null,
  t: ReturnType<typeof translator<typeof callEngineMessages.en>>,
  lang: Lang,
  timeZone: string | undefined,
): string {
  if (!next) return t('summary.next.none');
  const date = next.at ? formatDate(next.at, 'dayTime', lang, timeZone) : formatDate(next.date, 'day', lang, timeZone);
  const key = next.kind === 'retry' ? 'summary.retry' : next.agreed ? 'summary.next.agreed' : 'summary.next.proposed';
  const text = t(key, { date });
  return next.script && next.kind !== 'retry' ? t('summary.next.script', { text, script: next.script }) : text;
}
