// Every shipped script names ../schema/script.schema.json in its modeline, so
// an editor checks it against that file: the published schema, read by an
// independent validator (ajv), must accept every one of them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { scriptsDir, shippedFiles } from './shipped.js';

describe('the JSON Schema the modelines point at', () => {
  const modeline = /^# yaml-language-server: \$schema=(\S+)$/;

  it('accepts every shipped script', () => {
    const files = shippedFiles();
    const schemaFiles = new Set(files.map((f) => modeline.exec(readFileSync(f, 'utf8').split('\n')[0]!)?.[1]));
    expect([...schemaFiles]).toEqual(['../schema/script.schema.json']);
    const schema = JSON.parse(readFileSync(path.resolve(scriptsDir, '../schema/script.schema.json'), 'utf8')) as object;
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    for (const file of files) {
      const ok = validate(parse(readFileSync(file, 'utf8')));
      expect({ file: path.basename(file), errors: ok ? [] : validate.errors }).toEqual({ file: path.basename(file), errors: [] });
    }
  });

  it('rejects a shipped script with a typo, so the check above can fail', () => {
    const schema = JSON.parse(readFileSync(path.resolve(scriptsDir, '../schema/script.schema.json'), 'utf8')) as object;
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    const text = readFileSync(path.join(scriptsDir, 'kitchen-furniture.yaml'), 'utf8').replace('    tone: Позитивно', '    tnoe: Позитивно');
    expect(validate(parse(text))).toBe(false);
  });
});
