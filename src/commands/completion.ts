// `followup completion <shell>` prints the completion script; the hidden
// `followup __complete <shell> :word…` is what those scripts call on Tab.
// The latter must be quick: it loads no prompts, and reads the journal only
// when a client, flag, owner or salesperson is being completed.
import type { Command } from 'commander';
import { complete } from '../completion/engine.js';
import { dequote } from '../completion/dequote.js';
import { completionScript, SHELLS, type Shell } from '../completion/shell-scripts.js';
import { contextSources } from '../completion/sources.js';
import type { Context } from '../context.js';
import { EXIT, UsageError } from '../errors.js';

export type CompletionOptions =
  | { action?: 'script'; shell: Shell }
  | { action: 'complete'; shell: string; words: string[]; program: Command };

function isShell(name: string): name is Shell {
  return (SHELLS as readonly string[]).includes(name);
}

/** The words as the engine needs them: the ':' guard removed, and bash's raw
 * words (fish's current token too) unquoted; zsh unquotes before calling. */
export function typedWords(shell: Shell, raw: string[]): string[] {
  const words = raw.map((w) => (w.startsWith(':') ? w.slice(1) : w));
  if (shell === 'bash') return words.map(dequote);
  if (shell === 'fish' && words.length > 0) return [...words.slice(0, -1), dequote(words.at(-1)!)];
  return words;
}

export async function run(ctx: Context, options: CompletionOptions): Promise<number> {
  if (options.action !== 'complete') {
    ctx.io.out(completionScript(options.shell));
    return EXIT.ok;
  }
  const shell = options.shell;
  if (!isShell(shell)) throw new UsageError(`unknown shell "${shell}": use ${SHELLS.join(', ')}`);
  const words = typedWords(shell, options.words.length > 0 ? options.words : [':']);
  const { candidates, directive } = await complete(options.program, words, contextSources(ctx));
  const lines = candidates.map((c) => (shell !== 'bash' && c.description ? `${c.value}\t${c.description}` : c.value));
  ctx.io.out(`${[...lines, `:${directive}`].join('\n')}\n`);
  return EXIT.ok;
}
