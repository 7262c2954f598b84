// The once-per-command warnings about a journal, as strings the command
// prints on stderr (rendering returns strings; commands print them).
import { translator, type Lang } from '../i18n/catalog.js';
import { journalMessages } from '../i18n/messages/journal.js';
import { safeText } from '../terminal/safe-text.js';
import type { JournalWarning } from './privacy.js';
import type { Damage } from './read.js';

const SHOWN = 10;

export function reasonText(damage: Pick<Damage, 'reason' | 'detail'>, lang: Lang): string {
  const t = translator(journalMessages, lang);
  return t(`reason.${damage.reason}`, { detail: safeText(damage.detail ?? '') });
}

/** "warning: 2 damaged lines in the journal were skipped:" and the first ten
 * as file:line: reason, then the repair hint. Empty when there is no damage. */
export function formatDamage(damage: Damage[], lang: Lang): string {
  if (damage.length === 0) return '';
  const t = translator(journalMessages, lang);
  const lines = [t('damage.header', { count: damage.length })];
  for (const d of damage.slice(0, SHOWN)) {
    lines.push(`  ${t('damage.line', { file: safeText(d.file), line: d.line, reason: reasonText(d, lang) })}`);
  }
  if (damage.length > SHOWN) lines.push(`  ${t('damage.more', { count: damage.length - SHOWN })}`);
  lines.push(`  ${t('damage.hint')}`);
  return `${lines.join('\n')}\n`;
}

/** Privacy warnings (a journal readable by others), one per file. */
export function formatWarnings(warnings: JournalWarning[], lang: Lang): string {
  const t = translator(journalMessages, lang);
  const seen = new Set<string>();
  let text = '';
  for (const w of warnings) {
    if (seen.has(w.file)) continue;
    seen.add(w.file);
    const file = safeText(w.file);
    text += `${t('warning.readable', { file, mode: w.mode.toString(8).padStart(3, '0') })}\n  ${t('warning.readableHint', { file })}\n`;
  }
  return text;
}
