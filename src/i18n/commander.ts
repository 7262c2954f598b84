// commander writes its own words: help headings ("Usage:", "Options:"), the
// "(choices: …, default: …)" notes and its usage errors ("unknown command",
// "Did you mean …?"). This puts them through the CLI's catalog, and adds each
// command's examples from the catalog below its help. commander has no
// message hooks for the errors, so they are matched by their fixed English
// text (commander 14, pinned).
import { Help, type Command } from 'commander';
import { translator, type Lang } from './catalog.js';
import { cliMessages } from './messages/cli.js';

type CliKey = keyof typeof cliMessages.en & string;
const t0 = (lang: Lang) => translator(cliMessages, lang);

const TITLES: Record<string, CliKey> = {
  'Usage:': 'help.usage',
  'Arguments:': 'help.arguments',
  'Options:': 'help.options',
  'Global Options:': 'help.globalOptions',
  'Commands:': 'help.commands',
};

const ERRORS: [RegExp, CliKey][] = [
  [/error: unknown command '(?<name>[^']*)'/, 'usage.unknownCommand'],
  [/error: unknown option '(?<name>[^']*)'/, 'usage.unknownOption'],
  [/error: missing required argument '(?<name>[^']*)'/, 'usage.missingArgument'],
  [/error: option '(?<name>[^']*)' argument missing/, 'usage.optionArgumentMissing'],
  [/error: required option '(?<name>[^']*)' not specified/, 'usage.requiredOption'],
  [/error: too many arguments(?: for '(?<name>[^']*)')?\. Expected (?<expected>\d+) arguments? but got (?<got>\d+)\./, 'usage.tooManyArguments'],
  [/error: option '(?<name>[^']*)' argument '(?<value>[^']*)' is invalid\. Allowed choices are (?<choices>.*)\./, 'usage.invalidChoice'],
  [/error: command-argument value '(?<value>[^']*)' is invalid for argument '(?<name>[^']*)'\. Allowed choices are (?<choices>.*)\./, 'usage.invalidChoice'],
  [/\(Did you mean one of (?<names>.*)\?\)/, 'usage.didYouMeanOneOf'],
  [/\(Did you mean (?<names>.*)\?\)/, 'usage.didYouMean'],
  [/^error: /, 'usage.error'],
];

/** commander's English usage error in the interface language. */
export function translateCommanderError(text: string, lang: Lang): string {
  if (lang === 'en') return text;
  const t = t0(lang);
  let out = text;
  for (const [pattern, key] of ERRORS) out = out.replace(pattern, (...args) => t(key, args.at(-1) as Record<string, string>));
  return out;
}

function translateNotes(text: string, lang: Lang): string {
  if (lang === 'en') return text;
  const t = t0(lang);
  return text.replace(/\((choices|default): /g, (_, word: string) => `(${t(word === 'choices' ? 'help.choices' : 'help.default')}: `).replace(/, (default): /g, () => `, ${t('help.default')}: `);
}

/** Localises help and errors on every command, and appends `examples.<command path>` where the catalog has them. */
export function localizeCommander(program: Command, lang: Lang): void {
  const t = t0(lang);
  const base = new Help();
  const visit = (command: Command, path: string[]) => {
    command.configureHelp({
      styleTitle: (title: string) => (TITLES[title] ? t(TITLES[title]) : title),
      commandUsage: (cmd) => base.commandUsage(cmd).replace('[options]', t('help.optionsPlaceholder')).replace('[command]', t('help.commandPlaceholder')),
      subcommandTerm: (cmd) => base.subcommandTerm(cmd).replace('[options]', t('help.optionsPlaceholder')),
      optionDescription: (option) => translateNotes(base.optionDescription(option), lang),
      argumentDescription: (argument) => translateNotes(base.argumentDescription(argument), lang),
    });
    command.configureOutput({
      outputError: (text, write) => write(translateCommanderError(text, lang)),
    });
    const key = `examples.${path.join('.') || 'followup'}`;
    if (key in cliMessages.en) command.addHelpText('after', `\n${t('help.examples')}\n${t(key as CliKey)}`);
    for (const sub of command.commands) visit(sub, [...path, sub.name()]);
  };
  visit(program, []);
}
