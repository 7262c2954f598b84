// The published JSON Schema: generated from the loader's own zod schema (the
// committed file must equal the generated one), accepts every shipped script
// and every good fixture, and — checked by an independent validator (ajv) —
// rejects the malformed fixtures that are schema errors, while accepting those
// only the loader's cross-field checks catch.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { scriptJsonSchema } from '../../src/script/schema.js';
import { BAD_DIR, BUILTIN_DIR, OK_DIR, ROOT } from './helpers.js';
import { CORPUS } from './corpus.js';

const committed = JSON.parse(readFileSync(path.join(ROOT, 'schema/script.schema.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
const validate = ajv.compile(committed);

const yamlFiles = (dir: string) => readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();

describe('schema/script.schema.json', () => {
  it('is exactly what the zod schema generates (run `node build.mjs` after changing src/script/schema.ts)', () => {
    expect(committed).toEqual(scriptJsonSchema());
  });

  it('is draft 2020-12 with a description on every property', () => {
    expect(committed.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const missing: string[] = [];
    const walk = (node: unknown, where: string) => {
      if (!node || typeof node !== 'object') return;
      const properties = (node as { properties?: Record<string, { description?: string; $ref?: string }> }).properties;
      for (const [key, value] of Object.entries(properties ?? {})) {
        if (!value.description && !value.$ref) missing.push(`${where}.${key}`);
        walk(value, `${where}.${key}`);
      }
      for (const [key, value] of Object.entries(node)) if (key !== 'properties' && typeof value === 'object') walk(value, `${where}/${key}`);
    };
    walk(committed, '#');
    expect(missing).toEqual([]);
  });

  const shipped = yamlFiles(BUILTIN_DIR);
  it('there are shipped scripts to check', () => expect(shipped.length).toBeGreaterThan(0));

  it.each(shipped)('accepts the shipped script %s, which references it in a modeline', (name) => {
    const text = readFileSync(path.join(BUILTIN_DIR, name), 'utf8');
    expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(true);
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/script.schema.json');
  });

  it.each(yamlFiles(OK_DIR))('accepts the good fixture %s', (name) => {
    expect(validate(parse(readFileSync(path.join(OK_DIR, name), 'utf8'))), JSON.stringify(validate.errors)).toBe(true);
  });

  const byKind = (kind: string) => Object.entries(CORPUS).filter(([, e]) => e.kind === kind).map(([name]) => name);

  it.each(byKind('schema'))('rejects the schema error %s', (name) => {
    const data = parse(readFileSync(path.join(BAD_DIR, name), 'utf8'));
    expect(validate(data)).toBe(false);
  });

  it.each(byKind('semantic'))('accepts %s, whose problem only the loader sees', (name) => {
    const data = parse(readFileSync(path.join(BAD_DIR, name), 'utf8'));
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
  });
});
