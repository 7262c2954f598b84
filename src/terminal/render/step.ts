// The step screen: a header with the step's place and the call clock, then
// what to say (prominent), how to say it (dimmed) and the likely reply.
// Everything from the script or the journal goes through safeText.
import type { ReviewView, StepView, Timing } from '../../call/types.js';
import { translator } from '../../i18n/catalog.js';
import { formatDate } from '../../i18n/dates.js';
import { callMessages } from '../../i18n/messages/call.js';
import { safeText } from '../safe-text.js';
import { clock, labelled, makeChalk, rule, textWidth, width, wrapIndented, type RenderOptions } from './style.js';

export type TimeWarning = 'near' | 'past';

/** `0:04 / 3:00`, yellow near the target and red past it. */
export function renderClock(timing: Timing, options: RenderOptions): string {
  const chalk = makeChalk(options.color);
  const text = `${clock(timing.elapsedSec)} / ${clock(timing.targetSec)}`;
  if (timing.overTarget) return chalk.red.bold(text);
  if (timing.nearTarget) return chalk.yellow(text);
  return chalk.dim(text);
}

/** Which warning a step should show, once per threshold crossed. */
export function timeWarning(timing: Timing, shown: Set<TimeWarning>): TimeWarning | undefined {
  const due = timing.overTarget ? 'past' : timing.nearTarget ? 'near' : undefined;
  if (!due || shown.has(due)) return undefined;
  shown.add(due);
  if (due === 'past') shown.add('near');
  return due;
}

export function renderWarning(warning: TimeWarning, timing: Timing, options: RenderOptions): string {
  const t = translator(callMessages, options.lang);
  const chalk = makeChalk(options.color);
  const target = clock(timing.targetSec);
  return warning === 'past' ? chalk.red(`⏱ ${t('step.pastTarget', { target })}`) : chalk.yellow(`⏱ ${t('step.nearTarget', { target })}`);
}

function blocks(rows: { label: string; text?: string; kind: 'say' | 'tone' | 'likely' }[], options: RenderOptions): string[] {
  const chalk = makeChalk(options.color);
  const present = rows.filter((r) => r.text && r.text.trim() !== '');
  if (present.length === 0) return [];
  // One column for the words on every screen, whichever labels a step has.
  const t = translator(callMessages, options.lang);
  const labelWidth = Math.max(...[t('step.say'), t('step.tone'), t('step.likely')].map(textWidth)) + 2;
  const lineWidth = width(options);
  return present.map((r) => {
    const text = safeText(r.text!.trim().replace(/\s*\n\s*/g, ' '));
    if (r.kind === 'say') return labelled(r.label, labelWidth, text, lineWidth, { label: chalk.bold.cyan, text: chalk.bold });
    if (r.kind === 'tone') return labelled(r.label, labelWidth, text, lineWidth, { label: chalk.dim, text: chalk.dim.italic });
    return labelled(r.label, labelWidth, text, lineWidth, { label: chalk.dim });
  });
}

/** The words to say after an option was chosen (the option's own `say`). */
export function renderSay(text: string, options: RenderOptions): string {
  const t = translator(callMessages, options.lang);
  return blocks([{ label: t('step.say'), text, kind: 'say' }], options).join('\n');
}

export interface StepScreenOptions extends RenderOptions {
  warning?: TimeWarning;
}

export function renderStep(view: StepView, options: StepScreenOptions): string {
  const t = translator(callMessages, options.lang);
  const chalk = makeChalk(options.color);
  const lineWidth = width(options);
  const goal = safeText(view.goal ?? view.id);
  const place = `${view.index}/${view.total}`;
  const title = view.handler ? `${place} ↳ ${goal}` : `${place} ${goal}`;
  const lines = [rule(title, renderClock(view.timing, options), lineWidth, { title: chalk.bold, line: chalk.dim })];
  if (view.handler?.goal) lines.push(chalk.dim(wrapIndented(safeText(view.handler.goal), 2, lineWidth)));
  if (options.warning) lines.push(renderWarning(options.warning, view.timing, options));
  lines.push(
    ...blocks(
      [
        { label: t('step.say'), text: view.say, kind: 'say' },
        { label: t('step.tone'), text: view.tone, kind: 'tone' },
        { label: t('step.likely'), text: view.expect, kind: 'likely' },
      ],
      options,
    ),
  );
  if (view.proposal) {
    const date = formatDate(view.proposal.chosen?.date ?? view.proposal.date, 'long', options.lang, options.timeZone);
    lines.push(chalk.cyan(`→ ${t('step.proposed', { date })}`));
  }
  for (const note of view.notes) lines.push(chalk.dim(`  + ${safeText(note)}`));
  return lines.join('\n');
}

export interface ReviewScreenOptions extends StepScreenOptions {
  clientName: string;
}

export function renderReview(view: ReviewView, options: ReviewScreenOptions): string {
  const t = translator(callMessages, options.lang);
  const chalk = makeChalk(options.color);
  const lineWidth = width(options);
  const title = `${t('step.reviewGoal')} ${view.index}/${view.total}`;
  const flag = view.flag;
  const due = formatDate(flag.due, 'day', options.lang, options.timeZone);
  const lines = [rule(title, renderClock(view.timing, options), lineWidth, { title: chalk.bold, line: chalk.dim })];
  if (options.warning) lines.push(renderWarning(options.warning, view.timing, options));
  lines.push(
    chalk.yellow(wrapIndented(`! ${safeText(flag.text)} → ${safeText(flag.owner)}, ${t('brief.due', { date: due })}`, 0, lineWidth)),
  );
  if (flag.promise) lines.push(chalk.dim(wrapIndented(`${t('review.promised')}: ${safeText(flag.promise)}`, 2, lineWidth)));
  lines.push(
    ...blocks(
      [
        {
          label: t('step.say'),
          text: flag.promise
            ? t('review.say', { name: options.clientName, promise: flag.promise.replace(/[.!]+$/, '') })
            : t('review.sayNoPromise', { name: options.clientName, text: flag.text }),
          kind: 'say',
        },
      ],
      options,
    ),
  );
  for (const note of view.notes) lines.push(chalk.dim(`  + ${safeText(note)}`));
  return lines.join('\n');
}
