// Checks a parsed YAML document against the zod schema and turns zod's issues
// into ours: at the right line and column, in the user's language, with a fix
// ("unknown key 'sya' — did you mean 'say'?"). zod's own English never leaks.
import type { z } from 'zod';
import { parseDuration, DurationSyntaxError } from './duration.js';
import { didYouMean, type IssueSink } from './issues.js';
import { KNOWN_KEYS, objectKindAt, scriptSchema, type ObjectKind, type RawScript } from './schema.js';
import { locate, type PathSegment, type ScriptSource } from './source.js';

const ID_FIELDS = new Set(['id', 'extends', 'goto', 'before', 'after', 'script']);
const DURATION_FIELDS = new Set(['in', 'due']);

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v;
}

type TypeWord = 'type.text' | 'type.number' | 'type.integer' | 'type.list' | 'type.mapping' | 'type.nothing' | 'type.boolean';

function typeWord(value: unknown): TypeWord {
  if (value === null || value === undefined) return 'type.nothing';
  if (Array.isArray(value)) return 'type.list';
  if (typeof value === 'object') return 'type.mapping';
  if (typeof value === 'number') return 'type.number';
  if (typeof value === 'boolean') return 'type.boolean';
  return 'type.text';
}

function expectedWord(expected: string | undefined): TypeWord {
  switch (expected) {
    case 'array':
      return 'type.list';
    case 'object':
    case 'record':
      return 'type.mapping';
    case 'number':
      return 'type.number';
    case 'int':
      return 'type.integer';
    case 'boolean':
      return 'type.boolean';
    default:
      return 'type.text';
  }
}

/** "steps[2].options[0].label" — how a person finds the field. */
export function fieldName(path: readonly PropertyKey[]): string {
  return path
    .map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : i === 0 ? String(seg) : `.${String(seg)}`))
    .join('');
}

/** Validates the document's data; returns it typed when there are no issues. */
export function validateRaw(source: ScriptSource, sink: IssueSink): RawScript | undefined {
  const result = scriptSchema.safeParse(source.data);
  if (result.success) return result.data;
  const seen = new Set<string>();
  // "lable" unknown and "label" missing in the same mapping are one mistake: report the typo only.
  const typoFor = new Set<string>();
  for (const issue of result.error.issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const kind = objectKindAt(issue.path) ?? 'script';
    for (const key of issue.keys) {
      const suggestion = didYouMean(key, KNOWN_KEYS[kind]);
      if (suggestion) typoFor.add([...issue.path, suggestion].join('\u0000'));
    }
  }
  for (const issue of result.error.issues) {
    const key = `${issue.code}:${issue.path.join('\u0000')}`;
    if (seen.has(key) || typoFor.has(issue.path.join('\u0000'))) continue;
    seen.add(key);
    reportZodIssue(source, sink, issue);
  }
  return undefined;
}

function reportZodIssue(source: ScriptSource, sink: IssueSink, issue: z.core.$ZodIssue): void {
  const t = sink.t;
  const path = issue.path as PathSegment[];
  const field = fieldName(path);
  const last = path.at(-1);
  const value = valueAt(source.data, path);
  const pos = locate(source, path);

  switch (issue.code) {
    case 'unrecognized_keys': {
      const kind: ObjectKind = objectKindAt(path) ?? 'script';
      for (const unknown of issue.keys) {
        const known = KNOWN_KEYS[kind].filter((k) => k !== '$schema');
        const suggestion = didYouMean(unknown, known);
        sink.error(
          locate(source, [...path, unknown], true),
          'key.unknown',
          { key: unknown, suggestion, kind: t(`kind.${kind}`), keys: known.join(', ') },
          suggestion ? 'key.unknown.suggest' : 'key.unknown.list',
        );
      }
      return;
    }
    case 'invalid_type': {
      if (value === undefined) {
        const parent = path.slice(0, -1);
        const kind = objectKindAt(parent) ?? 'script';
        sink.error(locate(source, parent), 'key.missing', { kind: t(`kind.${kind}`), key: String(last) });
        return;
      }
      const received = t(typeWord(value));
      const expected = t(expectedWord(issue.expected));
      if (issue.expected === 'string' && value !== null && typeof value === 'object') {
        sink.error(pos, 'type.textMap', { field, received });
        return;
      }
      sink.error(pos, 'type.wrong', { field, expected, received });
      return;
    }
    case 'invalid_union': {
      // Only vars values are unions (text, number or true/false).
      sink.error(pos, 'type.wrong', { field, expected: t('type.text'), received: t(typeWord(value)) });
      return;
    }
    case 'invalid_value': {
      const values = issue.values.map(String);
      if (last === 'remove') {
        sink.error(pos, 'type.wrong', { field, expected: 'true', received: String(value) });
        return;
      }
      const suggestion = typeof value === 'string' ? didYouMean(value, values) : undefined;
      sink.error(
        pos,
        'value.enum',
        { value: String(value), field: String(last), values: values.join(', '), suggestion },
        suggestion ? 'value.enum.suggest' : undefined,
      );
      return;
    }
    case 'too_small': {
      sink.error(pos, issue.origin === 'array' ? 'list.empty' : 'value.empty', { field });
      return;
    }
    case 'invalid_key': {
      // A record key: vars names or handler names. Reported at the key itself.
      const at = locate(source, path, true);
      if (path[0] === 'vars') sink.error(at, 'var.format', { value: String(last) });
      else sink.error(at, 'id.format', { value: String(last) });
      return;
    }
    case 'invalid_format': {
      reportFormat(sink, pos, path, String(value));
      return;
    }
    default:
      sink.error(pos, 'value.invalid', { field, reason: issue.message });
  }
}

function reportFormat(sink: IssueSink, pos: ReturnType<typeof locate>, path: PathSegment[], value: string): void {
  const last = String(path.at(-1));
  if (last === 'language' && path.length === 1) return sink.error(pos, 'language.format', { value });
  if (last === 'target' && path.length === 1) return sink.error(pos, 'target.bad', { value });
  if (DURATION_FIELDS.has(last)) {
    let suggestion: string | undefined;
    try {
      parseDuration(value);
    } catch (error) {
      if (error instanceof DurationSyntaxError) suggestion = error.suggestion;
    }
    return sink.error(pos, 'duration.bad', { value, suggestion }, suggestion ? 'duration.bad.suggest' : undefined);
  }
  if (ID_FIELDS.has(last)) return sink.error(pos, 'id.format', { value });
  sink.error(pos, 'value.invalid', { field: fieldName(path), reason: value });
}
