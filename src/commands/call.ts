// `followup call <client>`: find the client, show the brief, "picked up?",
// the script step by step, the summary, the journal. On a terminal through
// inquirer; with --answers FILE through the same loop without one.
import { proposeNext } from '../call/dates.js';
import { listScripts, loadScript } from '../script/index.js';
import type { Script } from '../script/types.js';
import type { AnswersFile } from '../answers/parse.js';
import type { AnswersSource } from '../answers/source.js';
import { loadJournalView, todayIn } from '../clients/journal-state.js';
import { resolveClient } from '../clients/resolve.js';
import { parseMoment } from '../clients/when.js';
import { ensureSalespersonName } from '../config/salesperson.js';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { translator } from '../i18n/catalog.js';
import { formatDate } from '../i18n/dates.js';
import { callMessages } from '../i18n/messages/call.js';
import { deleteDraft, draftPathFor, listDrafts, loadDraft } from '../journal/drafts.js';
import { dayDiff, type ClientState } from '../journal/queries.js';
import type { ClientInfo } from '../journal/types.js';
import { calendarOf } from '../terminal/calendar.js';
import { plainFlag } from '../terminal/flag-record.js';
import { renderOptions } from '../terminal/render/style.js';
import { KEY, type PickupAnswer } from '../terminal/call-protocol.js';
import { inquirerPrompter } from '../terminal/inquirer-prompter.js';
import type { Prompter } from '../terminal/prompter.js';
import { renderBrief } from '../terminal/render/brief.js';
import { dueReason } from '../terminal/render/due.js';
import { safeText } from '../terminal/safe-text.js';

export interface CallOptions {
  client: string;
  script?: string;
  phone?: string;
  product?: string;
  delivered?: string;
  answers?: string;
  at?: string;
  dryRun?: boolean;
  /** A new client even when the name matches a known one. */
  new?: boolean;
}

type T = ReturnType<typeof translator<typeof callMessages.en>>;

/** The call's clock: the context's, or --at's moment running on from when the command started. */
function callClock(ctx: Context, at: string | undefined, t: T): { now: () => Date; startedAt?: Date } {
  if (!at) return { now: ctx.now };
  const start = parseMoment(at, { now: ctx.now(), timeZone: ctx.timeZone });
  if (!start) throw new UsageError(t('at.invalid', { value: at }));
  const began = ctx.now().getTime();
  return { now: () => new Date(start.getTime() + (ctx.now().getTime() - began)), startedAt: start };
}

async function chooseScript(ctx: Context, prompter: Prompter | undefined, wanted: string | undefined, t: T): Promise<Script> {
  if (wanted) return loadScript(wanted, { scriptsDirs: ctx.scriptsDirs, lang: ctx.lang, cacheDir: ctx.cacheDir });
  if (!prompter) throw new UsageError(t('script.missing'));
  const scripts = (await listScripts({ scriptsDirs: ctx.scriptsDirs, lang: ctx.lang, cacheDir: ctx.cacheDir })).filter((s) => !s.error);
  const id = await prompter.select<string>({
    key: 'script',
    message: t('client.script'),
    choices: scripts.map((s) => ({ value: s.id, name: `${safeText(s.id)} — ${safeText(s.title)}`, description: s.language })),
    ...(ctx.config.defaultScript ? { default: ctx.config.defaultScript } : {}),
  });
  return loadScript(id, { scriptsDirs: ctx.scriptsDirs, lang: ctx.lang, cacheDir: ctx.cacheDir });
}

export function briefFor(ctx: Context, client: ClientInfo, history: ClientState | undefined, script: Script): string {
  const t = translator(callMessages, ctx.lang);
  const today = todayIn(ctx);
  const last = history?.lastCall;
  const next = history?.nextCall;
  const reason = next && next.date <= today ? dueReason({ nextCall: next, overdueDays: dayDiff(next.date, today) }, t) : undefined;
  return renderBrief(
    {
      client,
      script: { id: script.id, title: script.title, targetSec: script.targetSec },
      callNumber: (history?.calls.length ?? 0) + 1,
      ...(last ? { lastCall: { at: last.startedAt ?? last.at, summary: last.summary, outcome: last.outcome } } : {}),
      openFlags: history?.openFlags ?? [],
      today,
      ...(reason ? { reason } : {}),
    },
    renderOptions(ctx),
  );
}

export async function run(ctx: Context, options: CallOptions): Promise<number> {
  const t = translator(callMessages, ctx.lang);
  if (!options.answers && !ctx.io.interactive) throw new UsageError(t('call.needsTty'));
  // The answers file's reader, the scripted prompter and the hook runner are
  // imported when used: a call on a terminal shows its first question sooner.
  const answers = options.answers ? await (await import('../answers/parse.js')).readAnswersFile(options.answers) : undefined;
  const { now, startedAt } = callClock(ctx, options.at, t);
  const terminal = ctx.io.interactive ? inquirerPrompter(ctx.io, ctx.lang) : undefined;
  // Scripted runs never ask: not even which client or script.
  const asker = answers ? undefined : terminal;

  const salesperson = await ensureSalespersonName(ctx, (question) =>
    terminal ? terminal.input({ key: 'salesperson', message: question, required: true }) : Promise.reject(new UsageError(t('salespersonMissing'))),
  );

  // Through the derived index: the clients' summary, then only this client's entries.
  const journal = await loadJournalView(ctx, { progress: true });
  let query = options.client.trim() || answers?.client?.name || '';
  if (!query) {
    if (!asker) throw new UsageError(t('client.missing'));
    query = (await asker.input({ key: 'client.query', message: t('client.name'), required: true })).trim();
  }
  // Clients of unfinished calls count too: their first call is still a draft.
  // (The journal's clients as the index hands them over, not copied into a map:
  // a journal of 8,000 clients would pay for it on every call.)
  let known = journal.clients();
  const drafts = await listDrafts(ctx.draftsDir, { lang: ctx.lang, onDamaged: () => undefined });
  if (drafts.length > 0) {
    const ids = new Set(known.map((info) => info.id));
    known = [...known, ...drafts.map((d) => d.client).filter((info) => !ids.has(info.id) && ids.add(info.id))];
  }
  const { client } = await resolveClient({
    query,
    known,
    ...(asker ? { prompter: asker } : {}),
    details: {
      ...(answers?.client?.name ? { name: answers.client.name } : {}),
      ...((options.phone ?? answers?.client?.phone) ? { phone: options.phone ?? answers?.client?.phone } : {}),
      ...((options.product ?? answers?.client?.product) ? { product: options.product ?? answers?.client?.product } : {}),
      ...((options.delivered ?? answers?.client?.delivered) ? { delivered: options.delivered ?? answers?.client?.delivered } : {}),
    },
    forceNew: Boolean(options.new),
    show: (text) => ctx.io.err(`${text}\n`),
    lang: ctx.lang,
    now: now(),
    timeZone: ctx.timeZone,
  });
  const history = await journal.history(client.id);

  if (!options.dryRun) {
    const draft = await loadDraft(ctx.draftsDir, client.id, { lang: ctx.lang });
    if (draft) {
      if (!terminal || answers) {
        throw new UsageError(t('draftNonInteractive', { client: safeText(client.name) }), {
          hint: t('draftNonInteractiveHint', { client: safeText(client.id), file: draftPathFor(ctx.draftsDir, client.id) }),
        });
      }
      const date = formatDate(draft.startedAt, 'dayTime', ctx.lang, ctx.timeZone);
      ctx.io.err(`${t('draftExists', { client: safeText(client.name), date })}\n`);
      const choice = await terminal.select<'resume' | 'new'>({
        key: 'draft',
        message: t('draftChoose'),
        choices: [
          { value: 'resume', name: t('draftResume') },
          { value: 'new', name: t('draftNew') },
        ],
      });
      if (choice === 'resume') return (await import('./resume.js')).continueDraft(ctx, draft, terminal, history);
      await deleteDraft(ctx.draftsDir, client.id);
    }
  }

  const scriptId =
    options.script ?? answers?.script ?? answers?.client?.script ?? history?.nextCall?.script ?? (typeof client.script === 'string' ? client.script : undefined) ?? ctx.config.defaultScript;
  const script = await chooseScript(ctx, asker, scriptId, t);

  return startAndRun(ctx, { client, history, script, salesperson, answers, terminal, now, ...(startedAt ? { startedAt } : {}), dryRun: Boolean(options.dryRun) });
}

export interface StartArgs {
  client: ClientInfo;
  history: ClientState | undefined;
  script: Script;
  salesperson: string;
  answers: AnswersFile | undefined;
  terminal: Prompter | undefined;
  now: () => Date;
  /** --at: when the call happened. */
  startedAt?: Date;
  dryRun: boolean;
}

async function startAndRun(ctx: Context, a: StartArgs): Promise<number> {
  const t = translator(callMessages, ctx.lang);
  const calendar = calendarOf(ctx);
  const openFlags = (a.history?.openFlags ?? []).map(plainFlag);
  const startedAt = (a.startedAt ?? a.now()).toISOString();
  let source: AnswersSource | undefined;
  let prompter: Prompter;
  if (a.answers) {
    const [{ AnswersSource }, { scriptedPrompter }] = await Promise.all([import('../answers/source.js'), import('../terminal/scripted-prompter.js')]);
    source = new AnswersSource(a.answers, { script: a.script, openFlags, calendar, startedAt, lang: ctx.lang });
    prompter = scriptedPrompter(source);
  } else prompter = a.terminal!;

  if (!a.answers) ctx.io.out(`${briefFor(ctx, a.client, a.history, a.script)}\n\n`);
  const retry = a.script.retry ? proposeNext(startedAt, a.script.retry.in, calendar) : undefined;
  const retryText = retry ? t('pickup.retryOn', { date: formatDate(retry.at ?? retry.date, retry.at ? 'dayTime' : 'day', ctx.lang, ctx.timeZone) }) : undefined;
  const question = prompter.select<PickupAnswer>({
    key: KEY.pickup,
    message: t('pickup.message'),
    choices: [
      { value: 'yes', name: t('pickup.yes') },
      { value: 'no-answer', name: t('pickup.noAnswer'), ...(retryText ? { description: retryText } : {}) },
      { value: 'wrong-number', name: t('pickup.wrongNumber') },
      { value: 'call-back', name: t('pickup.callBack'), ...(retryText ? { description: retryText } : {}) },
    ],
  });
  // The engine and the call's screens are loaded once the question is on
  // screen (the prompt draws first, in the turn of the event loop this waits
  // for), while the salesperson dials.
  const flow = new Promise<typeof import('./call-flow.js')>((resolve, reject) => setImmediate(() => import('./call-flow.js').then(resolve, reject)));
  const pickup = await question;

  const { continueAfterPickup } = await flow;
  return continueAfterPickup(ctx, { ...a, prompter, pickup, startedAt, calendar, openFlags, ...(source ? { source } : {}) });
}
