#!/usr/bin/env bash
# Extracts kepu.jar into DIR and makes DIR/kepu.jsa, an AppCDS archive of kepu's classes, by a training run:
# kepu starts on a scratch data directory, answers its first health and readiness requests, and stops. The
# archive then also holds the classes of serving a request, which a run stopped at context refresh misses.
# Start kepu with: java -XX:SharedArchiveFile=DIR/kepu.jsa -jar DIR/kepu.jar
# Usage: bash deploy/cds-archive.sh [JAR (api/target/kepu.jar)] [DIR (app)]
set -euo pipefail
jar=$(realpath "${1:-api/target/kepu.jar}")
dir=${2:-app}
training=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$training"' EXIT

rm -rf "$dir"
java -Djarmode=tools -jar "$jar" extract --destination "$dir" >/dev/null
# the extracted jar keeps the packaged jar's name; its manifest finds lib/ relative to it, so any name works
name=$(basename "$jar")
[ "$name" = kepu.jar ] || mv "$dir/$name" "$dir/kepu.jar"
free_port() { bash "$(dirname "$0")/free-port.sh"; }
port=$(free_port)
java -XX:ArchiveClassesAtExit="$dir/kepu.jsa" -jar "$dir/kepu.jar" \
  --server.port=$port --kepu.data-dir="$training/data" >"$training/log" 2>&1 &
pid=$!
for _ in $(seq 1200); do
  curl -fs "http://127.0.0.1:$port/actuator/health" 2>/dev/null | grep -q '"UP"' && break
  kill -0 "$pid" 2>/dev/null || { tail -20 "$training/log" >&2; exit 1; }
  sleep 0.1
done
curl -fs -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness"
# a normal stop (SIGTERM) writes the archive as the JVM exits
kill "$pid"
wait "$pid" 2>/dev/null || true
pid=
[ -s "$dir/kepu.jsa" ] || { tail -20 "$training/log" >&2; echo "no archive was written" >&2; exit 1; }
echo "$dir/kepu.jsa"
