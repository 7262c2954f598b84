// What to offer on Tab, decided once in TypeScript for every shell: the
// command tree is commander's own (so completion never drifts from the CLI),
// and values come from sources (script ids, clients and flags from the
// journal, settings). The shell scripts only pass the words and insert the
// answer. Pure but for the sources it is given.
import { Help, type Argument, type Command, type Option } from 'commander';

export interface Candidate {
  value: string;
  description?: string;
}

/** 'files' / 'dirs': let the shell complete paths itself. */
export type Directive = 'none' | 'files' | 'dirs';

export interface Completion {
  candidates: Candidate[];
  directive: Directive;
}

export interface JournalFacts {
  clients: string[];
  flags: Candidate[];
  owners: string[];
  salespeople: string[];
}

/** Paths typed earlier on the same command line (`--home`, `--journal`, `--scripts`). */
export interface TypedPaths {
  home?: string;
  journals: string[];
  scripts: string[];
}

export interface Sources {
  scripts(paths: TypedPaths): Candidate[];
  journal(paths: TypedPaths): Promise<JournalFacts>;
  configKeys(): Candidate[];
  configValues(key: string, paths: TypedPaths): string[];
  outcomes(): string[];
}

type ValueKind = 'scripts' | 'clients' | 'flags' | 'owners' | 'salespeople' | 'outcomes' | 'files' | 'dirs' | 'configKeys' | 'configValue' | 'commands' | 'none';

/** Option values by `<command path> <long flag>`, then `* <long flag>`. */
const OPTION_VALUES: Record<string, ValueKind> = {
  '* --journal': 'files',
  '* --home': 'dirs',
  '* --scripts': 'dirs',
  '* --script': 'scripts',
  '* --answers': 'files',
  '* --output': 'files',
  '* --client': 'clients',
  '* --owner': 'owners',
  '* --salesperson': 'salespeople',
  '* --outcome': 'outcomes',
  'scripts new --from': 'scripts',
};

/** Positional arguments by `<command path> <argument name>`, then `* <name>`. */
const ARGUMENT_VALUES: Record<string, ValueKind> = {
  '* client': 'clients',
  '* file': 'files',
  '* flag-id': 'flags',
  '* key': 'configKeys',
  '* value': 'configValue',
  '* command': 'commands',
  'scripts show id': 'scripts',
  'scripts gaps id': 'scripts',
  'scripts new id': 'none',
};

const help = new Help();

function lookup<T>(table: Record<string, T>, path: string[], name: string): T | undefined {
  return table[`${path.join(' ')} ${name}`] ?? table[`* ${name}`];
}

function takesValue(option: Option): boolean {
  return option.required || option.optional;
}

function findOption(chain: Command[], word: string): Option | undefined {
  for (const command of [...chain].reverse()) {
    const option = command.options.find((o) => o.long === word || o.short === word);
    if (option) return option;
  }
  return undefined;
}

function visibleSubcommands(command: Command): Command[] {
  return help.visibleCommands(command);
}

function oneLine(text: string | undefined): string | undefined {
  const line = text?.replace(/[\u0000-\u001F\u007F-\u009F]+/g, ' ').trim();
  if (!line) return undefined;
  return line.length > 90 ? `${line.slice(0, 89)}…` : line;
}

function matching(candidates: Candidate[], prefix: string): Candidate[] {
  const lower = prefix.toLocaleLowerCase();
  const seen = new Set<string>();
  return candidates.filter((c) => {
    if (seen.has(c.value) || /[\u0000-\u001F\u007F]/.test(c.value)) return false;
    seen.add(c.value);
    return c.value.toLocaleLowerCase().startsWith(lower);
  });
}

const plain = (values: string[]): Candidate[] => values.map((value) => ({ value }));

/** Multi-word names typed unquoted (`call Андрей Ив<Tab>`): offer the rest of the name from the word being typed. */
function nameTails(names: string[], typedBefore: string[], current: string): Candidate[] {
  const wordsOf = (s: string) => s.trim().split(/\s+/);
  const typed = [...typedBefore, current].join(' ').toLocaleLowerCase();
  return names
    .filter((name) => wordsOf(name).join(' ').toLocaleLowerCase().startsWith(typed))
    .map((name) => ({ value: wordsOf(name).slice(typedBefore.length).join(' ') }))
    .filter((c) => c.value !== '');
}

interface Position {
  chain: Command[];
  path: string[];
  /** Positional words given to the innermost command so far. */
  positionals: string[];
  /** The option whose value is being typed, if any. */
  pending?: Option;
  paths: TypedPaths;
  /** Boolean flags already given (not offered again). */
  given: Set<Option>;
  afterDashDash: boolean;
}

function walk(program: Command, words: string[]): Position {
  const pos: Position = { chain: [program], path: [], positionals: [], paths: { journals: [], scripts: [] }, given: new Set(), afterDashDash: false };
  const remember = (option: Option, value: string) => {
    if (option.long === '--home') pos.paths.home = value;
    if (option.long === '--journal') pos.paths.journals.push(value);
    if (option.long === '--scripts') pos.paths.scripts.push(value);
  };
  for (const word of words) {
    const command = pos.chain.at(-1)!;
    if (pos.pending) {
      if (word === '=') continue; // bash splits --opt=value at the '='
      remember(pos.pending, word);
      pos.pending = undefined;
      continue;
    }
    if (!pos.afterDashDash && word === '--') {
      pos.afterDashDash = true;
      continue;
    }
    if (!pos.afterDashDash && word.startsWith('-') && word !== '-') {
      const [flag, inline] = word.includes('=') ? [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)] : [word, undefined];
      const option = findOption(pos.chain, flag);
      if (!option) continue;
      if (!takesValue(option)) pos.given.add(option);
      else if (inline !== undefined) remember(option, inline);
      else if (option.required) pos.pending = option;
      continue;
    }
    const sub = pos.positionals.length === 0 ? command.commands.find((c) => c.name() === word || c.aliases().includes(word)) : undefined;
    if (sub) {
      pos.chain.push(sub);
      pos.path.push(sub.name());
      pos.positionals = [];
    } else pos.positionals.push(word);
  }
  return pos;
}

async function valuesOf(kind: ValueKind, pos: Position, sources: Sources, current: string): Promise<Completion> {
  const none: Completion = { candidates: [], directive: 'none' };
  switch (kind) {
    case 'files':
      return { candidates: [], directive: 'files' };
    case 'dirs':
      return { candidates: [], directive: 'dirs' };
    case 'scripts':
      return { candidates: sources.scripts(pos.paths), directive: 'none' };
    case 'outcomes':
      return { candidates: plain(sources.outcomes()), directive: 'none' };
    case 'configKeys':
      return { candidates: sources.configKeys(), directive: 'none' };
    case 'configValue': {
      const key = pos.positionals[0];
      return key && pos.positionals.length === 1 ? { candidates: plain(sources.configValues(key, pos.paths)), directive: 'none' } : none;
    }
    case 'commands':
      return { candidates: visibleSubcommands(pos.chain[0]!).map((c) => ({ value: c.name(), description: oneLine(c.description()) })), directive: 'none' };
    case 'clients': {
      const { clients } = await sources.journal(pos.paths);
      // The client argument is variadic: earlier words are the start of the name.
      const before = pos.pending ? [] : pos.positionals;
      return { candidates: nameTails(clients, before, current), directive: 'none' };
    }
    case 'flags':
      return { candidates: (await sources.journal(pos.paths)).flags, directive: 'none' };
    case 'owners':
      return { candidates: plain((await sources.journal(pos.paths)).owners), directive: 'none' };
    case 'salespeople':
      return { candidates: plain((await sources.journal(pos.paths)).salespeople), directive: 'none' };
    case 'none':
      return none;
  }
}

function optionCandidates(pos: Position): Candidate[] {
  const seen = new Set<string>();
  const out: Candidate[] = [];
  for (const command of [...pos.chain].reverse()) {
    for (const option of help.visibleOptions(command)) {
      if (pos.given.has(option)) continue;
      const flag = option.long ?? option.short;
      if (!flag || seen.has(flag)) continue;
      seen.add(flag);
      out.push({ value: flag, description: oneLine(option.description) });
    }
  }
  return out;
}

function argumentFor(command: Command, index: number): Argument | undefined {
  const args = command.registeredArguments;
  const last = args.at(-1);
  return args[index] ?? (last?.variadic ? last : undefined);
}

/**
 * Candidates for the last word of `words` (the words after `followup`, the
 * last one being typed, maybe empty).
 */
export async function complete(program: Command, words: string[], sources: Sources): Promise<Completion> {
  const current = words.at(-1) ?? '';
  const pos = walk(program, words.slice(0, -1));
  const command = pos.chain.at(-1)!;
  const filtered = (c: Completion, prefix = current, add = ''): Completion => ({
    directive: c.directive,
    candidates: matching(c.candidates, prefix).map((x) => (add ? { ...x, value: add + x.value } : x)),
  });

  if (pos.pending) {
    const option = pos.pending;
    if (option.argChoices) return filtered({ candidates: plain(option.argChoices), directive: 'none' });
    const kind = lookup(OPTION_VALUES, pos.path, option.long ?? '') ?? 'none';
    return filtered(await valuesOf(kind, pos, sources, current));
  }
  if (!pos.afterDashDash && current.startsWith('-')) {
    const eq = current.indexOf('=');
    if (eq > 0) {
      const option = findOption(pos.chain, current.slice(0, eq));
      if (!option || !takesValue(option)) return { candidates: [], directive: 'none' };
      const inline = current.slice(eq + 1);
      const values = option.argChoices
        ? { candidates: plain(option.argChoices), directive: 'none' as const }
        : await valuesOf(lookup(OPTION_VALUES, pos.path, option.long ?? '') ?? 'none', { ...pos, pending: option }, sources, inline);
      // Paths after '=' are left to the shell only where it can split them (zsh, fish); offer nothing else.
      return values.directive === 'none' ? filtered(values, inline, current.slice(0, eq + 1)) : { candidates: [], directive: 'none' };
    }
    return filtered({ candidates: optionCandidates(pos), directive: 'none' });
  }
  const subcommands = visibleSubcommands(command);
  if (pos.positionals.length === 0 && subcommands.length > 0) {
    return filtered({ candidates: subcommands.map((c) => ({ value: c.name(), description: oneLine(c.description()) })), directive: 'none' });
  }
  // The implicit `help [command]` is not in program.commands.
  if (pos.path.length === 0 && pos.positionals[0] === 'help' && pos.positionals.length === 1) {
    return filtered(await valuesOf('commands', pos, sources, current));
  }
  const argument = argumentFor(command, pos.positionals.length);
  if (!argument) return { candidates: [], directive: 'none' };
  if (argument.argChoices) return filtered({ candidates: plain(argument.argChoices), directive: 'none' });
  const kind = lookup(ARGUMENT_VALUES, pos.path, argument.name()) ?? 'none';
  if (kind === 'clients') {
    // Names are matched word by word in nameTails; don't filter them again by the last word alone.
    const result = await valuesOf(kind, pos, sources, current);
    return { candidates: matching(result.candidates, ''), directive: result.directive };
  }
  return filtered(await valuesOf(kind, pos, sources, current));
}
