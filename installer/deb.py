"""The UOS / Kylin package: ``/opt/apps/<appid>/{entries,files,info}`` built with ``dpkg-deb``.

Layout (UOS application packaging rules):

* ``files/`` — the onedir bundle; ``files/nianbao`` is the program;
* ``entries/applications/<appid>.desktop`` — the menu entry 年报, and
  ``entries/icons/hicolor/256x256/apps/<appid>.png`` its icon;
* ``info`` — the application's description (JSON) for the app store and the launcher.

UOS links ``entries`` into the menu itself; for Kylin and plain Debian desktops the package also
ships links to them in ``/usr/share/applications`` and ``/usr/share/icons``, and
``/usr/bin/nianbao`` for the command line. Files and links only: no maintainer scripts, nothing
is changed on the system at install or removal, and the clerk's data folder
(``~/.local/share/Nianbao``) is never touched by ``dpkg -r``.

Usage: ``python -m installer.deb BUNDLE_DIR OUT_DIR`` prints the path of the ``.deb``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from installer.manifest import ROOT
from installer.windows import DESCRIPTION, EXE_NAME
from models.storage.about import APP_NAME, VERSION

APP_ID = "cn.nianbao.app"
ARCH = "amd64"
#: What Qt's xcb platform needs from the system (Qt itself is in the bundle). The oldest
#: versions are those of UOS V20 (Debian 10 based, glibc 2.28).
DEPENDS = (
    "libc6 (>= 2.28)",
    "libfontconfig1",
    "libfreetype6",
    "libglib2.0-0",
    "libdbus-1-3",
    "libgl1",
    "libegl1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-xinerama0",
    "libxcb-xkb1",
)
INSTALL_DIR = Path("/opt/apps") / APP_ID


def desktop_entry() -> str:
    """The menu entry: 年报, its icon, the program (without arguments: the window)."""
    program = INSTALL_DIR / "files" / EXE_NAME
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Version=1.0",
            f"Name={APP_NAME}",
            f"Name[zh_CN]={APP_NAME}",
            f"Comment={DESCRIPTION}",
            f"Comment[zh_CN]={DESCRIPTION}",
            f"Exec={program}",
            f"Icon={APP_ID}",
            "Terminal=false",
            "Categories=Office;",
            "Keywords=年报;政府信息公开;nianbao;",
            f"StartupWMClass={EXE_NAME}",
            "",
        ]
    )


def info() -> dict[str, object]:
    """The ``info`` file of the UOS layout."""
    return {
        "appid": APP_ID,
        "name": APP_NAME,
        "version": VERSION,
        "arch": [ARCH],
        "permissions": {
            "autostart": False,
            "notification": False,
            "trayicon": False,
            "clipboard": True,
            "account": False,
            "bluetooth": False,
            "camera": False,
            "audio_record": False,
            "installed_apps": False,
        },
    }


def control(installed_kb: int) -> str:
    """The package's control file."""
    return "\n".join(
        [
            f"Package: {APP_ID}",
            f"Version: {VERSION}",
            f"Architecture: {ARCH}",
            "Maintainer: Nianbao <nianbao@localhost>",
            f"Installed-Size: {installed_kb}",
            f"Depends: {', '.join(DEPENDS)}",
            "Section: office",
            "Priority: optional",
            f"Description: {APP_NAME} - {DESCRIPTION}",
            " Compile the statutory annual report on government information disclosure.",
            "",
        ]
    )


def _size_kb(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) // 1024 + 1


def stage(bundle: Path, tree: Path) -> None:
    """Lay the package's files out under ``tree`` (the root of the installed system)."""
    app = tree / INSTALL_DIR.relative_to("/")
    shutil.copytree(bundle, app / "files", symlinks=True)
    applications = app / "entries" / "applications"
    applications.mkdir(parents=True)
    (applications / f"{APP_ID}.desktop").write_text(desktop_entry(), encoding="utf-8")
    icons = app / "entries" / "icons" / "hicolor" / "256x256" / "apps"
    icons.mkdir(parents=True)
    shutil.copy2(ROOT / "resources" / "icons" / "nianbao.png", icons / f"{APP_ID}.png")
    (app / "info").write_text(
        json.dumps(info(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    links = {
        tree / "usr/share/applications" / f"{APP_ID}.desktop": applications / f"{APP_ID}.desktop",
        tree / "usr/share/icons/hicolor/256x256/apps" / f"{APP_ID}.png": icons / f"{APP_ID}.png",
        tree / "usr/bin" / EXE_NAME: app / "files" / EXE_NAME,
    }
    for link, target in links.items():
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(Path("/") / target.relative_to(tree))
    debian = tree / "DEBIAN"
    debian.mkdir()
    (debian / "control").write_text(control(_size_kb(app)), encoding="utf-8")


def build_deb(bundle: Path, out_dir: Path) -> Path:
    """Build the ``.deb`` of ``bundle`` (a onedir folder) into ``out_dir``; returns its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    deb = out_dir / f"{APP_ID}_{VERSION}_{ARCH}.deb"
    with tempfile.TemporaryDirectory() as temp:
        tree = Path(temp) / "pkg"
        stage(bundle, tree)
        for path in tree.rglob("*"):  # root-owned, readable by everyone
            if not path.is_symlink():
                os.chmod(path, 0o755 if path.is_dir() or os.access(path, os.X_OK) else 0o644)
        subprocess.run(
            ["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(tree), str(deb)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return deb


def main(argv: list[str]) -> int:
    bundle, out_dir = Path(argv[0]), Path(argv[1])
    print(build_deb(bundle, out_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
