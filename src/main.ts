// The program as the bundle runs it (dist/app/main.js, started by the loader
// in dist/cli.js): the top-level help from the texts rendered at build time
// (./quick-help.ts) when it can be, otherwise the CLI and its error boundary.
export async function start(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
    const { printQuickHelp } = await import('./quick-help.js');
    if (printQuickHelp(process.argv, process.env)) return;
  }
  const { runAndExit } = await import('./cli.js');
  await runAndExit();
}
