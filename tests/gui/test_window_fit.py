"""The first window fits the screen at 100 %, 150 % and 200 % scaling (real X server: Xvfb).

A 1920×1080 screen at 150 % is 1280×720 logical pixels, a usual Windows laptop setting.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from gui.logic.window_geometry import EDITOR_MIN, first_geometry, fits, pane_sizes
from tests.conftest import REPO

PROBE = REPO / "tests" / "window_fit_probe.py"


def test_first_geometry_is_preferred_where_it_fits_and_smaller_where_not() -> None:
    assert first_geometry((0, 0, 1920, 1050))[2:] == (1500, 920)
    x, y, w, h = first_geometry((0, 0, 1280, 680))
    assert fits((x, y - 32, w, h + 32), (0, 0, 1280, 680), slack=0)
    assert w < 1280 and h < 680


def test_a_saved_geometry_is_kept_only_where_it_still_fits() -> None:
    assert fits((100, 100, 1500, 920), (0, 0, 1920, 1050))
    assert not fits((100, 100, 1500, 920), (0, 0, 1280, 680))
    assert not fits((2000, 100, 800, 600), (0, 0, 1920, 1050))  # a screen no longer there


@pytest.mark.parametrize("width", [900, 1200, 1500, 2400])
def test_panes_share_the_width_and_the_editor_stays_readable(width: int) -> None:
    sizes = pane_sizes(width)
    assert sum(sizes) == width
    assert sizes[1] >= min(EDITOR_MIN, width // 3)


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb)")
    read, write = os.pipe()
    process = subprocess.Popen(
        [xvfb, "-displayfd", str(write), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    try:
        yield f":{number}"
    finally:
        process.terminate()
        process.wait(10)


def probe(display: str, scale: str, folder: Path, shot: Path | None = None) -> dict:  # type: ignore[type-arg]
    env = {
        **os.environ,
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "QT_SCALE_FACTOR": scale,
        "NIANBAO_DATA_DIR": str(folder / "userdata"),
    }
    args = [sys.executable, str(PROBE), str(folder)] + ([str(shot)] if shot else [])
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def inside(rect: list[int], area: list[int]) -> bool:
    return fits((rect[0], rect[1], rect[2], rect[3]), (area[0], area[1], area[2], area[3]), 2)


@pytest.mark.parametrize(("scale", "logical"), [("1", 1920), ("1.5", 1280), ("2", 960)])
def test_every_pane_is_on_the_screen(
    display: str, scale: str, logical: int, tmp_path: Path
) -> None:
    shot = tmp_path / "window.png"
    got = probe(display, scale, tmp_path, shot)
    available = got["available"]
    assert available[2] == logical
    assert inside(got["frame"], available), got
    for name, rect in got["panes"].items():
        assert rect[2] > 0 and rect[3] > 0, name
        assert inside(rect, available), (name, rect, available)
    assert got["panes"]["editor"][2] >= min(EDITOR_MIN, logical // 3)
    assert got["panes"]["checks"][3] >= 120
    assert shot.stat().st_size > 10_000
    again = probe(display, scale, tmp_path)  # the saved geometry fits and is used again
    assert again["frame"] == got["frame"]
