#!/usr/bin/env bash
# Make (or reuse) the old-glibc build root: Debian bullseye made with debootstrap from the
# Debian mirror, with SQLite and CPython 3.11 compiled inside it from Debian's own source
# packages so that they need no glibc newer than 2.28 (UOS V20): bullseye's glibc is 2.31, and
# the few symbols whose 2.29/2.30 versions would be picked (exp, log, pow; sem_clockwait) are
# bound to their older versions (glibc-2.28.h) or not used. Prints the root's path last.
#
# The root is cached under /var/cache/nianbao-buildroot/<suite>-<key>, the key a hash of this
# script: a second run on the same machine reuses it; a changed script makes a new one.
# Needs root (debootstrap, chroot). About 10 minutes on an idle 2-core machine.
set -euo pipefail

MIRROR="${NIANBAO_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SUITE=bullseye
# Sources from Debian bookworm's source packages (their orig tarballs are the upstream
# releases); the hashes are those bookworm's Sources index lists.
PY_ORIG="pool/main/p/python3.11/python3.11_3.11.2.orig.tar.gz"
PY_SHA256=2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849
SQLITE_ORIG="pool/main/s/sqlite3/sqlite3_3.40.1.orig.tar.xz"
SQLITE_SHA256=aaa776260ab4dc976db34aa7891819484c8676b5b2783123ebc6301e2ca5d655
PREFIX=/opt/nianbao-python
CACHE="${NIANBAO_BUILDROOT_CACHE:-/var/cache/nianbao-buildroot}"
here="$(cd "$(dirname "$0")" && pwd)"
key="$(cat "$here/buildroot.sh" "$here/glibc-2.28.h" | sha256sum | cut -c1-16)"
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
    --include=build-essential,ca-certificates,curl,xz-utils,pkg-config,tcl,libssl-dev,zlib1g-dev,libbz2-dev,liblzma-dev,libffi-dev,uuid-dev,binutils,file \
    "$SUITE" "$root.partial" "$MIRROR" >&2
  touch "$root.partial/.debootstrapped"
  log "debootstrap took $(( $(date +%s) - start )) s"
fi

fetch() { # fetch URL-PATH SHA256 FILE: from the Debian mirror, checked
  curl -fsSL "$MIRROR/$1" -o "$root.partial/tmp/$3"
  echo "$2  $root.partial/tmp/$3" | sha256sum -c - >&2
}
start=$(date +%s)
fetch "$SQLITE_ORIG" "$SQLITE_SHA256" sqlite.tar.xz
fetch "$PY_ORIG" "$PY_SHA256" python.tar.gz
cp "$here/glibc-2.28.h" "$root.partial/opt/glibc-2.28.h"
chroot "$root.partial" /bin/bash -euo pipefail -c "
  export CFLAGS='-O2 -include /opt/glibc-2.28.h'
  cd /tmp && tar xf sqlite.tar.xz && cd sqlite3-*/ 2>/dev/null || cd sqlite*/
  ./configure --prefix=$PREFIX --disable-tcl --enable-fts5 --disable-static >/tmp/sqlite-configure.log
  make -j\$(nproc) >/tmp/sqlite-make.log 2>&1
  make install >/tmp/sqlite-install.log 2>&1
  cd /tmp && rm -rf sqlite*
  tar xf python.tar.gz && cd Python-3.11*/
  ./configure --prefix=$PREFIX --enable-shared --disable-test-modules \
    OPT='-DNDEBUG -fwrapv -Wall' CPPFLAGS='-I$PREFIX/include' \
    LDFLAGS='-L$PREFIX/lib -Wl,-rpath,$PREFIX/lib' ac_cv_func_sem_clockwait=no \
    >/tmp/configure.log
  make -j\$(nproc) >/tmp/make.log 2>&1
  make install >/tmp/install.log 2>&1
  cd /tmp && rm -rf Python-3.11* python.tar.gz
  $PREFIX/bin/python3.11 -c 'import ssl, sqlite3, lzma, bz2, zlib, ctypes, uuid, math; print(\"python ok, sqlite\", sqlite3.sqlite_version)'
" >&2
log "SQLite and CPython build took $(( $(date +%s) - start )) s"
touch "$root.partial/.complete"
mv "$root.partial" "$root"
echo "$root"
