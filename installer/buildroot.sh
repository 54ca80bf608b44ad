#!/usr/bin/env bash
# Make (or reuse) the old-glibc build root: Debian bullseye (glibc 2.31, the Kylin V10 SP1 level)
# made with debootstrap from the Debian mirror, with CPython 3.11 compiled inside it from
# Debian's own source package. Prints the build root's path on its last line.
#
# The root is cached under /var/cache/nianbao-buildroot/<key>, where the key is a hash of this
# script: a second run on the same machine reuses it; a changed script makes a new one.
# Needs root (debootstrap, chroot). Takes about 10 minutes on a fresh 2-core machine.
set -euo pipefail

MIRROR="${NIANBAO_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SUITE=bullseye
# CPython from Debian bookworm's source package (its orig tarball is python.org's release);
# the hash is the one bookworm's Sources index lists.
PY_ORIG="pool/main/p/python3.11/python3.11_3.11.2.orig.tar.gz"
PY_SHA256=2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849
PY_PREFIX=/opt/nianbao-python
CACHE="${NIANBAO_BUILDROOT_CACHE:-/var/cache/nianbao-buildroot}"
here="$(cd "$(dirname "$0")" && pwd)"
key="$(sha256sum "$here/buildroot.sh" | cut -c1-16)"
root="$CACHE/$SUITE-$key"

log() { echo "[buildroot $(date -u +%H:%M:%S)] $*" >&2; }

if [ -f "$root/.complete" ]; then
  log "reusing $root"
  echo "$root"
  exit 0
fi

command -v debootstrap >/dev/null || { apt-get update -qq; apt-get install -y -qq debootstrap; }
mkdir -p "$CACHE"
start=$(date +%s)
if [ ! -f "$root.partial/.debootstrapped" ]; then
  rm -rf "$root.partial"
  log "debootstrap $SUITE into $root.partial"
  debootstrap --variant=minbase \
    --include=build-essential,ca-certificates,curl,xz-utils,pkg-config,libssl-dev,zlib1g-dev,libbz2-dev,liblzma-dev,libffi-dev,libsqlite3-dev,uuid-dev,binutils,file \
    "$SUITE" "$root.partial" "$MIRROR" >&2
  touch "$root.partial/.debootstrapped"
  log "debootstrap took $(( $(date +%s) - start )) s"
fi

start=$(date +%s)
cp /etc/resolv.conf "$root.partial/etc/resolv.conf"
curl -fsSL "$MIRROR/$PY_ORIG" -o "$root.partial/tmp/python.tar.gz"
echo "$PY_SHA256  $root.partial/tmp/python.tar.gz" | sha256sum -c - >&2
chroot "$root.partial" /bin/bash -euo pipefail -c "
  cd /tmp && tar xf python.tar.gz && cd Python-3.11*/
  ./configure --prefix=$PY_PREFIX --enable-shared LDFLAGS=-Wl,-rpath,$PY_PREFIX/lib >/tmp/configure.log
  make -j\$(nproc) >/tmp/make.log 2>&1
  make install >/tmp/install.log 2>&1
  cd /tmp && rm -rf Python-3.11* python.tar.gz
  $PY_PREFIX/bin/python3.11 -c 'import ssl, sqlite3, lzma, bz2, zlib, ctypes, uuid; print(\"python ok\")'
" >&2
log "CPython build took $(( $(date +%s) - start )) s"
touch "$root.partial/.complete"
mv "$root.partial" "$root"
echo "$root"
