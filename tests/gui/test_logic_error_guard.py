"""The last guard: an unexpected error is logged and told in Chinese, never a bare traceback."""

from __future__ import annotations

import sys
from pathlib import Path

from gui.logic.error_guard import LOG_NAME, install_error_guard


def _raise_and_hook() -> None:
    try:
        raise ZeroDivisionError("boom in a slot")
    except ZeroDivisionError:
        sys.excepthook(*sys.exc_info())


def test_error_is_logged_and_told_in_chinese(tmp_path: Path) -> None:
    shown: list[str] = []
    before = sys.excepthook
    restore = install_error_guard(shown.append, tmp_path / "data")
    try:
        assert sys.excepthook is not before
        _raise_and_hook()
    finally:
        restore()
    assert sys.excepthook is before
    log = tmp_path / "data" / LOG_NAME
    assert "ZeroDivisionError: boom in a slot" in log.read_text(encoding="utf-8")
    assert "Traceback" in log.read_text(encoding="utf-8")
    assert len(shown) == 1
    assert "意外错误" in shown[0] and str(log) in shown[0] and "Traceback" not in shown[0]


def test_an_error_while_telling_does_not_loop(tmp_path: Path) -> None:
    calls: list[str] = []

    def show(message: str) -> None:
        calls.append(message)
        _raise_and_hook()  # the message box itself fails

    restore = install_error_guard(show, tmp_path)
    try:
        _raise_and_hook()
    finally:
        restore()
    assert len(calls) == 1
    log = (tmp_path / LOG_NAME).read_text(encoding="utf-8")
    assert log.count("\n--- ") + log.startswith("--- ") == 2  # both errors logged, once each


def test_unwritable_log_still_tells(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    shown: list[str] = []
    restore = install_error_guard(shown.append, blocker / "sub")
    try:
        _raise_and_hook()
    finally:
        restore()
    assert len(shown) == 1
