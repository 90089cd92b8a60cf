#!/usr/bin/env bash
# Start-up of the packaged jar two ways, measured in one run: as shipped (java -jar kepu.jar) and from its
# extracted layout with an AppCDS archive made by a training run. Each is started ROUNDS times, in turn,
# on a fresh data directory; the figures are the time from launch until /actuator/health answers UP, and
# the first request after it: one upload until its text is extracted (in a child JVM) and found by search.
# Usage (after ./mvnw -q -DskipTests package -pl api -am): ROUNDS=3 bash api/src/bench/start-up.sh
set -euo pipefail
jar=$(realpath "${1:-api/target/kepu.jar}")
rounds=${ROUNDS:-3}
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

now() { date +%s%N; }
ms() { echo $((($2 - $1) / 1000000)); }

bash "$(dirname "$0")/../../../deploy/cds-archive.sh" "$jar" "$work/app" >/dev/null

# run NAME COMMAND...: prints "startup_ms first_request_ms"
run() {
  local name=$1; shift
  local data="$work/data-$name-$RANDOM" port=$((20000 + RANDOM % 20000))
  local t0 t1 t2 token
  t0=$(now)
  "$@" --server.port=$port --kepu.data-dir="$data" >"$data.log" 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$port/actuator/health" 2>/dev/null | grep -q '"UP"'; do
    kill -0 "$pid" 2>/dev/null || { tail -20 "$data.log" >&2; exit 1; }
    sleep 0.05
  done
  t1=$(now)
  token=$(curl -fs -X POST "http://127.0.0.1:$port/dev/token" -H 'Content-Type: application/json' \
    -d '{"sub":"bench","roles":["creator"]}' | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
  printf '# 启动测试\n\n磁暴来临时，卫星导航可能出现偏差。\n' >"$data.md"
  curl -fs -o /dev/null -X POST "http://127.0.0.1:$port/api/v1/works" -H "Authorization: Bearer $token" \
    -F 'metadata={"title":"启动测试","kind":"article"};type=application/json' -F "file=@$data.md"
  until curl -fs -G "http://127.0.0.1:$port/api/v1/search" --data-urlencode 'q=磁暴' \
    -H "Authorization: Bearer $token" 2>/dev/null | grep -q '"total":1'; do
    sleep 0.05
  done
  t2=$(now)
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  pid=
  echo "$(ms "$t0" "$t1") $(ms "$t1" "$t2")"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }

: >"$work/jar" && : >"$work/cds"
for round in $(seq "$rounds"); do
  read -r up first < <(run jar java -jar "$jar")
  echo "$up $first" >>"$work/jar"
  echo "round $round  java -jar kepu.jar:        UP after $up ms, first upload→search $first ms"
  read -r up first < <(run cds java -XX:SharedArchiveFile="$work/app/kepu.jsa" -jar "$work/app/kepu.jar")
  echo "$up $first" >>"$work/cds"
  echo "round $round  extracted + AppCDS archive: UP after $up ms, first upload→search $first ms"
done
jar_up=$(cut -d' ' -f1 "$work/jar" | median); cds_up=$(cut -d' ' -f1 "$work/cds" | median)
jar_first=$(cut -d' ' -f2 "$work/jar" | median); cds_first=$(cut -d' ' -f2 "$work/cds" | median)
echo "median start-up: $jar_up ms → $cds_up ms ($(awk "BEGIN {printf \"%.2f\", $cds_up / $jar_up}")×);" \
  "median first upload→search: $jar_first ms → $cds_first ms ($(awk "BEGIN {printf \"%.2f\", $cds_first / $jar_first}")×);" \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)"
