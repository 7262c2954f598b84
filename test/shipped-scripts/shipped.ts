// Where the shipped scripts and the chapter's answers files live, for the
// tests in this folder.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const scriptsDir = path.join(repoRoot, 'scripts');
export const answersDir = path.join(repoRoot, 'test/fixtures/answers');

/** Only the built-in folder: the tests must not see a user's scripts. */
export const builtinOnly = { scriptsDirs: [scriptsDir] };

export const SHIPPED_IDS = [
  'followup-first-call',
  'car-dealership',
  'kitchen-furniture',
  'followup-second-call',
  'car-dealership-second',
  'kitchen-furniture-second',
  'followup-first-call-en',
  'car-dealership-en',
  'kitchen-furniture-en',
  'followup-second-call-en',
  'car-dealership-second-en',
  'kitchen-furniture-second-en',
] as const;

export const SEVEN_STEPS = ['remind', 'how-it-went', 'impression', 'relatives', 'support', 'next-call', 'goodbye'];

export function shippedFiles(): string[] {
  return readdirSync(scriptsDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => path.join(scriptsDir, f));
}

/** The answers files and the script each one replays. */
export const ANSWERS_FIXTURES: Record<string, string> = {
  'kitchen-first-ru.yaml': 'kitchen-furniture',
  'kitchen-first-en.yaml': 'kitchen-furniture-en',
  'car-first-ru.yaml': 'car-dealership',
  'kitchen-second-ru.yaml': 'kitchen-furniture-second',
};

/** An answers file as DESIGN.md describes it (the fields these fixtures use). */
export interface AnswersFile {
  client: { name: string; phone?: string; product?: string };
  answers: Record<string, string>;
  notes?: Record<string, string>;
  flags?: { step: string; text: string; owner: string; promise?: string; due: string }[];
  review?: { flag: string; status: 'open' | 'resolved'; note?: string }[];
}

export function readAnswers(name: string): AnswersFile {
  return parse(readFileSync(path.join(answersDir, name), 'utf8')) as AnswersFile;
}
