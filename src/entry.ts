// Built to dist/cli.js, which bin/followup.js imports. `followup --version`
// (or -V) on its own is answered here, before anything else loads: it then
// costs node's start-up and nothing else. Anything else runs the bundle in
// dist/app/ (src/main.ts) through the code-cache loader (./bundle-loader.ts).
import { fileURLToPath } from 'node:url';
import { runBundle } from './bundle-loader.js';

declare const __FOLLOWUP_VERSION__: string | undefined;

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V') && typeof __FOLLOWUP_VERSION__ === 'string') {
  // A reader that closed the pipe early gets nothing, and no stack trace (as in runAndExit).
  process.stdout.on('error', () => undefined);
  process.stdout.write(`${__FOLLOWUP_VERSION__}\n`);
} else {
  await runBundle(fileURLToPath(new URL('./app/', import.meta.url)));
}
