// `followup resume [<client>]`: an interrupted call's draft replayed through
// the engine, then the call goes on where it stopped.
import { resumeDraft, type CallDraft } from '../call/index.js';
import { findClients } from '../clients/match.js';
import { loadJournalView } from '../clients/journal-state.js';
import type { Context } from '../context.js';
import { NotFoundError, UsageError } from '../errors.js';
import { translator } from '../i18n/catalog.js';
import { formatDate } from '../i18n/dates.js';
import { callMessages } from '../i18n/messages/call.js';
import { listDrafts, type ClientState, type Draft } from '../journal/index.js';
import { loadScript } from '../script/index.js';
import { runCall } from '../terminal/call-runner.js';
import { inquirerPrompter } from '../terminal/inquirer-prompter.js';
import type { Prompter } from '../terminal/prompter.js';
import { safeText } from '../terminal/safe-text.js';
import { briefFor } from './call.js';
import { runnerOptions } from './call-flow.js';

export interface ResumeOptions {
  client?: string;
}

function draftLine(ctx: Context, draft: Draft): string {
  const t = translator(callMessages, ctx.lang);
  return t('resume.draftLine', {
    client: safeText(draft.client.name),
    date: formatDate(draft.startedAt, 'dayTime', ctx.lang, ctx.timeZone),
    steps: t('resume.events', { count: (draft.events as { type?: string }[]).filter((e) => e.type === 'answer' || e.type === 'skip' || e.type === 'review-flag').length }),
  });
}

export async function run(ctx: Context, options: ResumeOptions): Promise<number> {
  const t = translator(callMessages, ctx.lang);
  const drafts = await listDrafts(ctx.draftsDir, {
    lang: ctx.lang,
    onDamaged: (_file, error) => ctx.io.err(`followup: ${error.message}\n`),
  });
  const query = options.client?.trim();
  let candidates = drafts;
  if (query) {
    const ids = new Set(findClients(query, drafts.map((d) => d.client)).map((m) => m.client.id));
    candidates = drafts.filter((d) => ids.has(d.client.id));
    if (candidates.length === 0) throw new NotFoundError(t('resume.noneFor', { client: safeText(query) }));
  } else if (drafts.length === 0) {
    ctx.io.err(`${t('resume.none')}\n`);
    return 0;
  }
  if (!ctx.io.interactive) {
    if (candidates.length > 1) {
      throw new UsageError(t('resume.several', { names: candidates.map((d) => draftLine(ctx, d)).join('; ') }), {
        hint: t('resume.severalHint', { example: candidates[0]!.client.id }),
      });
    }
    throw new UsageError(t('resume.needsTty'));
  }
  const prompter = inquirerPrompter(ctx.io, ctx.lang);
  let draft = candidates[0]!;
  if (candidates.length > 1) {
    const id = await prompter.select<string>({
      key: 'resume',
      message: t('resume.choose'),
      choices: candidates.map((d) => ({ value: d.client.id, name: draftLine(ctx, d) })),
    });
    draft = candidates.find((d) => d.client.id === id)!;
  }
  const journal = await loadJournalView(ctx, { progress: true });
  return continueDraft(ctx, draft, prompter, await journal.history(draft.client.id));
}

/** Replays a draft and runs the rest of its call (also from `followup call` when a draft is waiting);
 * `history` is what the journal knows of the draft's client. */
export async function continueDraft(ctx: Context, draft: Draft, prompter: Prompter, history: ClientState | undefined): Promise<number> {
  const t = translator(callMessages, ctx.lang);
  const callDraft = draft as unknown as CallDraft;
  let script;
  try {
    script = await loadScript(callDraft.scriptId, { scriptsDirs: ctx.scriptsDirs, lang: ctx.lang, cacheDir: ctx.cacheDir });
  } catch (error) {
    if (error instanceof NotFoundError) throw new UsageError(t('resume.scriptGone', { script: safeText(callDraft.scriptId) }), { cause: error });
    throw error;
  }
  const changed = script.version !== callDraft.scriptVersion;
  if (changed) ctx.io.err(`${t('resume.scriptChanged', { script: safeText(script.id) })}\n`);
  const state = resumeDraft(callDraft, script, { allowChanged: changed });
  ctx.io.out(`${briefFor(ctx, callDraft.client, history, script)}\n`);
  ctx.io.err(`${t('resumed', { client: safeText(callDraft.client.name), date: formatDate(callDraft.startedAt, 'dayTime', ctx.lang, ctx.timeZone) })}\n`);
  return runCall(state, { ...runnerOptions(ctx, prompter, ctx.now, false, false), earlierFlags: callDraft.openFlags });
}
