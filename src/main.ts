// The program as the bundle runs it (dist/app/main.js, started by the loader
// in dist/cli.cjs, which answers a lone --version or --help itself).
export async function start(): Promise<void> {
  const { runAndExit } = await import('./cli.js');
  await runAndExit();
}
