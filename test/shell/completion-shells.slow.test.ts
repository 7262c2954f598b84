// The completion scripts loaded in real bash, zsh and fish, calling the built
// CLI on PATH: script ids and client names (Cyrillic, with spaces and
// quotes) complete, and what Tab inserts on the line is correctly quoted.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appendEntry } from '../../src/journal/index.js';
import type { CallEntry } from '../../src/journal/types.js';
import { ensureBuilt, ROOT } from '../e2e/pty.js';
import { tempHome } from './helpers.js';
import { spawnShell, type ShellSession } from './shell-pty.js';

const ENTRY: CallEntry = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/shell/call-entry.json'), 'utf8'));
const CLIENTS = ['Андрей Иванович', 'Анна Петрова', "John O'Brien"];

function which(shell: string): string {
  const found = spawnSync('sh', ['-c', `command -v ${shell}`], { encoding: 'utf8' }).stdout.trim();
  if (!found) throw new Error(`${shell} is not installed: run test/setup/system-deps.sh (as root) first`);
  return found;
}

let env: Record<string, string>;
let home: string;

beforeAll(async () => {
  await ensureBuilt();
  home = await tempHome();
  const bin = path.join(home, 'bin');
  mkdirSync(bin);
  symlinkSync(path.join(ROOT, 'bin/followup.js'), path.join(bin, 'followup'));
  env = {
    PATH: `${bin}:${path.dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
    HOME: home,
    LANG: 'C.UTF-8',
    TERM: 'xterm-256color',
    FOLLOWUP_HOME: home,
    XDG_CONFIG_HOME: path.join(home, 'xdg'),
  };
  for (const [i, name] of CLIENTS.entries()) {
    await appendEntry(path.join(home, 'journal.jsonl'), { ...ENTRY, id: `01JDZK5Q8M3V7N2X4B6C9D0E0${i}`, client: { id: `client-${i}`, name } });
  }
}, 120_000);

let session: ShellSession | undefined;
afterEach(() => session?.close());

describe('bash', () => {
  const compreply = (words: string[]) =>
    execFileSync(
      which('bash'),
      [
        '--norc',
        '--noprofile',
        '-c',
        `source <(followup completion bash) && COMP_WORDS=("$@") && COMP_CWORD=$(($# - 1)) && _followup_complete && printf '%s\\n' "\${COMPREPLY[@]}"`,
        'bash',
        ...words,
      ],
      { env, encoding: 'utf8' },
    )
      .split('\n')
      .filter(Boolean);

  it('the script loads and the completion function answers with script ids and client names', () => {
    expect(compreply(['followup', 'scripts', 'show', 'kit'])).toEqual(['kitchen-furniture', 'kitchen-furniture-en', 'kitchen-furniture-second', 'kitchen-furniture-second-en']);
    expect(compreply(['followup', 'call', 'Ан'])).toEqual(['Андрей Иванович', 'Анна Петрова']);
    expect(compreply(['followup', 'call', 'Андрей\\ И'])).toEqual(['Андрей Иванович']);
    expect(compreply(['followup', 'call', '"анн'])).toEqual(['Анна Петрова']);
    expect(compreply(['followup', 'con'])).toEqual(['config']);
    expect(compreply(['followup', 'due', '--ov'])).toEqual(['--overdue']);
  });

  it('Tab inserts the name quoted for the shell', async () => {
    session = spawnShell(which('bash'), ['--norc', '--noprofile'], { ...env, PS1: 'READY$ ' }, home);
    session.send('source <(followup completion bash); echo LOADED\r');
    await session.waitFor(/^LOADED$/m);
    session.send('followup scripts show kitchen-furniture-s\t');
    await session.waitFor('READY$ followup scripts show kitchen-furniture-second');
    session.send('\x15followup call анд\t');
    await session.waitFor('READY$ followup call Андрей\\ Иванович');
    session.send("\x15followup call 'Jo\t");
    await session.waitFor("READY$ followup call 'John O'\\''Brien'");
  });
});

describe('zsh', () => {
  it('Tab completes a script id and a Cyrillic name with a space (compinit, zsh -f)', async () => {
    session = spawnShell(which('zsh'), ['-f'], env, home);
    session.send("PS1='READY%# '; autoload -U compinit && compinit -u && source <(followup completion zsh) && echo LOADED\r");
    await session.waitFor(/^LOADED$/m);
    session.send('followup scripts show kitchen-furniture-s\t');
    await session.waitFor('READY# followup scripts show kitchen-furniture-second');
    session.send('\x15followup call Анд\t');
    await session.waitFor('READY# followup call Андрей\\ Иванович');
    session.send('\x15followup call анн\t');
    await session.waitFor('READY# followup call Анна\\ Петрова');
    session.send('\x15followup config set lang\t');
    await session.waitFor('READY# followup config set language');
  });
});

describe('fish', () => {
  const completions = (line: string) =>
    execFileSync(which('fish'), ['--no-config', '-c', `followup completion fish | source; complete -C ${JSON.stringify(line)}`], { env, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);

  it('complete -C offers script ids with their titles and client names', () => {
    expect(completions('followup scripts show kit')).toEqual([
      'kitchen-furniture\tПервый звонок сопровождения — кухонная мебель',
      'kitchen-furniture-en\tFirst follow-up call — kitchen furniture',
      'kitchen-furniture-second\tВторой звонок сопровождения — кухонная мебель',
      'kitchen-furniture-second-en\tSecond follow-up call — kitchen furniture',
    ]);
    expect(completions('followup call Анд')).toEqual(['Андрей Иванович']);
    expect(completions('followup call Андрей\\ И')).toEqual(['Андрей Иванович']);
    expect(completions('followup call Андрей И')).toEqual(['Иванович']);
    expect(completions('followup --lang ')).toEqual(['en', 'ru']);
  });
});
