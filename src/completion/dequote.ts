// bash hands completion functions the words as typed, quotes and backslashes
// included ("Андрей Ив, Андрей\ Ив); the engine needs what they mean. A small
// POSIX-shell dequoter: backslashes, '…' and "…" (an unclosed quote, common
// mid-word, counts as closed). No expansion of $vars or ~ on purpose.
export function dequote(word: string): string {
  let out = '';
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < word.length; i += 1) {
    const ch = word[i]!;
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else out += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === '\\' && i + 1 < word.length && '$`"\\\n'.includes(word[i + 1]!)) out += word[++i];
      else out += ch;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '\\' && i + 1 < word.length) out += word[++i];
    else out += ch;
  }
  return out;
}
