import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAfterCallHook } from '../../src/hooks/after-call.js';
import { appendEntry, readJournals } from '../../src/journal/index.js';
import type { CallEntry } from '../../src/journal/types.js';
import { makeContext, tempHome } from './helpers.js';

const ENTRY: CallEntry = JSON.parse(readFileSync(path.join(__dirname, '../fixtures/shell/call-entry.json'), 'utf8'));

async function withHook(command: string, options: { timeoutSec?: number; lang?: 'en' | 'ru' } = {}) {
  const home = await tempHome();
  const ctx = makeContext(home, {
    config: { name: 'Сергей Ларин', hooks: { 'after-call': command, ...(options.timeoutSec ? { timeoutSec: options.timeoutSec } : {}) } },
    lang: options.lang,
    env: { OUT: path.join(home, 'hook-out') },
  });
  return { home, ctx, out: path.join(home, 'hook-out') };
}

/** Running, not a zombie waiting for a reaper (in containers PID 1 may be slow to reap). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function until(check: () => boolean, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return check();
}

describe('the after-call hook', () => {
  it('receives the saved entry as one line of JSON on stdin, and its id and client in the environment', async () => {
    const { ctx, out } = await withHook(
      `cat > "$OUT"; printf '%s\\n' "$FOLLOWUP_CALL_ID" "$FOLLOWUP_CLIENT" "$FOLLOWUP_CLIENT_ID" "$FOLLOWUP_OUTCOME" "$FOLLOWUP_NEXT_CALL" > "$OUT.env"`,
    );
    const result = await runAfterCallHook(ctx, ENTRY);
    expect(result.status).toBe('ok');
    expect(result.exitCode).toBe(0);
    const received = readFileSync(out, 'utf8');
    expect(received.endsWith('\n')).toBe(true);
    expect(received.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(received)).toEqual(ENTRY);
    expect(readFileSync(`${out}.env`, 'utf8').split('\n')).toEqual([
      '01JDZK5Q8M3V7N2X4B6C9D0E1F',
      'Андрей Иванович',
      'andrey-ivanovich',
      'completed',
      '2026-12-01',
      '',
    ]);
    expect(ctx.io.stderrText()).toBe('');
  });

  it('is not run when none is configured', async () => {
    const home = await tempHome();
    const ctx = makeContext(home, { config: {} });
    expect(await runAfterCallHook(ctx, ENTRY)).toEqual({ status: 'none' });
    expect(ctx.io.stderrText()).toBe('');
  });

  it('a failing hook is reported in one line with its stderr tail, and the call stays in the journal', async () => {
    const { ctx } = await withHook(`cat >/dev/null; echo 'posting…' >&2; echo 'curl: (22) The requested URL returned error: 500' >&2; exit 22`);
    await appendEntry(ctx.journal, ENTRY);
    const result = await runAfterCallHook(ctx, ENTRY);
    expect(result).toMatchObject({ status: 'failed', exitCode: 22 });
    expect(ctx.io.stderrText()).toBe(
      'followup: the call is saved, but the after-call hook failed with exit code 22: curl: (22) The requested URL returned error: 500\n',
    );
    const { entries, damage } = await readJournals([ctx.journal]);
    expect(damage).toEqual([]);
    expect(entries).toEqual([ENTRY]);
  });

  it('reports a missing command (exit 127) in Russian', async () => {
    const { ctx } = await withHook('no-such-crm-uploader --post', { lang: 'ru' });
    const result = await runAfterCallHook(ctx, ENTRY);
    expect(result).toMatchObject({ status: 'failed', exitCode: 127 });
    expect(ctx.io.stderrText()).toMatch(/^followup: звонок сохранён, но хук after-call завершился с кодом 127: .*no-such-crm-uploader.*not found\n$/);
  });

  it('a hook that runs too long is stopped with its whole process group, and the call stays saved', async () => {
    const { ctx, out } = await withHook(`sleep 30 & echo $! > "$OUT.pid"; echo 'waiting for the CRM' >&2; wait`, { timeoutSec: 0.5 });
    await appendEntry(ctx.journal, ENTRY);
    const started = Date.now();
    const result = await runAfterCallHook(ctx, ENTRY);
    expect(result.status).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(ctx.io.stderrText()).toBe(
      'followup: the call is saved, but the after-call hook ran longer than 0.5 s and was stopped: waiting for the CRM\n',
    );
    const child = Number(readFileSync(`${out}.pid`, 'utf8'));
    expect(await until(() => !alive(child))).toBe(true);
    expect((await readJournals([ctx.journal])).entries).toEqual([ENTRY]);
  });

  it('a hook that ignores SIGTERM is killed after the grace period', async () => {
    const { ctx } = await withHook(`trap '' TERM; sleep 30`, { timeoutSec: 0.3 });
    const started = Date.now();
    const result = await runAfterCallHook(ctx, ENTRY, { killGraceMs: 200 });
    expect(result.status).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("a hook that doesn't read stdin is fine, even with a large entry", async () => {
    const { ctx } = await withHook('exit 0');
    const big = { ...ENTRY, note: 'ж'.repeat(1_000_000) };
    expect((await runAfterCallHook(ctx, big)).status).toBe('ok');
  });

  it('a hook that leaves a job in the background does not hold the call up', async () => {
    const { ctx, out } = await withHook(`cat >/dev/null; sleep 5 & echo $! > "$OUT.pid"; exit 0`);
    const started = Date.now();
    const result = await runAfterCallHook(ctx, ENTRY);
    expect(result.status).toBe('ok');
    expect(Date.now() - started).toBeLessThan(3000);
    process.kill(Number(readFileSync(`${out}.pid`, 'utf8')));
  });

  it("escape sequences in the hook's output cannot reach the terminal", async () => {
    const { ctx } = await withHook(`printf '\\033[2J\\033]0;pwned\\007boom\\n' >&2; exit 1`);
    await runAfterCallHook(ctx, ENTRY);
    const said = ctx.io.stderrText();
    expect(said).not.toContain('\u001b');
    expect(said).not.toContain('\u0007');
    expect(said).toContain('␛[2J␛]0;pwned␇boom');
  });
});
