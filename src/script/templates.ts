// Templates in script text: {{client.name}}, {{me.name}}, {{company}}, … and
// fallbacks: {{client.firstName | client.name}} or {{client.firstName | "there"}}.
// Hand-written rather than a template engine: we need exactly one construct,
// and load-time checking of every name (an unknown name must be an error, not
// a blank in front of a client), which general engines don't give.

export interface TemplateVars {
  client: Record<string, string | undefined>;
  me: Record<string, string | undefined>;
  vars: Record<string, string>;
  next?: { date?: string };
}

/** The names a call fills in, besides the script's own vars. */
export const CALL_NAMES = [
  'client.name',
  'client.firstName',
  'client.phone',
  'client.product',
  'client.deliveredAt',
  'me.name',
  'me.company',
  'me.phone',
  'next.date',
] as const;

/** Namespaces a script's vars can't be named after. */
export const RESERVED_VAR_NAMES = ['client', 'me', 'vars', 'next'];

export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'template'; source: string; offset: number; alternatives: Alternative[] };
export type Alternative = { kind: 'name'; name: string } | { kind: 'literal'; text: string };

export type TemplateProblem =
  | { kind: 'unclosed'; offset: number; source: string }
  | { kind: 'empty'; offset: number; source: string }
  | { kind: 'unknown'; offset: number; source: string; name: string };

const NAME = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?$/;
const LITERAL = /^(?:"([^"]*)"|'([^']*)')$/;

function parseAlternatives(inner: string): Alternative[] | undefined {
  const out: Alternative[] = [];
  for (const raw of inner.split('|')) {
    const part = raw.trim();
    const literal = LITERAL.exec(part);
    if (literal) out.push({ kind: 'literal', text: literal[1] ?? literal[2] ?? '' });
    else if (part === '') return undefined;
    else out.push({ kind: 'name', name: part });
  }
  return out;
}

/** Splits text into plain parts and templates (malformed ones stay plain
 * text, as written) and lists the problems of form (not of names). */
export function parseTemplate(text: string): { parts: TemplatePart[]; problems: TemplateProblem[] } {
  const parts: TemplatePart[] = [];
  const problems: TemplateProblem[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    if (open < 0) break;
    const close = text.indexOf('}}', open + 2);
    if (close < 0) {
      problems.push({ kind: 'unclosed', offset: open, source: text.slice(open, open + 20) });
      break;
    }
    if (open > i) parts.push({ kind: 'text', text: text.slice(i, open) });
    const source = text.slice(open, close + 2);
    const alternatives = parseAlternatives(text.slice(open + 2, close));
    if (!alternatives) {
      problems.push({ kind: 'empty', offset: open, source });
      parts.push({ kind: 'text', text: source });
    } else parts.push({ kind: 'template', source, offset: open, alternatives });
    i = close + 2;
  }
  if (i < text.length) parts.push({ kind: 'text', text: text.slice(i) });
  return { parts, problems };
}

/** Every name a script's text may use, given its vars. */
export function knownNames(varNames: readonly string[]): string[] {
  return [...CALL_NAMES, ...varNames, ...varNames.map((v) => `vars.${v}`)];
}

/** Problems in a text: form problems and names that a call won't have. */
export function checkTemplate(text: string, names: ReadonlySet<string>): TemplateProblem[] {
  const { parts, problems } = parseTemplate(text);
  for (const part of parts) {
    if (part.kind !== 'template') continue;
    for (const alt of part.alternatives) {
      if (alt.kind === 'name' && (!NAME.test(alt.name) || !names.has(alt.name))) {
        problems.push({ kind: 'unknown', offset: part.offset, source: part.source, name: alt.name });
      }
    }
  }
  return problems;
}

function lookup(name: string, vars: TemplateVars): string | undefined {
  const dot = name.indexOf('.');
  if (dot < 0) return vars.vars[name];
  const space = name.slice(0, dot);
  const key = name.slice(dot + 1);
  if (space === 'client') return vars.client[key];
  if (space === 'me') return vars.me[key];
  if (space === 'vars') return vars.vars[key];
  if (space === 'next' && key === 'date') return vars.next?.date;
  return undefined;
}

/** Fills templates. Pure. A name with no value falls through its alternatives;
 * with none left it stays visible as [name], so nothing silently goes blank. */
export function renderTemplate(text: string, vars: TemplateVars): string {
  if (!text.includes('{{')) return text;
  return parseTemplate(text)
    .parts.map((part) => {
      if (part.kind === 'text') return part.text;
      for (const alt of part.alternatives) {
        const value = alt.kind === 'literal' ? alt.text : lookup(alt.name, vars);
        if (value !== undefined && value !== '') return value;
      }
      const first = part.alternatives.find((a) => a.kind === 'name');
      return `[${first?.kind === 'name' ? first.name : ''}]`;
    })
    .join('');
}
