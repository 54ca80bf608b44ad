#!/usr/bin/env bash
# Build the installable artifacts from a checkout:
#   dist/nianbao/                              the onedir bundle (Linux, old-glibc build root)
#   dist/cn.nianbao.app_<version>_amd64.deb    the UOS/Kylin package
#   dist/cn.nianbao.app-ocr_<version>_amd64.deb  its add-on for scans (OCR), see installer/deb.py
# Usage: installer/build.sh            (as root: debootstrap and chroot; see installer/README)
# The build root is cached (installer/buildroot.sh); the Python packages of the bundle are
# installed into a venv inside it, cached by a hash of uv.lock and the build requirements.
set -euo pipefail
cd "$(dirname "$0")/.."
checkout="$(pwd)"
log() { echo "[build $(date -u +%H:%M:%S)] $*" >&2; }
t0=$(date +%s)

root="$(installer/buildroot.sh | tail -n 1)"
log "build root $root ($(( $(date +%s) - t0 )) s)"

# The bundle's packages: exactly the lock's (without the developers' tools), plus PyInstaller.
t=$(date +%s)
reqs="$(mktemp)"
uv export --quiet --frozen --no-dev --no-hashes --no-emit-project --format requirements-txt >"$reqs"
cat installer/requirements-build.txt >>"$reqs"
venv_key="$(sha256sum "$reqs" | cut -c1-16)"
venv="/opt/venv-$venv_key"
if [ ! -f "$root$venv/.complete" ]; then
  log "installing the bundle's packages into $venv"
  rm -rf "$root$venv"
  cp "$reqs" "$root/tmp/requirements.txt"
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  # the host's trust store (it may hold a proxy's CA that the build root's lacks)
  cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
  chroot "$root" /usr/bin/env -u PIP_FIND_LINKS -u PIP_CONSTRAINT /bin/bash -euo pipefail -c "
    /opt/nianbao-python/bin/python3.11 -m venv $venv
    $venv/bin/pip install --quiet --disable-pip-version-check --only-binary=:all: \
      -r /tmp/requirements.txt
    touch $venv/.complete
  " >&2
fi
rm -f "$reqs"
log "packages ready ($(( $(date +%s) - t )) s)"

# The sources: the checkout's files (tracked and new, not ignored), nothing else.
t=$(date +%s)
rm -rf "$root/build"
mkdir -p "$root/build/src"
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
  [ -e "$f" ] && printf '%s\0' "$f"
done | (cd "$checkout" && xargs -0 cp --parents -t "$root/build/src")
chroot "$root" /bin/bash -euo pipefail -c "
  cd /build/src
  $venv/bin/pyinstaller --noconfirm --log-level WARN \
    --distpath /build/dist --workpath /build/work installer/nianbao.spec
  $venv/bin/python installer/toc_modules.py /build/work/nianbao/PYZ-00.toc >/build/dist/modules.txt
  # debugging symbols out of what the build root compiled (wheels' libraries are left as
  # shipped: see the spec); the dynamic symbols the loader needs stay
  cd /build/dist/nianbao/_internal
  strip --strip-unneeded libpython3.11.so.1.0 libsqlite3.so.0 python3.11/lib-dynload/*.so
" >&2
rm -rf dist/nianbao
mkdir -p dist
cp -a "$root/build/dist/nianbao" dist/nianbao
cp "$root/build/dist/modules.txt" dist/nianbao-modules.txt
log "bundle dist/nianbao ($(du -sm dist/nianbao | cut -f1) MB, $(( $(date +%s) - t )) s)"

t=$(date +%s)
debs="$(uv run --frozen python -m installer.deb dist/nianbao dist)"
for deb in $debs; do log "package $deb ($(du -m "$deb" | cut -f1) MB)"; done
log "packages made in $(( $(date +%s) - t )) s; total $(( $(date +%s) - t0 )) s"
echo "$debs"
