"""One writer per SQLite file: the second copy brings the first to the front; stale locks after
a crash are recovered."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from gui.single_instance import LockResult, acquire_database_lock, database_file, lock_path

REPO = Path(__file__).resolve().parents[2]

FIRST_COPY = """
import sys
from PySide6.QtCore import QCoreApplication, QTimer
from pathlib import Path
from gui.single_instance import acquire_database_lock
app = QCoreApplication([])
lock = acquire_database_lock(Path(sys.argv[1]))
def activated():
    print("activated", flush=True)
    app.quit()
if lock.acquired and sys.argv[2] != "crash":
    lock.guard.on_activate(activated)  # listens, like the app once its window is painted
print("locked" if lock.acquired else "refused", flush=True)
if sys.argv[2] == "crash":
    import os, signal
    os.kill(os.getpid(), signal.SIGKILL)
QTimer.singleShot(20000, app.quit)
app.exec()
"""


def _first_copy(db_file: Path, mode: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", FIRST_COPY, str(db_file), mode],
        cwd=REPO,
        env=dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen"),
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "locked"
    return proc


@pytest.fixture
def locks() -> Iterator[list[LockResult]]:
    held: list[LockResult] = []
    yield held
    for lock in held:
        lock.release()


def test_lock_file_sits_beside_the_database(
    qapp: object, tmp_path: Path, locks: list[LockResult]
) -> None:
    db_file = tmp_path / "nianbao.sqlite3"
    first = acquire_database_lock(str(db_file))
    locks.append(first)
    assert first.acquired and first.guard is not None
    assert not first.guard.listening  # the socket is opened once the window is painted
    first.guard.listen()
    assert first.guard.listening
    assert lock_path(db_file) == tmp_path / "nianbao.sqlite3.lock"
    assert lock_path(db_file).exists()
    first.release()
    assert not lock_path(db_file).exists()


def test_second_copy_in_another_process_brings_the_first_to_the_front(
    qapp: object, tmp_path: Path
) -> None:
    db_file = tmp_path / "nianbao.sqlite3"
    proc = _first_copy(db_file, "run")
    try:
        second = acquire_database_lock(str(db_file))
        assert not second.acquired and second.first_notified and second.guard is None
        assert "已切换到已打开的窗口" in second.message
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "activated"
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
    third = acquire_database_lock(str(db_file))  # the first copy has quit: free again
    assert third.acquired
    third.release()


def test_a_lock_left_by_a_crashed_copy_is_recovered(qapp: object, tmp_path: Path) -> None:
    db_file = tmp_path / "nianbao.sqlite3"
    proc = _first_copy(db_file, "crash")
    assert proc.wait(timeout=10) == -signal.SIGKILL
    if proc.stdout is not None:
        proc.stdout.close()
    assert lock_path(db_file).exists(), "the crash left its lock file behind"
    after_crash = acquire_database_lock(str(db_file))
    assert after_crash.acquired, after_crash.message
    after_crash.release()


def test_second_copy_in_the_same_process_raises_the_window(
    qtbot: QtBot, tmp_path: Path, locks: list[LockResult]
) -> None:
    db_file = tmp_path / "nianbao.sqlite3"
    first = acquire_database_lock(db_file)
    locks.append(first)
    window = QMainWindow()
    qtbot.addWidget(window)
    window.showMinimized()
    first.bring_to_front_on_request(window)
    second = acquire_database_lock(db_file)
    assert not second.acquired and second.first_notified
    qtbot.waitUntil(lambda: not window.isMinimized(), timeout=5000)
    assert window.isVisible()


def test_a_lock_held_for_longer_than_a_minute_is_not_stale(
    qapp: object, tmp_path: Path, locks: list[LockResult]
) -> None:
    db_file = tmp_path / "nianbao.sqlite3"
    first = acquire_database_lock(db_file)
    locks.append(first)
    old = lock_path(db_file).stat().st_mtime - 3600
    os.utime(lock_path(db_file), (old, old))  # the first copy has been running for an hour
    second = acquire_database_lock(db_file)
    assert not second.acquired


def test_unreachable_first_copy_gets_a_clear_message(
    qapp: object, tmp_path: Path, locks: list[LockResult]
) -> None:
    db_file = tmp_path / "nianbao.sqlite3"
    first = acquire_database_lock(db_file)
    locks.append(first)
    assert first.guard is not None
    # not listening: e.g. the first copy hangs, or its window is not painted yet
    second = acquire_database_lock(db_file, timeout_ms=200)
    assert not second.acquired and not second.first_notified
    assert f"进程 {os.getpid()}" in second.message and "只能由一个年报程序打开" in second.message


def test_server_databases_are_not_locked(qapp: object) -> None:
    assert database_file("postgresql+psycopg://u:p@localhost/nianbao") is None
    result = acquire_database_lock("postgresql+psycopg://u:p@localhost/nianbao")
    assert result.acquired and result.guard is None
