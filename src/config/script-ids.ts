// The script ids on the search path, read from file names only (a script is
// named <id>.yaml): fast enough for shell completion on every Tab and for
// checking `config set defaultScript`, and a broken script still lists.
// The full loader (src/script) parses and validates; this never does.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SCRIPT_FILE = /^([a-z0-9][a-z0-9._-]*)\.ya?ml$/i;

export interface ScriptFile {
  id: string;
  file: string;
}

/** Unique ids, highest-priority folder first wins; sorted. Missing folders are skipped. */
export function listScriptIds(scriptsDirs: string[]): string[] {
  return listScriptFiles(scriptsDirs).map((s) => s.id);
}

export function listScriptFiles(scriptsDirs: string[]): ScriptFile[] {
  const found = new Map<string, string>();
  for (const dir of scriptsDirs) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const id = SCRIPT_FILE.exec(name)?.[1];
      if (id && !found.has(id)) found.set(id, path.join(dir, name));
    }
  }
  return [...found].map(([id, file]) => ({ id, file })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The top-level `title:` line of a script, for completion menus. A look at one
 * line rather than a YAML parse: completion runs on every Tab. */
export function peekScriptTitle(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const line = /^title:[ \t]*(.+?)[ \t]*$/m.exec(text)?.[1];
  if (!line || /^[|>]/.test(line)) return undefined;
  const quoted = /^(['"])(.*)\1$/.exec(line);
  return quoted ? quoted[2] : line.replace(/\s+#.*$/, '');
}
