"""The editing process that ``tests/test_crash_safety.py`` kills with SIGKILL.

It runs as a small fork server so that each killed editor starts in milliseconds: this process
imports the app once, prints ``ready``, then for every ``go DB SEED`` line on stdin forks a child
that opens ``DB`` through :func:`models.storage.database.open_database` (integrity check,
migrations,
daily backup: the real start-up) and edits one report revision-checked (:mod:`tests.edits`), each
edit its own short transaction, exactly as the GUI does. After each commit returns, the child
writes one line:

- ``cell KEY VALUE`` after a cell was written (values only grow, per key);
- ``text MARK`` after ``MARK`` was appended to the chapter 概述.

The fork server reports ``pid PID`` for each child and ``exit PID STATUS`` once it has reaped it.
"""

from __future__ import annotations

import os
import random
import sys
import traceback

from models.domain.editions import load_edition
from models.domain.new_year import new_report
from models.storage.database import open_database
from models.storage.repository import load_report_by_id, report_id_of, save_report
from tests.edits import write_cell, write_text

UNIT = "崩溃测试局"
YEAR = 2024
TEXT_FIELD = "overview"


def _say(line: str) -> None:
    os.write(1, (line + "\n").encode("utf-8"))


def edit_forever(db_arg: str, seed: int) -> None:
    """Open the database and make edits until killed."""
    rng = random.Random(seed)
    keys = [k for k, c in load_edition("2021").inputs.items() if c.type == "count"]
    db = open_database(db_arg)
    with db.sessions.begin() as session:
        report_id = report_id_of(session, UNIT, YEAR)
        if report_id is None:
            report_id = save_report(session, new_report(UNIT, YEAR, "2021"))
    _say("open")
    step = 0
    while True:
        step += 1
        if rng.random() < 0.7:
            key = rng.choice(keys)
            value = seed * 100_000 + step  # unique and growing through the whole run
            with db.sessions.begin() as session:
                write_cell(session, report_id, key, value)
            _say(f"cell {key} {value}")
        else:
            mark = f"[{seed}-{step}]"
            with db.sessions.begin() as session:
                text = load_report_by_id(session, report_id).chapters.get(TEXT_FIELD, "")
                write_text(session, report_id, TEXT_FIELD, text + mark)
            _say(f"text {mark}")


def main() -> None:
    """Serve ``go DB SEED`` requests until stdin closes."""
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    for line in sys.stdin:
        parts = line.split()
        if len(parts) != 3 or parts[0] != "go":
            continue
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            try:
                edit_forever(parts[1], int(parts[2]))
            except BaseException:  # report anything unexpected to the test, then die
                _say("error " + traceback.format_exc().replace("\n", " | "))
            os._exit(3)
        _say(f"pid {pid}")
        _, status = os.waitpid(pid, 0)
        _say(f"exit {pid} {status}")


if __name__ == "__main__":
    main()
