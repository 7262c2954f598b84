// What the journal knows, for the commands around a call (call, resume, due,
// history, flags): every journal read, damage reported once on stderr and
// never fatal, the entries folded into clients and flags.
import type { Context } from '../context.js';
import { foldState, formatDamage, formatWarnings, readJournals, type JournalState } from '../journal/index.js';
import type { JournalEntry } from '../journal/types.js';

export interface LoadedJournal {
  state: JournalState;
  entries: JournalEntry[];
  damaged: number;
}

export async function loadJournalState(ctx: Context): Promise<LoadedJournal> {
  const { entries, damage, warnings } = await readJournals(ctx.journals, { lang: ctx.lang });
  const damageText = formatDamage(damage, ctx.lang);
  if (damageText) ctx.io.err(damageText.endsWith('\n') ? damageText : `${damageText}\n`);
  const warningText = formatWarnings(warnings, ctx.lang);
  if (warningText) ctx.io.err(warningText);
  return { state: foldState(entries), entries, damaged: damage.length };
}

/** Today in the salesperson's time zone. */
export function todayIn(ctx: Pick<Context, 'now' | 'timeZone'>): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: ctx.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ctx.now());
}
