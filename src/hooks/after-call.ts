// The after-call hook: the user's own command (config `hooks.after-call`),
// run through `sh -c` after each saved call with the journal entry as JSON on
// stdin — how calls reach amoCRM, Bitrix24, HubSpot or a spreadsheet without
// this program knowing any of them. The call is already in the journal when
// the hook runs: a hook that fails, exits non-zero or runs past its time is
// reported in one line on stderr and never undoes or blocks the call.
import { DEFAULT_HOOK_TIMEOUT_SEC } from '../config/keys.js';
import type { Context } from '../context.js';
import { translator } from '../i18n/catalog.js';
import { shellMessages } from '../i18n/messages/shell.js';
import type { CallEntry } from '../journal/types.js';
import { safeText } from '../terminal/safe-text.js';

export type HookStatus = 'none' | 'ok' | 'failed' | 'timeout' | 'error';

export interface HookResult {
  /** none: no hook configured; failed: non-zero exit or killed by a signal;
   * timeout: stopped after hooks.timeoutSec; error: could not start. */
  status: HookStatus;
  exitCode?: number | null;
  signal?: NodeJS.Signals | null;
  durationMs?: number;
  /** The last lines the hook wrote to stderr (at most TAIL_BYTES). */
  stderrTail?: string;
  /** The line printed on stderr when status is not none/ok. */
  message?: string;
}

export interface HookOptions {
  /** After SIGTERM, how long the process group has before SIGKILL. */
  killGraceMs?: number;
}

const TAIL_BYTES = 4096;
const TAIL_LINE_CHARS = 240;
/** After the shell exits, how long its background children may hold our pipes. */
const DRAIN_MS = 200;

/** The hook's environment: the user's, plus what a one-line hook needs without parsing JSON. */
function hookEnv(ctx: Context, entry: CallEntry): NodeJS.ProcessEnv {
  return {
    ...ctx.env,
    FOLLOWUP_CALL_ID: entry.id,
    FOLLOWUP_CLIENT: entry.client.name,
    FOLLOWUP_CLIENT_ID: entry.client.id,
    FOLLOWUP_OUTCOME: entry.outcome,
    FOLLOWUP_NEXT_CALL: entry.nextCall?.date ?? '',
    FOLLOWUP_JOURNAL: ctx.journal,
  };
}

/** The last non-empty line of what the hook said, safe to print, shortened. */
function lastLine(tail: string): string {
  const line = tail.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).at(-1) ?? '';
  const safe = safeText(line);
  return safe.length > TAIL_LINE_CHARS ? `…${safe.slice(-TAIL_LINE_CHARS)}` : safe;
}

/** Runs the configured after-call hook, if any. Never throws; reports problems itself on ctx.io.err. */
export async function runAfterCallHook(ctx: Context, entry: CallEntry, options: HookOptions = {}): Promise<HookResult> {
  const command = ctx.config.hooks?.['after-call']?.trim();
  if (!command) return { status: 'none' };
  const timeoutSec = ctx.config.hooks?.timeoutSec ?? DEFAULT_HOOK_TIMEOUT_SEC;
  const t = translator(shellMessages, ctx.lang);
  // Loaded when a hook runs, not at every call's start-up.
  const { spawn } = await import('node:child_process');
  const started = Date.now();

  const result = await new Promise<Omit<HookResult, 'message' | 'durationMs'>>((resolve) => {
    let tail = '';
    let timedOut = false;
    let settled = false;
    // Its own process group (detached), so a timeout stops the hook's children too.
    const child = spawn('sh', ['-c', command], { detached: true, stdio: ['pipe', 'pipe', 'pipe'], env: hookEnv(ctx, entry) });
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        // The group is already gone.
      }
    };
    let killTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup('SIGTERM');
      killTimer = setTimeout(() => killGroup('SIGKILL'), options.killGraceMs ?? 2000);
    }, timeoutSec * 1000);

    const finish = (outcome: Omit<HookResult, 'message' | 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(killTimer);
      child.stdout.destroy();
      child.stderr.destroy();
      child.unref();
      resolve(outcome);
    };

    child.stdout.on('data', (chunk: Buffer) => {
      if (ctx.debug) ctx.io.err(chunk.toString('utf8'));
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (ctx.debug) ctx.io.err(chunk.toString('utf8'));
      tail = (tail + chunk.toString('utf8')).slice(-TAIL_BYTES);
    });
    child.on('error', (error) => finish({ status: 'error', stderrTail: error.message }));
    child.on('exit', (code, signal) => {
      const outcome: Omit<HookResult, 'message' | 'durationMs'> = timedOut
        ? { status: 'timeout', exitCode: code, signal }
        : { status: code === 0 ? 'ok' : 'failed', exitCode: code, signal };
      // Wait for the pipes to drain, but not for background children that keep them open.
      const drained = setTimeout(() => finish({ ...outcome, stderrTail: tail }), DRAIN_MS);
      child.once('close', () => {
        clearTimeout(drained);
        finish({ ...outcome, stderrTail: tail });
      });
    });
    // A hook that doesn't read stdin closes the pipe early: that's its business.
    child.stdin.on('error', () => {});
    child.stdin.end(`${JSON.stringify(entry)}\n`);
  });

  const durationMs = Date.now() - started;
  if (result.status === 'ok') return { ...result, durationMs };
  const said = lastLine(result.stderrTail ?? '');
  const tailText = said ? `: ${said}` : '';
  const message =
    result.status === 'error'
      ? t('hook.spawn', { message: said })
      : result.status === 'timeout'
        ? t('hook.timeout', { seconds: timeoutSec, tail: tailText })
        : result.signal
          ? t('hook.signal', { signal: result.signal, tail: tailText })
          : t('hook.failed', { code: result.exitCode ?? '?', tail: tailText });
  ctx.io.err(`followup: ${message}\n`);
  return { ...result, durationMs, message };
}
