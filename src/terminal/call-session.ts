// The call loop: shows the engine's current view, asks through the Prompter,
// turns the answer into an engine event, and has the draft saved after every
// event. The same loop runs on a terminal (inquirer) and from an answers file
// (the scripted prompter): only the prompter and what is shown differ.
import {
  applyEvent,
  CallEventError,
  currentView,
  isFinished,
  parseDateInput,
  pendingPrompt,
  proposeDate,
  type CallEvent,
  type CallState,
  type FlagPrefill,
  type ReviewView,
  type StepView,
} from '../call/index.js';
import { translator } from '../i18n/catalog.js';
import { formatDate } from '../i18n/dates.js';
import { callMessages } from '../i18n/messages/call.js';
import { OUTCOMES, type Outcome } from '../journal/types.js';
import { KEY, OTHER_OWNER, REVIEW_STEP, type Action, type EndChoice, type StepChoice } from './call-protocol.js';
import type { ChoiceItem, Prompter } from './prompter.js';
import { renderReview, renderSay, renderStep, timeWarning, type TimeWarning } from './render/step.js';
import { makeChalk, type RenderOptions } from './render/style.js';
import { safeText } from './safe-text.js';

export interface SessionDeps {
  prompter: Prompter;
  /** Prints a screen (the step, a confirmation); a no-op for scripted runs. */
  show: (text: string) => void;
  /** Tells the user an event was refused; scripted runs throw instead. */
  refused: (error: CallEventError) => void;
  render: RenderOptions;
  now: () => Date;
  /** A new flag id (a ULID at this time). */
  newId: (at: Date) => string;
  /** Saves the draft: called after every event. */
  persist: (state: CallState) => Promise<void>;
  /** Who a flag can go to (the script's `owners`). */
  owners: string[];
  clientName: string;
}

export class CallSession {
  private state: CallState;
  private readonly t;
  private readonly chalk;
  private readonly warnings = new Set<TimeWarning>();
  private shownAt = '';

  constructor(
    state: CallState,
    private readonly deps: SessionDeps,
  ) {
    this.state = state;
    this.t = translator(callMessages, deps.render.lang);
    this.chalk = makeChalk(deps.render.color);
  }

  get current(): CallState {
    return this.state;
  }

  private at(): string {
    return this.deps.now().toISOString();
  }

  /** Applies one event and saves the draft; a refused event is reported and false returned. */
  async apply(event: CallEvent): Promise<boolean> {
    try {
      this.state = applyEvent(this.state, event);
    } catch (error) {
      if (error instanceof CallEventError) {
        this.deps.refused(error);
        return false;
      }
      throw error;
    }
    await this.deps.persist(this.state);
    return true;
  }

  /** Runs the call until it ends (the last step, or an outcome). */
  async run(): Promise<CallState> {
    // A draft saved between an answer and its flag form: open the form now.
    await this.afterAnswer();
    while (!isFinished(this.state)) {
      const view = currentView(this.state, this.deps.now());
      if (!view) break;
      if (view.kind === 'review') await this.review(view);
      else await this.step(view);
    }
    return this.state;
  }

  // ── screens ─────────────────────────────────────────────────────────────

  /** Shows the step's screen once per visit (actions re-ask without reprinting). */
  private showOnce(view: StepView | ReviewView): void {
    const id = `${this.state.visits}:${view.kind === 'review' ? view.flag.id : view.key}:${this.state.history.length}`;
    if (id === this.shownAt) return;
    this.shownAt = id;
    const warning = timeWarning(view.timing, this.warnings);
    const options = { ...this.deps.render, ...(warning ? { warning } : {}) };
    this.deps.show(
      `\n${view.kind === 'review' ? renderReview(view, { ...options, clientName: this.deps.clientName }) : renderStep(view, options)}`,
    );
  }

  private actionChoices(view: StepView | ReviewView): ChoiceItem<StepChoice>[] {
    const t = this.t;
    const item = (action: Action, name: string, description: string): ChoiceItem<StepChoice> => ({
      value: { kind: 'action', action },
      name,
      description,
    });
    return [
      { separator: '─────────' },
      item('note', t('action.note'), t('action.noteDesc')),
      item('flag', t('action.flag'), t('action.flagDesc')),
      item('gap', t('action.gap'), t('action.gapDesc')),
      ...(view.canGoBack ? [item('back', t('action.back'), t('action.backDesc'))] : []),
      item('skip', t('action.skip'), t('action.skipDesc')),
      item('end', t('action.end'), t('action.endDesc')),
    ];
  }

  private longDate(day: string): string {
    return formatDate(day, 'long', this.deps.render.lang, this.deps.render.timeZone);
  }

  // ── a step ──────────────────────────────────────────────────────────────

  private async step(view: StepView): Promise<void> {
    this.showOnce(view);
    const choice = await this.askStep(view);
    await this.handle(view, choice);
  }

  /** The step's question: a menu with the actions, or a typed answer whose empty line opens them. */
  private async askStep(view: StepView): Promise<StepChoice> {
    const t = this.t;
    const key = KEY.step(view.key);
    const menu = (answers: ChoiceItem<StepChoice>[], def?: StepChoice) =>
      this.deps.prompter.select<StepChoice>({
        key,
        message: t('step.client'),
        choices: [...answers, ...this.actionChoices(view)],
        ...(def ? { default: def } : {}),
      });
    const previous = view.previousAnswer;
    const answer = (value: string, name: string, extra: Partial<{ flag: boolean; description: string }> = {}) => ({
      value: { kind: 'answer' as const, value, ...(extra.flag ? { flag: true } : {}) },
      name,
      ...(extra.description ? { description: extra.description } : {}),
    });
    const defaultFor = (items: { value: StepChoice }[]) =>
      previous === undefined ? undefined : items.find((c) => c.value.kind === 'answer' && c.value.value === previous)?.value;

    if (view.proposal && (view.ask === 'yesno' || view.ask === 'date' || view.ask === 'none')) {
      const date = view.proposal.chosen?.date ?? view.proposal.date;
      const items = [
        answer(view.ask === 'date' ? date : 'yes', t('step.scheduleYes', { date: this.longDate(date) })),
        { value: { kind: 'other-date' as const }, name: t('step.scheduleOther') },
        ...(view.ask === 'yesno' ? [answer('no', t('step.scheduleNo'))] : []),
      ];
      return menu(items, defaultFor(items));
    }
    switch (view.ask) {
      case 'choice': {
        const items = view.options.map((o) =>
          answer(o.label, safeText(o.label), { flag: o.flag, ...(o.say ? { description: `→ ${safeText(o.say)}` } : {}) }),
        );
        return menu(items, defaultFor(items));
      }
      case 'yesno': {
        const items = [answer('yes', t('prompt.yes')), answer('no', t('prompt.no'))];
        return menu(items, defaultFor(items));
      }
      case 'none': {
        const last = view.index === view.total && !view.handler;
        return menu([{ value: { kind: 'continue' }, name: last ? t('step.finish') : t('step.continue') }]);
      }
      default:
        return this.askTyped(view);
    }
  }

  /** text, scale and date steps: type the answer; an empty line opens the actions. */
  private async askTyped(view: StepView): Promise<StepChoice> {
    const t = this.t;
    const { lang, timeZone } = this.deps.render;
    for (;;) {
      // The hint shows where the answer goes while the line is empty, and is gone once answered.
      const hint = (v: string, state: { isFinal: boolean }) => (v === '' && !state.isFinal ? this.chalk.dim(t('step.textHint')) : v);
      let message = t('step.client');
      let validate: ((v: string) => true | string) | undefined;
      let transformer: (v: string, s: { isFinal: boolean }) => string = hint;
      if (view.ask === 'scale') {
        const { min, max } = view.scale ?? { min: 1, max: 10 };
        message = t('step.scale', { min, max });
        validate = (v) => {
          if (v.trim() === '') return true;
          const n = Number(v.trim());
          return Number.isInteger(n) && n >= min && n <= max ? true : t('step.scaleError', { min, max });
        };
      } else if (view.ask === 'date') {
        message = `${t('step.client')} ${this.chalk.dim(`(${t('step.dateHint')})`)}`;
        validate = (v) => (v.trim() === '' ? true : this.checkDay(v));
        transformer = (v, state) => (v === '' ? hint(v, state) : this.dateEcho(v));
      }
      const typed = await this.deps.prompter.input({
        key: KEY.step(view.key),
        message,
        ...(view.previousAnswer !== undefined ? { default: view.previousAnswer } : {}),
        ...(validate ? { validate } : {}),
        transformer,
      });
      if (typed.trim() !== '') {
        const value = view.ask === 'date' ? (parseDateInput(typed, { now: this.deps.now(), lang, timeZone }) ?? typed) : typed.trim();
        return { kind: 'answer', value };
      }
      const picked = await this.deps.prompter.select<StepChoice>({
        key: KEY.actions(view.key),
        message: t('action.menu'),
        choices: [{ value: { kind: 'type-answer' }, name: t('action.answer') }, ...this.actionChoices(view).slice(1)],
      });
      if (picked.kind !== 'type-answer') return picked;
    }
  }

  private checkDay(text: string): true | string {
    const { lang, timeZone } = this.deps.render;
    const day = parseDateInput(text, { now: this.deps.now(), lang, timeZone });
    if (!day) return this.t('step.dateError');
    const today = formatDate(this.deps.now(), 'iso', lang, timeZone);
    return day < today ? this.t('step.datePast') : true;
  }

  /** What a typed date reads as, beside it: "+3d → Monday, 30 November". */
  private dateEcho(text: string): string {
    const { lang, timeZone } = this.deps.render;
    const day = text.trim() ? parseDateInput(text, { now: this.deps.now(), lang, timeZone }) : null;
    return day ? `${text} ${this.chalk.cyan(`→ ${this.longDate(day)}`)}` : text;
  }

  /** A day typed with its reading beside it; with a default, an empty line keeps it. */
  private async askDay(key: string, message: string, def?: string): Promise<string> {
    const { lang, timeZone } = this.deps.render;
    const hint = this.chalk.dim(this.t('step.dateHint'));
    const typed = await this.deps.prompter.input({
      key,
      message,
      ...(def ? {} : { required: true }),
      validate: (v) => (v.trim() === '' && def ? true : this.checkDay(v)),
      transformer: (v, state) => (v === '' && !state.isFinal ? hint : v === '' && def ? this.longDate(def) : this.dateEcho(v)),
    });
    if (typed.trim() === '' && def) return def;
    return parseDateInput(typed, { now: this.deps.now(), lang, timeZone }) ?? typed;
  }

  private async handle(view: StepView | ReviewView, choice: StepChoice): Promise<void> {
    const stepKey = view.kind === 'review' ? REVIEW_STEP : view.key;
    switch (choice.kind) {
      case 'answer':
        if (await this.apply({ type: 'answer', value: choice.value, at: this.at() })) await this.afterAnswer();
        return;
      case 'continue':
        if (await this.apply({ type: 'answer', value: '', at: this.at() })) await this.afterAnswer();
        return;
      case 'other-date': {
        const day = await this.askDay(KEY.date(stepKey), this.t('step.nextDate'));
        if (!(await this.apply({ type: 'schedule', date: day, agreed: true, at: this.at() }))) return;
        const value = view.kind === 'step' && view.ask === 'date' ? day : view.kind === 'step' && view.ask === 'none' ? '' : 'yes';
        if (await this.apply({ type: 'answer', value, at: this.at() })) await this.afterAnswer();
        return;
      }
      case 'action':
        await this.action(choice.action, stepKey);
        return;
      default:
        return;
    }
  }

  /** The chosen option's words, then the flag form it opens. */
  private async afterAnswer(): Promise<void> {
    const pending = pendingPrompt(this.state);
    if (!pending) return;
    if (pending.say) this.deps.show(renderSay(pending.say, this.deps.render));
    if (pending.flag) await this.flagForm(pending.flag.step, pending.flag);
  }

  private async action(action: Action, stepKey: string): Promise<void> {
    const t = this.t;
    const at = () => this.at();
    switch (action) {
      case 'note': {
        const text = await this.deps.prompter.input({ key: KEY.note(stepKey), message: t('note.message') });
        if (text.trim()) await this.apply({ type: 'note', text: text.trim(), at: at() });
        return;
      }
      case 'gap': {
        const said = await this.deps.prompter.input({ key: KEY.gap(stepKey), message: t('gap.message') });
        if (said.trim()) await this.apply({ type: 'gap', said: said.trim(), at: at() });
        return;
      }
      case 'flag':
        await this.flagForm(stepKey);
        return;
      case 'back':
        await this.apply({ type: 'back', at: at() });
        return;
      case 'skip':
        await this.apply({ type: 'skip', at: at() });
        return;
      case 'end': {
        const outcome = await this.deps.prompter.select<EndChoice>({
          key: KEY.end(stepKey),
          message: t('end.message'),
          choices: [
            ...(['completed', 'call-back', 'ended-early', 'declined', 'no-answer', 'wrong-number'] as const).map((o) => ({
              value: o,
              name: t(`outcome.${o}`),
            })),
            { separator: '─────────' },
            { value: 'cancel' as const, name: t('end.cancel') },
          ],
        });
        if (outcome !== 'cancel' && (OUTCOMES as readonly string[]).includes(outcome)) {
          await this.apply({ type: 'end', outcome: outcome as Outcome, at: at() });
        }
        return;
      }
    }
  }

  /** Text, owner, promise and due day; prefilled from the script's template. Empty text: no flag. */
  private async flagForm(stepKey: string, prefill?: FlagPrefill): Promise<void> {
    const t = this.t;
    const p = this.deps.prompter;
    this.deps.show(this.chalk.yellow(`! ${t('flag.formTitle')}`));
    const text = (
      await p.input({
        key: KEY.flagText(stepKey),
        message: `${t('flag.text')} ${this.chalk.dim(t('flag.textHint'))}`,
        ...(prefill?.text ? { default: prefill.text, prefill: 'editable' as const } : {}),
      })
    ).trim();
    if (!text) return;
    const owners = [...new Set([...(prefill?.owner ? [prefill.owner] : []), ...this.deps.owners])];
    let owner = '';
    if (owners.length > 0) {
      const picked = await p.select<string>({
        key: KEY.flagOwner(stepKey),
        message: t('flag.owner'),
        choices: [...owners.map((o) => ({ value: o, name: safeText(o) })), { separator: '─────────' }, { value: OTHER_OWNER, name: t('flag.ownerOther') }],
        ...(prefill?.owner ? { default: prefill.owner } : {}),
      });
      if (picked !== OTHER_OWNER) owner = picked;
    }
    if (!owner) owner = (await p.input({ key: KEY.flagOwnerTyped(stepKey), message: t('flag.ownerTyped'), required: true })).trim();
    const promise = (
      await p.input({
        key: KEY.flagPromise(stepKey),
        message: t('flag.promise'),
        ...(prefill?.promise ? { default: prefill.promise, prefill: 'editable' as const } : {}),
      })
    ).trim();
    const defaultDue =
      prefill?.due ?? proposeDate(this.deps.now(), { amount: 1, unit: 'business-days', text: '1 business day' }, this.state.input.calendar);
    const due = await this.askDay(KEY.flagDue(stepKey), t('flag.dueDefault', { date: this.longDate(defaultDue) }), defaultDue);
    const now = this.deps.now();
    const ok = await this.apply({
      type: 'flag',
      id: this.deps.newId(now),
      flag: { text, owner, ...(promise ? { promise } : {}), due },
      step: stepKey,
      at: now.toISOString(),
    });
    if (ok) {
      const date = formatDate(due, 'day', this.deps.render.lang, this.deps.render.timeZone);
      this.deps.show(this.chalk.yellow(t('flag.added', { text: safeText(text), owner: safeText(owner), date })));
    }
  }

  // ── an earlier flag ─────────────────────────────────────────────────────

  private async review(view: ReviewView): Promise<void> {
    const t = this.t;
    this.showOnce(view);
    const choice = await this.deps.prompter.select<StepChoice>({
      key: KEY.review(view.flag.id),
      message: t('review.message'),
      choices: [
        { value: { kind: 'status', status: 'resolved' }, name: t('review.resolved') },
        { value: { kind: 'status', status: 'open' }, name: t('review.open') },
        ...this.actionChoices(view),
      ],
    });
    if (choice.kind !== 'status') {
      await this.handle(view, choice);
      return;
    }
    const note = (await this.deps.prompter.input({ key: KEY.reviewNote(view.flag.id), message: t('review.note') })).trim();
    await this.apply({ type: 'review-flag', flag: view.flag.id, status: choice.status, ...(note ? { note } : {}), at: this.at() });
  }
}
