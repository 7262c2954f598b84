#!/usr/bin/env node
// `npm run bench`: times followup's commands against baselines measured in the
// same run on the same machine — `node -e 0`, jq writing the export's CSV
// columns, and the JSON.parse floor (bench/floor.mjs) — and checks the goal
// figures of issue #6. Several runs per case; median, min and max are kept.
// Prints two tables (timings, goals) and writes bench/out/results.json.
//
//   node bench/run.mjs [--size N] [--runs R] [--only id,id] [--seed S]
//
// --size N   the largest journal (default 1,000,000 calls); the export case
//            uses min(100,000, N) calls and the 1,000-call cases stay as they are.
// --runs R   timed runs per case (default 7; 3 for cases on the largest journal).
// --only     run only these case ids (baselines they need are added); the
//            optional cases flags-big and stats-big run only when named.
//
// A case whose command is not built yet (the placeholder says "not built yet")
// is reported as "not available", never estimated.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CSV_COLUMNS_JQ, jqExportArgs } from './export-columns.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = path.join(ROOT, 'bench', 'out');
// What is measured: the commit when the CLI is copied, and whether tracked
// files differed from it (a colleague's edits in progress are built too).
const git = (...args) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout?.replace(/\n+$/, '') ?? '';
const gitHead = git('rev-parse', '--short', 'HEAD') || null;
const gitDirty = gitHead ? git('status', '--porcelain', '--untracked-files=no').split('\n').filter(Boolean).map((l) => l.slice(3)) : [];
// Each run works in its own folder (the CLI's copy, a home, work files), so
// two benches in the same checkout don't delete each other's files; shown as
// bench/out/<run> in the tables.
const RUN = path.join(OUT, `run-${process.pid}`);
rmSync(RUN, { recursive: true, force: true });
// Folders left by runs that were stopped (they may hold a copy of the big journal).
const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
};
for (const name of existsSync(OUT) ? readdirSync(OUT) : []) {
  const pid = /^run-(\d+)$/.exec(name)?.[1];
  if (pid && !alive(Number(pid))) rmSync(path.join(OUT, name), { recursive: true, force: true });
}
// The built CLI is copied aside first (bin, dist, scripts, package.json): a
// rebuild of dist/ while the bench runs — by a watcher or a colleague in the
// same checkout — must not break or skew the runs. node_modules is found above.
const SNAPSHOT = path.join(RUN, 'cli');
for (const part of ['bin', 'dist', 'scripts', 'schema', 'package.json']) {
  if (existsSync(path.join(ROOT, part))) cpSync(path.join(ROOT, part), path.join(SNAPSHOT, part), { recursive: true });
}
const BIN = path.join(SNAPSHOT, 'bin', 'followup.js');
const NODE = process.execPath;
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

// ── options ───────────────────────────────────────────────────────────────
function parseArgs(argv) {
  const o = { size: 1_000_000, runs: 7, bigRuns: 3, only: null, seed: 1, today: '2026-11-28' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--size') o.size = Number(value());
    else if (flag === '--runs') o.runs = Number(value());
    else if (flag === '--big-runs') o.bigRuns = Number(value());
    else if (flag === '--only') o.only = new Set(value().split(','));
    else if (flag === '--seed') o.seed = Number(value());
    else if (flag === '--today') o.today = value();
    else if (flag === '--help' || flag === '-h') {
      process.stdout.write('usage: node bench/run.mjs [--size N] [--runs R] [--big-runs R] [--only id,id] [--seed S] [--today YYYY-MM-DD]\n');
      process.exit(0);
    } else throw new Error(`bench: unknown option ${argv[i]}`);
  }
  if (!Number.isInteger(o.size) || o.size < 1000) throw new Error('bench: --size must be an integer ≥ 1000');
  if (!Number.isInteger(o.runs) || o.runs < 1) throw new Error('bench: --runs must be a positive integer');
  return o;
}
const opts = parseArgs(process.argv.slice(2));
const LOAD_BEFORE = Math.round(os.loadavg()[0] * 100) / 100;
const bigRuns = Math.min(opts.runs, opts.bigRuns);
const MID = Math.min(100_000, opts.size);
const BIG = opts.size;

// ── journals and a home ───────────────────────────────────────────────────
mkdirSync(path.join(OUT, 'journals'), { recursive: true });
/** Journals are cached by the generator's content: a changed generator makes new ones. */
const GENERATOR = createHash('sha256').update(readFileSync(path.join(ROOT, 'bench', 'gen-journal.mjs'))).digest('hex').slice(0, 8);
function journal(size) {
  const file = path.join(OUT, 'journals', `calls-${size}-seed${opts.seed}-${opts.today}-${GENERATOR}.jsonl`);
  if (!existsSync(`${file}.meta.json`) || !existsSync(file)) {
    process.stderr.write(`bench: generating a ${size.toLocaleString('en')}-call journal…\n`);
    const r = spawnSync(NODE, [path.join(ROOT, 'bench', 'gen-journal.mjs'), '--size', String(size), '--seed', String(opts.seed), '--today', opts.today, '--out', file], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error(`bench: gen-journal failed for ${size}`);
  }
  return { file, meta: JSON.parse(readFileSync(`${file}.meta.json`, 'utf8')) };
}

const home = path.join(RUN, 'home');
mkdirSync(home, { recursive: true, mode: 0o700 });
writeFileSync(path.join(home, 'config.yaml'), 'name: Сергей Ларин\ncompany: «Глория фурнитура»\nphone: +7 495 000-00-00\ntimeZone: UTC\n', { mode: 0o600 });
const env = {
  ...process.env,
  FOLLOWUP_HOME: home,
  FOLLOWUP_NOW: `${opts.today}T09:00:00.000Z`,
  FOLLOWUP_TZ: 'UTC',
  FOLLOWUP_LANG: 'en',
  NO_COLOR: '1',
  TERM: 'xterm-256color',
};
const workDir = path.join(RUN, 'work');
mkdirSync(workDir, { recursive: true });

// ── measuring ─────────────────────────────────────────────────────────────
const devNull = openSync('/dev/null', 'w');

/** One run of a command: wall time in ms, peak RSS in KB (through /usr/bin/time). */
function runOnce(c) {
  const memFile = path.join(workDir, 'rss.txt');
  const argv = c.memory && TIME ? [TIME, '-f', '%M', '-o', memFile, ...c.cmd] : c.cmd;
  const started = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { cwd: ROOT, env: { ...env, ...c.env }, stdio: ['ignore', devNull, 'pipe'], maxBuffer: 16 << 20 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const rssKb = c.memory && TIME && existsSync(memFile) ? Number(readFileSync(memFile, 'utf8').trim().split('\n').at(-1)) : null;
  return { ms, rssKb, status: r.status, stderr: String(r.stderr ?? '') };
}

/** Time from spawn in a pseudo-terminal until the prompt's text is on screen. */
async function runInPty(c) {
  const pty = await import('node-pty');
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const term = pty.spawn(c.cmd[0], c.cmd.slice(1), { name: 'xterm-256color', cols: 100, rows: 30, cwd: ROOT, env: { ...env, ...c.env } });
    let screen = '';
    let done = false;
    const finish = (result) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      try {
        term.kill();
      } catch {}
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ms: NaN, status: 1, stderr: `no prompt within 20 s; screen: ${screen.slice(-300)}` }), 20_000);
    term.onData((data) => {
      screen += data;
      // eslint-disable-next-line no-control-regex
      const plain = screen.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07/g, '');
      if (c.prompt.test(plain)) finish({ ms: Number(process.hrtime.bigint() - started) / 1e6, status: 0, stderr: '' });
    });
    term.onExit(({ exitCode }) => setTimeout(() => finish({ ms: NaN, status: exitCode || 1, stderr: screen.slice(-500) }), 50));
  });
}

const stats = (values) => {
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return { median: v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2, min: v[0], max: v.at(-1) };
};

const firstLines = (text) => text.trim().split('\n').slice(0, 3).join(' | ');
const once = (c) => {
  c.beforeEach?.();
  return c.pty ? runInPty(c) : runOnce(c);
};

/** The untimed first run: says whether the command is there at all. */
async function firstRun(c) {
  c.beforeAll?.();
  const first = await once(c);
  if (first.status === 0) return { ...c.describe, status: 'ok', firstMs: first.ms, runs: [] };
  const notBuilt = /not built yet/i.test(first.stderr);
  return { ...c.describe, status: notBuilt ? 'not available' : 'failed', error: firstLines(first.stderr) };
}

function summarize(result) {
  if (result.status !== 'ok') return result;
  const { runs, ...rest } = result;
  const time = stats(runs.map((r) => r.ms));
  const rss = runs[0]?.rssKb == null ? null : stats(runs.map((r) => r.rssKb / 1024));
  return { ...rest, ms: time, runsMs: runs.map((r) => Math.round(r.ms * 10) / 10), rssMB: rss };
}

/**
 * Measures cases in rounds — one run of each case per round — so that a burst
 * of load from elsewhere on the machine hits the baselines and the commands
 * alike instead of skewing one of them.
 */
async function measureInRounds(group, rounds) {
  const results = new Map();
  for (const c of group) {
    progress(`${c.id}: first run`);
    results.set(c, await firstRun(c));
  }
  for (let round = 0; round < rounds; round++) {
    for (const c of group) {
      const result = results.get(c);
      if (result.status !== 'ok') continue;
      progress(`${c.id}: run ${round + 1}/${rounds}`);
      const r = await once(c);
      if (r.status !== 0) results.set(c, { ...c.describe, status: 'failed', error: firstLines(r.stderr) });
      else result.runs.push(r);
    }
  }
  return group.map((c) => summarize(results.get(c)));
}
const progress = (text) => process.stderr.write(`\rbench: ${text.padEnd(60)}`);

// ── the cases ─────────────────────────────────────────────────────────────
const small = journal(1000);
const mid = journal(MID);
const big = BIG === MID ? mid : journal(BIG);
const followup = (...args) => [NODE, BIN, ...args];
const jqAvailable = spawnSync('jq', ['--version']).status === 0;
const sample = big.meta.sampleClient;

const appendBig = path.join(workDir, `append-${BIG}.jsonl`);
const appendEmpty = path.join(workDir, 'append-empty.jsonl');
const answersFile = path.join(ROOT, 'bench', 'fixtures', 'answers-kitchen.yaml');

// The index on its own (bench/index-query.mjs), bundled like the CLI.
const { build: esbuild } = await import('esbuild');
await esbuild({
  absWorkingDir: ROOT, entryPoints: { 'derived-index': 'src/journal/derived-index.ts' }, outdir: path.join(OUT, 'lib'),
  bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning',
});
/** The derived index's files beside a journal (src/journal/index-store.ts). */
const removeIndex = (file) => {
  for (const suffix of ['.index.json', '.index.pos', '.index.flags', '.index.bloom', '.index.json.lock']) rmSync(`${file}${suffix}`, { force: true });
};
const indexQuery = (...args) => [NODE, path.join(ROOT, 'bench', 'index-query.mjs'), ...args];
const indexCopy = path.join(workDir, `index-${BIG}.jsonl`);

const cases = [
  { id: 'node', what: 'node -e 0', cmd: [NODE, '-e', '0'] },
  { id: 'node-pty', what: 'node printing a prompt, through a pty', cmd: [NODE, '-e', "process.stdout.write('? ready ')"], pty: true, prompt: /\? ready/ },
  { id: 'floor', what: `JSON.parse every line, ${MID.toLocaleString('en')} calls`, cmd: [NODE, path.join(ROOT, 'bench', 'floor.mjs'), mid.file], memory: true },
  jqAvailable && { id: 'jq', what: `jq -r '[…] | @csv', ${MID.toLocaleString('en')} calls`, cmd: ['jq', ...jqExportArgs(mid.file)], memory: true },
  { id: 'version', what: 'followup --version', cmd: followup('--version') },
  { id: 'help', what: 'followup --help', cmd: followup('--help') },
  { id: 'call-pty', what: 'followup call → first prompt (pty)', cmd: followup('--journal', small.file, 'call', small.meta.sampleClient.name), pty: true, prompt: /(^|\n)\s*[?✔❯]\s+\S/ },
  { id: 'due-1k', what: 'followup due, 1,000 calls', cmd: followup('--journal', small.file, 'due') },
  { id: 'scripts-list', what: 'followup scripts list', cmd: followup('--journal', small.file, 'scripts', 'list') },
  { id: 'export-mid', what: `followup export --format csv, ${MID.toLocaleString('en')} calls`, cmd: followup('--journal', mid.file, 'export', '--format', 'csv'), memory: true },
  BIG !== MID && { id: 'export-big', what: `followup export --format csv, ${BIG.toLocaleString('en')} calls`, cmd: followup('--journal', big.file, 'export', '--format', 'csv'), memory: true, big: true },
  {
    id: 'due-big', what: `followup due, ${BIG.toLocaleString('en')} calls`, cmd: followup('--journal', big.file, 'due'), big: true, memory: true,
    // The first run builds the derived index (an index left by an earlier bench would hide that cost).
    beforeAll: () => removeIndex(big.file),
  },
  { id: 'history-big', what: `followup history <client>, ${BIG.toLocaleString('en')} calls (${sample.calls} of theirs)`, cmd: followup('--journal', big.file, 'history', sample.name), big: true, memory: true },
  // Full reads, not goals of the issue: run them by name (--only flags-big,stats-big).
  { id: 'flags-big', what: `followup flags, ${BIG.toLocaleString('en')} calls`, cmd: followup('--journal', big.file, 'flags'), big: true, memory: true, optional: true },
  { id: 'stats-big', what: `followup stats, ${BIG.toLocaleString('en')} calls`, cmd: followup('--journal', big.file, 'stats'), big: true, memory: true, optional: true },
  {
    id: 'index-due-big', what: `library: openJournalView().due(), ${BIG.toLocaleString('en')} calls`, cmd: indexQuery('due', indexCopy, opts.today), big: true,
    beforeAll: () => {
      removeIndex(indexCopy);
      copyFileSync(big.file, indexCopy);
    },
  },
  { id: 'index-history-big', what: `library: openJournalView().history(), ${BIG.toLocaleString('en')} calls (${sample.calls} of theirs)`, cmd: indexQuery('history', indexCopy, sample.id), big: true },
  {
    id: 'append-empty', what: 'followup call --answers: append one call, empty journal', cmd: followup('--journal', appendEmpty, 'call', 'Вероника Тихомирова', '--answers', answersFile),
    beforeEach: () => {
      for (const f of readdirSync(workDir)) if (f.startsWith('append-empty')) rmSync(path.join(workDir, f), { recursive: true, force: true });
      rmSync(path.join(home, 'drafts'), { recursive: true, force: true });
    },
  },
  {
    id: 'append-big', what: `followup call --answers: append one call, ${BIG.toLocaleString('en')} calls`, cmd: followup('--journal', appendBig, 'call', 'Вероника Тихомирова', '--answers', answersFile), big: true,
    beforeAll: () => {
      removeIndex(appendBig);
      copyFileSync(big.file, appendBig);
    },
    // A run cut short leaves a draft, which would stop the next run.
    beforeEach: () => rmSync(path.join(home, 'drafts'), { recursive: true, force: true }),
  },
].filter(Boolean);

const needs = { version: ['node'], help: ['node'], 'call-pty': ['node-pty', 'node'], 'due-1k': ['node'], 'scripts-list': ['node'], 'export-mid': ['jq', 'floor'], 'append-big': ['append-empty'], 'index-history-big': ['index-due-big'] };
const selected = opts.only
  ? cases.filter((c) => opts.only.has(c.id) || [...opts.only].some((id) => (needs[id] ?? []).includes(c.id)))
  : cases.filter((c) => !c.optional);

const results = {};
for (const c of selected) {
  const shown = c.cmd.map((a) => (a === NODE ? 'node' : a === CSV_COLUMNS_JQ ? "'<CSV_COLUMNS_JQ of bench/export-columns.mjs>'" : a.startsWith('["remind"') ? "'<STEP_KEYS>'" : path.isAbsolute(a) ? path.relative(ROOT, a).replace(path.relative(ROOT, RUN), 'bench/out/<run>') : /[\s'"()]/.test(a) ? `'${a.replace(/'/g, "'\\''")}'` : a));
  c.describe = { id: c.id, what: c.what, command: shown.join(' ') };
}
// The two appends are timed in the same rounds, one after the other: their
// ratio is a goal, and load that comes and goes would otherwise skew it.
const paired = selected.some((c) => c.id === 'append-big') ? new Set(['append-empty', 'append-big']) : new Set();
const quick = selected.filter((c) => !c.big && !paired.has(c.id));
for (const r of await measureInRounds(quick, opts.runs)) results[r.id] = r;
for (const c of selected.filter((c) => c.big && !paired.has(c.id))) {
  const [r] = await measureInRounds([c], bigRuns);
  results[r.id] = r;
}
for (const r of await measureInRounds(selected.filter((c) => paired.has(c.id)), opts.runs)) results[r.id] = r;
process.stderr.write('\n');
rmSync(RUN, { recursive: true, force: true });

// ── goals ─────────────────────────────────────────────────────────────────
const ok = (id) => results[id]?.status === 'ok';
const ratio = (id, base) => (ok(id) && ok(base) ? results[id].ms.median / results[base].ms.median : null);
const goals = [];
const goal = (what, value, limit, unit, basis) => {
  goals.push({ what, value, limit, unit, basis, pass: value === null ? null : value <= limit });
};
goal('followup --version vs node -e 0', ratio('version', 'node'), 1.2, '×', 'median/median');
goal('followup --help vs node -e 0', ratio('help', 'node'), 1.2, '×', 'median/median');
goal('followup call, first prompt (pty) vs node (pty)', ratio('call-pty', 'node-pty'), 1.6, '×', 'median/median, both through the same pty');
goal('followup due (1,000 calls) vs node -e 0', ratio('due-1k', 'node'), 1.5, '×', 'median/median');
goal('followup scripts list vs node -e 0', ratio('scripts-list', 'node'), 1.5, '×', 'median/median');
goal(`export csv (${MID.toLocaleString('en')} calls) vs jq`, ratio('export-mid', 'jq'), 0.5, '×', 'median/median');
goal(`export csv (${MID.toLocaleString('en')} calls) vs JSON.parse floor`, ratio('export-mid', 'floor'), 1.3, '×', 'median/median');
goal(`export peak RSS, ${MID.toLocaleString('en')} calls`, ok('export-mid') ? results['export-mid'].rssMB?.max ?? null : null, 120, 'MB', 'max over runs');
if (BIG !== MID) {
  goal(`export peak RSS, ${BIG.toLocaleString('en')} calls`, ok('export-big') ? results['export-big'].rssMB?.max ?? null : null, 120, 'MB', 'max over runs');
  goal(
    `export RSS flat: ${BIG.toLocaleString('en')} vs ${MID.toLocaleString('en')} calls`,
    ok('export-big') && ok('export-mid') && results['export-big'].rssMB && results['export-mid'].rssMB ? results['export-big'].rssMB.max / results['export-mid'].rssMB.max : null,
    1.2, '×', 'max RSS / max RSS',
  );
}
goal(`followup due, ${BIG.toLocaleString('en')} calls, after the first run`, ok('due-big') ? results['due-big'].ms.median / 1000 : null, 0.3, 's', 'median');
goal(`followup history, ${BIG.toLocaleString('en')} calls, after the first run`, ok('history-big') ? results['history-big'].ms.median / 1000 : null, 0.3, 's', 'median');
goal(`library due, ${BIG.toLocaleString('en')} calls, after the first run (not the command)`, ok('index-due-big') ? results['index-due-big'].ms.median / 1000 : null, 0.3, 's', 'median');
goal(`library history, ${BIG.toLocaleString('en')} calls, after the first run (not the command)`, ok('index-history-big') ? results['index-history-big'].ms.median / 1000 : null, 0.3, 's', 'median');
goal(`append one call: ${BIG.toLocaleString('en')}-call journal vs empty`, ratio('append-big', 'append-empty'), 1.2, '×', 'median/median');

// ── report ────────────────────────────────────────────────────────────────
const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  memoryGB: Math.round(os.totalmem() / 2 ** 30),
  os: `${os.type()} ${os.release()} ${os.arch()}`,
  node: process.version,
  jq: jqAvailable ? spawnSync('jq', ['--version'], { encoding: 'utf8' }).stdout.trim() : null,
  date: new Date().toISOString(),
  commit: gitHead,
  /** Tracked files that differed from the commit when the CLI was copied. */
  uncommitted: gitDirty,
  /** 1-minute load average before and after the run: other work on the machine skews absolute times. */
  loadAverage: { before: LOAD_BEFORE, after: Math.round(os.loadavg()[0] * 100) / 100 },
};
const fmtMs = (v) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(1)} ms`);
const cell = (text) => text.replace(/\|/g, '\\|');
const lines = [];
lines.push(`Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB, ${machine.os}, node ${machine.node}, ${machine.jq ?? 'no jq'}; ${machine.date}${gitHead ? `, commit ${gitHead}${gitDirty.length ? ` + uncommitted changes to ${gitDirty.join(', ')}` : ''}` : ''}; load average ${machine.loadAverage.before} before, ${machine.loadAverage.after} after`);
lines.push(`Runs: ${opts.runs} per case (${bigRuns} on the ${BIG.toLocaleString('en')}-call journal, ${opts.runs} for the append to it, in rounds with the append to an empty one), after one untimed first run; journals from bench/gen-journal.mjs --seed ${opts.seed} --today ${opts.today}`);
lines.push('');
lines.push('| case | command | median | min | max | first run | peak RSS |');
lines.push('|---|---|---:|---:|---:|---:|---:|');
for (const r of Object.values(results)) {
  if (r.status !== 'ok') lines.push(`| ${cell(r.what)} | \`${cell(r.command)}\` | ${r.status} | | | | |`);
  else lines.push(`| ${cell(r.what)} | \`${cell(r.command)}\` | ${fmtMs(r.ms.median)} | ${fmtMs(r.ms.min)} | ${fmtMs(r.ms.max)} | ${fmtMs(r.firstMs)} | ${r.rssMB ? `${r.rssMB.max.toFixed(0)} MB` : ''} |`);
}
lines.push('');
lines.push('| goal | measured | limit | met |');
lines.push('|---|---:|---:|:---:|');
for (const g of goals) {
  const value = g.value === null ? 'n/a' : g.unit === '×' ? `${g.value.toFixed(2)}×` : g.unit === 's' ? `${g.value.toFixed(3)} s` : `${g.value.toFixed(0)} MB`;
  lines.push(`| ${g.what} | ${value} | ${g.unit === '×' ? `${g.limit}×` : `${g.limit} ${g.unit}`} | ${g.pass === null ? 'n/a' : g.pass ? 'yes' : '**no**'} |`);
}
const table = lines.join('\n');
process.stdout.write(`${table}\n`);
writeFileSync(path.join(OUT, 'results.json'), `${JSON.stringify({ machine, options: { ...opts, only: opts.only && [...opts.only], bigRuns }, journals: { small: small.meta, mid: mid.meta, big: big.meta }, results, goals }, null, 2)}\n`);
writeFileSync(path.join(OUT, 'results.md'), `${table}\n`);
process.stderr.write(`bench: wrote ${path.relative(ROOT, path.join(OUT, 'results.json'))} and results.md\n`);
