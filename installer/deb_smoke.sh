#!/usr/bin/env bash
# Install the .deb as IT would (dpkg -i), use the installed program as a clerk would (command
# line, then the window under Xvfb), remove it (dpkg -r) and check the clerk's data stays.
# Usage: installer/deb_smoke.sh dist/cn.nianbao.app_<version>_amd64.deb   (as root)
set -euo pipefail
cd "$(dirname "$0")/.."
deb="$1"
app=/opt/apps/cn.nianbao.app
log() { echo "[deb-smoke $(date -u +%H:%M:%S)] $*" >&2; }

# as IT installs it; a system library it depends on that is missing comes from apt
dpkg -i "$deb" >/dev/null || apt-get install -f -y -qq --no-install-recommends >/dev/null
dpkg-query -W -f='${Status}\n' cn.nianbao.app | grep -q "install ok installed"
log "installed: $(du -sm "$app" | cut -f1) MB in $app; package $(du -m "$deb" | cut -f1) MB"
test -L /usr/bin/nianbao
test -f "$app/info" && test -f "$app/entries/applications/cn.nianbao.app.desktop"
desktop-file-validate "$app/entries/applications/cn.nianbao.app.desktop" 2>/dev/null || true

clerk="$(mktemp -d)"
trap 'rm -rf "$clerk"' EXIT
# the command line and the window of the installed program
HOME="$clerk" uv run --frozen python -m installer.smoke "$app/files/nianbao" --window dist/installed-window.png
# the clerk's own data folder (the default one, as a clerk starts it), then removal
HOME="$clerk" /usr/bin/nianbao import resources/examples/shuyang-fgj-2023.json >/dev/null
data="$clerk/.local/share/Nianbao/nianbao.sqlite3"
test -s "$data"
dpkg -r cn.nianbao.app >/dev/null
test ! -e "$app" && test ! -e /usr/bin/nianbao
test -s "$data" || { log "dpkg -r removed the clerk's data"; exit 1; }
log "dpkg -r: program removed, the clerk's data kept ($data)"
