import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli.js';
import { typedWords } from '../../src/commands/completion.js';
import { dequote } from '../../src/completion/dequote.js';
import { complete, type Sources, type TypedPaths } from '../../src/completion/engine.js';

const program = buildProgram('en', '1.0.0');
const seen: TypedPaths[] = [];
const sources: Sources = {
  scripts: (paths) => {
    seen.push(paths);
    return [
      { value: 'kitchen-furniture', description: 'Первый звонок сопровождения — кухонная мебель' },
      { value: 'kitchen-furniture-second' },
      { value: 'car-dealership' },
    ];
  },
  journal: async (paths) => {
    seen.push(paths);
    return {
      clients: ['Андрей Иванович', 'Анна Петрова', 'Иван Сидоров-Петров', "John O'Brien"],
      flags: [{ value: '01JDZK6A0000000000000000FL', description: 'Андрей Иванович: door → senior assembler, 2026-11-29' }],
      owners: ['senior assembler', 'delivery service'],
      salespeople: ['Сергей Ларин'],
    };
  },
  configKeys: () => [{ value: 'name' }, { value: 'workingDays' }, { value: 'hooks.after-call' }],
  configValues: (key) => (key === 'language' ? ['en', 'ru'] : key === 'workingDays' ? ['mon-fri', 'пн-пт'] : []),
  outcomes: () => ['completed', 'call-back'],
};

const values = async (...words: string[]) => (await complete(program, words, sources)).candidates.map((c) => c.value);
const directive = async (...words: string[]) => (await complete(program, words, sources)).directive;

describe('completion engine', () => {
  it('completes commands from the program itself, hidden ones excluded', async () => {
    expect(await values('')).toEqual(['call', 'resume', 'due', 'history', 'flags', 'scripts', 'export', 'stats', 'report', 'journal', 'config', 'completion', 'help']);
    expect(await values('co')).toEqual(['config', 'completion']);
    expect(await values('__')).toEqual([]);
    const described = await complete(program, ['ca'], sources);
    expect(described.candidates).toEqual([{ value: 'call', description: 'make a follow-up call: the brief, the script step by step, the journal' }]);
  });
  it('completes subcommands, and commands after help', async () => {
    expect(await values('scripts', '')).toEqual(['list', 'show', 'validate', 'new', 'gaps', 'help']);
    expect(await values('config', 's')).toEqual(['set']);
    expect(await values('flags', 'r')).toEqual(['resolve']);
    expect(await values('help', 'sc')).toEqual(['scripts']);
  });
  it('completes script ids where a script is named', async () => {
    expect(await values('scripts', 'show', 'kit')).toEqual(['kitchen-furniture', 'kitchen-furniture-second']);
    expect(await values('call', 'Анна', '--script', 'c')).toEqual(['car-dealership']);
    expect(await values('scripts', 'new', 'my-sofas', '--from', 'k')).toEqual(['kitchen-furniture', 'kitchen-furniture-second']);
    expect(await values('scripts', 'new', '')).toEqual([]);
    expect(await values('export', '--from', '')).toEqual([]); // a date, not a script
  });
  it('completes options of the command and the global ones, value-taking flags skipping their value', async () => {
    const options = await values('due', '--');
    expect(options).toEqual(expect.arrayContaining(['--on', '--overdue', '--json', '--help', '--journal', '--home', '--lang', '--no-color']));
    expect(options).not.toContain('--answers');
    expect(await values('call', '--script', 'kitchen-furniture', '--a')).toEqual(['--answers', '--at']);
    expect(await values('due', '--json', '--')).not.toContain('--json');
  });
  it('completes choices of options and arguments, also in the --opt=value form', async () => {
    expect(await values('--lang', '')).toEqual(['en', 'ru']);
    expect(await values('export', '--format', 'i')).toEqual(['ics']);
    expect(await values('export', '--format=c')).toEqual(['--format=csv']);
    expect(await values('export', '--format', '=', 'c')).toEqual(['csv']);
    expect(await values('completion', '')).toEqual(['bash', 'zsh', 'fish']);
    expect(await values('stats', '--by', '')).toEqual(['step', 'salesperson', 'script']);
    expect(await values('export', '--outcome', 'c')).toEqual(['completed', 'call-back']);
  });
  it('completes client names: Cyrillic, any case, multi-word names typed unquoted', async () => {
    expect(await values('call', 'Ан')).toEqual(['Андрей Иванович', 'Анна Петрова']);
    expect(await values('call', 'анд')).toEqual(['Андрей Иванович']);
    expect(await values('call', 'Андрей', 'И')).toEqual(['Иванович']);
    expect(await values('call', 'Иван', 'Си')).toEqual(['Сидоров-Петров']);
    expect(await values('history', 'Андрей Ив')).toEqual(['Андрей Иванович']);
    expect(await values('call', 'jo')).toEqual(["John O'Brien"]);
    expect(await values('export', '--client', 'Ив')).toEqual(['Иван Сидоров-Петров']);
    expect(await values('call', '--phone', '')).toEqual([]);
  });
  it('completes open flags, owners and salespeople from the journal', async () => {
    expect(await values('flags', 'resolve', '')).toEqual(['01JDZK6A0000000000000000FL']);
    expect(await values('flags', '--owner', 's')).toEqual(['senior assembler']);
    expect(await values('export', '--salesperson', '')).toEqual(['Сергей Ларин']);
  });
  it('completes setting keys and their values', async () => {
    expect(await values('config', 'get', 'h')).toEqual(['hooks.after-call']);
    expect(await values('config', 'set', 'language', '')).toEqual(['en', 'ru']);
    expect(await values('config', 'set', 'workingDays', 'п')).toEqual(['пн-пт']);
    expect(await values('config', 'set', 'workingDays', 'mon-fri', '')).toEqual([]);
  });
  it('leaves paths to the shell', async () => {
    expect(await directive('call', 'x', '--answers', '')).toBe('files');
    expect(await directive('scripts', 'validate', '')).toBe('files');
    expect(await directive('--home', '')).toBe('dirs');
    expect(await directive('export', '-o', '')).toBe('files');
    expect(await directive('call', '')).toBe('none');
  });
  it('reads scripts and clients from the --home/--journal/--scripts typed on the line', async () => {
    seen.length = 0;
    await values('--home', '/tmp/h', '--journal=/tmp/j1.jsonl', '--journal', '/tmp/j2.jsonl', 'call', 'А');
    await values('--scripts', '/tmp/s', 'scripts', 'show', '');
    expect(seen).toEqual([
      { home: '/tmp/h', journals: ['/tmp/j1.jsonl', '/tmp/j2.jsonl'], scripts: [] },
      { journals: [], scripts: ['/tmp/s'] },
    ]);
  });
  it('after -- everything is an argument', async () => {
    expect(await values('call', '--', '--')).toEqual([]);
  });
});

describe('words from the shells', () => {
  it('bash words are unquoted as the shell would', () => {
    expect(dequote('Андрей\\ Ив')).toBe('Андрей Ив');
    expect(dequote('"Андрей Ив')).toBe('Андрей Ив');
    expect(dequote("'John O'\\''Br")).toBe("John O'Br");
    expect(dequote('"say \\"hi\\" \\$x \\n"')).toBe('say "hi" $x \\n');
    expect(dequote('$HOME')).toBe('$HOME');
  });
  it('strips the ":" guard that keeps words from looking like options', () => {
    expect(typedWords('bash', [':call', ':--answers', ':"a b'])).toEqual(['call', '--answers', 'a b']);
    expect(typedWords('zsh', [':call', ':a\\ b'])).toEqual(['call', 'a\\ b']);
    expect(typedWords('fish', [':call', ':a\\ b', ':c\\ d'])).toEqual(['call', 'a\\ b', 'c d']);
    expect(typedWords('bash', [':'])).toEqual(['']);
  });
});
