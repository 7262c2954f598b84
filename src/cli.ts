// The command line: every command is registered here and each action
// lazy-imports its module from src/commands/, so `--help` and `--version`
// load nothing but commander and these strings. This file is also the one
// error boundary: the only place that exits the process.
import { Argument, Command, CommanderError, Option } from 'commander';
import { EXIT, FollowupError, isPromptExit } from './errors.js';
import { resolveLang, translator, type Lang } from './i18n/catalog.js';
import { cliMessages } from './i18n/messages/cli.js';
import { localizeCommander } from './i18n/commander.js';
import { configuredLanguage } from './config/quick-language.js';
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

function langFromArgv(argv: string[], env: NodeJS.ProcessEnv): Lang {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const flag = i < 0 ? undefined : argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  return resolveLang({ flag, config: configuredLanguage(argv, env), env });
}

export function buildProgram(lang: Lang, version: string): Command {
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
    .option('--journal <path>', t('opt.journal'), collect)
    .option('--home <dir>', t('opt.home'))
    .option('--scripts <dir>', t('opt.scripts'), collect)
    .addOption(new Option('--lang <lang>', t('opt.lang')).choices(['en', 'ru']))
    .option('--no-color', t('opt.noColor'))
    .option('--debug', t('opt.debug'))
    .showSuggestionAfterError(true)
    .exitOverride();

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

  program
    .command('resume')
    .description(t('cmd.resume'))
    .argument('[client...]', t('cmd.call.client'))
    .action(lazy(() => import('./commands/resume.js'), ([client]) => ({ client: ((client as string[] | undefined) ?? []).join(' ') || undefined })));

  program
    .command('due')
    .description(t('cmd.due'))
    .option('--on <date>', t('cmd.due.on'))
    .option('--overdue', t('cmd.due.overdue'))
    .option('--json', t('opt.json'))
    .action(lazy(() => import('./commands/due.js'), same));

  program
    .command('history')
    .description(t('cmd.history'))
    .argument('<client...>', t('cmd.call.client'))
    .option('--json', t('opt.json'))
    .action(lazy(() => import('./commands/history.js'), ([client], opts) => ({ ...opts, client: (client as string[]).join(' ') })));

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

  program
    .command('stats')
    .description(t('cmd.stats'))
    .option('--from <date>', t('cmd.export.from'))
    .option('--to <date>', t('cmd.export.to'))
    .addOption(new Option('--by <dimension>', t('cmd.stats.by')).choices(['step', 'salesperson', 'script']))
    .option('--json', t('opt.json'))
    .action(lazy(() => import('./commands/stats.js'), same));

  program
    .command('report')
    .description(t('cmd.report'))
    .option('--from <date>', t('cmd.export.from'))
    .option('--to <date>', t('cmd.export.to'))
    .requiredOption('-o, --output <file>', t('cmd.export.output'))
    .action(lazy(() => import('./commands/report.js'), same));

  const journal = program.command('journal').description(t('cmd.journal'));
  journal
    .command('check')
    .description(t('cmd.journal.check'))
    .option('--repair', t('cmd.journal.repair'))
    .option('--json', t('opt.json'))
    .action(lazy(() => import('./commands/journal.js'), same));

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

  localizeCommander(program, lang);

  return program;
}

/** The error boundary: one clear line on stderr, an exit code by error type. */
export async function main(argv: string[] = process.argv, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const lang = langFromArgv(argv, env);
  const t = translator(cliMessages, lang);
  const debug = argv.includes('--debug');
  const version = typeof __FOLLOWUP_VERSION__ === 'string' ? __FOLLOWUP_VERSION__ : '0.0.0-dev';
  const program = buildProgram(lang, version);
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
