// `followup flags`: the flagged issues as a work queue — by owner, then by
// due date, overdue ones marked — so each owner sees what they promised.
import { translator } from '../../i18n/catalog.js';
import { formatDate } from '../../i18n/dates.js';
import { callMessages } from '../../i18n/messages/call.js';
import type { FlagQueueItem } from '../../journal/index.js';
import { safeText } from '../safe-text.js';
import { makeChalk, table, width, type RenderOptions } from './style.js';
import { flagJson } from './history.js';

/** The shortest id prefix (at least 6) that tells the flags apart: what `flags resolve` accepts. */
export function shortIds(ids: string[], min = 6): Map<string, string> {
  const out = new Map<string, string>();
  for (const id of ids) {
    let n = Math.min(min, id.length);
    while (n < id.length && ids.some((other) => other !== id && other.toLowerCase().startsWith(id.slice(0, n).toLowerCase()))) n++;
    out.set(id, id.slice(0, n));
  }
  return out;
}

export function renderFlags(items: FlagQueueItem[], options: RenderOptions): string {
  const t = translator(callMessages, options.lang);
  const chalk = makeChalk(options.color);
  if (items.length === 0) return t('flags.none');
  const short = shortIds(items.map((f) => f.id));
  const byOwner = new Map<string, FlagQueueItem[]>();
  for (const item of items) {
    const key = item.owner.trim().replace(/\s+/g, ' ');
    byOwner.set(key, [...(byOwner.get(key) ?? []), item]);
  }
  const header = [t('flags.col.id'), t('flags.col.due'), t('flags.col.client'), t('flags.col.status'), t('flags.col.issue')];
  const blocks: string[] = [];
  for (const [owner, flags] of [...byOwner.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const rows = flags.map((f) => {
      const due = formatDate(f.due, 'day', options.lang, options.timeZone);
      const late = f.overdueDays > 0 ? `, ${t('brief.overdue', { count: f.overdueDays })}` : '';
      const text = [safeText(f.text), f.promise ? `(${safeText(f.promise)})` : undefined, f.note ? `— ${safeText(f.note)}` : undefined].filter(Boolean).join(' ');
      return [short.get(f.id)!, `${due}${late}`, safeText(f.client.name), t(`status.${f.status}`), text];
    });
    blocks.push(`${chalk.bold(safeText(owner))} (${flags.length})\n${table(header, rows, width(options), { header: chalk.dim })}`);
  }
  return blocks.join('\n\n');
}

export function flagsJson(items: FlagQueueItem[], today: string) {
  return { today, flags: items.map((f) => ({ ...flagJson(f), overdueDays: f.overdueDays })) };
}
