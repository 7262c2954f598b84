// `followup scripts show`: a resolved script laid out as the salesperson will
// meet it — steps in order with what to say (templates filled with sample
// values), how to say it (dimmed), the likely reply, what to record, where
// each answer leads; then the handlers. Pure: returns a string.
import { Chalk } from 'chalk';
import { translator, type Lang } from '../i18n/catalog.js';
import { scriptsMessages } from '../i18n/messages/scripts.js';
import { clock } from '../terminal/render/style.js';
import { safeText } from '../terminal/safe-text.js';
import { renderTemplate, type TemplateVars } from './templates.js';
import type { Duration, Script, Step, StepOption } from './types.js';

export interface RenderOptions {
  lang: Lang;
  color: boolean;
  width: number;
  /** The values templates are filled with. */
  samples: TemplateVars;
  /** Formatted sample dates for `schedules: next` / `retry` steps. */
  nextDate?: string;
  retryDate?: string;
  /** Where the script came from, e.g. "built-in: /…/kitchen-furniture.yaml". */
  originLine?: string;
}

/** Greedy word wrap; long words are left whole (a URL must stay clickable). */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      if (line && line.length + 1 + word.length > width) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(line);
  }
  return out;
}

export function renderScript(script: Script, opts: RenderOptions): string {
  const t = translator(scriptsMessages, opts.lang);
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const width = Math.max(40, Math.min(opts.width, 100));
  const fill = (text: string) => safeText(renderTemplate(text, opts.samples), { multiline: true });
  const handlerNames = new Set(Object.keys(script.handlers));
  const lines: string[] = [];
  const labels = [t('show.say'), t('show.tone'), t('show.expect'), t('show.ask')];
  const labelWidth = Math.max(...labels.map((l) => l.length)) + 2;
  const dur = (d: Duration) => safeText(d.text);

  /** A labelled block: LABEL  text, continuation lines indented under the text. */
  const block = (indent: number, label: string, text: string, style: (s: string) => string = (s) => s) => {
    const pad = ' '.repeat(indent);
    const body = wrap(text, width - indent - labelWidth);
    body.forEach((line, i) => {
      const head = i === 0 ? c.cyan(label.padEnd(labelWidth)) : ' '.repeat(labelWidth);
      lines.push(`${pad}${head}${style(line)}`.trimEnd());
    });
  };
  const note = (indent: number, text: string) => {
    for (const line of wrap(text, width - indent)) lines.push(`${' '.repeat(indent)}${line}`);
  };

  const gotoText = (target: string) =>
    handlerNames.has(target) ? t('show.gotoHandler', { target: safeText(target) }) : t('show.goto', { target: safeText(target) });
  const outcomeText = (outcome: string) =>
    outcome === 'call-back' && script.retry
      ? t('show.outcomeRetry', { outcome, in: dur(script.retry.in) })
      : t('show.outcome', { outcome });
  const flagText = (flag: NonNullable<Step['flag']>) =>
    t('show.flag', {
      owner: safeText(flag.owner ?? '…'),
      due: flag.due ? t('show.flagDue', { due: dur(flag.due) }) : '',
    }) + (flag.text ? `: ${fill(flag.text)}` : '');

  const consequences = (item: { goto?: string; outcome?: string; flag?: Step['flag'] }): string[] => {
    const out: string[] = [];
    if (item.flag) out.push(flagText(item.flag));
    if (item.outcome) out.push(outcomeText(item.outcome));
    else if (item.goto) out.push(gotoText(item.goto));
    return out;
  };

  const renderOption = (option: StepOption, n: number, indent: number) => {
    const head = `${' '.repeat(indent)}${n}. ${c.bold(safeText(option.label))}`;
    const after = consequences(option);
    lines.push(after.length ? `${head}  ${after[0]}` : head);
    for (const extra of after.slice(1)) lines.push(`${' '.repeat(indent + 3)}${extra}`);
    if (option.say) block(indent + 3, t('show.say'), fill(option.say));
  };

  const renderStep = (step: Step, heading: string, indent: number) => {
    // The id on the right is what trainers override by; shown once when there is no goal.
    const title = step.goal ? fill(step.goal) : safeText(step.id);
    const left = `${' '.repeat(indent)}── ${heading}${title} `;
    const right = step.goal ? ` ${safeText(step.id)}` : '';
    const rule = '─'.repeat(Math.max(3, width - left.length - right.length));
    lines.push(c.bold(`${left}${rule}${right}`));
    if (step.say) block(indent, t('show.say'), fill(step.say));
    if (step.tone) block(indent, t('show.tone'), fill(step.tone), c.dim);
    if (step.expect) block(indent, t('show.expect'), fill(step.expect));
    if (step.ask !== 'none') {
      const what =
        step.ask === 'scale'
          ? t('show.ask.scale', { min: step.scale?.min ?? 1, max: step.scale?.max ?? 10 })
          : t(`show.ask.${step.ask}`);
      block(indent, t('show.ask'), what);
    }
    step.options?.forEach((o, i) => renderOption(o, i + 1, indent + labelWidth));
    if (step.schedules === 'next' && script.next) {
      note(indent, t('show.schedules', { date: opts.nextDate ?? '', in: dur(script.next.in), script: script.next.script ? ` → ${safeText(script.next.script)}` : '' }));
    }
    if (step.schedules === 'retry' && script.retry) {
      note(indent, t('show.schedulesRetry', { date: opts.retryDate ?? '', in: dur(script.retry.in) }));
    }
    for (const line of consequences(step)) note(indent, line);
    lines.push('');
  };

  // The header.
  lines.push(c.bold(`${safeText(script.id)} — ${fill(script.title)}`));
  const facts = [safeText(script.language)];
  if (script.extends) facts.push(t('show.extends', { base: safeText(script.extends) }));
  facts.push(t('show.target', { target: clock(script.targetSec) }), t('show.version', { version: script.version }));
  lines.push(c.dim(facts.join(' · ')));
  if (opts.originLine) lines.push(c.dim(opts.originLine));
  if (script.next) {
    lines.push(t('show.next', { in: dur(script.next.in), script: script.next.script ? ` → ${safeText(script.next.script)}` : '' }));
  }
  if (script.retry) lines.push(t('show.retry', { in: dur(script.retry.in) }));
  if (script.owners.length) note(0, t('show.owners', { owners: script.owners.map((o) => safeText(o)).join(', ') }));
  const samples = [
    ['client.name', opts.samples.client.name],
    ['me.name', opts.samples.me.name],
    ['me.company', opts.samples.me.company],
  ]
    .filter(([, v]) => v)
    .map(([k, v]) => `${k} = ${safeText(v)}`);
  if (samples.length) lines.push(c.dim(t('show.samples', { samples: samples.join(', ') })));
  lines.push('');

  const total = script.steps.length;
  script.steps.forEach((step, i) => renderStep(step, `${i + 1}/${total} `, 0));

  const handlers = Object.entries(script.handlers);
  if (handlers.length) {
    lines.push(c.bold(t('show.handlers')));
    lines.push('');
    for (const [name, handler] of handlers) {
      const callers = [...script.steps, ...handlers.flatMap(([, h]) => h.steps)]
        .filter((s) => s.goto === name || s.options?.some((o) => o.goto === name))
        .map((s) => safeText(s.id));
      lines.push(c.bold(`${safeText(name)}${handler.goal ? ` — ${fill(handler.goal)}` : ''}`));
      if (callers.length) lines.push(c.dim(t('show.handlerFrom', { steps: callers.join(', ') })));
      lines.push('');
      handler.steps.forEach((step, i) => renderStep(step, `${name} ${i + 1}/${handler.steps.length} `, 2));
      lines.push(c.dim(`  ${t('show.handlerBack')}`));
      lines.push('');
    }
  }
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
