// The settings file's quick path (src/config/quick-config.ts) against the
// full loader it stands in for: whatever the quick reader accepts, yaml reads
// the same; whatever the quick check accepts, the schema accepts unchanged;
// everything else goes to the full loader, so errors keep file:line:col.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { configSchema, loadConfig } from '../../src/config/config.js';
import { ConfigError } from '../../src/config/errors.js';
import { checkConfigShape, readConfig, readSimpleYaml } from '../../src/config/quick-config.js';
import { CONFIG_KEYS } from '../../src/config/keys.js';
import { saveSetting } from '../../src/config/store.js';

/** What config.ts's loader makes of the text: yaml's document as plain data (an empty one is {}), or null on a YAML error. */
function yamlReads(text: string): unknown {
  const doc = parseDocument(text, { prettyErrors: false });
  return doc.errors.length > 0 ? null : (doc.toJS() ?? {});
}

/** The quick reader never disagrees with yaml: it reads the same or declines. Returns whether it read. */
function agreesWithYaml(text: string): boolean {
  const quick = readSimpleYaml(text);
  if (quick !== undefined) expect(quick, JSON.stringify(text)).toEqual(yamlReads(text));
  return quick !== undefined;
}

const WRITTEN_BY_CONFIG_SET = [
  '',
  '# followup settings\n',
  'name: Сергей Ларин\ncompany: «Глория фурнитура»\nphone: +7 495 000-00-00\ntimeZone: UTC\n',
  'name: "Сергей Ларин"\nlanguage: ru\nworkingDays: [ 1, 2, 3, 4, 5, 6 ]\ndaysOff: [ 2026-12-31, 2027-01-01 ]\n',
  'callHours: { from: "09:00", to: "20:00" }\ndefaultScript: kitchen-furniture\n',
  "hooks:\n  after-call: 'jq -c . >> ~/calls.jsonl'\n  timeoutSec: 30\n",
  'hooks:\n  after-call: curl -s -X POST https://crm.example.com/calls -d @-   # the CRM\n',
  "name: O'Brien\ncompany: 'Smith ''&'' Sons'\nworkingDays: [1,2,3]\n",
];

const TRICKY = [
  'name: ~\n',
  'name:\n',
  'name: null\n',
  'name: True\n',
  'phone: +74950000000\n',
  'phone: 0x1F\n',
  'phone: 1e3\n',
  'phone: .5\n',
  'phone: .inf\n',
  'phone: 0o17\n',
  'phone: 007\n',
  'name: a #comment\n',
  'name: a#b\n',
  'name: a: b\n',
  'name: a:b\n',
  'name: a:\n',
  'name: "a\\nb"\n',
  'name: "unterminated\n',
  "name: 'unterminated\n",
  "name: 'a''\n",
  'name: "a" b\n',
  'name: "a"#b\n',
  'name: -a\n',
  'name: - a\n',
  'name: &x a\nphone: *x\n',
  'name: !!str 5\n',
  'name: |\n  text\n',
  'name: >\n  text\n',
  'name: [a, b]\n',
  'name: {a: 1}\n',
  'workingDays: [1,,2]\n',
  'workingDays: [1, 2,]\n',
  'workingDays: [ ]\n',
  'workingDays: []\n',
  'workingDays:\n  - 1\n  - 2\n',
  'workingDays:\n- 1\n- 2\nname: x\n',
  'workingDays:\n  - 1\n   - 2\n',
  'workingDays:\n  - 1\n  x: 2\n',
  'hooks:\n  x: 2\n  - 1\n',
  'workingDays:\n  -\n',
  'workingDays:\n  - - 1\n',
  'workingDays:\n  - a: 1\n',
  'workingDays:\n  - [1, 2]\n',
  '- 1\n',
  'workingDays: [1, [2]]\n',
  'workingDays: [1, 2\n',
  'workingDays: [1 #x, 2]\n',
  'callHours: {from: 09:00, to: 20:00}\n',
  'callHours: {from:"09:00"}\n',
  'callHours: { from: "09:00", from: "10:00" }\n',
  'callHours: {}\n',
  'hooks:\n  after-call: x\n   timeoutSec: 3\n',
  'hooks:\n  after-call: x\n    timeoutSec: 3\n',
  'hooks:\n    timeoutSec: 3\n  after-call: x\n',
  'hooks:\n  nested:\n    deeper: 1\n',
  'hooks:\nname: x\n',
  'hooks: # comment\n  timeoutSec: 3\n',
  'hooks:\n  # comment\n  timeoutSec: 3\n# end\n',
  'name: a\nname: b\n',
  'true: 1\n',
  'Null: 1\n',
  '  name: indented\n',
  'name: x\n  continued\n',
  '---\nname: x\n',
  'name: x\n...\n',
  'name: x\r\n',
  'name:\tx\n',
  '\ufeffname: x\n',
  'name: a\u2028b\n',
  'name: a\u0085b\n',
  'name: x\u0007\n',
  '- a\n- b\n',
  'just text\n',
  '"quoted key": 1\n',
  'name : x\n',
  'name:x\n',
  'name: x   \n',
  'name: "x"   # comment\n',
  "name: ''\n",
  'name: ""\n',
  'name: "[a]"\n',
  'name: a[b]\n',
  'name: a{b}\n',
  'name: http://example.com:8080/x\n',
  'name: %x\n',
  'name: `x\n',
  'name: @x\n',
  'name: ?x\n',
  'name: ? x\n',
  'name: ,x\n',
  'name: a, b\n',
  'key-with-dash_and_underscore: 1\n',
];

describe('readSimpleYaml', () => {
  it.each(WRITTEN_BY_CONFIG_SET)('reads what `config set` writes, as yaml does: %j', (text) => {
    expect(readSimpleYaml(text)).toBeDefined();
    agreesWithYaml(text);
  });

  it.each(TRICKY)('reads the same as yaml or declines: %j', (text) => void agreesWithYaml(text));

  it('declines what it must not guess at (null, numbers of other forms, block lists, anchors, escapes)', () => {
    for (const text of ['name: ~\n', 'phone: 0x1F\n', 'workingDays:\n  - ~\n', 'name: &x a\n', 'name: "a\\tb"\n', 'name:\n']) {
      expect(readSimpleYaml(text), text).toBeUndefined();
    }
  });

  it('agrees with yaml on generated documents', () => {
    const key = fc.constantFrom('name', 'company', 'phone', 'hooks', 'callHours', 'workingDays', 'after-call', 'timeoutSec', 'true', 'Null', 'a-b', 'x');
    const scalarText = fc.oneof(
      fc.constantFrom(...TRICKY.map((t) => t.slice(t.indexOf(':') + 1).trim()), '+7 495 000-00-00', 'Сергей', '«Глория»', '09:00', '2026-12-31', '12', '0', '-1', '1.5'),
      fc.string({ maxLength: 12 }),
      fc.string({ maxLength: 8 }).map((s) => `"${s}"`),
      fc.string({ maxLength: 8 }).map((s) => `'${s}'`),
      fc.array(fc.constantFrom('1', '2', '"a"', "'b'", 'c d', '2026-12-31', '', ' '), { maxLength: 4 }).map((items) => `[${items.join(', ')}]`),
      fc.array(fc.tuple(fc.constantFrom('from', 'to', 'x'), fc.constantFrom('"09:00"', '1', 'a b', "'x'")), { maxLength: 3 }).map((pairs) => `{ ${pairs.map(([k, v]) => `${k}: ${v}`).join(', ')} }`),
    );
    const line = fc.oneof(
      fc.tuple(fc.constantFrom('', '', '  ', '   ', '    '), key, fc.constantFrom(':', ': ', ':  ', ' :'), fc.option(scalarText), fc.constantFrom('', ' # note', '#x', '  ')).map(
        ([indent, k, sep, value, tail]) => `${indent}${k}${sep}${value ?? ''}${tail}`,
      ),
      fc.tuple(fc.constantFrom('', '  ', '    '), fc.constantFrom('-', '- ', '-  '), fc.option(scalarText)).map(([indent, dash, value]) => `${indent}${dash}${value ?? ''}`),
      fc.constantFrom('', '# comment', '  # indented comment', '---'),
    );
    let read = 0;
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), fc.boolean(), (lines, finalNewline) => {
        if (agreesWithYaml(lines.join('\n') + (finalNewline ? '\n' : ''))) read += 1;
      }),
      { numRuns: 3000 },
    );
    // Not a vacuous pass: a good share of the documents are read by the quick path.
    expect(read).toBeGreaterThan(300);
  });
});

describe('checkConfigShape', () => {
  const anyValue: fc.Arbitrary<unknown> = fc.oneof(
    fc.string({ maxLength: 6 }),
    fc.constantFrom('', 'en', 'ru', 'de', '09:00', '9:00', '2026-12-31', '2026-1-1', 'UTC'),
    fc.integer({ min: -2, max: 9 }),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.oneof(fc.integer({ min: 0, max: 8 }), fc.constantFrom('2026-12-31', 'x', 1.5)), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('from', 'to', 'after-call', 'timeoutSec', 'x'), fc.oneof(fc.constantFrom('09:00', '20:00', 'cmd', 'x'), fc.integer({ min: -1, max: 40 }), fc.double()), { maxKeys: 3 }),
  );
  const configLike = fc.dictionary(
    fc.constantFrom('name', 'company', 'phone', 'language', 'timeZone', 'workingDays', 'daysOff', 'callHours', 'defaultScript', 'hooks', 'unknown'),
    anyValue,
    { maxKeys: 5 },
  );

  it('accepts only what the schema accepts, and returns what the schema returns', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(configLike, anyValue), (data) => {
        const quick = checkConfigShape(data);
        if (quick === undefined) return;
        accepted += 1;
        const full = configSchema.safeParse(data);
        expect(full.success, JSON.stringify(data)).toBe(true);
        expect(quick).toEqual(full.data);
      }),
      { numRuns: 5000 },
    );
    expect(accepted).toBeGreaterThan(100);
  });

  it('accepts every well-formed settings file', () => {
    const valid = fc.record(
      {
        name: fc.string({ minLength: 1 }),
        company: fc.string(),
        phone: fc.string(),
        language: fc.constantFrom('en', 'ru'),
        timeZone: fc.string(),
        workingDays: fc.array(fc.integer({ min: 1, max: 7 })),
        daysOff: fc.array(fc.constantFrom('2026-12-31', '2027-01-01')),
        callHours: fc.record({ from: fc.constantFrom('09:00', '10:30'), to: fc.constantFrom('20:00', '18:45') }),
        defaultScript: fc.string(),
        hooks: fc.record({ 'after-call': fc.string(), timeoutSec: fc.integer({ min: 1, max: 600 }) }, { requiredKeys: [] }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(valid, (data) => {
        expect(configSchema.safeParse(data).success).toBe(true);
        expect(checkConfigShape(data)).toEqual(data);
      }),
    );
  });
});

describe('readConfig', () => {
  const home = () => mkdtempSync(path.join(tmpdir(), 'followup-quick-config-'));

  it('reads every file as loadConfig does, and reports its errors the same way (file:line:col)', async () => {
    for (const text of [...WRITTEN_BY_CONFIG_SET, ...TRICKY, 'language: de\n', 'workingDays: [0, 8]\n', 'callHours: { from: "9", to: "20:00" }\n', 'colour: red\n']) {
      const file = path.join(home(), 'config.yaml');
      writeFileSync(file, text);
      let expected: unknown;
      try {
        expected = loadConfig(file, 'ru');
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        await expect(readConfig(file, 'ru'), text).rejects.toThrow((error as Error).message);
        continue;
      }
      expect(await readConfig(file, 'ru'), text).toEqual(expected);
    }
  });

  it('keeps the position of a bad value in its message', async () => {
    const file = path.join(home(), 'config.yaml');
    writeFileSync(file, 'name: Сергей\nlanguage: de\n');
    await expect(readConfig(file)).rejects.toThrow(`${file}:2:11`);
  });

  it('a missing file is an empty config', async () => {
    expect(await readConfig(path.join(home(), 'config.yaml'))).toEqual({});
  });

  it('takes every file `config set` writes through the quick path', async () => {
    const file = path.join(home(), 'config.yaml');
    const values: Record<string, unknown> = {
      name: 'Сергей Ларин',
      company: '«Глория фурнитура»',
      phone: '+7 916 123-45-67',
      workingDays: [1, 2, 3, 4, 5, 6],
      daysOff: ['2026-12-31', '2027-01-01'],
      callHours: { from: '09:00', to: '20:00' },
      language: 'ru',
      timeZone: 'Europe/Moscow',
      defaultScript: 'kitchen-furniture',
      'hooks.after-call': 'jq -c . >> ~/calls.jsonl',
      'hooks.timeoutSec': 30,
    };
    for (const spec of CONFIG_KEYS) await saveSetting(file, spec, values[spec.key]);
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(file, 'utf8');
    expect(checkConfigShape(readSimpleYaml(text)), text).toEqual(loadConfig(file));
  });
});
