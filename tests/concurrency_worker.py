"""One clerk's process for the two-process concurrency test (not collected by pytest).

``python -m tests.concurrency_worker URL REPORT_ID NAME OWN_KEY STEP ROUNDS START_FILE`` waits
for START_FILE, then for ROUNDS rounds: adds STEP to the shared cell by read-modify-write (read in
one transaction, write in the next with the revision read, retry on EditConflict: exactly what a
window does), sets its own cell, and every tenth round appends a line to a chapter the other
worker appends to as well. Prints a JSON summary.

The two workers add different steps (1 and 1000) so that their writes never store the same value:
a write of the value already stored is deliberately no conflict (two clerks typed the same
number), which would hide a lost increment if both added 1.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from models.storage.concurrency import EditConflict, set_cell_checked, set_text_checked
from models.storage.database import make_engine
from models.storage.orm import CellValueRow, ChapterText

SHARED_KEY = "t2.regulations.issued"
CHAPTER = "other"


def main(
    url: str, report_id: int, name: str, own_key: str, step: int, rounds: int, start: Path
) -> None:
    """Run the edits and print how many were made and how many conflicts were retried."""
    engine = make_engine(url)
    sessions = sessionmaker(engine, expire_on_commit=False)
    while not start.exists():
        time.sleep(0.01)
    edits = conflicts = 0
    own_revision = 0
    for i in range(rounds):
        while True:
            with sessions.begin() as session:
                row = session.execute(
                    select(CellValueRow.value, CellValueRow.revision).where(
                        CellValueRow.report_id == report_id, CellValueRow.key == SHARED_KEY
                    )
                ).first()
            value, revision = (0, 0) if row is None else (int(row.value), int(row.revision))
            try:
                with sessions.begin() as session:
                    set_cell_checked(session, report_id, SHARED_KEY, value + step, revision)
                break
            except EditConflict:
                conflicts += 1
        with sessions.begin() as session:
            own_revision = set_cell_checked(session, report_id, own_key, i + 1, own_revision)
        edits += 2
        if i % 10 == 0:
            while True:
                with sessions.begin() as session:
                    found = session.execute(
                        select(ChapterText.text, ChapterText.revision).where(
                            ChapterText.report_id == report_id, ChapterText.chapter == CHAPTER
                        )
                    ).first()
                text, revision = ("", 0) if found is None else (found.text, int(found.revision))
                try:
                    with sessions.begin() as session:
                        line = f"{name}-{i}\n"
                        set_text_checked(session, report_id, CHAPTER, text + line, revision)
                    break
                except EditConflict:
                    conflicts += 1
            edits += 1
    engine.dispose()
    print(json.dumps({"name": name, "edits": edits, "conflicts": conflicts}))


if __name__ == "__main__":
    url_arg, report_arg, name_arg, key_arg, step_arg, rounds_arg, start_arg = sys.argv[1:8]
    main(
        url_arg, int(report_arg), name_arg, key_arg, int(step_arg), int(rounds_arg), Path(start_arg)
    )
