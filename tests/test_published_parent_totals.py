"""A parent row printed alone with a value other than 0 (issue 19, item 3): its parts are left
blank (never guessed) and the printed value is kept with the report as a check
(原文合计（未列明细）) that compares it with the parts once the clerk fills them in."""

from __future__ import annotations

import json
from pathlib import Path

from importers.published import import_published
from models.domain.editions import load_edition
from models.domain.exchange import parse_exchange
from models.domain.parent_totals import group_key, group_place, parts_of
from models.domain.published_errors import (
    PARTS_FINDING_ID,
    PUBLISHED,
    PublishedError,
    from_discrepancies,
    open_findings,
)
from models.storage.database import open_database
from models.storage.published_store import published_errors, store_published_errors
from models.storage.repository import report_id_of, save_report, set_cells
from tests.conftest import sample_path
from tests.ocr_markdown import printed, report_markdown
from tests.test_cli import run

E21 = load_edition("2021")
GROUP = "t3.denied.*.natural_person"
ZEROS = " | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"


def _parent_alone_markdown(tmp_path: Path) -> Path:
    """The sample as OCR-style Markdown with （三）不予公开 printed as one row: 3 in 自然人 (and
    in 总计), 0 elsewhere; 一、 and （七）总计 printed accordingly (29 instead of 26)."""
    report = printed(parse_exchange(sample_path("shuyang-fgj-2023.json").read_bytes()).report)
    lines = report_markdown(report).splitlines()
    out: list[str] = []
    for line in lines:
        if "（三）不予公开" in line:
            out.append("|  | （三）不予公开 |  | 3 | 0 | 0 | 0 | 0 | 0 | 3 |")
        elif line.startswith("|  |  | ") and line.endswith(ZEROS) and _denied_part(line):
            continue
        elif line.startswith(("| 一、本年新收", "|  | （七）总计")):
            out.append(line.replace("| 26 |", "| 29 |"))
        else:
            out.append(line)
    path = tmp_path / "shuyang.md"
    path.write_text("\n".join(out), encoding="utf-8")
    return path


def _denied_part(line: str) -> bool:
    labels = ("国家秘密", "禁止公开", "三安全", "第三方", "内部事务", "过程性", "执法案卷", "查询")
    return any(word in line for word in labels)


def test_group_key_and_its_parts() -> None:
    parts = [k for k in E21.inputs if k.startswith("t3.denied.") and k.endswith(".natural_person")]
    assert len(parts) == 8
    assert group_key(parts) == GROUP
    assert parts_of(E21, GROUP) == parts
    assert group_key(parts[:1]) is None
    assert group_key(["t3.granted.natural_person", "t3.denied.state_secret.natural_person"]) is None
    place = group_place(E21, GROUP)
    assert place.table == "t3" and place.row.endswith("（三）不予公开")
    assert place.column == "自然人"


def test_import_keeps_the_printed_parent_value(tmp_path: Path) -> None:
    got = import_published(_parent_alone_markdown(tmp_path))
    assert got.parent_totals == {GROUP: 3}
    values = got.report.values
    for key in parts_of(E21, GROUP):  # not guessed: blank and listed
        assert key not in values and key in got.missing
    assert values["t3.denied.state_secret.commercial"] == 0  # a printed 0: the parts are 0
    assert values["t3.new_received.natural_person"] == 29
    assert not got.discrepancies  # （七）总计 is not checked against blank parts
    assert any("所印合计已留作核对" in p and "（3）" in p for p in got.problems)
    kept = from_discrepancies(got.discrepancies, got.parent_totals)
    assert kept == [PublishedError(GROUP, 3, 0)]


def test_finding_compares_the_printed_value_with_the_parts() -> None:
    error = PublishedError(GROUP, 3, 0)
    parts = parts_of(E21, GROUP)
    cases = [
        ({}, "原文只印合计 3，未列各项；8 项均未填写"),
        ({parts[0]: 1}, "已填 1 项相加为 1，尚有 7 项未填写"),
        ({k: (3 if k == parts[3] else 0) for k in parts}, "所填 8 项相加为 3，与原文一致"),
        ({k: (2 if k == parts[3] else 0) for k in parts}, "相加为 2，与原文不符（相差 -1）"),
    ]
    for values, expected in cases:
        (finding,) = open_findings(E21, [error], values)
        assert finding.severity == PUBLISHED and finding.id == PARTS_FINDING_ID
        assert finding.key == GROUP and finding.table == "t3" and finding.column == "自然人"
        assert expected in finding.message, finding.message
        assert finding.message.startswith("原文合计（未列明细）：")
    assert open_findings(E21, [PublishedError(GROUP, 3, 0, dismissed=True)], {}) == []


def test_stored_and_round_tripped(tmp_path: Path) -> None:
    report = parse_exchange(sample_path("shuyang-fgj-2023.json").read_bytes()).report
    db = open_database(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    try:
        with db.sessions.begin() as session:
            rid = save_report(session, report)
            store_published_errors(
                session,
                rid,
                [PublishedError(GROUP, 3, 0), PublishedError("t3.granted.total", 5, 4)],
            )
        with db.sessions.begin() as session:
            kept = published_errors(session, rid)
        assert kept == [PublishedError(GROUP, 3, 0), PublishedError("t3.granted.total", 5, 4)]
        assert [e.is_parts for e in kept] == [True, False]
    finally:
        db.engine.dispose()


def test_check_shows_it_until_the_parts_agree_and_it_is_dismissed(tmp_path: Path) -> None:
    db = tmp_path / "cli.sqlite3"
    done = run("import", str(_parent_alone_markdown(tmp_path)), db=db)
    assert done.returncode == 0, done.stderr
    assert "所印合计已留作核对" in done.stdout
    unit = ("--unit", "沭阳县发展和改革局", "--year", "2023")
    check = run("check", *unit, db=db)
    line = next(x for x in check.stdout.splitlines() if "原文合计（未列明细）" in x)
    assert line.startswith("[原文合计（未列明细）] PUBLISHED-PARTS：")  # its own kind, not 不符
    assert "（三）不予公开 自然人：原文只印合计 3，未列各项；8 项均未填写" in line
    found = json.loads(run("check", *unit, "--json", db=db).stdout)
    (kept,) = [f for f in found if f["severity"] == PUBLISHED]
    assert kept["key"] == GROUP and kept["id"] == PARTS_FINDING_ID and kept["table"] == "t3"
    parts = parts_of(E21, GROUP)
    store = open_database(f"sqlite:///{db}")
    try:
        with store.sessions.begin() as session:  # the clerk fills in the parts: 2 + 0 … ≠ 3
            rid = report_id_of(session, "沭阳县发展和改革局", 2023)
            assert rid is not None
            set_cells(session, rid, {k: (2 if k == parts[3] else 0) for k in parts})
    finally:
        store.engine.dispose()
    found = json.loads(run("check", *unit, "--json", db=db).stdout)
    (kept,) = [f for f in found if f["severity"] == PUBLISHED]
    assert "所填 8 项相加为 2，与原文不符" in kept["message"]
    dismissed = run("check", *unit, "--dismiss", GROUP, db=db)  # exit 1: the made-up text
    assert "Traceback" not in dismissed.stderr and "原文合计（未列明细）" not in dismissed.stdout
    found = json.loads(run("check", *unit, "--json", db=db).stdout)
    assert not any(f["severity"] == PUBLISHED for f in found)


def test_summary_lists_it_per_child_with_the_parts_as_they_are(tmp_path: Path) -> None:
    from models.services.aggregate import compute_summary
    from models.storage.repository import get_or_create_unit

    report = parse_exchange(sample_path("shuyang-fgj-2023.json").read_bytes()).report
    db = open_database(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    try:
        with db.sessions.begin() as session:
            parent = get_or_create_unit(session, "沭阳县")
            get_or_create_unit(session, report.unit, parent=parent)
            rid = save_report(session, report)
            store_published_errors(session, rid, [PublishedError(GROUP, 3, 0)])
        with db.sessions.begin() as session:
            summary = compute_summary(session, "沭阳县", 2023)
        (message,) = summary.published[report.unit]
        assert "原文只印合计 3" in message and "所填 8 项相加为 0，与原文不符（相差 -3）" in message
    finally:
        db.engine.dispose()
