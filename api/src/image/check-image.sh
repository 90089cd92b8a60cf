#!/usr/bin/env bash
# Checks the image tar Jib wrote, as a container runtime would read it: the config runs as a non-root user
# with java as entry point; the layers unpack to a root file system that has the runtime; and kepu, started
# from that root file system by the entry point (in a chroot with its own /proc, as the unprivileged user),
# answers UP and extracts an upload's text in a child JVM of the image's own java.
# With a PICTURE (a PNG poster that says 隔夜菜会致癌), it also checks that OCR reads it in the image, whose
# root file system must hold the C libraries of the OCR engine's native code.
# Usage: check-image.sh IMAGE.tar WORK_DIR [PICTURE]
set -euo pipefail
tar=$1
work=$2
picture=${3:-}
fail() { echo "image check FAILED: $*" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work/rootfs"
tar -xf "$tar" -C "$work"
config=$(tr -d '\n' < "$work/config.json")

user=$(grep -oE '"User" *: *"[^"]*"' <<<"$config" | sed -E 's/.*"([^"]*)"$/\1/') || true
[ -n "$user" ] || fail "no user in the config: the image would run as root"
case "${user%%:*}" in root | 0) fail "the image runs as $user" ;; esac
entrypoint=$(grep -oE '"Entrypoint" *: *\[[^]]*\]' <<<"$config" | sed -E 's/^[^[]*\[(.*)\]$/\1/') || true
[ -n "$entrypoint" ] || fail "no entry point"
mapfile -t command < <(grep -oE '"([^"\\]|\\.)*"' <<<"$entrypoint" | sed -E 's/^"(.*)"$/\1/')
[ "${command[0]}" = java ] || fail "the entry point starts with ${command[0]}, not java"
mapfile -t environment < <(grep -oE '"Env" *: *\[[^]]*\]' <<<"$config" | grep -oE '"[A-Z_]+=[^"]*"' | tr -d '"')
printf '%s\n' "${environment[@]}" | grep -qx 'PATH=/opt/java/bin' || fail "java is not on the image's PATH"

layers=$(grep -oE '"[^"]+\.tar\.gz"' "$work/manifest.json" | tr -d '"')
count=0
for layer in $layers; do
  tar --warning=no-unknown-keyword -xzf "$work/$layer" -C "$work/rootfs"
  count=$((count + 1))
  echo "layer $count: $(du -h "$work/$layer" | cut -f1) compressed"
done
[ "$count" -ge 2 ] || fail "expected the runtime and the application in separate layers, found $count layer(s)"
[ -x "$work/rootfs/opt/java/bin/java" ] || fail "no /opt/java/bin/java in the root file system"
[ -f "$work/rootfs/app/classes/org/kepu/api/KepuApplication.class" ] || fail "kepu's classes are missing"
echo "config: user $user, entry point ${command[*]}"

mkdir -p "$work/rootfs/proc"
unshare --mount --pid --fork --mount-proc="$work/rootfs/proc" true 2>/dev/null ||
  fail "cannot start the image's root file system here (unshare and chroot need root)"

port=$((20000 + RANDOM % 20000))
log="$work/kepu.log"
# The image's environment only, as a container runtime would give it.
env -i "${environment[@]}" \
  "$(command -v unshare)" --mount --pid --fork --mount-proc="$work/rootfs/proc" \
  "$(command -v chroot)" --userspec="$user" "$work/rootfs" /opt/java/bin/"${command[@]}" --server.port=$port >"$log" 2>&1 &
pid=$!
# kepu is the first process of its PID namespace: when it ends, the kernel ends its extraction children.
stop() {
  for child in $(ps -o pid= --ppid "$pid" 2>/dev/null); do kill "$child" 2>/dev/null || true; done
  for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || return 0; sleep 1; done
  kill -KILL "$pid" 2>/dev/null || true
}
trap stop EXIT

started=$(date +%s)
until curl -fs "http://127.0.0.1:$port/actuator/health" | grep -q '"UP"'; do
  kill -0 $pid 2>/dev/null || { tail -30 "$log"; fail "kepu exited at start"; }
  [ $(($(date +%s) - started)) -lt 180 ] || { tail -30 "$log"; fail "kepu not UP in 180 s"; }
  sleep 1
done
echo "kepu from the image's root file system is UP after $(($(date +%s) - started)) s"

token=$(curl -fs -X POST "http://127.0.0.1:$port/dev/token" -H 'Content-Type: application/json' \
  -d '{"sub":"imagecheck","roles":["creator"]}' | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
printf '# 镜像检查\n\n地震来临时，应就近躲避在坚固的桌子下。\n' > "$work/article.md"
work_id=$(curl -fs -X POST "http://127.0.0.1:$port/api/v1/works" -H "Authorization: Bearer $token" \
  -F 'metadata={"title":"镜像检查","kind":"article"};type=application/json' -F "file=@$work/article.md" |
  sed -E 's/^\{"id":"([^"]+)".*/\1/')
until curl -fs "http://127.0.0.1:$port/api/v1/works/$work_id/versions/1/text" -H "Authorization: Bearer $token" |
  grep -q 坚固的桌子; do
  [ $(($(date +%s) - started)) -lt 300 ] || { tail -30 "$log"; fail "the upload's text was never extracted"; }
  sleep 1
done
echo "an upload's text was extracted by a child JVM of the image's java"

if [ -n "$picture" ]; then
  poster_id=$(curl -fs -X POST "http://127.0.0.1:$port/api/v1/works" -H "Authorization: Bearer $token" \
    -F 'metadata={"title":"镜像检查：海报","kind":"poster"};type=application/json' -F "file=@$picture;type=image/png" |
    sed -E 's/^\{"id":"([^"]+)".*/\1/')
  until curl -fs "http://127.0.0.1:$port/api/v1/works/$poster_id/versions/1/text" -H "Authorization: Bearer $token" |
    grep -q 隔夜菜; do
    [ $(($(date +%s) - started)) -lt 420 ] || { tail -30 "$log"; fail "OCR never read the poster in the image"; }
    sleep 1
  done
  echo "a poster was read by OCR in the image"
fi
echo "image check passed"
