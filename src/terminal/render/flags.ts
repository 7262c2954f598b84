// `followup flags`: the flagged issues as a work queue — by owner, then by
// due date, overdue ones marked — so each owner sees what they promised.
import { translator } from '../../i18n/catalog.js';
import { formatDate } from '../../i18n/dates.js';
import { callMessages } from '../../i18n/messages/call.js';
import type { FlagQueueItem } from '../../journal/index.js';
import { safeText } from '../safe-text.js';
import { makeChalk, width, wrapIndented, type RenderOptions } from './style.js';
import { flagJson } from './history.js';
import { compareText } from '../../i18n/text.js';

/** The shortest prefix (at least `min` characters) that tells each id apart
 * from every other: what `flags resolve` accepts. Neighbours in sorted order
 * share the longest prefixes, so only they need comparing. */
export function shortIds(ids: string[], min = 6): Map<string, string> {
  const sorted = [...new Set(ids)].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
  const common = (a: string | undefined, b: string) => {
    if (a === undefined) return 0;
    let n = 0;
    while (n < a.length && n < b.length && a[n]!.toLowerCase() === b[n]!.toLowerCase()) n++;
    return n;
  };
  const out = new Map<string, string>();
  sorted.forEach((id, i) => {
    const n = Math.max(min, common(sorted[i - 1], id) + 1, common(sorted[i + 1], id) + 1);
    out.set(id, id.slice(0, Math.min(n, id.length)));
  });
  return out;
}

/** `allIds`: every flag's id, so the short ids shown stay unique for `flags resolve`. */
export function renderFlags(items: FlagQueueItem[], options: RenderOptions, allIds: string[] = items.map((f) => f.id)): string {
  const t = translator(callMessages, options.lang);
  const chalk = makeChalk(options.color);
  if (items.length === 0) return t('flags.none');
  const short = shortIds([...new Set([...allIds, ...items.map((f) => f.id)])]);
  const byOwner = new Map<string, FlagQueueItem[]>();
  for (const item of items) {
    const key = item.owner.trim().replace(/\s+/g, ' ');
    byOwner.set(key, [...(byOwner.get(key) ?? []), item]);
  }
  const lineWidth = width(options);
  const blocks: string[] = [];
  for (const [owner, flags] of [...byOwner.entries()].sort(([a], [b]) => compareText(a, b))) {
    const lines = [`${chalk.bold(safeText(owner))} (${flags.length})`];
    for (const f of flags) {
      const due = t('brief.due', { date: formatDate(f.due, 'day', options.lang, options.timeZone) });
      const late = f.overdueDays > 0 ? chalk.red(`${due}, ${t('brief.overdue', { count: f.overdueDays })}`) : due;
      const status = f.status === 'resolved' ? chalk.green(t('status.resolved')) : t('status.open');
      lines.push(wrapIndented(`${chalk.cyan(short.get(f.id)!)}  ${late} · ${safeText(f.client.name)} · ${status}`, 2, lineWidth));
      lines.push(wrapIndented(safeText(f.text), 4, lineWidth));
      if (f.promise) lines.push(chalk.dim(wrapIndented(`${t('review.promised')}: ${safeText(f.promise)}`, 4, lineWidth)));
      if (f.note) lines.push(chalk.dim(wrapIndented(`+ ${safeText(f.note)}`, 4, lineWidth)));
    }
    blocks.push(lines.join('\n'));
  }
  return blocks.join('\n\n');
}

export function flagsJson(items: FlagQueueItem[], today: string) {
  return { today, flags: items.map((f) => ({ ...flagJson(f), overdueDays: f.overdueDays })) };
}
