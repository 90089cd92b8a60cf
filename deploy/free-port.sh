#!/usr/bin/env bash
# Prints a port in 30000-39999 that nothing listens on now (used by cds-archive.sh and the start-up bench).
set -euo pipefail
while :; do
  port=$((30000 + RANDOM % 10000))
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; exit 0; }
done
