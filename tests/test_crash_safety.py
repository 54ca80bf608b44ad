"""A power cut or crash never loses an edit the app reported as saved.

``tests/crash_editor.py`` edits a report through the real start-up and repository path, one
short transaction per edit, printing a line after each commit. This test SIGKILLs the editor at
random moments (during start-up and migration of a fresh file, during backups, during edits),
then checks that the database passes ``PRAGMA integrity_check``, reopens through
``open_database`` and holds every edit that was reported as saved.
"""

from __future__ import annotations

import os
import queue
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from models.storage.database import open_database
from models.storage.repository import load_report
from tests.crash_editor import TEXT_FIELD, UNIT, YEAR

REPO = Path(__file__).resolve().parent.parent
EDITOR = Path(__file__).resolve().parent / "crash_editor.py"

KILLS = 52
#: A fresh database file every this many kills, so some kills land in creation and migration.
FRESH_EVERY = 13
#: Every this many kills, the kill may land during start-up (opening, migrating, backing up);
#: the others land at a random moment after the editor has opened the database.
STARTUP_EVERY = 4
#: A start-up kill comes at a random moment up to this long after asking for an editor, scaled
#: down to the shortest start-up seen so far in the run (so that the kills land in start-up on
#: a machine of any speed and with a start-up of any length).
MAX_DELAY = 0.3
#: The other kills: after 0..MAX_EDITS_FIRST reported edits, plus up to this long.
MAX_EDITS_FIRST = 8
MAX_EDIT_DELAY = 0.05
SEED = int(os.environ.get("NIANBAO_CRASH_SEED", "20261127"))


@dataclass
class Saved:
    """What the editors reported as saved in one database file."""

    cells: dict[str, int] = field(default_factory=dict)
    marks: list[str] = field(default_factory=list)


@dataclass
class Tally:
    """Numbers of the run (printed, quoted in docs/reliability.md)."""

    kills: int = 0
    kills_during_startup: int = 0
    kills_while_editing: int = 0
    edits_reported: int = 0
    reopens_checked: int = 0


class Editor:
    """The fork server of ``crash_editor.py`` and a thread reading its output."""

    def __init__(self, data_dir: Path) -> None:
        env = dict(os.environ, PYTHONPATH=str(REPO), NIANBAO_DATA_DIR=str(data_dir))
        self.proc = subprocess.Popen(
            [sys.executable, str(EDITOR)],
            cwd=REPO,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def next_line(self, timeout: float) -> str | None:
        try:
            return self.lines.get(timeout=max(timeout, 0.0))
        except queue.Empty:
            return None

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.reader.join(timeout=10)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


@pytest.fixture
def editor(tmp_path: Path) -> Iterator[Editor]:
    server = Editor(tmp_path / "userdata")
    try:
        assert server.next_line(60) == "ready"
        yield server
    finally:
        server.close()


def _record(line: str, saved: Saved, tally: Tally) -> int:
    """Note an edit line; returns 1 for an edit, else 0."""
    kind, _, rest = line.partition(" ")
    if kind == "cell":
        key, value = rest.split()
        saved.cells[key] = int(value)
    elif kind == "text":
        saved.marks.append(rest)
    else:
        return 0
    tally.edits_reported += 1
    return 1


def _verify(path: Path, saved: Saved) -> None:
    """Integrity and saved edits, read with plain SQL (the next editor reopens through
    ``open_database``; a failure to open makes it report an error, which fails the test)."""
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        if not saved.cells and not saved.marks:
            return
        report = connection.execute(
            "SELECT reports.id FROM reports JOIN units ON units.id = reports.unit_id"
            " WHERE units.name = ? AND reports.year = ?",
            (UNIT, YEAR),
        ).fetchone()
        assert report is not None, "the report the editor created and edited is gone"
        cells = dict(
            connection.execute("SELECT key, value FROM cell_values WHERE report_id = ?", report)
        )
        row = connection.execute(
            "SELECT text FROM chapter_texts WHERE report_id = ? AND chapter = ?",
            (report[0], TEXT_FIELD),
        ).fetchone()
    for key, value in saved.cells.items():
        assert key in cells and int(cells[key]) >= value, (
            f"{key}: saved {value}, found {cells.get(key)}"
        )
    text = row[0] if row else ""
    missing = [mark for mark in saved.marks if mark not in text]
    assert not missing, f"text edits reported as saved are missing: {missing[:5]}"


def _reopen_and_compare(path: Path, saved: Saved) -> None:
    """Reopen through the app's own path and compare with what was reported as saved."""
    db = open_database(str(path))
    try:
        with db.sessions.begin() as session:
            report = load_report(session, UNIT, YEAR)
    finally:
        db.close()
    assert report is not None
    for key, value in saved.cells.items():
        stored = report.values.get(key)
        assert isinstance(stored, int) and stored >= value, f"{key}: saved {value}, found {stored}"
    assert all(mark in report.chapters.get(TEXT_FIELD, "") for mark in saved.marks)


@dataclass(frozen=True)
class Plan:
    """When to kill one editor: ``delay`` × the shortest start-up seen after it was asked for
    (``in_startup``; ``delay`` is then a fraction below 1), or ``delay`` seconds after it
    reported ``edits_first`` saved edits (so that the kill lands inside a later edit at any
    speed of the machine)."""

    in_startup: bool
    delay: float
    edits_first: int


def _run_one(
    editor: Editor, path: Path, seed: int, plan: Plan, saved: Saved, tally: Tally, startup_s: float
) -> float | None:
    """Start an editor on ``path``, SIGKILL it as planned, collect what it reported as saved.

    Returns how long the editor took to open the database (``None`` if it was killed before).
    """
    asked = time.monotonic()
    editor.send(f"go {path} {seed}")
    deadline: float | None = asked + plan.delay * startup_s if plan.in_startup else None
    took: float | None = None
    pid: int | None = None
    opened = False
    edits = 0
    while pid is None or deadline is None or time.monotonic() < deadline:
        wait = 30.0 if pid is None or deadline is None else deadline - time.monotonic()
        line = editor.next_line(wait)
        if line is None:
            assert pid is not None and deadline is not None, "the editor did not answer"
            break
        assert not line.startswith(("error", "exit")), f"the editor failed by itself: {line}"
        if line.startswith("pid "):
            pid = int(line.split()[1])
        elif line == "open":
            opened = True
            took = time.monotonic() - asked
        else:
            edits += _record(line, saved, tally)
        if deadline is None and opened and edits >= plan.edits_first:
            deadline = time.monotonic() + plan.delay
    os.kill(pid, signal.SIGKILL)
    while True:  # lines written before the kill still count as reported
        line = editor.next_line(30)
        assert line is not None, "the killed editor was not reaped"
        if line.startswith(f"exit {pid} "):
            status = int(line.split()[2])
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, line
            break
        assert not line.startswith("error"), f"the editor failed by itself: {line}"
        opened = opened or line == "open"
        edits += _record(line, saved, tally)
    tally.kills += 1
    tally.kills_during_startup += not opened
    tally.kills_while_editing += edits > 0
    return took


@pytest.mark.slow
def test_sigkill_at_random_moments_never_loses_a_saved_edit(editor: Editor, tmp_path: Path) -> None:
    rng = random.Random(SEED)
    tally = Tally()
    saved = Saved()
    path = tmp_path / "crash-0.sqlite3"
    startup_s = MAX_DELAY
    for kill in range(KILLS):
        if kill % FRESH_EVERY == 0:
            if kill:
                _reopen_and_compare(path, saved)
            path, saved = tmp_path / f"crash-{kill}.sqlite3", Saved()
        in_startup = kill % STARTUP_EVERY == 0
        plan = Plan(
            in_startup,
            rng.uniform(0.0, 0.9 if in_startup else MAX_EDIT_DELAY),
            0 if in_startup else rng.randint(0, MAX_EDITS_FIRST),
        )
        took = _run_one(editor, path, kill + 1, plan, saved, tally, startup_s)
        if took is not None:
            startup_s = min(startup_s, took)
        _verify(path, saved)
        tally.reopens_checked += 1
    _reopen_and_compare(path, saved)
    print(f"\ncrash safety (seed {SEED}): {tally}")
    assert tally.kills >= 50
    assert tally.reopens_checked == tally.kills
    # The kills must really have hit running edits, not only idle moments.
    assert tally.kills_while_editing >= KILLS // 2, tally
    assert tally.kills_during_startup >= 3, tally
    assert tally.edits_reported >= 2 * KILLS, tally
