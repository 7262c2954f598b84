// `followup history <client>`: every call with its summary and flags, what is
// still open, and the next call.
import { translator } from '../../i18n/catalog.js';
import { formatDate } from '../../i18n/dates.js';
import { callMessages } from '../../i18n/messages/call.js';
import type { ClientState } from '../../journal/index.js';
import { plainFlag } from '../flag-record.js';
import { safeText } from '../safe-text.js';
import { flagLine } from './brief.js';
import { clock, makeChalk, width, wrapIndented, type RenderOptions } from './style.js';

export function renderHistory(client: ClientState, today: string, options: RenderOptions): string {
  const t = translator(callMessages, options.lang);
  const chalk = makeChalk(options.color);
  const lineWidth = width(options);
  const info = client.info;
  const head = [safeText(info.name), info.phone ? safeText(info.phone) : undefined, info.product ? safeText(info.product) : undefined, t('history.calls', { count: client.calls.length })]
    .filter(Boolean)
    .join(' · ');
  const lines = [chalk.bold(wrapIndented(head, 0, lineWidth))];
  const flagsById = new Map(client.flags.map((f) => [f.id, f]));
  for (const call of client.calls) {
    const when = formatDate(call.startedAt ?? call.at, 'dayTime', options.lang, options.timeZone);
    lines.push('');
    lines.push(`${chalk.cyan(when)}  ${safeText(call.script.id)}  ${t(`outcome.${call.outcome}`)}  ${clock(call.durationSec)}  ${chalk.dim(safeText(call.salesperson))}`);
    if (call.summary) lines.push(chalk.dim(wrapIndented(safeText(call.summary), 2, lineWidth)));
    for (const raised of call.flags ?? []) {
      const flag = flagsById.get(raised.id) ?? raised;
      const status = t(`status.${flag.status}`);
      lines.push(wrapIndented(`${flagLine(flag, today, { ...options, color: options.color && flag.status === 'open' })} (${status})`, 2, lineWidth));
    }
    for (const reviewed of call.reviewedFlags ?? []) {
      const earlier = flagsById.get(reviewed.flag);
      const mark = reviewed.status === 'resolved' ? chalk.green('✔') : chalk.yellow('!');
      const text = `${mark} ${t('summary.reviewed', { text: safeText(earlier?.text ?? reviewed.flag), status: t(`status.${reviewed.status}`) })}${reviewed.note ? ` (${safeText(reviewed.note)})` : ''}`;
      lines.push(wrapIndented(text, 2, lineWidth));
    }
    const goals = new Map(call.steps.map((s) => [s.handler ? `${s.handler}.${s.id}` : s.id, s.goal]));
    for (const gap of call.gaps ?? []) lines.push(wrapIndented(`? ${safeText(goals.get(gap.step) ?? gap.step)}: ${safeText(gap.said)}`, 2, lineWidth));
  }
  if (client.openFlags.length > 0) {
    lines.push('', chalk.yellow(t('history.openFlags')));
    for (const flag of client.openFlags) lines.push(wrapIndented(flagLine(flag, today, options), 2, lineWidth));
  }
  lines.push('');
  if (client.nextCall) {
    const date = formatDate(client.nextCall.date, 'long', options.lang, options.timeZone);
    const script = client.nextCall.script ? ` · ${safeText(client.nextCall.script)}` : '';
    lines.push(chalk.cyan(`${t('history.next', { date })}${script}`));
  } else lines.push(t('history.noNext'));
  return lines.join('\n');
}

/** The --json shape (docs/call.md). */
export function historyJson(client: ClientState) {
  return {
    client: client.info,
    calls: client.calls,
    openFlags: client.openFlags.map(flagJson),
    flags: client.flags.map(flagJson),
    nextCall: client.nextCall,
  };
}

export function flagJson(flag: ClientState['flags'][number]) {
  const { id, ...record } = plainFlag(flag);
  return {
    id,
    client: { id: flag.clientId, name: flag.client.name },
    ...record,
    raisedAt: flag.raisedAt,
    callId: flag.callId,
    salesperson: flag.salesperson,
    updatedAt: flag.updatedAt,
  };
}
