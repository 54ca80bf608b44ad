"""The benchmark harness (``python -m bench``) runs end to end on a tiny database.

No timing is asserted here (speed targets live in ``bench/``, see docs/performance.md): this only
keeps the harness working as the app changes — the generated database is complete, the real
widgets are driven, the preview repaints after every edit, the start-up hook reports a paint.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import generate, run, startup
from models.storage.database import open_database
from models.storage.repository import list_reports, load_report


@pytest.mark.slow
def test_the_harness_runs_once_on_a_tiny_database(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    data = tmp_path / "data"
    argv = ["--quick", "--data", str(data), "--out", str(out), "--only", "typing,export,scale"]
    assert run.main(argv) == 0
    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["typing"]["missed_previews"] == 0
    assert results["typing"]["pages"] >= 6  # a complete report of about eight pages
    assert results["export"]["docx_bytes"] > 5000
    assert results["export_process"]["ratio"] > 0
    assert results["scale"]["navigator_entries"] == 4  # 2 units × 2 years
    assert results["summary"]["summary_children"] == 3
    assert results["cli_list"]["cli_list_lines"] == 4
    assert {"typing.text_key_p99_ms", "summary.summary_ms", "size.db_mb"} <= set(
        results["verdicts"]
    )


def test_generated_reports_are_complete(tmp_path: Path) -> None:
    made = generate.generate(tmp_path, units=1, years=2, summary_children=2)
    db = open_database(str(made.scale))
    try:
        with db.sessions.begin() as session:
            rows = list_reports(session)
            report = load_report(session, rows[-1].unit, rows[-1].year)
    finally:
        db.close()
    assert len(rows) == 2 and report is not None
    assert set(report.values) == set(report.spec.inputs)  # every input cell filled
    assert all(len(report.chapter(k)) > 150 for k in ("overview", "problems", "other"))
    assert report.signature_date is not None


@pytest.mark.slow
def test_start_up_probe_reports_the_first_paint(tmp_path: Path) -> None:
    made = generate.generate(tmp_path / "data", units=1, years=1, summary_children=1)
    figures = startup.measure(made.typing, generate.TYPING_UNIT, generate.TYPING_YEAR, runs=1)
    assert figures["app_ms"] > 0 and figures["bare_ms"] > 0 and figures["app_peak_mib"] > 0
    # one launch pair: its ratio is the median of the pair ratios and the ratio of the medians
    assert figures["app_ms_all"] == [round(figures["app_ms"], 1)]
    assert figures["ratio"] == pytest.approx(figures["ratio_of_medians"])
