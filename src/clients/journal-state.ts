// What the journal knows, for the commands around a call (call, resume, due,
// history, flags): every journal read, damage reported once on stderr and
// never fatal.
//   loadJournalView  — through the derived index beside the journal (one
//                      journal): `due`, `history` and the call's client lookup
//                      read the index's summary and the entries of one client
//                      instead of the whole journal. Same answers
//                      (test/perf/derived-index.test.ts, test/e2e/index-cli).
//   loadJournalState — the whole journal read and folded (flags).
import type { Context } from '../context.js';
import { openJournalView, type JournalView } from '../journal/derived-index.js';
import { foldState, formatDamage, formatWarnings, readJournals, type Damage, type JournalState, type JournalWarning } from '../journal/index.js';
import type { JournalEntry } from '../journal/types.js';

export interface LoadedJournal {
  state: JournalState;
  entries: JournalEntry[];
  damaged: number;
}

/** The once-per-command warnings: damaged lines, then privacy. */
function reportProblems(ctx: Context, damage: Damage[], warnings: JournalWarning[]): void {
  const damageText = formatDamage(damage, ctx.lang);
  if (damageText) ctx.io.err(damageText.endsWith('\n') ? damageText : `${damageText}\n`);
  const warningText = formatWarnings(warnings, ctx.lang);
  if (warningText) ctx.io.err(warningText);
}

export async function loadJournalState(ctx: Context): Promise<LoadedJournal> {
  const { entries, damage, warnings } = await readJournals(ctx.journals, { lang: ctx.lang });
  reportProblems(ctx, damage, warnings);
  return { state: foldState(entries), entries, damaged: damage.length };
}

/**
 * The journal(s) through the derived index: built on first use, brought up to
 * date from the appended bytes, rebuilt when stale; several --journal files
 * are read in full. With --debug, says how the answers were obtained.
 */
export async function loadJournalView(ctx: Context): Promise<JournalView> {
  const view = await openJournalView(ctx.journals, { lang: ctx.lang });
  reportProblems(ctx, view.damage, view.warnings);
  if (ctx.debug) {
    const why = [view.fallbackReason, view.indexError && `index not written: ${view.indexError}`].filter(Boolean).join('; ');
    ctx.io.err(`followup: journal read: ${view.source}${why ? ` (${why})` : ''}\n`);
  }
  return view;
}

/** Today in the salesperson's time zone. */
export function todayIn(ctx: Pick<Context, 'now' | 'timeZone'>): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: ctx.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ctx.now());
}
