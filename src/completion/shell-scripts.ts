// The completion scripts `followup completion <shell>` prints. Each is a thin
// adapter: it hands the words typed so far to the hidden `followup
// __complete <shell> :word…` (every word prefixed with ':' so none can be
// taken for an option) and turns the answer — `value<TAB>description` lines,
// then a `:directive` line — into the shell's own completion calls, which
// also quote names with spaces for insertion.

export type Shell = 'bash' | 'zsh' | 'fish';
export const SHELLS: readonly Shell[] = ['bash', 'zsh', 'fish'];

const BASH = String.raw`# bash completion for followup
# Install: echo 'source <(followup completion bash)' >> ~/.bashrc
_followup_complete() {
    local -a typed=("%{COMP_WORDS[@]:1:COMP_CWORD}")
    local out line directive=none
    out=$(command followup __complete bash "%{typed[@]/#/:}" 2>/dev/null) || return 0
    COMPREPLY=()
    while IFS= read -r line; do
        case $line in
            :*) directive=%{line#:} ;;
            ?*) COMPREPLY+=("%{line%%$'\t'*}") ;;
        esac
    done <<<"$out"
    case $directive in
        files) compopt -o default 2>/dev/null; COMPREPLY=() ;;
        dirs) compopt -o dirnames 2>/dev/null; COMPREPLY=() ;;
        # Let readline quote what it inserts (spaces in client names) as it does for file names.
        *) compopt -o filenames 2>/dev/null ;;
    esac
    return 0
}
complete -F _followup_complete followup
`;

const ZSH = String.raw`#compdef followup
# zsh completion for followup
# Install: echo 'source <(followup completion zsh)' >> ~/.zshrc   (after compinit)
#      or: followup completion zsh > "%{fpath[1]}/_followup"
_followup() {
    local -a typed lines values described exact
    local line value description directive=none
    typed=("%{(@Q)words[2,CURRENT-1]}" "%{(Q)PREFIX}")
    lines=("%{(@f)$(command followup __complete zsh "%{(@)typed/#/:}" 2>/dev/null)}")
    for line in "%{lines[@]}"; do
        [[ -z $line ]] && continue
        if [[ $line == :* ]]; then
            directive=%{line#:}
            continue
        fi
        value=%{line%%$'\t'*}
        description=
        [[ $line == *$'\t'* ]] && description=%{line#*$'\t'}
        values+=("$value")
        described+=("%{value//:/\\:}%{description:+:$description}")
    done
    case $directive in
        files) _files ;;
        dirs) _files -/ ;;
        *)
            (( %{#described} )) || return 1
            exact=("%{(@M)values:#%{(b)typed[-1]}*}")
            if (( %{#exact} )); then
                _describe -t followup followup described
            else
                # Matched ignoring case (a lowercase Cyrillic prefix of a
                # capitalised name): zsh's matchers can't fold Cyrillic
                # case, so replace the word instead of matching it.
                _describe -t followup followup described -U
            fi
            ;;
    esac
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    _followup "$@"
else
    compdef _followup followup
fi
`;

const FISH = String.raw`# fish completion for followup
# Install: followup completion fish > ~/.config/fish/completions/followup.fish
function __followup_complete
    set -l typed (commandline -opc)
    set -e typed[1]
    set -l current (commandline -ct)
    set -l directive none
    for line in (command followup __complete fish (string replace -r '^' ':' -- $typed) ":$current" 2>/dev/null)
        if string match -q -- ':*' $line
            set directive (string sub -s 2 -- $line)
        else
            printf '%s\n' $line
        end
    end
    switch $directive
        case files
            __fish_complete_path $current
        case dirs
            __fish_complete_directories $current
    end
end
complete -c followup -e
complete -c followup -f -a '(__followup_complete)'
`;

/** The scripts are written with %{ for the shells' ${ (a template literal would expand it). */
export function completionScript(shell: Shell): string {
  return { bash: BASH, zsh: ZSH, fish: FISH }[shell].replaceAll('%{', '${');
}
