#!/usr/bin/env bash
# Start-up of the packaged jar, measured in one run. Each way of starting is started ROUNDS times, the ways
# in turn, on a fresh data directory; the figures are the time from launch until /actuator/health answers
# UP, the CPU time kepu used until then (less disturbed than the time by other work on the machine), and
# the first request after it: one upload until its text is extracted (in a child JVM) and found by search.
#
# With one jar: that jar as shipped (java -jar kepu.jar) and from its extracted layout with an AppCDS
# archive made by a training run (deploy/cds-archive.sh). With two jars (say, builds before and after a
# change): both from their extracted layouts with their archives, the way the README recommends, so that
# load on the machine falls on both alike; the ratios are second over first.
# Usage (after ./mvnw -q -DskipTests package -pl api -am):
#   ROUNDS=3 bash api/src/bench/start-up.sh [JAR (api/target/kepu.jar)] [SECOND_JAR]
set -euo pipefail
jar=$(realpath "${1:-api/target/kepu.jar}")
second=${2:+$(realpath "$2")}
rounds=${ROUNDS:-3}
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

free_port() { bash "$(dirname "$0")/../../../deploy/free-port.sh"; }
now() { date +%s%N; }
ms() { echo $((($2 - $1) / 1000000)); }
archive() { bash "$(dirname "$0")/../../../deploy/cds-archive.sh" "$1" "$2" >/dev/null; }

# run NAME COMMAND...: prints "startup_ms cpu_ms first_request_ms"
run() {
  local name=$1; shift
  local data="$work/data-$name-$RANDOM" port
  port=$(free_port)
  local t0 t1 t2 token cpu
  t0=$(now)
  "$@" --server.port=$port --kepu.data-dir="$data" >"$data.log" 2>&1 &
  pid=$!
  until curl -fs "http://127.0.0.1:$port/actuator/health" 2>/dev/null | grep -q '"UP"'; do
    kill -0 "$pid" 2>/dev/null || { tail -20 "$data.log" >&2; exit 1; }
    sleep 0.05
  done
  t1=$(now)
  # user and system time of the whole JVM (all its threads, the JIT compilers too), in clock ticks
  cpu=$(awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$pid/stat")
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
  echo "$(ms "$t0" "$t1") $cpu $(ms "$t1" "$t2")"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }
ratio() { awk "BEGIN {printf \"%.2f\", $2 / $1}"; }

archive "$jar" "$work/a"
if [ -n "$second" ]; then
  archive "$second" "$work/b"
  names=("first jar, extracted + AppCDS " "second jar, extracted + AppCDS")
  commands=("java -XX:SharedArchiveFile=$work/a/kepu.jsa -jar $work/a/kepu.jar"
    "java -XX:SharedArchiveFile=$work/b/kepu.jsa -jar $work/b/kepu.jar")
else
  names=("java -jar kepu.jar              " "extracted + AppCDS archive     ")
  commands=("java -jar $jar" "java -XX:SharedArchiveFile=$work/a/kepu.jsa -jar $work/a/kepu.jar")
fi

: >"$work/0" && : >"$work/1"
loads=()
for round in $(seq "$rounds"); do
  for i in 0 1; do
    # shellcheck disable=SC2086 # the command is a word list by design
    read -r up cpu first < <(run "$i" ${commands[$i]})
    loads+=("$(cut -d' ' -f1 /proc/loadavg)")
    echo "$up $cpu $first" >>"$work/$i"
    echo "round $round  ${names[$i]}: UP after $up ms (CPU $cpu ms), first upload→search $first ms," \
      "load $(cut -d' ' -f1 /proc/loadavg)"
  done
done
col() { cut -d' ' -f"$1" "$work/$2" | median; }
echo "median of $rounds: start-up $(col 1 0) ms → $(col 1 1) ms ($(ratio "$(col 1 0)" "$(col 1 1)")×);" \
  "CPU until UP $(col 2 0) ms → $(col 2 1) ms ($(ratio "$(col 2 0)" "$(col 2 1)")×);" \
  "first upload→search $(col 3 0) ms → $(col 3 1) ms ($(ratio "$(col 3 0)" "$(col 3 1)")×)"
echo "load average (1 min) after each start: ${loads[*]}; now $(cut -d' ' -f1-3 /proc/loadavg)"
