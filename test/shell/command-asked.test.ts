// The CLI registers only the command asked for (src/cli.ts commandAsked): the
// word it picks must be the one commander runs, whatever global options come
// first, and the command built alone must be the same command — options,
// arguments, subcommands, help — as in the whole program.
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram, commandAsked } from '../../src/cli.js';

const argv = (...words: string[]) => ['node', 'followup', ...words];

describe('commandAsked', () => {
  it('skips global options and their values', () => {
    expect(commandAsked(argv('call', 'Андрей'))).toBe('call');
    expect(commandAsked(argv('--journal', 'call', 'due'))).toBe('due');
    expect(commandAsked(argv('--journal=calls.jsonl', 'due'))).toBe('due');
    expect(commandAsked(argv('--lang', 'ru', '--no-color', '--debug', 'history', 'x'))).toBe('history');
    expect(commandAsked(argv('--home', '/tmp/h', '--scripts', 'dir', 'scripts', 'list'))).toBe('scripts');
  });

  it('names none when there is no command word', () => {
    expect(commandAsked(argv())).toBeUndefined();
    expect(commandAsked(argv('--debug'))).toBeUndefined();
    expect(commandAsked(argv('--', 'call'))).toBeUndefined();
  });

  it('knows every global option that takes a value (commander\'s own list)', () => {
    const program = buildProgram('en', '1.0.0');
    const globals = program.options.filter((option) => option.long && !['--version', '--help'].includes(option.long));
    expect(globals.length).toBeGreaterThan(4);
    for (const option of globals) {
      const takesValue = option.required || option.optional;
      expect(commandAsked(argv(option.long!, 'due', 'history')), option.long).toBe(takesValue ? 'history' : 'due');
    }
  });
});

describe('buildProgram for one command', () => {
  const describeCommand = (command: Command): unknown => ({
    name: command.name(),
    help: command.helpInformation(),
    options: command.options.map((o) => o.flags),
    arguments: command.registeredArguments.map((a) => `${a.name()} ${a.required} ${a.variadic}`),
    commands: command.commands.map(describeCommand),
  });

  it('defines it as the whole program does, in both languages; a word that names no command gets them all', () => {
    for (const lang of ['en', 'ru'] as const) {
      const whole = buildProgram(lang, '1.0.0');
      expect(whole.commands.length).toBeGreaterThan(10);
      // __complete is defined with completion; asked for by its name, it gets the whole program.
      for (const command of whole.commands.filter((c) => c.name() !== '__complete')) {
        const alone = buildProgram(lang, '1.0.0', command.name());
        const names = alone.commands.map((c) => c.name());
        // completion brings the hidden __complete its scripts call.
        expect(names[0]).toBe(command.name());
        expect(names.length).toBeLessThanOrEqual(command.name() === 'completion' ? 2 : 1);
        expect(describeCommand(alone.commands[0]!)).toEqual(describeCommand(command));
      }
      for (const word of ['help', 'cal', '__complete', undefined]) {
        expect(buildProgram(lang, '1.0.0', word).commands.map((c) => c.name())).toEqual(whole.commands.map((c) => c.name()));
      }
    }
  });
});
