// The Prompter on a real terminal: inquirer's prompts, themed for our colours
// and language. Ctrl+C rejects with inquirer's ExitPromptError, which the
// CLI's boundary turns into exit 130 (the caller has saved its draft before
// asking anything). The prompts are imported one by one, and the editor
// prompt (with its encoding tables, ~650 KB) only when a note is written in
// an editor: a call's start-up loads what its first question needs.
import confirm from '@inquirer/confirm';
import input from '@inquirer/input';
import select, { Separator } from '@inquirer/select';
import { Chalk } from 'chalk';
import type { Lang } from '../i18n/catalog.js';
import { translator } from '../i18n/catalog.js';
import { callMessages } from '../i18n/messages/call.js';
import type { Io } from './io.js';
import { isSeparator, type Prompter } from './prompter.js';
import { sayWaitingForUser } from './waiting-for-user.js';

export function inquirerPrompter(io: Pick<Io, 'stdin' | 'stdout' | 'color'>, lang: Lang): Prompter {
  const t = translator(callMessages, lang);
  const chalk = new Chalk({ level: io.color ? 1 : 0 });
  const context = { input: io.stdin, output: io.stdout, clearPromptOnDone: false };
  // inquirer colours through util.styleText whatever the stream; without
  // colour every style is the identity.
  // Theme styles are called with extra arguments (the prompt's status): take the text only.
  const paint = (style: (text: string) => string) => (io.color ? (text: string) => style(text) : (text: string) => text);
  const style = {
    answer: paint(chalk.cyan),
    message: paint(chalk.bold),
    error: (text: string) => paint(chalk.red)(`> ${text}`),
    defaultAnswer: (text: string) => paint(chalk.dim)(`(${text})`),
    help: paint(chalk.dim),
    highlight: paint(chalk.cyan),
    key: (text: string) => paint(chalk.cyan.bold)(`<${text}>`),
  };
  const theme = {
    prefix: { idle: io.color ? chalk.blue('?') : '?', done: io.color ? chalk.green('✔') : '✔' },
    style,
  };

  return {
    select(question) {
      sayWaitingForUser();
      return select(
        {
          message: question.message,
          default: question.default,
          pageSize: question.pageSize ?? Math.max(7, Math.min(question.choices.length, 16)),
          loop: false,
          choices: question.choices.map((item) =>
            isSeparator(item)
              ? new Separator(io.color ? chalk.dim(item.separator) : item.separator)
              : { value: item.value, name: item.name, description: item.description, short: item.short, disabled: item.disabled },
          ),
          theme: {
            ...theme,
            style: {
              ...style,
              disabled: paint(chalk.dim),
              description: paint(chalk.dim),
              keysHelpTip: () => style.help(t('prompt.selectHelp')),
            },
            i18n: { disabledError: t('prompt.disabled') },
          },
        },
        context,
      );
    },
    input(question) {
      sayWaitingForUser();
      return input(
        {
          message: question.message,
          default: question.default,
          prefill: question.prefill ?? 'tab',
          required: question.required,
          validate: question.validate,
          transformer: question.transformer,
          theme: { ...theme, validationFailureMode: 'keep' },
        },
        context,
      );
    },
    confirm(question) {
      sayWaitingForUser();
      return confirm(
        {
          message: question.message,
          default: question.default,
          theme: {
            ...theme,
            keywords: { yes: t('prompt.yes'), no: t('prompt.no'), error: () => t('prompt.yesNoError') },
          },
        },
        context,
      );
    },
    async editor(question) {
      const { default: editor } = await import('@inquirer/editor');
      sayWaitingForUser();
      return editor(
        {
          message: question.message,
          default: question.default,
          validate: question.validate,
          waitForUserInput: false,
          file: { postfix: '.txt' },
          theme,
        },
        context,
      );
    },
  };
}
