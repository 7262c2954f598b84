// Built to dist/cli.js, which bin/followup.js imports.
import { runAndExit } from './cli.js';

await runAndExit();
