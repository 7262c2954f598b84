// Built to dist/cli.cjs, which bin/followup.js requires (both CommonJS: an
// ES module entry costs node ~3 ms of its module loader on every run). `followup --version`
// (or -V) on its own is answered here, before anything else loads: it then
// costs node's start-up and nothing else; so is `--help` (or -h) on its own,
// from the texts commander rendered at build time (./quick-help.ts).
// Anything else runs the bundle in dist/app/ (src/main.ts) through the
// code-cache loader (./bundle-loader.ts).
import { fileURLToPath } from 'node:url';
import { runBundle } from './bundle-loader.js';
import { printQuickHelp } from './quick-help.js';

declare const __FOLLOWUP_VERSION__: string | undefined;
declare const __FOLLOWUP_BUILD__: string;

const args = process.argv.slice(2);
const only = (...flags: string[]) => args.length === 1 && flags.includes(args[0]!);
if (only('--version', '-V') && typeof __FOLLOWUP_VERSION__ === 'string') {
  // A reader that closed the pipe early gets nothing, and no stack trace (as in runAndExit).
  process.stdout.on('error', () => undefined);
  process.stdout.write(`${__FOLLOWUP_VERSION__}\n`);
} else if (!(only('--help', '-h') && printQuickHelp(process.argv, process.env))) {
  runBundle(fileURLToPath(new URL('./app/', import.meta.url)), __FOLLOWUP_BUILD__).catch((error: unknown) => {
    // Only the loader itself can fail here (the CLI's own boundary handles the
    // rest): a file of the installation is missing or unreadable.
    process.stderr.write(`followup: the installation is damaged: ${(error as Error).message}\n  reinstall followup (or run \`npm run build\` in a checkout)\n`);
    process.exitCode = 1;
  });
}
