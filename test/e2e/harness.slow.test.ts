// The pty harness itself: the built bin runs in a real terminal, the screen
// is read through the emulator, waits end on text, not on time.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, killAll, makeHome, runFollowup, spawnFollowup } from './pty.js';

beforeAll(ensureBuilt, 120_000);
afterEach(killAll);

describe('pty harness', () => {
  it('shows the help screen and the exit code', async () => {
    const home = await makeHome();
    const app = spawnFollowup(['--help'], { home, cols: 100, rows: 40 });
    await app.waitFor(/Usage: followup/);
    expect(await app.waitForExit()).toBe(0);
    expect(app.history()).toContain('call');
  });

  it('times out with the screen in the message', async () => {
    const home = await makeHome();
    const app = spawnFollowup(['--version'], { home });
    await expect(app.waitFor('never printed', { timeoutMs: 300 })).rejects.toThrow(/timed out.*\n/s);
    await app.waitForExit();
  });

  it('runs the bin on pipes too', async () => {
    const home = await makeHome();
    const result = runFollowup(['--version'], { home });
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
