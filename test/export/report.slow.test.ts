// The HTML report in a real browser: Debian's Chromium (installed by
// test/setup/system-deps.sh) driven headless by playwright-core. No console
// errors, no network requests, the charts drawn; a screenshot is kept under
// test-output/ (a CI artifact).
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as runReport } from '../../src/commands/report.js';
import { ROOT, TEAM, tempDir, testContext } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const OUT = path.join(ROOT, 'test-output');

describe('the HTML report in headless Chromium', () => {
  let browser: BrowserContext;
  let profile: string;
  const temp = tempDir();

  beforeAll(async () => {
    expect(existsSync(CHROMIUM), 'chromium missing: run test/setup/system-deps.sh').toBe(true);
    profile = mkdtempSync(path.join(tmpdir(), 'followup-chromium-'));
    // A new empty profile (playwright passes it as --user-data-dir).
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1100, height: 900 },
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(profile, { recursive: true, force: true });
    temp.cleanup();
  });

  for (const lang of ['en', 'ru'] as const) {
    it(`renders the ${lang} report offline with its charts and no console errors`, async () => {
      const file = path.join(temp.dir, `report-${lang}.html`);
      const ctx = testContext({ home: temp.dir, journals: [TEAM], lang });
      expect(await runReport(ctx, { output: file })).toBe(0);
      expect(ctx.io.stderrText()).toContain(file);
      expect(statSync(file).mode & 0o777).toBe(0o600);

      const page = await browser.newPage();
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) requests.push(r.url());
      });
      await page.goto(`file://${file}`);
      await page.waitForLoadState('load');

      expect(problems).toEqual([]);
      expect(requests).toEqual([]);
      // Calls per day: one bar per day.
      // 28 Nov – 4 Dec: seven days, two of them without calls (zero-height bars).
      expect(await page.locator('#per-day svg rect.bar').count()).toBe(7);
      expect(await page.locator('#per-day svg rect.bar[height="0"]').count()).toBe(2);
      // The funnel: a row per step (9, handler steps included), drawn with width.
      expect(await page.locator('#funnel svg text.label').count()).toBe(9);
      const answered = await page.locator('#funnel svg rect.seg.answered').first().boundingBox();
      expect(answered!.width).toBeGreaterThan(50);
      // Flags by owner: resolved, open and overdue segments.
      expect(await page.locator('#flags svg rect.seg.resolved').count()).toBe(1);
      expect(await page.locator('#flags svg rect.seg.overdue').count()).toBe(1);
      // On-time ring: on time, late, missed arcs; 40 % in the middle.
      expect(await page.locator('#on-time svg circle.arc').count()).toBe(3);
      expect((await page.locator('#on-time svg text.big').textContent())?.replace(/\s/g, '')).toBe('40%');
      // Text is text: the KPI of calls.
      expect(await page.locator('.kpi b').first().textContent()).toBe('7');

      mkdirSync(OUT, { recursive: true });
      await page.screenshot({ path: path.join(OUT, `report-${lang}.png`), fullPage: true });
      await page.emulateMedia({ media: 'print' });
      await page.pdf?.({ path: path.join(OUT, `report-${lang}.pdf`), format: 'A4' }).catch(() => undefined);
      await page.close();
    });
  }
});
