#!/usr/bin/env bash
# Builds a JRE 17 base image from Debian packages, for machines that reach no container registry.
# On a normal machine you do not need this: the Dockerfile's default base is eclipse-temurin:17-jre.
#   docker/base-image.sh [--rebuild]      -> localhost/jre17-bookworm:local (about 1-2 minutes, cached)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/podman-env.sh"
image=localhost/jre17-bookworm:local

if [ "${1:-}" != "--rebuild" ] && podman image exists "$image"; then
  echo "base image $image exists (use --rebuild to make it again)"
  exit 0
fi
for tool in debootstrap podman; do
  command -v "$tool" >/dev/null || { echo "base-image.sh needs $tool (apt-get install debootstrap podman runc)" >&2; exit 2; }
done

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
chroot "$rootfs" /bin/bash -c 'export DEBIAN_FRONTEND=noninteractive;
  apt-get update -q && apt-get install -y -q --no-install-recommends openjdk-17-jre-headless ca-certificates >/dev/null &&
  apt-get clean && rm -rf /var/lib/apt/lists/* /usr/share/doc/* /usr/share/man/* /usr/share/locale/*'
umount "$rootfs/proc"
: > "$rootfs/etc/resolv.conf"
tar -C "$rootfs" --numeric-owner -cf "$work/rootfs.tar" .
podman import --change 'ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64' --change 'ENV LANG=C.UTF-8' \
  "$work/rootfs.tar" "$image" >/dev/null
echo "built $image ($(podman image inspect "$image" --format '{{.Size}}') bytes)"
