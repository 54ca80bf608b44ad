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

The scan reader's libraries (OpenCV, ONNX Runtime, the OCR models, numpy: about 100 MB of the
package, more than the rest of the program) go into an add-on package ``cn.nianbao.app-ocr``
that installs its files into the same folder: the program package stays under its 120 MB target,
and an office that imports scanned reports installs both. Without the add-on every other format
is read as before and a scan is refused with a message naming the add-on. Which files are the
add-on's is derived from the dependency graph (:func:`ocr_only_distributions`), not listed.

Usage: ``python -m installer.deb BUNDLE_DIR OUT_DIR`` prints the paths of the two ``.deb`` files.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

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
OCR_ID = f"{APP_ID}-ocr"
#: The distributions the scan reader needs directly (pyproject's dependencies).
OCR_ROOTS = ("rapidocr", "onnxruntime")
#: Needed by the scan reader only, but kept in the program package: PyInstaller puts numpy's
#: Python code into the program's archive, and libraries that use numpy when it is there
#: (``try: import numpy``) would find the module without its binaries and fail with another
#: error than ImportError (seen: PDF export failing on ``numpy/_core``).
KEEP_IN_PROGRAM = ("numpy",)


def _requirements(name: str) -> set[str]:
    """The distributions ``name`` requires here (markers of this platform, no extras)."""
    found: set[str] = set()
    for line in metadata.requires(name) or []:
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
            found.add(_canonical(requirement.name))
    return found


def _canonical(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def _closure(roots: set[str]) -> set[str]:
    seen: set[str] = set()
    todo = [_canonical(root) for root in roots]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            todo.extend(_requirements(name) - seen)
        except metadata.PackageNotFoundError:
            continue
    return seen


def ocr_only_distributions() -> set[str]:
    """The distributions only the scan reader needs: what rapidocr and onnxruntime pull in that
    no other dependency of the program does."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    direct = {_canonical(Requirement(d).name) for d in project["project"]["dependencies"]}
    ocr = _closure(set(OCR_ROOTS))
    return ocr - _closure(direct - {_canonical(root) for root in OCR_ROOTS}) - set(KEEP_IN_PROGRAM)


def ocr_parts(internal: Path) -> list[Path]:
    """The folders and files of the bundle's ``_internal`` that belong to the OCR add-on."""
    names: set[str] = set()
    for dist_name in ocr_only_distributions():
        try:
            dist = metadata.distribution(dist_name)
        except metadata.PackageNotFoundError:
            continue
        for file in dist.files or []:
            top = file.parts[0]
            if top != ".." and not top.endswith((".dist-info", ".pth")) and top != "__pycache__":
                names.add(top.removesuffix(".py"))
                names.add(f"{top}.libs")  # auditwheel's folder of vendored libraries
        names.add(f"{dist_name.replace('-', '_')}.libs")
    return sorted(p for p in internal.iterdir() if p.name.removesuffix(".py") in names)


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


def control(installed_kb: int, ocr: bool = False) -> str:
    """The control file of the program package, or (``ocr``) of its scan-reader add-on."""
    if ocr:
        head = [f"Package: {OCR_ID}", f"Depends: {APP_ID} (= {VERSION})"]
        text = [
            f"Description: {APP_NAME} - 扫描件文字识别（附加组件）",
            " Local OCR (RapidOCR, ONNX Runtime, OpenCV) for importing scanned reports.",
        ]
    else:
        head = [f"Package: {APP_ID}", f"Depends: {', '.join(DEPENDS)}", f"Suggests: {OCR_ID}"]
        text = [
            f"Description: {APP_NAME} - {DESCRIPTION}",
            " Compile the statutory annual report on government information disclosure.",
        ]
    return "\n".join(
        [
            *head,
            f"Version: {VERSION}",
            f"Architecture: {ARCH}",
            "Maintainer: Nianbao <nianbao@localhost>",
            f"Installed-Size: {installed_kb}",
            "Section: office",
            "Priority: optional",
            *text,
            "",
        ]
    )


def _size_kb(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) // 1024 + 1


def stage(bundle: Path, tree: Path, ocr_tree: Path) -> None:
    """Lay the packages' files out under ``tree`` and ``ocr_tree`` (installed system roots)."""
    app = tree / INSTALL_DIR.relative_to("/")
    shutil.copytree(bundle, app / "files", symlinks=True)
    internal = app / "files" / "_internal"
    ocr_internal = ocr_tree / internal.relative_to(tree)
    ocr_internal.mkdir(parents=True)
    for part in ocr_parts(internal):
        shutil.move(part, ocr_internal / part.name)
    (ocr_tree / "DEBIAN").mkdir()
    (ocr_tree / "DEBIAN" / "control").write_text(
        control(_size_kb(ocr_internal), ocr=True), encoding="utf-8"
    )
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


def build_deb(bundle: Path, out_dir: Path) -> tuple[Path, Path]:
    """Build the program's ``.deb`` and its OCR add-on's from ``bundle`` (a onedir folder)
    into ``out_dir``; returns their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    deb = out_dir / f"{APP_ID}_{VERSION}_{ARCH}.deb"
    ocr_deb = out_dir / f"{OCR_ID}_{VERSION}_{ARCH}.deb"
    with tempfile.TemporaryDirectory() as temp:
        tree, ocr_tree = Path(temp) / "pkg", Path(temp) / "ocr"
        stage(bundle, tree, ocr_tree)
        for root, target in ((tree, deb), (ocr_tree, ocr_deb)):
            for path in root.rglob("*"):  # root-owned, readable by everyone
                if not path.is_symlink():
                    executable = path.is_dir() or os.access(path, os.X_OK)
                    os.chmod(path, 0o755 if executable else 0o644)
            subprocess.run(
                # xz level 3: quicker than the default 6 (CI builds both packages on every run)
                [
                    "dpkg-deb",
                    "--root-owner-group",
                    "-Zxz",
                    "-z3",
                    "--build",
                    str(root),
                    str(target),
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
    return deb, ocr_deb


def main(argv: list[str]) -> int:
    bundle, out_dir = Path(argv[0]), Path(argv[1])
    for deb in build_deb(bundle, out_dir):
        print(deb)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
