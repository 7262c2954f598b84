// Bundles test/journal/helpers/runner.ts (and the journal module it imports)
// with esbuild into one .mjs, so child processes run the real code under node.
import { build } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let bundled: Promise<string> | undefined;

export function bundleRunner(): Promise<string> {
  bundled ??= (async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'followup-journal-runner-'));
    const outfile = path.join(dir, 'runner.mjs');
    await build({
      entryPoints: [fileURLToPath(new URL('./runner.ts', import.meta.url))],
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
      logLevel: 'warning',
    });
    return outfile;
  })();
  return bundled;
}
