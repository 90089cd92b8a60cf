#!/usr/bin/env bash
# The base of kepu's image, made from the build's own JDK since no container registry is needed or
# assumed: a jlink'ed Java runtime, the C libraries it links against (as ldd finds them on this
# machine), an unprivileged user, and writable /tmp and /data. Needs a glibc Linux JDK with jmods.
# Usage: runtime.sh JAVA_HOME ROOT [JAR_OR_DIR...]
# The jars given (or found in the directories given) may carry native libraries (lib/*.so, e.g. the OCR
# engine's): the C libraries they link against are copied too, since the JDK's own binaries may not need
# them (libstdc++).
set -euo pipefail
java_home=$1
root=$2
shift 2
native=$(mktemp -d)
trap 'rm -rf "$native"' EXIT
if [ $# -gt 0 ]; then
  for jar in $(find "$@" -name '*.jar' 2>/dev/null); do
    (cd "$native" && "$java_home/bin/jar" xf "$jar" lib)
  done
fi

rm -rf "$root"
mkdir -p "$root/opt" "$root/etc" "$root/tmp" "$root/data"

# java.se and the JDK modules kepu and its libraries reach: GB18030 and other charsets, Chinese locale
# data, EC crypto for TLS, zip file systems (Tika), management (actuator), DNS, sun.misc.Unsafe (Netty).
"$java_home/bin/jlink" \
  --add-modules java.se,jdk.charsets,jdk.localedata,jdk.crypto.ec,jdk.zipfs,jdk.management,jdk.naming.dns,jdk.net,jdk.unsupported \
  --strip-debug --no-header-files --no-man-pages --compress=2 \
  --output "$root/opt/java"

# A runtime whose CA store is a link into the host's /etc (as distributions ship it) would have none.
cacerts="$root/opt/java/lib/security/cacerts"
if [ -L "$cacerts" ] || [ ! -s "$cacerts" ]; then
  rm -f "$cacerts"
  cp -L "$java_home/lib/security/cacerts" "$cacerts"
fi

# Every shared library the runtime's binaries need, at the path the dynamic loader looks for it.
# Libraries not on this machine (the X11 ones of a headless-only AWT) are never loaded headless.
find "$root/opt/java" "$native" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 |
  xargs -0 ldd 2>/dev/null |
  grep -oE '(=> )?/[^ ]+' | sed 's/^=> //' | sort -u |
  while read -r lib; do
    case "$lib" in "$root"* | "$native"*) continue ;; esac
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done

echo 'root:x:0:0:root:/root:/sbin/nologin' > "$root/etc/passwd"
echo 'kepu:x:65532:65532:kepu:/data:/sbin/nologin' >> "$root/etc/passwd"
printf 'root:x:0:\nkepu:x:65532:\n' > "$root/etc/group"
echo "runtime for the image: $(du -sh "$root" | cut -f1) in $root"
