import { describe, expect, test } from 'vitest';
import { clientHistory, dayDiff, dueCalls, flagQueue, foldState, readJournals, type JournalEntry } from './journal-api.js';
import type { CallEntry, FlagRecord, FlagUpdateEntry, NextCall } from '../../src/journal/types.js';
import { fixture } from './temp.js';

let n = 0;
function call(at: string, clientId: string, extra: Partial<CallEntry> & { next?: string | null; kind?: NextCall['kind'] } = {}): CallEntry {
  const { next = null, kind, ...rest } = extra;
  return {
    v: 1,
    type: 'call',
    id: `call-${++n}`,
    at,
    client: { id: clientId, name: clientId.replace('-', ' ') },
    salesperson: 'Сергей Ларин',
    script: { id: 'kitchen-furniture', version: 'x' },
    startedAt: at,
    endedAt: at,
    durationSec: 100,
    outcome: 'completed',
    steps: [],
    flags: [],
    gaps: [],
    summary: '',
    nextCall: next ? { date: next, agreed: true, ...(kind ? { kind } : {}) } : null,
    ...rest,
  };
}
const flag = (id: string, owner: string, due: string, status: FlagRecord['status'] = 'open'): FlagRecord => ({ id, step: 'impression', text: `issue ${id}`, owner, due, status });
const update = (at: string, flagId: string, status: FlagRecord['status'], note?: string): FlagUpdateEntry => ({ v: 1, type: 'flag', id: `upd-${++n}`, at, flag: flagId, status, ...(note ? { note } : {}) });

describe('dayDiff', () => {
  test('whole days between calendar days, across months and DST', () => {
    expect(dayDiff('2026-11-28', '2026-12-01')).toBe(3);
    expect(dayDiff('2026-03-28', '2026-03-30')).toBe(2);
    expect(dayDiff('2026-12-01', '2026-11-28')).toBe(-3);
  });
});

describe('foldState', () => {
  test('the latest call wins: client info (merged), next call, last call — whatever the entry order', () => {
    const first = call('2026-11-28T10:00:00Z', 'andrey', { next: '2026-12-01', client: { id: 'andrey', name: 'Андрей', phone: '+7 1', product: 'кухня' } });
    const second = call('2026-12-01T10:00:00Z', 'andrey', { next: '2026-12-08', client: { id: 'andrey', name: 'Андрей Иванович', phone: '+7 2' } });
    const state = foldState([second, first]);
    const andrey = clientHistory(state, 'andrey')!;
    expect(andrey.info).toEqual({ id: 'andrey', name: 'Андрей Иванович', phone: '+7 2', product: 'кухня' });
    expect(andrey.calls.map((c) => c.id)).toEqual([first.id, second.id]);
    expect(andrey.lastCall).toBe(second);
    expect(andrey.nextCall).toEqual({ date: '2026-12-08', agreed: true });
    expect(clientHistory(state, 'nobody')).toBeUndefined();
  });

  test('a latest call with no next call (wrong number) clears it', () => {
    const state = foldState([
      call('2026-11-28T10:00:00Z', 'maria', { next: '2026-12-01' }),
      call('2026-12-01T10:00:00Z', 'maria', { outcome: 'wrong-number' }),
    ]);
    expect(state.clients.get('maria')!.nextCall).toBeNull();
    expect(dueCalls(state, { day: '2026-12-05' })).toEqual([]);
  });

  test('a flag is resolved by a flag entry, and by a later call\'s reviewedFlags', () => {
    const raised = call('2026-11-28T10:00:00Z', 'andrey', { flags: [flag('F1', 'senior assembler', '2026-11-29'), flag('F2', 'delivery', '2026-11-30')] });
    const resolvedByEntry = update('2026-11-29T09:00:00Z', 'F1', 'resolved', 'hinges rehung');
    const laterCall = call('2026-12-01T10:00:00Z', 'andrey', { reviewedFlags: [{ flag: 'F2', status: 'resolved', note: 'shelf delivered' }] });
    const state = foldState([raised, resolvedByEntry, laterCall]);
    expect(state.flags.get('F1')).toMatchObject({ status: 'resolved', note: 'hinges rehung', updatedAt: '2026-11-29T09:00:00Z', callId: raised.id });
    expect(state.flags.get('F1')!.changes).toEqual([{ at: '2026-11-29T09:00:00Z', status: 'resolved', note: 'hinges rehung', source: 'flag', entryId: resolvedByEntry.id }]);
    expect(state.flags.get('F2')).toMatchObject({ status: 'resolved', note: 'shelf delivered', changes: [{ source: 'call', entryId: laterCall.id }] });
    expect(state.clients.get('andrey')!.openFlags).toEqual([]);
    expect(state.clients.get('andrey')!.flags).toHaveLength(2);
  });

  test('reopened, then resolved again: the last change by time wins; an update from a skewed clock still applies', () => {
    const raised = call('2026-11-28T10:00:00Z', 'andrey', { flags: [flag('F1', 'assembler', '2026-11-29')] });
    const early = update('2026-11-28T09:59:00Z', 'F1', 'resolved'); // colleague's clock a minute behind
    const state = foldState([raised, early]);
    expect(state.flags.get('F1')!.status).toBe('resolved');
    const reopened = foldState([raised, early, update('2026-11-30T10:00:00Z', 'F1', 'open', 'still 90°')]);
    expect(reopened.flags.get('F1')).toMatchObject({ status: 'open', note: 'still 90°' });
    expect(reopened.clients.get('andrey')!.openFlags.map((f) => f.id)).toEqual(['F1']);
  });

  test('an update for a flag no loaded call raised is kept aside; unknown entry types are ignored', () => {
    const orphan = update('2026-11-29T09:00:00Z', 'ELSEWHERE', 'resolved');
    const memo = { v: 1, type: 'memo', id: 'm', at: '2026-11-29T09:00:00Z' } as unknown as JournalEntry;
    const state = foldState([orphan, memo]);
    expect(state.orphanFlagUpdates).toEqual([orphan]);
    expect(state.clients.size).toBe(0);
  });
});

describe('dueCalls', () => {
  const state = foldState([
    call('2026-11-25T10:00:00Z', 'overdue-client', { next: '2026-11-26' }),
    call('2026-11-28T08:00:00Z', 'today-b', { next: '2026-11-28', outcome: 'no-answer' }),
    call('2026-11-28T09:00:00Z', 'today-a', { next: '2026-11-28', kind: 'next', flags: [flag('F9', 'delivery', '2026-11-27')] }),
    call('2026-11-28T10:00:00Z', 'later', { next: '2026-12-01' }),
  ]);

  test('due today: today\'s and the overdue ones, by date then name, with the reason and open flags', () => {
    const due = dueCalls(state, { day: '2026-11-28' });
    expect(due.map((d) => [d.clientId, d.overdueDays, d.reason])).toEqual([
      ['overdue-client', 2, 'next'],
      ['today-a', 0, 'next'],
      ['today-b', 0, 'retry'],
    ]);
    expect(due[1]!.openFlags.map((f) => f.id)).toEqual(['F9']);
  });

  test('overdue only', () => {
    expect(dueCalls(state, { day: '2026-11-28', overdue: true }).map((d) => d.clientId)).toEqual(['overdue-client']);
  });

  test('on a day: exactly that day', () => {
    expect(dueCalls(state, { day: '2026-12-01', exact: true }).map((d) => d.clientId)).toEqual(['later']);
    expect(dueCalls(state, { day: '2026-11-30', exact: true })).toEqual([]);
  });
});

describe('flagQueue', () => {
  const state = foldState([
    call('2026-11-27T10:00:00Z', 'a', { flags: [flag('F1', 'Senior Assembler', '2026-11-29'), flag('F2', 'delivery service', '2026-11-26')] }),
    call('2026-11-28T10:00:00Z', 'b', { flags: [flag('F3', 'senior  assembler', '2026-11-28'), flag('F4', 'delivery service', '2026-12-02')] }),
    update('2026-11-28T12:00:00Z', 'F4', 'resolved'),
  ]);

  test('open flags by due date (the default)', () => {
    expect(flagQueue(state, { today: '2026-11-28' }).map((f) => [f.id, f.overdueDays])).toEqual([
      ['F2', 2],
      ['F3', 0],
      ['F1', 0],
    ]);
  });

  test('by owner, ignoring case and spacing', () => {
    expect(flagQueue(state, { today: '2026-11-28', owner: 'senior assembler' }).map((f) => f.id)).toEqual(['F3', 'F1']);
  });

  test('by a part of the owner', () => {
    expect(flagQueue(state, { today: '2026-11-28', owner: 'ASSEMBLER' }).map((f) => f.id)).toEqual(['F3', 'F1']);
    expect(flagQueue(state, { today: '2026-11-28', owner: 'delivery' }).map((f) => f.id)).toEqual(['F2']);
    expect(flagQueue(state, { today: '2026-11-28', owner: 'plumber' })).toEqual([]);
  });

  test('overdue only, and all including resolved', () => {
    expect(flagQueue(state, { today: '2026-11-30', overdue: true }).map((f) => f.id)).toEqual(['F2', 'F3', 'F1']);
    expect(flagQueue(state, { today: '2026-11-28', overdue: true }).map((f) => f.id)).toEqual(['F2']);
    expect(flagQueue(state, { today: '2026-11-28', status: 'all' }).map((f) => [f.id, f.status])).toEqual([
      ['F2', 'open'],
      ['F3', 'open'],
      ['F1', 'open'],
      ['F4', 'resolved'],
    ]);
  });
});

describe('queries on the fixtures', () => {
  test('damaged.jsonl: the good entries still give due calls, history and flags', async () => {
    const { entries, damage } = await readJournals([fixture('damaged.jsonl')]);
    expect(damage).toHaveLength(4);
    const state = foldState(entries);
    expect(dueCalls(state, { day: '2026-11-28' }).map((d) => [d.client.name, d.reason])).toEqual([['Мария Петрова', 'retry']]);
    const andrey = clientHistory(state, 'andrey-ivanovich')!;
    expect(andrey.calls).toHaveLength(2);
    expect(andrey.info.phone).toBe('+7 916 123-45-00');
    expect(andrey.nextCall?.date).toBe('2026-12-08');
    expect(flagQueue(state, { today: '2026-11-28' })).toEqual([]);
    expect(flagQueue(state, { today: '2026-11-28', status: 'all' }).map((f) => f.owner)).toEqual(['служба доставки', 'старший сборщик']);
  });

  test('two salespeople\'s journals merged: each client once, the shared call counted once', async () => {
    const { entries } = await readJournals([fixture('team-a.jsonl'), fixture('team-b.jsonl')]);
    const state = foldState(entries);
    expect([...state.clients.keys()].sort()).toEqual(['andrey-ivanovich', 'elena-smirnova', 'john-carter']);
    expect(state.clients.get('andrey-ivanovich')!.calls).toHaveLength(1);
    expect(flagQueue(state, { today: '2026-11-30', owner: 'service department' }).map((f) => f.salesperson)).toEqual(['Kate Morris']);
    expect(dueCalls(state, { day: '2026-12-01', exact: true }).map((d) => d.clientId)).toEqual(['john-carter', 'andrey-ivanovich']); // same day: by name (Latin before Cyrillic)
  });
});
