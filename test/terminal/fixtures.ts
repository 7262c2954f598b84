// Shared by the terminal tests: a small hand-made script, and the shipped kitchen script.
import path from 'node:path';
import { loadScript } from '../../src/script/index.js';
import type { Script, Step } from '../../src/script/types.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/** A script of the given steps (English, three minutes, no handlers). */
export function tinyScript(steps: Step[], extra: Partial<Script> = {}): Script {
  return {
    id: 'tiny',
    title: 'Tiny',
    language: 'en',
    targetSec: 180,
    vars: {},
    owners: [],
    steps,
    handlers: {},
    version: 'v1',
    source: { file: 'tiny.yaml', origin: 'file', files: ['tiny.yaml'] },
    ...extra,
  };
}

export const kitchenScript = (id = 'kitchen-furniture') => loadScript(id, { scriptsDirs: [path.join(ROOT, 'scripts')] });
