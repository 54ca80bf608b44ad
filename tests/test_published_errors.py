"""What an imported file printed wrongly is kept with the report (原文合计不符), shown by
``check`` / ``check --json`` as its own kind until dismissed, and listed per child by 汇总."""

from __future__ import annotations

import json
from pathlib import Path

from models.domain.exchange import parse_exchange
from models.domain.published_errors import PUBLISHED, PublishedError, open_findings
from models.storage.database import open_database
from models.storage.published_store import (
    dismiss_published_error,
    published_errors,
    store_published_errors,
)
from models.storage.repository import save_report
from tests.conftest import sample_path
from tests.ocr_markdown import printed, report_markdown
from tests.test_cli import run

ROW = "| 一、本年新收政府信息公开申请数量 |  |  | 26 | 0 | 0 | 0 | 0 | 0 | 26 |"


def _wrong_markdown(tmp_path: Path) -> Path:
    report = printed(parse_exchange(sample_path("shuyang-fgj-2023.json").read_bytes()).report)
    text = report_markdown(report)
    assert ROW in text
    path = tmp_path / "shuyang.md"
    path.write_text(text.replace(ROW, ROW[: -len("| 26 |")] + "| 27 |"), encoding="utf-8")
    return path


def test_import_keeps_the_printed_error_and_check_shows_it_until_dismissed(
    tmp_path: Path,
) -> None:
    db = tmp_path / "cli.sqlite3"
    done = run("import", str(_wrong_markdown(tmp_path)), db=db)
    assert done.returncode == 0, done.stderr
    assert "合计不符" in done.stdout
    unit = ("--unit", "沭阳县发展和改革局", "--year", "2023")
    check = run("check", *unit, db=db)
    assert check.returncode == 0, check.stderr  # the stored report itself is right
    line = next(x for x in check.stdout.splitlines() if x.startswith("[原文合计不符]"))
    assert "原文印为 27，按各项相加为 26" in line and "总计" in line
    found = json.loads(run("check", *unit, "--json", db=db).stdout)
    kept = [f for f in found if f["severity"] == PUBLISHED]
    assert [f["key"] for f in kept] == ["t3.new_received.total"]
    assert kept[0]["table"] == "t3"
    dismissed = run("check", *unit, "--dismiss", "t3.new_received.total", db=db)
    assert dismissed.returncode == 0, dismissed.stderr
    assert "原文合计不符]" not in dismissed.stdout
    again = json.loads(run("check", *unit, "--json", db=db).stdout)
    assert not any(f["severity"] == PUBLISHED for f in again)
    unknown = run("check", *unit, "--dismiss", "t3.granted.total", db=db)
    assert unknown.returncode != 0 and "Traceback" not in unknown.stderr


def test_store_replace_dismiss(tmp_path: Path) -> None:
    report = parse_exchange(sample_path("shuyang-fgj-2023.json").read_bytes()).report
    db = open_database(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    try:
        with db.sessions.begin() as session:
            rid = save_report(session, report)
            store_published_errors(
                session,
                rid,
                [PublishedError("t3.granted.total", 5, 4), PublishedError("t2.fees.x", 1, 0)],
            )
        with db.sessions.begin() as session:
            assert dismiss_published_error(session, rid, "t3.granted.total")
            assert not dismiss_published_error(session, rid, "t3.nothing")
        with db.sessions.begin() as session:
            kept = published_errors(session, rid)
        assert [(e.key, e.dismissed) for e in kept] == [
            ("t2.fees.x", False),
            ("t3.granted.total", True),
        ]
        assert [f.key for f in open_findings(report.spec, kept[1:])] == []
        with db.sessions.begin() as session:
            store_published_errors(session, rid, [])  # a new import of a right file
            assert published_errors(session, rid) == []
    finally:
        db.engine.dispose()


def test_summary_lists_published_errors_per_child(tmp_path: Path) -> None:
    from gui.logic.across_presenters import summary_problems
    from models.services.aggregate import compute_summary
    from models.storage.repository import get_or_create_unit

    report = parse_exchange(sample_path("shuyang-fgj-2023.json").read_bytes()).report
    db = open_database(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    try:
        with db.sessions.begin() as session:
            parent = get_or_create_unit(session, "沭阳县")
            get_or_create_unit(session, report.unit, parent=parent)
            rid = save_report(session, report)
            store_published_errors(
                session,
                rid,
                [
                    PublishedError("t3.new_received.total", 27, 26),
                    PublishedError("t3.granted.total", 9, 26, dismissed=True),
                ],
            )
        with db.sessions.begin() as session:
            summary = compute_summary(session, "沭阳县", 2023)
        assert list(summary.published) == [report.unit]
        (message,) = summary.published[report.unit]
        assert "原文印为 27，按各项相加为 26" in message
        lines = summary_problems(summary)
        assert f"{report.unit} 导入的原文有 1 处合计不符：" in lines
    finally:
        db.engine.dispose()
