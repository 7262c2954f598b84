// The summary screen at the end of a call: exactly the entry that will be
// written (rendered from it), so what the salesperson confirms is what the
// journal gets.
import type { CallEntry } from '../../journal/types.js';
import { translator } from '../../i18n/catalog.js';
import { formatDate } from '../../i18n/dates.js';
import { callMessages } from '../../i18n/messages/call.js';
import { safeText } from '../safe-text.js';
import { clock, makeChalk, padDisplay, rule, textWidth, truncate, width, wrapIndented, wrapText, type RenderOptions } from './style.js';

export interface SummaryModel {
  entry: CallEntry;
  /** Main steps in the script (the "of N"). */
  totalSteps: number;
  targetSec: number;
  /** Earlier flags by id, to name the ones reviewed in this call. */
  earlierFlags?: { id: string; text: string }[];
}

export function renderSummary(model: SummaryModel, options: RenderOptions): string {
  const t = translator(callMessages, options.lang);
  const chalk = makeChalk(options.color);
  const lineWidth = width(options);
  const { entry } = model;
  const over = entry.durationSec > model.targetSec;
  const timer = `${clock(entry.durationSec)} / ${clock(model.targetSec)}`;
  const lines = [rule(t('summary.title'), over ? chalk.red(timer) : chalk.dim(timer), lineWidth, { title: chalk.bold, line: chalk.dim })];

  const main = entry.steps.filter((s) => !s.handler);
  const answered = main.filter((s) => !s.skipped).length;
  const skipped = entry.steps.filter((s) => s.skipped).length;
  const counts = [
    t('summary.steps', { answered, total: model.totalSteps }),
    skipped > 0 ? t('summary.skipped', { count: skipped }) : undefined,
    t('summary.flags', { count: entry.flags.length }),
    t('summary.gaps', { count: entry.gaps.length }),
    t('summary.duration', { duration: clock(entry.durationSec) }),
  ].filter(Boolean);
  const complete = entry.outcome === 'completed' && answered === model.totalSteps;
  lines.push(`${complete ? chalk.green('✔') : chalk.yellow('•')} ${counts.join(' · ')}`);
  lines.push(t('summary.outcome', { outcome: t(`outcome.${entry.outcome}`) }));

  const goalOf = (s: CallEntry['steps'][number]) => safeText(s.goal ?? s.id);
  const labelOf = (s: CallEntry['steps'][number]) => `${s.handler ? '↳ ' : ''}${goalOf(s)}`;
  const labelWidth = Math.min(36, Math.max(0, ...entry.steps.map((s) => textWidth(labelOf(s)))));
  const answerWidth = Math.max(20, lineWidth - labelWidth - 4);
  const indent = ' '.repeat(labelWidth + 4);
  const shown = (answer: string) => (answer === 'yes' ? t('prompt.yes') : answer === 'no' ? t('prompt.no') : safeText(answer));
  for (const step of entry.steps) {
    const answer = step.skipped
      ? chalk.dim(t('summary.skippedMark'))
      : step.answer !== undefined && step.answer !== ''
        ? chalk.cyan(wrapText(shown(step.answer), answerWidth).replace(/\n/g, `\n${indent}`))
        : chalk.dim('✓');
    lines.push(`  ${padDisplay(truncate(labelOf(step), labelWidth), labelWidth)}  ${answer}`);
    if (step.note) lines.push(chalk.dim(wrapIndented(`+ ${safeText(step.note)}`, labelWidth + 4, lineWidth)));
  }

  for (const flag of entry.flags) {
    const date = formatDate(flag.due, 'day', options.lang, options.timeZone);
    const text = t('summary.flagLine', { text: safeText(flag.text), owner: safeText(flag.owner), date, status: t(`status.${flag.status}`) });
    lines.push(chalk.yellow(wrapIndented(`! ${text}`, 0, lineWidth)));
    if (flag.promise) lines.push(chalk.dim(wrapIndented(`${t('review.promised')}: ${safeText(flag.promise)}`, 2, lineWidth)));
  }
  const earlier = new Map((model.earlierFlags ?? []).map((f) => [f.id, f.text]));
  for (const reviewed of entry.reviewedFlags ?? []) {
    const text = t('summary.reviewed', { text: safeText(earlier.get(reviewed.flag) ?? reviewed.flag), status: t(`status.${reviewed.status}`) });
    lines.push(wrapIndented(`${reviewed.status === 'resolved' ? chalk.green('✔') : chalk.yellow('!')} ${text}`, 0, lineWidth));
    if (reviewed.note) lines.push(chalk.dim(wrapIndented(`+ ${safeText(reviewed.note)}`, 2, lineWidth)));
  }
  const stepGoal = new Map(entry.steps.map((s) => [s.handler ? `${s.handler}.${s.id}` : s.id, goalOf(s)]));
  for (const gap of entry.gaps) {
    lines.push(wrapIndented(`? ${t('summary.gapLine', { step: stepGoal.get(gap.step) ?? safeText(gap.step), said: safeText(gap.said) })}`, 0, lineWidth));
  }
  if (entry.note) lines.push(wrapIndented(`+ ${safeText(entry.note)}`, 0, lineWidth));

  if (entry.nextCall) {
    const date = formatDate(entry.nextCall.date, 'long', options.lang, options.timeZone);
    const status = entry.nextCall.kind === 'retry' ? t('summary.nextRetry') : entry.nextCall.agreed ? t('summary.nextAgreed') : t('summary.nextNotAgreed');
    const script = entry.nextCall.script ? ` · ${safeText(entry.nextCall.script)}` : '';
    lines.push(chalk.cyan(`${t('summary.next', { date })} (${status})${script}`));
  } else {
    lines.push(t('summary.noNext'));
  }
  return lines.join('\n');
}
