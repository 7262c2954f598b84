// What the journal knows, for the commands around a call (call, resume, due,
// history, flags): every journal read, damage reported once on stderr and
// never fatal.
//   loadJournalView  — through the derived index beside the journal (one
//                      journal): `due`, `history` and the call's client lookup
//                      read the index's summary and the entries of one client
//                      instead of the whole journal. Same answers
//                      (test/perf/derived-index.test.ts, test/e2e/index-cli).
//   loadFlagState    — the whole journal read, calls slimmed to their flags (flags).
import { dayOf } from '../call/dates.js';
import type { Context } from '../context.js';
import { openJournalView, type JournalView } from '../journal/derived-index.js';
import { readFlagState } from '../journal/flag-state.js';
import { formatDamage, formatWarnings, type Damage, type JournalState, type JournalWarning } from '../journal/index.js';

/** The once-per-command warnings: damaged lines, then privacy. */
function reportProblems(ctx: Context, damage: Damage[], warnings: JournalWarning[]): void {
  const damageText = formatDamage(damage, ctx.lang);
  if (damageText) ctx.io.err(damageText.endsWith('\n') ? damageText : `${damageText}\n`);
  const warningText = formatWarnings(warnings, ctx.lang);
  if (warningText) ctx.io.err(warningText);
}

/** The journal folded for `flags` only: the same flags as a full read in a
 * fraction of its memory (calls kept without steps, summary, notes). */
export async function loadFlagState(ctx: Context): Promise<JournalState> {
  const { state, damage, warnings } = await readFlagState(ctx.journals, { lang: ctx.lang });
  reportProblems(ctx, damage, warnings);
  return state;
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
  return dayOf(ctx.now(), ctx.timeZone);
}
