#!/usr/bin/env node
// The derived index on its own, as `due` and `history` will call it: opens the
// journal through openJournalView and answers one query, printing how many
// items it found and where the answer came from. run.mjs bundles
// src/journal/derived-index.ts to bench/out/lib/ first (esbuild, like the CLI).
//   node bench/index-query.mjs due FILE DAY
//   node bench/index-query.mjs history FILE CLIENT_ID
const [what, file, arg] = process.argv.slice(2);
const { openJournalView } = await import(new URL('./out/lib/derived-index.js', import.meta.url).href);
const view = await openJournalView([file]);
if (what === 'due') {
  const items = await view.due({ day: arg });
  process.stdout.write(`${items.length} due (${view.source}${view.fallbackReason ? `: ${view.fallbackReason}` : ''})\n`);
} else if (what === 'history') {
  const client = await view.history(arg);
  process.stdout.write(`${client?.calls.length ?? 0} calls (${view.source}${view.fallbackReason ? `: ${view.fallbackReason}` : ''})\n`);
} else {
  process.stderr.write('usage: node bench/index-query.mjs due FILE DAY | history FILE CLIENT_ID\n');
  process.exitCode = 2;
}
