// Built to dist/cli.js, which bin/followup.js imports. `followup --version`
// (or -V) on its own is answered here, before commander and the CLI's strings
// load: it then costs node's start-up and nothing else; `--help` (or -h) on
// its own from the texts rendered at build time (./quick-help.ts). Anything
// else — with a global option, a command, a typo — goes to the CLI and its
// error boundary.
declare const __FOLLOWUP_VERSION__: string | undefined;

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V') && typeof __FOLLOWUP_VERSION__ === 'string') {
  // A reader that closed the pipe early gets nothing, and no stack trace (as in runAndExit).
  process.stdout.on('error', () => undefined);
  process.stdout.write(`${__FOLLOWUP_VERSION__}\n`);
} else if (!(args.length === 1 && (args[0] === '--help' || args[0] === '-h') && (await import('./quick-help.js')).printQuickHelp(process.argv, process.env))) {
  const { runAndExit } = await import('./cli.js');
  await runAndExit();
}
