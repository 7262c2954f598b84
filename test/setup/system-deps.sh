#!/usr/bin/env bash
# Installs the Debian packages the end-to-end tests drive: tmux, bash, zsh,
# fish (completion tests), chromium (HTML report), jq and curl (docs recipes). Skips what is present.
set -euo pipefail
need=()
command -v tmux >/dev/null || need+=(tmux)
command -v zsh >/dev/null || need+=(zsh)
command -v fish >/dev/null || need+=(fish)
command -v chromium >/dev/null || need+=(chromium)
command -v jq >/dev/null || need+=(jq)
command -v curl >/dev/null || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "system-deps: missing ${need[*]} (run as root or install them)" >&2
  fi
fi
