#!/usr/bin/env bash
# Builds a JDK 25 runtime base image for machines that reach no container registry: Debian bookworm (debootstrap,
# from the machine's Debian mirror) with a jlinked runtime of the machine's own JDK 25 at /opt/java/openjdk, the
# place eclipse-temurin images use. On a normal machine you do not need this: the Dockerfile's default base is
# eclipse-temurin:25-jre.
#   docker/base-image.sh [--rebuild]      -> localhost/jre25-bookworm:local (about 1-2 minutes, cached)
# The JDK: $FITSCORE_BASE_JDK, else the first /usr/lib/jvm/*25* with jlink.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/podman-env.sh"
image=localhost/jre25-bookworm:local

if [ "${1:-}" != "--rebuild" ] && podman image exists "$image"; then
  echo "base image $image exists (use --rebuild to make it again)"
  exit 0
fi
for tool in debootstrap podman; do
  command -v "$tool" >/dev/null || { echo "base-image.sh needs $tool (apt-get install debootstrap podman runc)" >&2; exit 2; }
done
jdk=${FITSCORE_BASE_JDK:-}
if [ -z "$jdk" ]; then
  for candidate in /usr/lib/jvm/*25*; do [ -x "$candidate/bin/jlink" ] && { jdk=$candidate; break; }; done
fi
[ -n "$jdk" ] && [ -x "$jdk/bin/jlink" ] || { echo "base-image.sh needs a JDK 25 with jlink (set FITSCORE_BASE_JDK)" >&2; exit 2; }

mirror=$(grep -h -m1 -oE 'https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null | head -1 | tr -d ' ' || true)
mirror=${mirror:-http://deb.debian.org/debian}
work=$(mktemp -d)
rootfs="$work/rootfs"
cleanup() {
  umount "$rootfs/proc" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "debootstrap bookworm from $mirror"
debootstrap --variant=minbase bookworm "$rootfs" "$mirror" > "$work/debootstrap.log" 2>&1 \
  || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
mount -t proc proc "$rootfs/proc"
# libgomp1: XGBoost's native library needs OpenMP's runtime.
chroot "$rootfs" /bin/bash -c 'export DEBIAN_FRONTEND=noninteractive;
  apt-get update -q && apt-get install -y -q --no-install-recommends ca-certificates libgomp1 >/dev/null &&
  apt-get clean && rm -rf /var/lib/apt/lists/* /usr/share/doc/* /usr/share/man/* /usr/share/locale/*'
umount "$rootfs/proc"
: > "$rootfs/etc/resolv.conf"

# The modules a run uses (Spark, Hadoop, the AWS SDK, Quarkus, Tribuo, image decoding for reduce) and the JDK's
# diagnostic commands; no compiler, no debugger, no locales beyond java.base's. No default class-data archive: the
# image's AOT cache holds the JDK classes a run loads. Compressed modules: what the cache holds is not read from them.
modules=java.base,java.compiler,java.datatransfer,java.desktop,java.instrument,java.logging,java.management
modules+=,java.management.rmi,java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss
modules+=,java.security.sasl,java.sql,java.sql.rowset,java.transaction.xa,java.xml,java.xml.crypto,jdk.charsets
modules+=,jdk.crypto.cryptoki,jdk.crypto.ec,jdk.httpserver,jdk.incubator.vector,jdk.jcmd,jdk.jfr
modules+=,jdk.management,jdk.management.agent,jdk.management.jfr,jdk.naming.dns,jdk.net,jdk.security.auth
modules+=,jdk.security.jgss,jdk.unsupported,jdk.zipfs
mkdir -p "$rootfs/opt/java"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress=zip-6 --output "$rootfs/opt/java/openjdk"
tar -C "$rootfs" --numeric-owner -cf "$work/rootfs.tar" .
podman import --change 'ENV JAVA_HOME=/opt/java/openjdk' --change 'ENV LANG=C.UTF-8' \
  --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  "$work/rootfs.tar" "$image" >/dev/null
echo "built $image from $jdk ($(podman image inspect "$image" --format '{{.Size}}') bytes)"
