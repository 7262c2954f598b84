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
import { openJournalView, type IndexProgress, type JournalView } from '../journal/derived-index.js';
// The journal's modules one by one (not its index): a read-only command loads no writer.
import type { JournalWarning } from '../journal/privacy.js';
import type { JournalState } from '../journal/queries.js';
import type { Damage } from '../journal/read.js';

/** The once-per-command warnings: damaged lines, then privacy. */
// The messages, the damage report's wording and the flags fold are imported
// when needed: `due` on a sound journal reads none of them.
async function reportProblems(ctx: Context, damage: Damage[], warnings: JournalWarning[]): Promise<void> {
  if (damage.length === 0 && warnings.length === 0) return;
  const { formatDamage, formatWarnings } = await import('../journal/format.js');
  const damageText = formatDamage(damage, ctx.lang);
  if (damageText) ctx.io.err(damageText.endsWith('\n') ? damageText : `${damageText}\n`);
  const warningText = formatWarnings(warnings, ctx.lang);
  if (warningText) ctx.io.err(warningText);
}

/** The journal folded for `flags` only: the same flags as a full read in a
 * fraction of its memory (calls kept without steps, summary, notes). */
export async function loadFlagState(ctx: Context): Promise<JournalState> {
  const { readFlagState } = await import('../journal/flag-state.js');
  const { state, damage, warnings } = await readFlagState(ctx.journals, { lang: ctx.lang });
  await reportProblems(ctx, damage, warnings);
  return state;
}

/**
 * The journal(s) through the derived index: built on first use, brought up to
 * date from the appended bytes, rebuilt when stale; several --journal files
 * are read in full. With --debug, says how the answers were obtained.
 * `progress`: the command allows a progress line (never with --json); it is
 * shown only on a terminal's stderr, and only while an index is built.
 */
export async function loadJournalView(ctx: Context, options: { progress?: boolean } = {}): Promise<JournalView> {
  const line = options.progress && ctx.io.errIsTerminal ? await progressLine(ctx) : undefined;
  let view: JournalView;
  try {
    view = await openJournalView(ctx.journals, { lang: ctx.lang, ...(line ? { onIndexProgress: line.update } : {}) });
  } finally {
    line?.clear();
  }
  await reportProblems(ctx, view.damage, view.warnings);
  if (ctx.debug) {
    const unwritten = view.unwrittenEntries === undefined ? undefined : `${view.unwrittenEntries} appended entries folded in memory, index not rewritten`;
    const why = [unwritten, view.fallbackReason, view.indexError && `index not written: ${view.indexError}`].filter(Boolean).join('; ');
    ctx.io.err(`followup: journal read: ${view.source}${why ? ` (${why})` : ''}\n`);
  }
  return view;
}

/** One line on stderr, rewritten in place: building the index is synchronous
 * (a spinner's timer would never tick), so the line is written as it goes. */
async function progressLine(ctx: Context): Promise<{ update: (p: IndexProgress) => void; clear: () => void }> {
  const [{ translator }, { journalMessages }] = await Promise.all([import('../i18n/catalog.js'), import('../i18n/messages/journal.js')]);
  const t = translator(journalMessages, ctx.lang);
  const started = Date.now();
  let last = 0;
  let shown = false;
  return {
    update(p) {
      const now = Date.now();
      // Not for an update of a few appended entries: only what takes a while.
      if (now - started < 500 || now - last < 200) return;
      last = now;
      shown = true;
      const text = p.phase === 'scan'
        ? t('index.scan', { percent: Math.floor((p.done / Math.max(1, p.total)) * 100) })
        : t('index.fold', { done: p.done, total: p.total });
      ctx.io.err(`\r\x1b[K${text}`);
    },
    clear() {
      if (shown) ctx.io.err('\r\x1b[K');
    },
  };
}

/** Today in the salesperson's time zone. */
export function todayIn(ctx: Pick<Context, 'now' | 'timeZone'>): string {
  return dayOf(ctx.now(), ctx.timeZone);
}
