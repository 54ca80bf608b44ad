"""Export: a complete report to .docx in-process, and ``main.py export`` as a whole process
against a bare python-docx script (alternated in the same run)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.startup import PYCACHE, child_env
from bench.stats import median
from models.storage.database import open_database
from models.storage.repository import load_report

REPO = Path(__file__).resolve().parent.parent


def in_process(db_path: Path, unit: str, year: int, repeats: int = 15) -> dict[str, float]:
    """Milliseconds to render the stored report as .docx bytes (first call and median after)."""
    db = open_database(str(db_path))
    try:
        with db.sessions.begin() as session:
            report = load_report(session, unit, year)
    finally:
        db.close()
    assert report is not None
    started = time.perf_counter()
    from exporters.render import render_bytes

    first = render_bytes(report, ".docx")
    first_ms = (time.perf_counter() - started) * 1000
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        data = render_bytes(report, ".docx")
        samples.append((time.perf_counter() - started) * 1000)
    assert data[:2] == b"PK" and len(first) > 1000
    return {"docx_first_ms": first_ms, "docx_ms": median(samples), "docx_bytes": len(data)}


def _run(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=REPO, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{argv} failed: {done.stderr[-2000:]}")
    return elapsed


def as_process(db_path: Path, unit: str, year: int, runs: int = 5) -> dict[str, float]:
    """Median seconds of ``main.py export -o x.docx`` and of the bare python-docx script."""
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-") as tmp:
        work = Path(tmp)
        db_copy = work / db_path.name
        shutil.copy2(db_path, db_copy)
        env = child_env(PYCACHE)
        env["NIANBAO_DATA_DIR"] = str(work / "data")
        python = sys.executable
        app = [
            python,
            str(REPO / "main.py"),
            "--db",
            str(db_copy),
            "export",
            "--unit",
            unit,
            "--year",
            str(year),
            "-o",
            str(work / "report.docx"),
        ]
        bare = [python, str(REPO / "bench" / "bare_docx.py"), str(work / "bare.docx")]
        _run(app, env)  # warm-up (and today's automatic backup)
        _run(bare, env)
        app_s: list[float] = []
        bare_s: list[float] = []
        for _ in range(runs):
            app_s.append(_run(app, env))
            bare_s.append(_run(bare, env))
    a, b = median(app_s), median(bare_s)
    return {"export_process_ms": a * 1000, "bare_docx_ms": b * 1000, "ratio": a / b}
