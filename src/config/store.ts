// Writing the settings file. Edits go through yaml's Document API so the
// user's comments, order and blank lines survive `config set`; the file is
// replaced atomically (temp file + fsync + rename), 0600 in a 0700 folder,
// since it names the salesperson and their phone.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Document, isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar, type Node } from 'yaml';
import { translator, type Lang } from '../i18n/catalog.js';
import { shellMessages } from '../i18n/messages/shell.js';
import { ConfigError, configErrorFromDocument } from './config.js';
import type { KeySpec } from './keys.js';
import { writeFileAtomic } from '../journal/atomic.js';
import { nodeFs } from '../journal/fs-layer.js';
import { ensurePrivateDir } from '../journal/privacy.js';

function readText(file: string, lang: Lang): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    const t = translator(shellMessages, lang);
    throw new ConfigError(t('error.cannotRead', { file, message: (error as Error).message }));
  }
}

/** The file as an editable document; a new one (with a header comment) if absent. */
export function readConfigDocument(file: string, lang: Lang = 'en'): Document {
  const text = readText(file, lang);
  if (text.trim() === '') {
    const doc = new Document({});
    doc.commentBefore = translator(shellMessages, lang)('file.header');
    return doc;
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const problem = configErrorFromDocument(doc, file, lang, { schema: false, lineCounter });
  if (problem) throw problem;
  if (doc.contents === null) (doc as Document).contents = doc.createNode({});
  if (!isMap(doc.contents)) {
    const t = translator(shellMessages, lang);
    throw new ConfigError(t('error.fileNotMap', { where: file }), { hint: t('error.fileBroken.hint', { file }) });
  }
  return doc;
}

function styled(doc: Document, value: unknown, spec: KeySpec, old: Node | undefined): Node {
  // A list or map the user wrote keeps its style (block or flow).
  const flow = isMap(old) || isSeq(old) ? Boolean(old.flow) : (spec.flow ?? false);
  const node = doc.createNode(value, { flow }) as Node;
  // Times like 09:00 are quoted so YAML 1.1 readers don't see sexagesimal numbers.
  if (isMap(node)) for (const pair of node.items) if (isScalar(pair.value) && typeof pair.value.value === 'string') pair.value.type = Scalar.QUOTE_DOUBLE;
  return node;
}

/** Sets one key, keeping the comments around it and the rest of the file as it was. */
export function setInDocument(doc: Document, spec: KeySpec, value: unknown): void {
  const old = doc.getIn(spec.path, true) as Node | undefined;
  if (isScalar(old) && !Array.isArray(value) && (value === null || typeof value !== 'object')) {
    old.value = value;
    return;
  }
  const node = styled(doc, value, spec, old);
  if (old) {
    node.comment = old.comment;
    node.commentBefore = old.commentBefore;
  }
  doc.setIn(spec.path, node);
}

/** Removes one key; a section left empty (hooks: {}) goes too. Returns whether it was there. */
export function deleteInDocument(doc: Document, spec: KeySpec): boolean {
  if (!doc.hasIn(spec.path)) return false;
  doc.deleteIn(spec.path);
  for (let depth = spec.path.length - 1; depth > 0; depth -= 1) {
    const parent = doc.getIn(spec.path.slice(0, depth), true);
    if ((isMap(parent) || isSeq(parent)) && parent.items.length === 0) doc.deleteIn(spec.path.slice(0, depth));
  }
  return true;
}

/** Atomic write, 0600; the folder is created 0700 when missing. */
export async function writeConfigDocument(file: string, doc: Document, lang: Lang = 'en'): Promise<void> {
  try {
    // The journal's atomic replace (temp + fsync + rename + folder fsync), 0600 in a 0700 folder.
    await ensurePrivateDir(nodeFs, path.dirname(file));
    await writeFileAtomic(nodeFs, file, Buffer.from(doc.toString(), 'utf8'));
  } catch (error) {
    const t = translator(shellMessages, lang);
    throw new ConfigError(t('error.cannotWrite', { file, message: (error as Error).message }));
  }
}

/** Read, change one key, write: what `config set` and the first-run name question do. */
export async function saveSetting(file: string, spec: KeySpec, value: unknown, lang: Lang = 'en'): Promise<void> {
  const doc = readConfigDocument(file, lang);
  setInDocument(doc, spec, value);
  await writeConfigDocument(file, doc, lang);
}

/** Returns false (and writes nothing) when the key was not set. */
export async function removeSetting(file: string, spec: KeySpec, lang: Lang = 'en'): Promise<boolean> {
  const doc = readConfigDocument(file, lang);
  if (!deleteInDocument(doc, spec)) return false;
  await writeConfigDocument(file, doc, lang);
  return true;
}
