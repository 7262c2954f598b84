#!/usr/bin/env bash
# What `npm run bench` needs beyond npm: jq (the baseline) and GNU time (peak
# memory of a child, /usr/bin/time -f %M). Debian packages; skips what is there.
# The bench is not part of CI.
set -euo pipefail
need=()
command -v jq >/dev/null || need+=(jq)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "bench/setup.sh: missing ${need[*]} (run as root or install them)" >&2
    exit 1
  fi
fi
