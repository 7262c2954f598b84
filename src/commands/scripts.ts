// `followup scripts list | show <id> | validate <file…> | new <id> --from <id> | gaps [<id>]`:
// the trainer's commands. Each action parses options, calls the script core
// and prints through ctx.io. What only `show` and `gaps` need (date-fns, the
// script renderer) is imported there: `list` starts in a blink.
import path from 'node:path';
import { Chalk } from 'chalk';
import type { Context } from '../context.js';
import { FollowupError, UsageError, type ScriptIssue } from '../errors.js';
import { translator, type Lang, type Translate } from '../i18n/catalog.js';
import { scriptsMessages } from '../i18n/messages/scripts.js';
import { packageRoot } from '../paths.js';
import { safeText } from '../terminal/safe-text.js';
import { listScripts, loadScript, searchOptionsFrom, validateScriptFiles, type LoadOptions } from '../script/index.js';
import { ID_PATTERN } from '../script/patterns.js';
import type { TemplateVars } from '../script/templates.js';
import type { Duration, Script } from '../script/types.js';
import type { CallEntry } from '../journal/types.js';
import { compareText } from '../i18n/text.js';

export type ScriptsOptions =
  | { action: 'list'; json?: boolean }
  | { action: 'show'; id: string; json?: boolean }
  | { action: 'validate'; files: string[]; strict?: boolean; json?: boolean }
  | { action: 'new'; id: string; from: string }
  | { action: 'gaps'; id?: string; json?: boolean };

type T = Translate<typeof scriptsMessages.en>;

export async function run(ctx: Context, options: ScriptsOptions): Promise<number> {
  const t = translator(scriptsMessages, ctx.lang);
  const load: LoadOptions = { ...searchOptionsFrom(ctx), lang: ctx.lang };
  switch (options.action) {
    case 'list':
      return list(ctx, t, load, options);
    case 'show':
      return show(ctx, t, load, options);
    case 'validate':
      return validate(ctx, t, load, options);
    case 'new':
      return create(ctx, t, load, options);
    case 'gaps':
      return gaps(ctx, t, options);
  }
}

function color(ctx: Context) {
  return new Chalk({ level: ctx.io.color ? 1 : 0 });
}

async function list(ctx: Context, t: T, load: LoadOptions, options: { json?: boolean }): Promise<number> {
  const listings = await listScripts(load);
  if (options.json) {
    ctx.io.out(`${JSON.stringify(listings, null, 2)}\n`);
    return 0;
  }
  if (listings.length === 0) {
    ctx.io.err(`${t('list.empty', { dirs: load.scriptsDirs.join(', ') })}\n`);
    return 0;
  }
  const c = color(ctx);
  const rows = listings.map((l) => {
    let from = t(`origin.${l.origin}`);
    if (l.overrides) from += ` (${t('list.overrides', { origin: t(`origin.${l.overrides.origin}`) })})`;
    const title = l.error ? c.red(t('list.broken', { file: safeText(l.file) })) : safeText(l.title);
    return [safeText(l.id), l.error ? '' : safeText(l.language), from, title];
  });
  const header = [t('list.id'), t('list.language'), t('list.origin'), t('list.title')];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i < cells.length - 1 ? cell.padEnd(widths[i]!) : cell)).join('  ').trimEnd();
  ctx.io.out(`${c.dim(line(header))}\n${rows.map(line).join('\n')}\n`);
  return 0;
}

/** Sample values for `show`, in the script's language; the user's own name and company when configured. */
export function sampleVars(script: Script, ctx: Pick<Context, 'config'>, deliveredAt: string): TemplateVars {
  const ru = script.language.startsWith('ru');
  return {
    client: {
      name: ru ? 'Андрей Иванович' : 'Andrew Miller',
      firstName: ru ? 'Андрей' : 'Andrew',
      phone: ru ? '+7 916 123-45-67' : '+44 20 7946 0018',
      product: script.vars.product ?? (ru ? 'покупка' : 'purchase'),
      deliveredAt,
    },
    me: {
      name: ctx.config.name ?? (ru ? 'Сергей Ларин' : 'Sam Lawson'),
      company: ctx.config.company ?? script.vars.company ?? (ru ? '«Глория фурнитура»' : 'Gloria Furniture'),
      phone: ctx.config.phone ?? (ru ? '+7 495 123-45-67' : '+44 20 7946 0000'),
    },
    vars: script.vars,
  };
}

/** A sample date `d` after `from` (business days skip Saturday and Sunday),
 * for `show` only; the call engine proposes real dates with the calendar. */
export function sampleDay(from: Date, d: Duration): Date {
  const day = new Date(from);
  if (d.unit === 'days') day.setUTCDate(day.getUTCDate() + d.amount);
  else if (d.unit === 'weeks') day.setUTCDate(day.getUTCDate() + 7 * d.amount);
  else if (d.unit === 'business-days') {
    for (let left = d.amount; left > 0; ) {
      day.setUTCDate(day.getUTCDate() + 1);
      if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) left--;
    }
  } else day.setTime(day.getTime() + d.amount * (d.unit === 'hours' ? 3_600_000 : 60_000));
  return day;
}

async function show(ctx: Context, t: T, load: LoadOptions, options: { id: string; json?: boolean }): Promise<number> {
  const script = await loadScript(options.id, load);
  if (options.json) {
    ctx.io.out(`${JSON.stringify(script, null, 2)}\n`);
    return 0;
  }
  const [{ formatDate }, { renderScript }] = await Promise.all([import('../i18n/dates.js'), import('../script/render.js')]);
  const now = ctx.now();
  const scriptLang: Lang = script.language.startsWith('ru') ? 'ru' : 'en';
  const day = (d: Duration | undefined) => (d ? formatDate(sampleDay(now, d), 'day', scriptLang, ctx.timeZone) : undefined);
  const samples = sampleVars(script, ctx, formatDate(now, 'day', scriptLang, ctx.timeZone));
  const nextDate = day(script.next?.in);
  if (nextDate) samples.next = { date: nextDate };
  ctx.io.out(
    renderScript(script, {
      lang: ctx.lang,
      color: ctx.io.color,
      width: ctx.io.columns,
      samples,
      nextDate,
      retryDate: day(script.retry?.in),
      originLine: t('show.file', { origin: t(`origin.${script.source.origin}`), file: safeText(script.source.file) }),
    }),
  );
  return 0;
}

export function formatIssueLine(issue: ScriptIssue, t: T): string {
  const where = [safeText(issue.file), issue.line, issue.col].filter((p) => p !== undefined).join(':');
  const severity = issue.severity === 'error' ? t('validate.error') : t('validate.warning');
  const hint = issue.hint ? ` — ${safeText(issue.hint)}` : '';
  const rule = issue.rule ? ` [${issue.rule}]` : '';
  return `${where}: ${severity}: ${safeText(issue.message)}${hint}${rule}`;
}

async function validate(ctx: Context, t: T, load: LoadOptions, options: { files: string[]; strict?: boolean; json?: boolean }): Promise<number> {
  const reports = await validateScriptFiles(options.files, { ...load, strict: Boolean(options.strict) });
  const failed = reports.some((r) => !r.ok);
  if (options.json) {
    ctx.io.out(`${JSON.stringify(reports, null, 2)}\n`);
    return failed ? 1 : 0;
  }
  const c = color(ctx);
  const out: string[] = [];
  for (const report of reports) {
    const file = safeText(report.file);
    if (report.errors > 0 || (options.strict && report.warnings > 0)) out.push(c.red(t('validate.failed', { file })));
    else if (report.warnings > 0) out.push(c.yellow(t('validate.okWarnings', { file, count: report.warnings })));
    else out.push(c.green(t('validate.ok', { file })));
    for (const issue of report.issues) {
      const line = `  ${formatIssueLine(issue, t)}`;
      out.push(issue.severity === 'error' ? line : c.yellow(line));
    }
  }
  const errors = reports.reduce((n, r) => n + r.errors, 0);
  const warnings = reports.reduce((n, r) => n + r.warnings, 0);
  const summary = [t('validate.summaryFiles', { count: reports.length }), t('validate.summaryErrors', { count: errors }), t('validate.summaryWarnings', { count: warnings })];
  out.push('', summary.join(' · '));
  if (options.strict && errors === 0 && warnings > 0) out.push(t('validate.strictHint'));
  ctx.io.out(`${out.join('\n')}\n`);
  return failed ? 1 : 0;
}

/** The schema for the modeline: the installed package's own file, by absolute
 * path, so it works for a user's script anywhere (and offline). */
export function schemaPath(): string {
  return path.join(packageRoot(), 'schema', 'script.schema.json');
}

/** YAML text for a plain scalar, quoted when YAML would misread it. */
function yamlString(text: string): string {
  return /^[\p{L}\p{N}][\p{L}\p{N} ,.!?«»—–()'’-]*$/u.test(text) && !/: |\s#/.test(text) ? text : JSON.stringify(text);
}

export function starterYaml(id: string, base: Script, file: string, t: T): string {
  const lines = [
    `# yaml-language-server: $schema=${schemaPath()}`,
    `# ${t('new.header1', { id, base: base.id, title: base.title })}`,
    `# ${t('new.header2')}`,
    `# ${t('new.header3')}`,
    `# ${t('new.header4', { file })}`,
    `# ${t('new.header5', { id })}`,
    `id: ${id}`,
    `title: ${yamlString(base.title)}`,
    `language: ${base.language}`,
    `extends: ${base.id}`,
  ];
  const vars = Object.entries(base.vars);
  if (vars.length) {
    lines.push('vars:');
    for (const [name, value] of vars) lines.push(`  ${name}: ${yamlString(value)}`);
  }
  lines.push('', `# ${t('new.stepsComment', { base: base.id })}`, '# steps:');
  for (const step of base.steps) {
    lines.push(`#   - id: ${step.id}`);
    if (step.say) lines.push(`#     say: ${JSON.stringify(step.say)}`);
  }
  const handlers = Object.keys(base.handlers);
  if (handlers.length) lines.push('', `# ${t('new.handlersComment', { base: base.id, names: handlers.join(', ') })}`);
  return `${lines.join('\n')}\n`;
}

async function create(ctx: Context, t: T, load: LoadOptions, options: { id: string; from: string }): Promise<number> {
  if (!new RegExp(ID_PATTERN).test(options.id)) {
    throw new UsageError(t('new.badId', { id: safeText(options.id) }), { hint: t('new.badId.hint') });
  }
  const base = await loadScript(options.from, load);
  const dir = path.join(ctx.configDir, 'scripts');
  const file = path.join(dir, `${options.id}.yaml`);
  // node's fs/promises only here: `scripts list` would pay ~1 ms to load it.
  const { mkdir, writeFile } = await import('node:fs/promises');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  try {
    // 'wx': never overwrite a trainer's work.
    await writeFile(file, starterYaml(options.id, base, file, t), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new FollowupError(t('new.exists', { file: safeText(file) }), { hint: t('new.exists.hint') });
    }
    throw error;
  }
  const lines = [t('new.wrote', { file: safeText(file) })];
  const shadowed = (await listScripts(load)).find((l) => l.id === options.id)?.overrides;
  if (shadowed) lines.push(t('new.overrides', { id: options.id, origin: t(`origin.${shadowed.origin}`), file: safeText(shadowed.file) }));
  lines.push(t('new.next'), `  followup scripts validate ${safeText(file)}`, `  followup scripts show ${options.id}`);
  ctx.io.err(`${lines.join('\n')}\n`);
  return 0;
}

export interface GapGroup {
  script: string;
  step: string;
  count: number;
  gaps: { said: string; client: string; at: string }[];
}

/** What clients said that the scripts don't cover, by script and step: the
 * journal's `gaps`, most frequent first. Pure. */
export function groupGaps(entries: readonly { type: string }[], scriptId?: string): GapGroup[] {
  const groups = new Map<string, GapGroup>();
  for (const entry of entries) {
    if (entry.type !== 'call') continue;
    const call = entry as CallEntry;
    if (scriptId && call.script?.id !== scriptId) continue;
    for (const gap of call.gaps ?? []) {
      const key = `${call.script.id}\u0000${gap.step}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { script: call.script.id, step: gap.step, count: 0, gaps: [] }));
      group.count++;
      group.gaps.push({ said: gap.said, client: call.client?.name ?? call.client?.id ?? '', at: call.at });
    }
  }
  return [...groups.values()].sort((a, b) => compareText(a.script, b.script) || b.count - a.count || compareText(a.step, b.step));
}

async function gaps(ctx: Context, t: T, options: { id?: string; json?: boolean }): Promise<number> {
  const { readJournals, formatDamage } = await import('../journal/index.js');
  const { entries, damage } = await readJournals(ctx.journals);
  if (damage.length > 0) ctx.io.err(formatDamage(damage, ctx.lang));
  const groups = groupGaps(entries, options.id);
  if (options.json) {
    ctx.io.out(`${JSON.stringify(groups, null, 2)}\n`);
    return 0;
  }
  if (groups.length === 0) {
    ctx.io.err(`${t('gaps.none', { forScript: options.id ? t('gaps.forScript', { id: safeText(options.id) }) : '' })}\n`);
    return 0;
  }
  const { formatDate } = await import('../i18n/dates.js');
  const c = color(ctx);
  const out: string[] = [];
  let script = '';
  for (const group of groups) {
    if (group.script !== script) {
      if (script) out.push('');
      out.push(c.bold(safeText(group.script)));
      script = group.script;
    }
    out.push(`  ${t('gaps.step', { step: safeText(group.step), count: group.count })}`);
    for (const gap of group.gaps) {
      const day = formatDate(gap.at, 'day', ctx.lang, ctx.timeZone);
      out.push(`    · ${safeText(gap.said)} ${c.dim(`— ${safeText(gap.client)}, ${day}`)}`);
    }
  }
  ctx.io.out(`${out.join('\n')}\n`);
  return 0;
}
