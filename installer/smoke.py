"""Smoke test of a built or installed 年报 program: the command line, then the window.

Used by ``tests/test_bundle.py`` (on ``dist/nianbao/nianbao``) and by ``installer/deb_smoke.sh``
(on the program installed by ``dpkg -i``). Each step raises :class:`SmokeError` saying what
failed. Usage: ``python -m installer.smoke PROGRAM [--window]``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from installer.manifest import ROOT

PUBLISHED = ROOT / "tests" / "fixtures" / "published"
EXAMPLE = ROOT / "resources" / "examples" / "shuyang-fgj-2023.json"
UNIT = "沭阳县发展和改革局"
TIMEOUT_S = 120


class SmokeError(AssertionError):
    """A step of the smoke test failed."""


def _run(program: Path, data: Path, *args: str) -> str:
    env = {**os.environ, "NIANBAO_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [str(program), *args], capture_output=True, text=True, env=env, timeout=TIMEOUT_S
    )
    if done.returncode != 0:
        raise SmokeError(f"{' '.join(args)}: exit {done.returncode}\n{done.stdout}{done.stderr}")
    return done.stdout


def command_line(program: Path, data: Path, out: Path) -> list[str]:
    """``--version``, ``import`` (JSON and a published Word file), ``list``, ``export``.

    Returns a line per step for the report.
    """
    steps: list[str] = []
    version = _run(program, data, "--version")
    if "年报" not in version or str(data) not in version:
        raise SmokeError(f"--version: {version}")
    steps.append(version.splitlines()[0])
    _run(program, data, "import", str(EXAMPLE))
    _run(program, data, "import", str(PUBLISHED / "shanghai-stcsm-2024.docx"))
    listing = _run(program, data, "list")
    if UNIT not in listing or "2024" not in listing:
        raise SmokeError(f"list: {listing}")
    steps.append(f"list: {len(listing.splitlines())} lines")
    for suffix in (".docx", ".pdf", ".xlsx"):
        target = out / f"report{suffix}"
        _run(program, data, "export", "--unit", UNIT, "--year", "2023", "-o", str(target))
        head = target.read_bytes()[:5]
        if suffix == ".pdf" and head != b"%PDF-":
            raise SmokeError(f"{target}: not a PDF")
        if suffix != ".pdf":
            with zipfile.ZipFile(target) as archive:
                names = archive.namelist()
            wanted = "word/document.xml" if suffix == ".docx" else "xl/workbook.xml"
            footer = suffix != ".docx" or any("footer" in n for n in names)
            if wanted not in names or not footer:
                raise SmokeError(f"{target}: {names}")
        steps.append(f"export {suffix}: {target.stat().st_size} bytes")
    return steps


def _wait_for(predicate: object, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.3)
    return False


def window(program: Path, data: Path, screenshot: Path | None = None) -> str:
    """Start the window on a fresh Xvfb screen, find it, take a screenshot, close it (Ctrl+Q).

    Raises:
        SmokeError: the window did not show or the program did not end with exit code 0.
    """
    display = f":{97 + os.getpid() % 50}"
    server = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    env = {**os.environ, "DISPLAY": display, "NIANBAO_DATA_DIR": str(data)}
    env.pop("QT_QPA_PLATFORM", None)  # the real X11 (xcb) platform
    app = None
    try:
        time.sleep(1)
        app = subprocess.Popen(
            [str(program)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        found: list[str] = []

        def shown() -> bool:
            listed = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--name", "年报"],
                env=env,
                capture_output=True,
                text=True,
            ).stdout.split()
            found[:] = listed
            return bool(listed) or app.poll() is not None

        if not _wait_for(shown, 60) or not found:
            raise SmokeError(
                f"no window (exit {app.poll()}): {app.stdout.read() if app.stdout else ''}"
            )
        time.sleep(2)  # the first paint and the database
        if screenshot is not None and shutil.which("import"):
            subprocess.run(
                ["import", "-window", "root", str(screenshot)], env=env, check=True, timeout=60
            )
        subprocess.run(["xdotool", "windowfocus", "--sync", found[0]], env=env, check=True)
        subprocess.run(["xdotool", "key", "ctrl+q"], env=env, check=True)
        try:
            code = app.wait(timeout=30)
        except subprocess.TimeoutExpired as late:
            raise SmokeError("the window did not close on Ctrl+Q") from late
        output = app.stdout.read() if app.stdout else ""
        if code != 0:
            raise SmokeError(f"exit {code} after closing: {output}")
        return f"window shown ({len(found)}), closed with exit code 0"
    finally:
        if app is not None:
            if app.poll() is None:
                app.kill()
                app.wait()
            if app.stdout is not None:
                app.stdout.close()
        server.terminate()
        server.wait()


def main(argv: list[str]) -> int:
    program = Path(argv[0])
    with tempfile.TemporaryDirectory() as temp:
        data, out = Path(temp) / "data", Path(temp) / "out"
        out.mkdir()
        for line in command_line(program, data, out):
            print(line)
        if "--window" in argv:
            shot = Path(argv[argv.index("--window") + 1]) if len(argv) > 2 else None
            print(window(program, data, shot))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
