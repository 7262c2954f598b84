// The stats of test/fixtures/export/team.jsonl, counted by hand from the
// fixture's eight entries (make-team.mjs), "today" being 2026-12-05 in Moscow.
import { describe, expect, it } from 'vitest';
import { run as runStats } from '../../src/commands/stats.js';
import { journalStats } from '../../src/export/run-stats.js';
import { renderStats } from '../../src/export/stats-render.js';
import { DAMAGED, NOW, TEAM, ZONE, tempDir, testContext } from './helpers.js';

const now = new Date(NOW);

describe('stats of the team fixture (counted by hand)', () => {
  it('counts calls, outcomes, days, salespeople and scripts', async () => {
    const { stats, damage } = await journalStats({ journals: [TEAM], filter: {}, timeZone: ZONE, now });
    expect(damage).toEqual([]);
    expect(stats.calls).toBe(7);
    expect(stats.byOutcome).toEqual({ completed: 4, 'call-back': 1, 'no-answer': 1, declined: 0, 'wrong-number': 0, 'ended-early': 1 });
    // 786 s over 7 calls.
    expect(stats.avgDurationSec).toBe(112);
    // John's call-back at 22:30 UTC on the 28th is 01:30 on the 29th in Moscow.
    expect(stats.perDay).toEqual([
      { day: '2026-11-28', calls: 2 },
      { day: '2026-11-29', calls: 2 },
      { day: '2026-12-01', calls: 1 },
      { day: '2026-12-03', calls: 1 },
      { day: '2026-12-04', calls: 1 },
    ]);
    expect(stats.bySalesperson.map((p) => [p.name, p.calls, p.byOutcome.completed, p.avgDurationSec, p.nextCalls, p.agreed, p.onTime, p.late, p.missed, p.flagsRaised])).toEqual([
      ['Сергей Ларин', 4, 3, 140, 3, 2, 1, 1, 0, 2],
      ['Anna Berg', 3, 1, 75, 3, 2, 1, 0, 2, 1],
    ]);
    expect(stats.byScript.map((s) => [s.id, s.version, s.calls, s.byOutcome.completed, s.avgDurationSec])).toEqual([
      ['car-dealership', 'vA', 3, 1, 75],
      ['kitchen-furniture', 'v1', 3, 2, 127],
      ['kitchen-furniture', 'v2', 1, 1, 180],
    ]);
  });

  it('counts the step funnel, skips and where unfinished calls ended', async () => {
    const { stats } = await journalStats({ journals: [TEAM], filter: {}, timeZone: ZONE, now });
    expect(stats.steps.map((s) => [s.step, s.reached, s.answered, s.skipped, s.ended])).toEqual([
      ['remind', 6, 6, 0, 1],
      ['how-it-went', 5, 5, 0, 0],
      ['impression', 5, 5, 0, 1],
      ['handle-question.acknowledge', 1, 1, 0, 0],
      ['handle-question.resolve', 1, 1, 0, 0],
      ['relatives', 4, 3, 1, 0],
      ['support', 4, 4, 0, 0],
      ['next-call', 4, 4, 0, 0],
      ['goodbye', 4, 4, 0, 0],
    ]);
    expect(stats.steps[0]!.endedBy).toEqual({ 'call-back': 1 });
    expect(stats.steps[2]!.endedBy).toEqual({ 'ended-early': 1 });
  });

  it('counts flags by owner with today\'s status, gaps grouped, next calls agreed and on time', async () => {
    const { stats } = await journalStats({ journals: [TEAM], filter: {}, timeZone: ZONE, now });
    expect(stats.flags).toEqual({
      opened: 3, resolved: 1, open: 2, overdue: 2,
      byOwner: [
        { owner: 'senior assembler', opened: 2, resolved: 0, open: 2, overdue: 2 },
        { owner: 'delivery service', opened: 1, resolved: 1, open: 0, overdue: 0 },
      ],
    });
    expect(stats.gaps).toEqual([
      { step: 'relatives', total: 2, groups: [{ text: 'Спросил про продление гарантии', count: 2 }], ungrouped: 0 },
      { step: 'impression', total: 1, groups: [{ text: 'Можно ли заказать ещё одну полку?', count: 1 }], ungrouped: 0 },
    ]);
    // 6 next calls, 4 agreed. John's retry (29th) made on the 29th and Andrey's (1 Dec) on 1 Dec: on time;
    // Maria's (1 Dec) made on 3 Dec: late; John's (2 Dec) and Olga's (4 Dec): missed; Maria's (8 Dec): ahead.
    expect(stats.nextCalls).toEqual({ scheduled: 6, agreed: 4, agreedShare: 4 / 6, onTime: 2, late: 1, missed: 2, pending: 1, onTimeShare: 2 / 5 });
  });

  it('takes --from/--to days in the user\'s zone; a later call outside the range still settles a next call', async () => {
    const { stats } = await journalStats({ journals: [TEAM], filter: { from: '2026-11-29', to: '2026-12-01' }, timeZone: ZONE, now });
    // John ×2 (29th, Moscow), Andrey (1 Dec).
    expect(stats.calls).toBe(3);
    // John's retry: on time (by his call on the 29th); John's 2 Dec: missed; Andrey's 1 Dec call scheduled nothing.
    expect(stats.nextCalls).toMatchObject({ scheduled: 2, onTime: 1, late: 0, missed: 1, pending: 0 });
    const { stats: day28 } = await journalStats({ journals: [TEAM], filter: { to: '2026-11-28' }, timeZone: ZONE, now });
    // Andrey's and Maria's; their next calls settled by calls after the range: one on time, one late.
    expect(day28.calls).toBe(2);
    expect(day28.nextCalls).toMatchObject({ scheduled: 2, onTime: 1, late: 1, missed: 0 });
  });

  it('renders terminal tables (snapshot) and one table with --by', async () => {
    const { stats } = await journalStats({ journals: [TEAM], filter: {}, timeZone: ZONE, now });
    expect(renderStats(stats, { lang: 'en', color: false })).toMatchSnapshot();
    expect(renderStats(stats, { lang: 'ru', color: false, by: 'salesperson' })).toMatchSnapshot();
    const steps = renderStats(stats, { lang: 'en', color: false, by: 'step' });
    expect(steps).toContain('handle-question.acknowledge');
    expect(steps).not.toContain('Salespeople');
  });

  it('makes control characters in names visible in tables, keeps them exact in --json', async () => {
    const { stats } = await journalStats({ journals: [TEAM], filter: {}, timeZone: ZONE, now });
    stats.bySalesperson[0]!.name = 'Evil\u001b[31mRed\u202Eкот';
    const text = renderStats(stats, { lang: 'en', color: false, by: 'salesperson' });
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain('\u202E');
    expect(text).toContain('Evil␛[31mRed<U+202E>кот');
  });

  it('the command prints --json with the documented shape, and reports damage once on stderr', async () => {
    const temp = tempDir();
    try {
      const ctx = testContext({ home: temp.dir, journals: [DAMAGED] });
      expect(await runStats(ctx, { json: true })).toBe(0);
      const json = JSON.parse(ctx.io.stdoutText());
      expect(Object.keys(json)).toEqual(['version', 'from', 'to', 'today', 'calls', 'byOutcome', 'avgDurationSec', 'perDay', 'bySalesperson', 'byScript', 'steps', 'flags', 'gaps', 'nextCalls']);
      expect(json.version).toBe(1);
      expect(json.today).toBe('2026-12-05');
      // The damaged copy lost its third line (garbage) and its torn last line; the 7 calls remain.
      expect(json.calls).toBe(7);
      const err = ctx.io.stderrText();
      expect(err).toContain(`${DAMAGED}:3:`);
      expect(err).toContain(`${DAMAGED}:10:`);
      expect(err.match(/damaged lines/g)).toHaveLength(1); // reported once
      expect(ctx.io.stdoutText()).not.toContain('damaged');
    } finally {
      temp.cleanup();
    }
  });
});
