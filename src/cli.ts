// The command line: every command is registered here and each action
// lazy-imports its module from src/commands/, so `--help` and `--version`
// load nothing but commander and these strings. This file is also the one
// error boundary: the only place that exits the process.
import { Argument, Command, CommanderError, Option } from 'commander';
import { EXIT, FollowupError, isPromptExit } from './errors.js';
import { resolveLang, translator, type Lang } from './i18n/catalog.js';
import { cliMessages } from './i18n/messages/cli.js';
import { localizeCommander } from './i18n/commander.js';
import { configuredLanguage, optionFromArgv } from './config/quick-language.js';
import type { Context } from './context.js';

declare const __FOLLOWUP_VERSION__: string | undefined;

type CommandModule<O> = { run: (ctx: Context, options: O) => Promise<number | void> };
type GlobalOptions = {
  journal?: string[];
  home?: string;
  scripts?: string[];
  lang?: string;
  color?: boolean;
  debug?: boolean;
};

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The options every command takes, before or after its name. */
const GLOBAL_OPTIONS = {
  journal: '--journal <path>',
  home: '--home <dir>',
  scripts: '--scripts <dir>',
  lang: '--lang <lang>',
  noColor: '--no-color',
  debug: '--debug',
} as const;
/** Those of them that take the next word as their value. */
const TAKES_VALUE = new Set(
  Object.values(GLOBAL_OPTIONS)
    .filter((flags) => flags.includes(' <'))
    .map((flags) => flags.split(' ')[0]!),
);

/**
 * The command asked for: the first word that is neither a global option nor
 * its value. Only it is registered with commander then (building every
 * command's options and help, in two languages, is ~2 ms of each run); a
 * word that names no command (a typo, `help`, none at all) gets them all, so
 * commander's own answer — the help, "did you mean" — is unchanged.
 */
export function commandAsked(argv: string[]): string | undefined {
  for (let i = 2; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') return undefined;
    if (TAKES_VALUE.has(word)) i++;
    else if (!word.startsWith('-')) return word;
  }
  return undefined;
}

function langFromArgv(argv: string[], env: NodeJS.ProcessEnv): Lang {
  return resolveLang({ flag: optionFromArgv(argv, '--lang'), config: configuredLanguage(argv, env), env });
}

export function buildProgram(lang: Lang, version: string, only?: string): Command {
  const t = translator(cliMessages, lang);
  const program = new Command('followup');

  /** An action that loads its command module only when it runs. */
  function lazy<O>(load: () => Promise<CommandModule<O>>, toOptions: (args: unknown[], opts: Record<string, unknown>) => O) {
    return async (...args: unknown[]) => {
      const command = args.at(-1) as Command;
      const globals = command.optsWithGlobals() as GlobalOptions & Record<string, unknown>;
      const positional = args.slice(0, -2);
      const [{ createContext }, module] = await Promise.all([import('./create-context.js'), load()]);
      const ctx = await createContext({ ...globals, argvLang: globals.lang, lenientConfig: command.parent?.name() === 'config' });
      const code = await module.run(ctx, toOptions(positional, command.opts()));
      if (typeof code === 'number') process.exitCode = code;
    };
  }
  /** The command's options object is commander's parsed options as they are. */
  const same = <O>(_args: unknown[], opts: Record<string, unknown>) => opts as O;

  program
    .description(t('program.description'))
    .version(version, '-V, --version', t('opt.version'))
    .helpOption('-h, --help', t('opt.help'))
    .helpCommand('help [command]', t('cmd.help'))
    .option(GLOBAL_OPTIONS.journal, t('opt.journal'), collect)
    .option(GLOBAL_OPTIONS.home, t('opt.home'))
    .option(GLOBAL_OPTIONS.scripts, t('opt.scripts'), collect)
    .addOption(new Option(GLOBAL_OPTIONS.lang, t('opt.lang')).choices(['en', 'ru']))
    .option(GLOBAL_OPTIONS.noColor, t('opt.noColor'))
    .option(GLOBAL_OPTIONS.debug, t('opt.debug'))
    .showSuggestionAfterError(true)
    .exitOverride();

  // Each command's definition, run for the command asked for or, if none, for all (commandAsked).
  const commands = new Map<string, () => void>();
  commands.set('call', () => {
    program
      .command('call')
      .description(t('cmd.call'))
      .argument('[client...]', t('cmd.call.client'))
      .option('--script <id>', t('cmd.call.script'))
      .option('--phone <phone>', t('cmd.call.phone'))
      .option('--product <text>', t('cmd.call.product'))
      .option('--delivered <datetime>', t('cmd.call.delivered'))
      .option('--answers <file>', t('cmd.call.answers'))
      .option('--at <datetime>', t('cmd.call.at'))
      .option('--dry-run', t('cmd.call.dryRun'))
      .option('--new', t('cmd.call.new'))
      .action(
        lazy(
          () => import('./commands/call.js'),
          ([client], opts) => ({ ...opts, client: ((client as string[] | undefined) ?? []).join(' ') }),
        ),
      );
  });
  commands.set('resume', () => {
    program
      .command('resume')
      .description(t('cmd.resume'))
      .argument('[client...]', t('cmd.call.client'))
      .action(lazy(() => import('./commands/resume.js'), ([client]) => ({ client: ((client as string[] | undefined) ?? []).join(' ') || undefined })));
  });
  commands.set('due', () => {
    program
      .command('due')
      .description(t('cmd.due'))
      .option('--on <date>', t('cmd.due.on'))
      .option('--overdue', t('cmd.due.overdue'))
      .option('--json', t('opt.json'))
      .action(lazy(() => import('./commands/due.js'), same));
  });
  commands.set('history', () => {
    program
      .command('history')
      .description(t('cmd.history'))
      .argument('<client...>', t('cmd.call.client'))
      .option('--json', t('opt.json'))
      .action(lazy(() => import('./commands/history.js'), ([client], opts) => ({ ...opts, client: (client as string[]).join(' ') })));
  });
  commands.set('flags', () => {
    const flags = program
      .command('flags')
      .description(t('cmd.flags'))
      .option('--open', t('cmd.flags.open'))
      .option('--all', t('cmd.flags.all'))
      .option('--owner <owner>', t('cmd.flags.owner'))
      .option('--overdue', t('cmd.flags.overdue'))
      .option('--json', t('opt.json'))
      .action(lazy(() => import('./commands/flags.js'), (_args, opts) => ({ ...opts, action: 'list' as const })));
    flags
      .command('resolve')
      .description(t('cmd.flags.resolve'))
      .argument('<flag-id>')
      .option('--note <text>', t('cmd.flags.note'))
      .action(lazy(() => import('./commands/flags.js'), ([flagId], opts) => ({ ...opts, action: 'resolve' as const, flagId: flagId as string })));
  });
  commands.set('scripts', () => {
    const scripts = program.command('scripts').description(t('cmd.scripts'));
    scripts
      .command('list')
      .description(t('cmd.scripts.list'))
      .option('--json', t('opt.json'))
      .action(lazy(() => import('./commands/scripts.js'), (_a, opts) => ({ ...opts, action: 'list' as const })));
    scripts
      .command('show')
      .description(t('cmd.scripts.show'))
      .argument('<id>')
      .option('--json', t('opt.json'))
      .action(lazy(() => import('./commands/scripts.js'), ([id], opts) => ({ ...opts, action: 'show' as const, id: id as string })));
    scripts
      .command('validate')
      .description(t('cmd.scripts.validate'))
      .argument('<file...>')
      .option('--strict', t('cmd.scripts.strict'))
      .option('--json', t('opt.json'))
      .action(lazy(() => import('./commands/scripts.js'), ([files], opts) => ({ ...opts, action: 'validate' as const, files: files as string[] })));
    scripts
      .command('new')
      .description(t('cmd.scripts.new'))
      .argument('<id>')
      .requiredOption('--from <id>', t('cmd.scripts.from'))
      .action(lazy(() => import('./commands/scripts.js'), ([id], opts) => ({ ...opts, action: 'new' as const, id: id as string, from: opts.from as string })));
    scripts
      .command('gaps')
      .description(t('cmd.scripts.gaps'))
      .argument('[id]')
      .option('--json', t('opt.json'))
      .action(lazy(() => import('./commands/scripts.js'), ([id], opts) => ({ ...opts, action: 'gaps' as const, id: id as string | undefined })));
  });
  commands.set('export', () => {
    program
      .command('export')
      .description(t('cmd.export'))
      .addOption(new Option('--format <format>', t('cmd.export.format')).choices(['csv', 'json', 'md', 'ics']).default('csv'))
      .option('--from <date>', t('cmd.export.from'))
      .option('--to <date>', t('cmd.export.to'))
      .option('--salesperson <name>', t('cmd.export.salesperson'))
      .option('--client <client>', t('cmd.export.client'))
      .option('--outcome <outcome>', t('cmd.export.outcome'))
      .option('--script <id>', t('cmd.export.script'))
      .option('--open-flags', t('cmd.export.openFlags'))
      .addOption(new Option('--rows <rows>', t('cmd.export.rows')).choices(['calls', 'flags']).default('calls'))
      .option('--excel', t('cmd.export.excel'))
      .option('-o, --output <file>', t('cmd.export.output'))
      .action(lazy(() => import('./commands/export.js'), same));
  });
  commands.set('stats', () => {
    program
      .command('stats')
      .description(t('cmd.stats'))
      .option('--from <date>', t('cmd.export.from'))
      .option('--to <date>', t('cmd.export.to'))
      .addOption(new Option('--by <dimension>', t('cmd.stats.by')).choices(['step', 'salesperson', 'script']))
      .option('--json', t('opt.json'))
      .action(lazy(() => import('./commands/stats.js'), same));
  });
  commands.set('report', () => {
    program
      .command('report')
      .description(t('cmd.report'))
      .option('--from <date>', t('cmd.export.from'))
      .option('--to <date>', t('cmd.export.to'))
      .requiredOption('-o, --output <file>', t('cmd.export.output'))
      .action(lazy(() => import('./commands/report.js'), same));
  });
  commands.set('journal', () => {
    const journal = program.command('journal').description(t('cmd.journal'));
    journal
      .command('check')
      .description(t('cmd.journal.check'))
      .option('--repair', t('cmd.journal.repair'))
      .option('--json', t('opt.json'))
      .action(lazy(() => import('./commands/journal.js'), same));
  });
  commands.set('config', () => {
    const config = program.command('config').description(t('cmd.config'));
    config
      .command('get')
      .description(t('cmd.config.get'))
      .argument('<key>', t('cmd.config.key'))
      .option('--json', t('opt.json'))
      .action(lazy(() => import('./commands/config.js'), ([key], opts) => ({ ...opts, action: 'get' as const, key: key as string })));
    config
      .command('set')
      .description(t('cmd.config.set'))
      .argument('<key>', t('cmd.config.key'))
      .argument('<value...>', t('cmd.config.value'))
      .action(lazy(() => import('./commands/config.js'), ([key, value]) => ({ action: 'set' as const, key: key as string, value: (value as string[]).join(' ') })));
    config
      .command('unset')
      .description(t('cmd.config.unset'))
      .argument('<key>', t('cmd.config.key'))
      .action(lazy(() => import('./commands/config.js'), ([key]) => ({ action: 'unset' as const, key: key as string })));
    config
      .command('list')
      .description(t('cmd.config.list'))
      .option('--json', t('opt.json'))
      .action(lazy(() => import('./commands/config.js'), (_a, opts) => ({ ...opts, action: 'list' as const })));
    config
      .command('path')
      .description(t('cmd.config.path'))
      .action(lazy(() => import('./commands/config.js'), () => ({ action: 'path' as const })));
  });
  commands.set('completion', () => {
    program
      .command('completion')
      .description(t('cmd.completion'))
      .addArgument(new Argument('<shell>').choices(['bash', 'zsh', 'fish']))
      .action(lazy(() => import('./commands/completion.js'), ([shell]) => ({ shell: shell as 'bash' | 'zsh' | 'fish' })));
    // What the completion scripts call on Tab: `__complete <shell> :word…` (hidden).
    program
      .command('__complete', { hidden: true })
      .argument('<shell>')
      .argument('[words...]')
      .helpOption(false)
      .action(
        lazy(
          () => import('./commands/completion.js'),
          ([shell, words]) => ({ action: 'complete' as const, shell: shell as string, words: (words as string[] | undefined) ?? [], program }),
        ),
      );
  });
  const asked = only === undefined ? undefined : commands.get(only);
  if (asked) asked();
  else for (const define of commands.values()) define();

  localizeCommander(program, lang);

  return program;
}

/** The error boundary: one clear line on stderr, an exit code by error type. */
export async function main(argv: string[] = process.argv, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const lang = langFromArgv(argv, env);
  const t = translator(cliMessages, lang);
  const debug = argv.includes('--debug');
  const version = typeof __FOLLOWUP_VERSION__ === 'string' ? __FOLLOWUP_VERSION__ : '0.0.0-dev';
  const program = buildProgram(lang, version, commandAsked(argv));
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    return reportError(error, { debug, t });
  }
}

function reportError(error: unknown, { debug, t }: { debug: boolean; t: ReturnType<typeof translator<typeof cliMessages.en>> }): number {
  if (error instanceof CommanderError) {
    // commander has printed its own message (or the help / version).
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (isPromptExit(error)) {
    process.stderr.write(`\n${t('error.interrupted')}\n`);
    return EXIT.interrupted;
  }
  if (error instanceof FollowupError) {
    process.stderr.write(`followup: ${error.message}\n`);
    if (error.hint) process.stderr.write(`  ${error.hint}\n`);
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`followup: ${t('error.unexpected', { message })}\n`);
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  else process.stderr.write(`  ${t('error.debugHint')}\n`);
  return EXIT.failure;
}

/** The entry point's only job: run, let piped output drain, exit. */
export async function runAndExit(): Promise<never> {
  // A reader that stops early (`followup --help | head`) closes the pipe: stop
  // quietly, as other Unix tools do, rather than die with an EPIPE stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(EXIT.ok);
  });
  const code = await main();
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(code);
}
