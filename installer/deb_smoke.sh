#!/usr/bin/env bash
# Install the .deb as IT would (dpkg -i), use the installed program as a clerk would (command
# line, then the window under Xvfb), remove it (dpkg -r) and check the clerk's data stays.
# A scan is refused without the OCR add-on (cn.nianbao.app-ocr, found beside the package) and
# read once it is installed.
# Usage: installer/deb_smoke.sh dist/cn.nianbao.app_<version>_amd64.deb   (as root)
set -euo pipefail
cd "$(dirname "$0")/.."
deb="$1"
ocr_deb="$(dirname "$deb")/$(basename "$deb" | sed 's/^cn\.nianbao\.app_/cn.nianbao.app-ocr_/')"
test -f "$ocr_deb"
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
# a scan of the program's own PDF (pdftoppm at 150 dpi, grey, pages put into an image-only PDF)
scan="$clerk/scan"
mkdir -p "$scan"
nianbao() { HOME="$clerk" /usr/bin/nianbao --db "$scan/$1.sqlite3" "${@:2}"; }
nianbao made import resources/examples/shuyang-fgj-2023.json >/dev/null
nianbao made export --unit 沭阳县发展和改革局 --year 2023 -o "$scan/report.pdf" >/dev/null
pdftoppm -r 150 -gray -png "$scan/report.pdf" "$scan/page"
uv run --frozen python -c "
import sys
from pathlib import Path
from PIL import Image
pages = [Image.open(p).convert('L') for p in sorted(Path(sys.argv[1]).glob('page-*.png'))]
pages[0].save(sys.argv[1] + '/scan.pdf', save_all=True, append_images=pages[1:], resolution=150)
" "$scan"
if nianbao read import "$scan/scan.pdf" 2>"$scan/refused.txt"; then
  log "a scan was read without the OCR add-on"
  exit 1
fi
grep -q "cn.nianbao.app-ocr" "$scan/refused.txt"
log "without the add-on a scan is refused: $(head -c 200 "$scan/refused.txt")"
dpkg -i "$ocr_deb" >/dev/null
log "OCR add-on installed: $(du -m "$ocr_deb" | cut -f1) MB package"
nianbao read import "$scan/scan.pdf" | grep -q "已导入“沭阳县发展和改革局”2023年报告"
log "with the add-on the scan is read: $(nianbao read list | head -n 3 | tr '\n' ' ')"

# the clerk's own data folder (the default one, as a clerk starts it), then removal
HOME="$clerk" /usr/bin/nianbao import resources/examples/shuyang-fgj-2023.json >/dev/null
data="$clerk/.local/share/Nianbao/nianbao.sqlite3"
test -s "$data"
dpkg -r cn.nianbao.app-ocr cn.nianbao.app >/dev/null
test ! -e "$app" && test ! -e /usr/bin/nianbao
test -s "$data" || { log "dpkg -r removed the clerk's data"; exit 1; }
log "dpkg -r: program removed, the clerk's data kept ($data)"
