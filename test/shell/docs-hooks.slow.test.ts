// The hook examples in docs/shell.md, run as written: the `config set` lines
// through sh with the built followup on PATH (only the example URL swapped for
// a local server), the YAML block pasted into the settings file, then a real
// scripted call.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, makeHome, ROOT } from '../e2e/pty.js';

const DOC = readFileSync(path.join(ROOT, 'docs/shell.md'), 'utf8');
const ANSWERS_RU = path.join(ROOT, 'test/fixtures/answers/kitchen-first-ru.yaml');
const ANSWERS_EN = path.join(ROOT, 'test/fixtures/answers/kitchen-first-en.yaml');

/** The code block after `<!-- tested: NAME -->`. */
function example(name: string): string {
  const match = new RegExp(`<!-- tested: ${name} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\`\`\``).exec(DOC);
  if (!match) throw new Error(`docs/shell.md has no example "${name}"`);
  return match[1]!;
}

let server: Server;
let url: string;
const received: { body: string; type?: string }[] = [];
let status = 200;

beforeAll(async () => {
  await ensureBuilt();
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ body, type: req.headers['content-type'] });
      res.writeHead(status).end(status === 200 ? 'ok' : 'boom');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}, 120_000);
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function homeWithFollowupOnPath() {
  const home = await makeHome();
  mkdirSync(path.join(home, 'bin'));
  symlinkSync(path.join(ROOT, 'bin/followup.js'), path.join(home, 'bin/followup'));
  const env = { PATH: `${path.join(home, 'bin')}:${process.env.PATH}`, HOME: home, FOLLOWUP_HOME: home, LANG: 'C.UTF-8', NO_COLOR: '1' };
  execFileSync('followup', ['config', 'set', 'name', 'Сергей Ларин'], { env, stdio: 'pipe' });
  return { home, env };
}

/** A scripted call through the built CLI, run asynchronously: the webhook server lives in this process. */
function call(home: string, answers = ANSWERS_RU, env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
  const script = answers === ANSWERS_RU ? 'kitchen-furniture' : 'kitchen-furniture-en';
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/followup.js'), 'call', '--script', script, '--answers', answers], {
    cwd: home,
    env: { PATH: process.env.PATH, HOME: home, FOLLOWUP_HOME: home, FOLLOWUP_NOW: '2026-11-28T14:05:00Z', FOLLOWUP_TZ: 'Europe/Moscow', LANG: 'C.UTF-8', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

const lastEntry = (home: string) => JSON.parse(readFileSync(path.join(home, 'journal.jsonl'), 'utf8').trimEnd().split('\n').at(-1)!);

describe('docs/shell.md hook examples', () => {
  it('the webhook: the server receives the call as JSON; a 500 is reported and the call stays saved', async () => {
    const { home, env } = await homeWithFollowupOnPath();
    const line = example('webhook').trim();
    expect(line).toContain('https://hooks.example.com/followup');
    execFileSync('sh', ['-c', line.replace('https://hooks.example.com/followup', url)], { env, stdio: 'pipe' });
    received.length = 0;
    const ok = await call(home);
    expect(ok.code).toBe(0);
    expect(ok.stderr).not.toContain('hook');
    expect(received).toHaveLength(1);
    expect(received[0]!.type).toBe('application/json');
    expect(JSON.parse(received[0]!.body)).toEqual(lastEntry(home));

    status = 500;
    try {
      const failed = await call(home, ANSWERS_EN, {});
      expect(failed.code).toBe(0);
      expect(failed.stderr).toContain('followup: the call is saved, but the after-call hook failed with exit code 22: curl: (22) The requested URL returned error: 500');
      expect(readFileSync(path.join(home, 'journal.jsonl'), 'utf8').trimEnd().split('\n')).toHaveLength(2);
    } finally {
      status = 200;
    }
  });

  it('the CRM reshape: only the chosen fields, the URL from the environment', async () => {
    const { home, env } = await homeWithFollowupOnPath();
    execFileSync('sh', ['-c', example('crm').trim()], { env, stdio: 'pipe' });
    received.length = 0;
    expect((await call(home, ANSWERS_RU, { CRM_WEBHOOK_URL: url })).code).toBe(0);
    const entry = lastEntry(home);
    expect(JSON.parse(received[0]!.body)).toEqual({
      name: 'Андрей Иванович',
      phone: entry.client.phone,
      result: 'completed',
      note: entry.summary,
      next_call: '2026-12-01',
    });
  });

  it('the CSV row: a header once, a row per call, formulas defused', async () => {
    const { home } = await homeWithFollowupOnPath();
    const file = path.join(home, 'config.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}${example('csv')}`);
    expect((await call(home)).code).toBe(0);
    const first = lastEntry(home);
    expect((await call(home, ANSWERS_EN)).code).toBe(0);
    const second = lastEntry(home);
    const rows = parse(readFileSync(path.join(home, 'followup-calls.csv'), 'utf8')) as string[][];
    expect(rows).toEqual([
      ['date', 'client', 'phone', 'outcome', 'next call', 'summary'],
      // A phone starting with + is defused too, as `followup export --format csv` does.
      [first.at, 'Андрей Иванович', `'${first.client.phone}`, 'completed', first.nextCall.date, first.summary],
      [second.at, second.client.name, `'${second.client.phone}`, second.outcome, second.nextCall.date, second.summary],
    ]);
    // The formula guard, on an entry as a hostile client name would make it.
    const hostile = JSON.stringify({ ...first, client: { ...first.client, name: '=HYPERLINK("http://x","y")', phone: '8 916 123' }, summary: '\t@SUM(A1)' });
    const hook = (readFileSync(file, 'utf8').match(/after-call: >-\n([\s\S]*)$/)![1]!).split('\n').map((l) => l.trim()).join(' ');
    execFileSync('sh', ['-c', hook], { input: `${hostile}\n`, env: { HOME: home, PATH: process.env.PATH } });
    const last = (parse(readFileSync(path.join(home, 'followup-calls.csv'), 'utf8')) as string[][]).at(-1)!;
    expect(last[1]).toBe(`'=HYPERLINK("http://x","y")`);
    expect(last[2]).toBe('8 916 123');
    expect(last[5]).toBe(`'\t@SUM(A1)`);
  });
});
