// Reading a script file safely and keeping the YAML's positions, so every
// issue can name file:line:col. Hostile input is stopped here, before any
// recursive code sees it: files over MAX_BYTES are not read, binary files and
// invalid UTF-8 are refused, YAML errors (including yaml's own guard against
// deep nesting) stop the load, and a depth walk refuses absurd nesting.
import { open } from 'node:fs/promises';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node, type YAMLError } from 'yaml';
import type { ScriptIssueKey } from '../i18n/messages/scripts.js';
import type { IssueSink, Position } from './issues.js';

/** A call script is a few kilobytes; 1 MiB is generous and stops "5 MB of junk" before reading it. */
export const MAX_BYTES = 1024 * 1024;
/** Real scripts nest about 6 deep (handlers → steps → options → flag). */
export const MAX_DEPTH = 32;
/** yaml's guard against alias ("billion laughs") expansion. */
export const MAX_ALIAS_COUNT = 200;

export type PathSegment = string | number;

export interface ScriptSource {
  file: string;
  text: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** The document as plain data (aliases expanded), or undefined when it is empty. */
  data: unknown;
}

/** Reads at most MAX_BYTES + 1 bytes: a huge file is refused without being read. */
async function readCapped(file: string): Promise<{ bytes: Buffer; size: number }> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size > MAX_BYTES) return { bytes: Buffer.alloc(0), size };
    const bytes = Buffer.alloc(MAX_BYTES + 1);
    const { bytesRead } = await handle.read(bytes, 0, bytes.length, 0);
    return { bytes: bytes.subarray(0, bytesRead), size: bytesRead };
  } finally {
    await handle.close();
  }
}

function lineColOfByte(bytes: Buffer, offset: number): Position {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  return { line, col: offset - start + 1 };
}

/** The first byte where UTF-8 decoding fails, or -1. */
function invalidUtf8At(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return i;
    for (let k = 1; k < len; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    // Overlongs, surrogates and > U+10FFFF: let the strict decoder judge this one sequence.
    if (len > 2) {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(i, i + len));
      } catch {
        return i;
      }
    }
    i += len;
  }
  return -1;
}

/** Reads and parses a script file. Returns undefined after reporting why it can't be used. */
export async function readScriptSource(file: string, sink: IssueSink): Promise<ScriptSource | undefined> {
  let read: { bytes: Buffer; size: number };
  try {
    read = await readCapped(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') sink.error(undefined, 'file.missing', {});
    else if (code === 'EISDIR') sink.error(undefined, 'file.isDir', {});
    else sink.error(undefined, 'file.unreadable', { reason: (error as Error).message });
    return undefined;
  }
  if (read.size > MAX_BYTES) {
    sink.error(undefined, 'file.tooBig', { size: Math.ceil(read.size / 1024), max: MAX_BYTES / 1024 });
    return undefined;
  }
  const { bytes } = read;
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    sink.error(lineColOfByte(bytes, nul), 'file.binary', {});
    return undefined;
  }
  const bad = invalidUtf8At(bytes);
  if (bad >= 0) {
    sink.error(lineColOfByte(bytes, bad), 'file.encoding', {});
    return undefined;
  }
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  return parseScriptText(file, text, sink);
}

/** Parses YAML text; reports YAML errors (all of them) and returns undefined when there are any. */
export function parseScriptText(file: string, text: string, sink: IssueSink): ScriptSource | undefined {
  const lineCounter = new LineCounter();
  // logLevel 'error': errors are collected (not 'silent', which drops some), warnings not printed.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, logLevel: 'error', uniqueKeys: true });
  if (doc.errors.length > 0) {
    const lines = text.split('\n');
    for (const error of doc.errors.slice(0, 20)) {
      const pos = lineCounter.linePos(errorOffset(text, error));
      // The line in error, and the one before: an unquoted {{ breaks the YAML a line later.
      const context = `${lines[pos.line - 2] ?? ''}\n${lines[pos.line - 1] ?? ''}`;
      sink.error(pos, yamlErrorKey(error.code, context), { reason: error.message.split('\n')[0]!.replace(/\.$/, '') });
    }
    return undefined;
  }
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    sink.error(undefined, 'file.empty', {});
    return undefined;
  }
  if (!isMap(doc.contents)) {
    sink.error(positionOf({ lineCounter }, doc.contents), 'file.notMapping', {});
    return undefined;
  }
  const deep = tooDeep(doc.contents);
  if (deep) {
    sink.error(positionOf({ lineCounter }, deep), 'file.tooDeep', { max: MAX_DEPTH });
    return undefined;
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // yaml throws ReferenceError for excessive or unresolvable aliases.
    let firstAlias: unknown;
    visit(doc, {
      Alias(_, node) {
        firstAlias = node;
        return visit.BREAK;
      },
    });
    sink.error(positionOf({ lineCounter }, firstAlias), 'file.aliases', { reason: (error as Error).message });
    return undefined;
  }
  return { file, text, doc, lineCounter, data };
}

/** Where to point at: yaml reports an unclosed quote at the end of the file;
 * the quote that opened it is what needs fixing. */
function errorOffset(text: string, error: YAMLError): number {
  const at = error.pos[0];
  if (error.code === 'MISSING_CHAR' && /quote/.test(error.message)) {
    const quote = error.message.includes('"') ? '"' : "'";
    const opened = text.lastIndexOf(quote, at - 1);
    if (opened >= 0) return opened;
  }
  return at;
}

function yamlErrorKey(code: string, context: string): ScriptIssueKey {
  if (code === 'MULTIPLE_DOCS') return 'yaml.multipleDocs';
  if (code === 'DUPLICATE_KEY') return 'yaml.duplicateKey';
  if (/:[ \t]*\{\{/.test(context) || /^[ \t]*-[ \t]*\{\{/m.test(context)) return 'yaml.templateUnquoted';
  if (code === 'TAB_AS_INDENT') return 'yaml.tabs';
  return 'yaml.syntax';
}

/** Iterative depth walk (a recursive one is what a nesting bomb would crash). */
function tooDeep(root: Node): Node | undefined {
  const stack: { node: unknown; depth: number }[] = [{ node: root, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > MAX_DEPTH) return node as Node;
    if (isMap(node) || isSeq(node)) {
      for (const item of node.items) stack.push({ node: isPair(item) ? item.value : item, depth: depth + 1 });
    }
  }
  return undefined;
}

export function positionOf(source: Pick<ScriptSource, 'lineCounter'>, node: unknown): Position | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  if (!range) return undefined;
  return source.lineCounter.linePos(range[0]);
}

/** The node at a path of the document; with `key`, the key node of the last segment. */
export function nodeAt(source: Pick<ScriptSource, 'doc'>, path: readonly PathSegment[], key = false): unknown {
  let node: unknown = source.doc.contents;
  let keyNode: unknown;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(source.doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === segment);
      if (!pair) return undefined;
      keyNode = pair.key;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      keyNode = undefined;
      node = node.items[segment];
    } else return undefined;
  }
  return key && keyNode ? keyNode : node;
}

/** The position of a path, or of its nearest existing ancestor (a missing key is reported at its parent). */
export function locate(source: Pick<ScriptSource, 'doc' | 'lineCounter'>, path: readonly PathSegment[], key = false): Position | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = nodeAt(source, path.slice(0, n), key && n === path.length);
    const pos = node === undefined || node === null ? undefined : positionOf(source, node);
    if (pos) return pos;
  }
  return undefined;
}

/** Where a substring of a scalar's value starts in the file, when it appears
 * verbatim in the scalar's source text (plain and most quoted scalars). */
export function locateInScalar(source: ScriptSource, path: readonly PathSegment[], needle: string): Position | undefined {
  const node = nodeAt(source, path) as { range?: [number, number, number] } | undefined;
  if (!node?.range) return locate(source, path);
  const slice = source.text.slice(node.range[0], node.range[1]);
  const at = slice.indexOf(needle);
  return source.lineCounter.linePos(node.range[0] + (at >= 0 ? at : 0));
}
