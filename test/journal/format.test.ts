import { describe, expect, test } from 'vitest';
import { formatDamage, readJournals, type Damage } from './journal-api.js';
import { fixture } from './temp.js';

describe('formatDamage', () => {
  test('nothing to say without damage', () => {
    expect(formatDamage([], 'en')).toBe('');
  });

  test('English: the lines, their reasons and the repair hint', async () => {
    const file = fixture('damaged.jsonl');
    const { damage } = await readJournals([file]);
    expect(formatDamage(damage, 'en')).toBe(
      [
        'warning: 4 damaged lines in the journal were skipped:',
        `  ${file}:3: not valid JSON`,
        `  ${file}:5: written by a newer version of followup (v2)`,
        `  ${file}:6: missing or invalid fields: id, client.id`,
        `  ${file}:9: the last line is cut short (a crash while writing)`,
        '  Run `followup journal check --repair` to move them to a quarantine file.',
        '',
      ].join('\n'),
    );
  });

  test('Russian plurals, and at most ten lines listed', () => {
    const one: Damage[] = [{ file: 'j', line: 7, reason: 'torn', text: '{' }];
    expect(formatDamage(one, 'ru').split('\n')[0]).toBe('внимание: 1 повреждённая строка журнала пропущена:');
    const many = Array.from({ length: 23 }, (_, i): Damage => ({ file: 'j', line: i + 1, reason: 'invalid-json', text: 'x' }));
    const text = formatDamage(many, 'ru').split('\n');
    expect(text[0]).toBe('внимание: 23 повреждённые строки журнала пропущены:');
    expect(text.filter((l) => l.startsWith('  j:'))).toHaveLength(10);
    expect(text).toContain('  … и ещё 13 строк');
    expect(formatDamage(many.slice(0, 5), 'ru').split('\n')[0]).toBe('внимание: 5 повреждённых строк журнала пропущено:');
  });

  test('a hostile file name or detail cannot move the cursor', () => {
    const text = formatDamage([{ file: 'j\u001b[2J', line: 1, reason: 'newer-version', detail: 'v9\u001b[31m', text: '' }], 'en');
    expect(text).not.toContain('\u001b');
    expect(text).toContain('j␛[2J:1');
  });
});
