import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { JournalError } from '../../src/errors.js';
import { deleteDraft, draftPathFor, listDrafts, loadDraft, saveDraft, type Draft } from './journal-api.js';
import { faultyFs } from './faulty-fs.js';
import { tempDir } from './temp.js';

const draft = (clientId: string, startedAt = '2026-11-28T11:00:00.000Z'): Draft => ({
  v: 1,
  clientId,
  client: { id: clientId, name: 'Андрей Иванович', phone: '+7 916 123-45-67' },
  scriptId: 'kitchen-furniture',
  scriptVersion: 'sha256:abc',
  salesperson: 'Сергей Ларин',
  startedAt,
  events: [{ type: 'answer', value: 'Помнит', at: '2026-11-28T11:00:05.000Z' }],
});

describe('drafts', () => {
  test('saved atomically, 0600 in a 0700 folder; loaded, listed, deleted', async () => {
    const drafts = path.join(tempDir(), 'data', 'drafts');
    await saveDraft(drafts, draft('andrey-ivanovich'));
    await saveDraft(drafts, draft('maria-petrova', '2026-11-28T09:00:00.000Z'));
    const file = draftPathFor(drafts, 'andrey-ivanovich');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(drafts).mode & 0o777).toBe(0o700);
    expect(statSync(path.dirname(drafts)).mode & 0o777).toBe(0o700);
    expect(await loadDraft(drafts, 'andrey-ivanovich')).toEqual(draft('andrey-ivanovich'));
    expect((await listDrafts(drafts)).map((d) => d.clientId)).toEqual(['maria-petrova', 'andrey-ivanovich']);

    // Saving again replaces the whole file (no temp files left behind).
    const longer = { ...draft('andrey-ivanovich'), events: [...draft('andrey-ivanovich').events, { type: 'note', text: 'x', at: '2026-11-28T11:01:00.000Z' }] };
    await saveDraft(drafts, longer);
    expect(await loadDraft(drafts, 'andrey-ivanovich')).toEqual(longer);
    expect(readdirSync(drafts).sort()).toEqual(['andrey-ivanovich.json', 'maria-petrova.json']);

    await deleteDraft(drafts, 'andrey-ivanovich');
    await deleteDraft(drafts, 'andrey-ivanovich'); // already gone: fine
    expect(await loadDraft(drafts, 'andrey-ivanovich')).toBeNull();
    expect((await listDrafts(drafts)).map((d) => d.clientId)).toEqual(['maria-petrova']);
  });

  test('client ids cannot escape the drafts folder', () => {
    const drafts = '/x/drafts';
    expect(draftPathFor(drafts, '../../etc/passwd')).toBe('/x/drafts/%2e.%2f..%2fetc%2fpasswd.json');
    expect(path.dirname(draftPathFor(drafts, 'a/b'))).toBe(drafts);
    expect(draftPathFor(drafts, 'a/b')).not.toBe(draftPathFor(drafts, 'a%2fb'));
    expect(draftPathFor(drafts, 'андрей-иванович')).toBe('/x/drafts/андрей-иванович.json');
  });

  test('an id of plain letters, digits, dots, dashes and underscores is its own file name; any other character is escaped, a leading dot too', () => {
    const drafts = '/x/drafts';
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9._-]{1,30}$/), (id) => {
        const name = path.basename(draftPathFor(drafts, id));
        expect(name).toBe(id.startsWith('.') ? `%2e${id.slice(1)}.json` : `${id}.json`);
      }),
    );
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), (id) => {
        const name = path.basename(draftPathFor(drafts, id), '.json');
        expect(path.dirname(draftPathFor(drafts, id))).toBe(drafts);
        // Escaped: nothing but letters, digits, . _ - and %xx is left, and no leading dot.
        expect(name).toMatch(/^(?!\.)[\p{L}\p{N}._%-]*$/u);
      }),
    );
  });

  test('no drafts folder yet: empty list, null draft', async () => {
    const drafts = path.join(tempDir(), 'drafts');
    expect(await listDrafts(drafts)).toEqual([]);
    expect(await loadDraft(drafts, 'x')).toBeNull();
  });

  test('a damaged draft is an error naming the file, and stays on disk', async () => {
    const drafts = path.join(tempDir(), 'drafts');
    await saveDraft(drafts, draft('ok'));
    writeFileSync(draftPathFor(drafts, 'broken'), '{"v":1,"clientId":');
    await expect(loadDraft(drafts, 'broken')).rejects.toThrow(`could not read the journal ${draftPathFor(drafts, 'broken')}`);
    await expect(listDrafts(drafts)).rejects.toBeInstanceOf(JournalError);
    const damaged: string[] = [];
    expect((await listDrafts(drafts, { onDamaged: (file) => damaged.push(file) })).map((d) => d.clientId)).toEqual(['ok']);
    expect(damaged).toEqual([draftPathFor(drafts, 'broken')]);
    expect(readFileSync(draftPathFor(drafts, 'broken'), 'utf8')).toBe('{"v":1,"clientId":');
  });

  test('a drafts folder that is a file: JournalError naming it', async () => {
    const dir = tempDir();
    const drafts = path.join(dir, 'drafts');
    writeFileSync(drafts, '');
    chmodSync(drafts, 0o600);
    const error = await saveDraft(drafts, draft('a')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JournalError);
    expect((error as Error).message).toContain(`could not save the draft ${draftPathFor(drafts, 'a')}`);
  });

  test.each(['write', 'fsync'] as const)('a full disk on %s: the previous draft intact, no temp file left', async (op) => {
    const drafts = path.join(tempDir(), 'drafts');
    await saveDraft(drafts, draft('andrey-ivanovich'));
    const before = readFileSync(draftPathFor(drafts, 'andrey-ivanovich'));
    const fs = faultyFs({ op, code: 'ENOSPC', path: (p) => p.endsWith('.tmp') });
    const longer = { ...draft('andrey-ivanovich'), events: [] };
    await expect(saveDraft(drafts, longer, { fs })).rejects.toThrow(/could not save the draft .*the disk is full \(ENOSPC\)/);
    expect(readFileSync(draftPathFor(drafts, 'andrey-ivanovich'))).toEqual(before);
    expect(readdirSync(drafts)).toEqual(['andrey-ivanovich.json']);
  });
});
