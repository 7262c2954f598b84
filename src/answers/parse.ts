// Reading the answers file of `call --answers`. The parser (./parse-yaml.ts:
// yaml and zod) is imported only when there is a file to read, so a call on a
// terminal doesn't load it at start-up.
import { readFile } from 'node:fs/promises';
import { AnswersFileError } from './errors.js';
import type { AnswersFile } from './parse-yaml.js';

export { AnswersFileError, type AnswersIssue } from './errors.js';
export type { AnswersData, AnswersFile } from './parse-yaml.js';

export async function readAnswersFile(file: string): Promise<AnswersFile> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AnswersFileError(file, [{ message: code === 'ENOENT' ? 'no such file' : (error as Error).message }]);
  }
  const { parseAnswers } = await import('./parse-yaml.js');
  return parseAnswers(source, file);
}
