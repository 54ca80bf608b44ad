"""Two processes edit the same report at once (over 1000 edits); no update may be lost.

Runs on the SQLite file and, when NIANBAO_TEST_PG_URL is set, on PostgreSQL (the ``db`` fixture).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from models.domain.report import ReportData
from models.storage.database import Database
from models.storage.repository import load_report_by_id, save_report
from tests.concurrency_worker import CHAPTER, SHARED_KEY

REPO = Path(__file__).resolve().parent.parent
ROUNDS = 260  # per worker: 260 increments + 260 own-cell writes + 26 text appends = 546 edits
OWN_KEYS = {"alice": "t3.granted.natural_person", "bob": "t3.granted.commercial"}
STEPS = {"alice": 1, "bob": 1000}  # different, so the two never write the same value
TOTAL = ROUNDS * sum(STEPS.values())


@pytest.mark.slow
def test_two_processes_lose_no_update(db: Database, shuyang: ReportData, tmp_path: Path) -> None:
    values = {k: v for k, v in shuyang.values.items() if k not in (SHARED_KEY, *OWN_KEYS.values())}
    chapters = shuyang.chapters | {CHAPTER: ""}
    report = ReportData(**{**shuyang.__dict__, "values": values, "chapters": chapters})
    with db.sessions.begin() as session:
        report_id = save_report(session, report)
    start = tmp_path / "start"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.concurrency_worker",
                db.url,
                str(report_id),
                name,
                key,
                str(STEPS[name]),
                str(ROUNDS),
                str(start),
            ],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, key in OWN_KEYS.items()
    ]
    time.sleep(1.0)  # both processes have imported and connected
    start.touch()
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=600)
        assert worker.returncode == 0, err
        results.append(json.loads(out))
    print(f"\ntwo processes on {db.engine.dialect.name}: {results}")
    assert sum(r["edits"] for r in results) >= 1000
    with db.sessions.begin() as session:
        stored = load_report_by_id(session, report_id)
    assert stored.values[SHARED_KEY] == TOTAL  # every increment survived
    for key in OWN_KEYS.values():
        assert stored.values[key] == ROUNDS  # edits to different cells both survive
    lines = stored.chapters[CHAPTER].splitlines()
    expected = {f"{name}-{i}" for name in OWN_KEYS for i in range(0, ROUNDS, 10)}
    assert sorted(lines) == sorted(expected)  # every appended line, none twice
    assert stored.values == values | {SHARED_KEY: TOTAL} | {k: ROUNDS for k in OWN_KEYS.values()}
