"""Chinese input with fcitx5 on X11: xdotool types ``zhengfu`` and a space, 第一章 holds 政府.

A real fcitx5 (pinyin engine) on an Xvfb screen in a private D-Bus session; the app gets the
environment a UOS/Kylin desktop sets (``QT_IM_MODULE=fcitx``), for which the Qt of PySide6 has
no plugin: :mod:`gui.input_method` must route it through fcitx5's IBus frontend.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

NEEDED = ("Xvfb", "xdotool", "fcitx5", "fcitx5-remote", "dbus-run-session")
ROOT = Path(__file__).resolve().parents[2]
PROFILE = """[Groups/0]
Name=Default
Default Layout=us
DefaultIM=pinyin

[Groups/0/Items/0]
Name=keyboard-us
Layout=

[Groups/0/Items/1]
Name=pinyin
Layout=

[GroupOrder]
0=Default
"""

#: Pinyin on from the start, as a clerk's desktop has it after pressing Ctrl+Space once.
CONFIG = """[Behavior]
ActiveByDefault=True
ShareInputState=All
"""

pytestmark = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in NEEDED)
    or not Path("/usr/share/fcitx5/inputmethod/pinyin.conf").is_file(),
    reason="fcitx5 with pinyin, Xvfb, xdotool or D-Bus are not installed; .ci/run installs them",
)


def test_pinyin_through_fcitx5_reaches_chapter_one(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / ".config" / "fcitx5").mkdir(parents=True)
    (home / ".config" / "fcitx5" / "profile").write_text(PROFILE, encoding="utf-8")
    (home / ".config" / "fcitx5" / "config").write_text(CONFIG, encoding="utf-8")
    display = f":{150 + os.getpid() % 50}"
    screen = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(1)
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("QT_", "IBUS_"))},
            "HOME": str(home),
            "DISPLAY": display,
            "XMODIFIERS": "@im=fcitx",
            "QT_IM_MODULE": "fcitx",
            "GTK_IM_MODULE": "fcitx",
            "QT_QPA_PLATFORM": "xcb",
            "NIANBAO_DATA_DIR": str(tmp_path / "data"),
        }
        out = tmp_path / "typed.txt"
        script = (
            f"fcitx5 -d >{tmp_path / 'fcitx.log'} 2>&1 && sleep 3 && "
            f"{sys.executable} -m tests.fcitx_probe {tmp_path / 'db.sqlite3'} {out}"
        )
        subprocess.run(
            ["dbus-run-session", "--", "sh", "-c", script],
            cwd=ROOT,
            env=env,
            timeout=180,
            capture_output=True,
            check=True,
        )
    finally:
        screen.terminate()
        screen.wait()
    chosen, text = out.read_text(encoding="utf-8").split("\n", 1)
    assert chosen == "ibus"
    assert text == "政府"
