"""定稿: freezing versions, refusing edits until reopened, what changed since, history."""

from __future__ import annotations

import hashlib
import sys
import types
from datetime import date

import pytest

from models.domain.report import DRAFT, FINAL, ReportData
from models.services.signoff import (
    SignoffError,
    changes_since_frozen,
    freeze,
    list_versions,
    matching_version,
    reopen,
    version_report,
)
from models.storage.database import Database
from models.storage.repository import ReportFrozenError, load_report, report_id_of, save_report
from tests.edits import write_cell, write_date, write_text

UNIT = "沭阳县发展和改革局"


@pytest.fixture
def fake_word(monkeypatch: pytest.MonkeyPatch) -> list[ReportData]:
    """A stand-in Word exporter whose output depends on the report (records what it was given)."""
    seen: list[ReportData] = []

    def render_bytes(report: ReportData, suffix: str) -> bytes:
        assert suffix == ".docx"
        seen.append(report)
        return f"DOCX {report.unit} {sorted(report.values.items())} {report.chapters}".encode()

    module = types.ModuleType("exporters.render")
    module.render_bytes = render_bytes  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "exporters.render", module)
    return seen


@pytest.fixture
def stored(db: Database, shuyang: ReportData) -> Database:
    with db.sessions.begin() as s:
        save_report(s, shuyang)
    return db


def test_freeze_stores_snapshot_and_word_hash(
    stored: Database, fake_word: list[ReportData]
) -> None:
    with stored.sessions.begin() as s:
        result = freeze(s, UNIT, 2023, note="报送版")
    assert result.docx is not None
    assert result.version.number == 1 and result.version.note == "报送版"
    assert result.version.docx_sha256 == hashlib.sha256(result.docx).hexdigest()
    assert fake_word[0].status == FINAL
    with stored.sessions.begin() as s:
        report = load_report(s, UNIT, 2023)
        assert report is not None and report.status == FINAL
        frozen = version_report(s, UNIT, 2023)
        assert frozen.values == report.values and frozen.chapters == report.chapters
        assert matching_version(s, UNIT, 2023, result.docx) == result.version
        assert matching_version(s, UNIT, 2023, b"another file") is None


def test_final_report_refuses_edits_until_reopened(stored: Database, fake_word: object) -> None:
    with stored.sessions.begin() as s:
        freeze(s, UNIT, 2023)
    with stored.sessions.begin() as s:
        rid = report_id_of(s, UNIT, 2023)
        assert rid is not None
        with pytest.raises(ReportFrozenError, match="已定稿"):
            write_cell(s, rid, "t2.licensing.decisions", 5)
        with pytest.raises(ReportFrozenError):
            write_text(s, rid, "overview", "改动")
        with pytest.raises(ReportFrozenError):
            write_date(s, rid, date(2024, 1, 20))
        data = load_report(s, UNIT, 2023)
        assert data is not None
        with pytest.raises(ReportFrozenError):
            save_report(s, data, replace=True)
        with pytest.raises(SignoffError, match="已经定稿"):
            freeze(s, UNIT, 2023)
    with stored.sessions.begin() as s:
        reopen(s, UNIT, 2023)
        rid = report_id_of(s, UNIT, 2023)
        assert rid is not None
        write_cell(s, rid, "t2.licensing.decisions", 5)
        report = load_report(s, UNIT, 2023)
        assert report is not None and report.status == DRAFT
        with pytest.raises(SignoffError, match="尚未定稿"):
            reopen(s, UNIT, 2023)
        assert len(list_versions(s, UNIT, 2023)) == 1  # the frozen version is kept


def test_changes_since_frozen_and_history(stored: Database, fake_word: object) -> None:
    with stored.sessions.begin() as s:
        assert changes_since_frozen(s, UNIT, 2023).version is None
        freeze(s, UNIT, 2023)
        assert changes_since_frozen(s, UNIT, 2023).unchanged
        reopen(s, UNIT, 2023)
        rid = report_id_of(s, UNIT, 2023)
        assert rid is not None
        write_cell(s, rid, "t2.licensing.decisions", 5)
        write_cell(s, rid, "t2.penalty.decisions", None)
        write_text(s, rid, "problems", "（一）存在的问题。新写的一句。")
    with stored.sessions.begin() as s:
        diff = changes_since_frozen(s, UNIT, 2023)
    assert diff.version == 1
    cells = {c.key: (c.before, c.after) for c in diff.cells}
    assert cells == {"t2.licensing.decisions": (0, 5), "t2.penalty.decisions": (0, None)}
    lines = diff.lines()
    assert "二、主动公开政府信息情况 行政许可 本年处理决定数量：0 → 5" in lines
    assert "二、主动公开政府信息情况 行政处罚 本年处理决定数量：0 → （空白）" in lines
    assert [t.field for t in diff.texts] == ["problems"]
    assert diff.texts[0].describe().startswith("五、存在的主要问题及改进情况：改动")
    with stored.sessions.begin() as s:
        second = freeze(s, UNIT, 2023)
        versions = list_versions(s, UNIT, 2023)
        assert [v.number for v in versions] == [1, 2] and second.version.number == 2
        assert versions[0].frozen_at <= versions[1].frozen_at
        assert versions[0].docx_sha256 != versions[1].docx_sha256
        assert version_report(s, UNIT, 2023, 1).values["t2.licensing.decisions"] == 0
        assert version_report(s, UNIT, 2023, 2).values["t2.licensing.decisions"] == 5
        with pytest.raises(SignoffError, match="第 3 版"):
            version_report(s, UNIT, 2023, 3)
        assert "第 2 版" in versions[1].describe()


def test_freeze_with_the_real_word_exporter(stored: Database) -> None:
    """The stored hash is the hash of the Word file, and a re-export of the unchanged report
    (the Word export is reproducible) is recognised as that frozen version."""
    from exporters.render import render_bytes
    from models.services.signoff import matching_version
    from models.storage.repository import load_report

    with stored.sessions.begin() as s:
        result = freeze(s, UNIT, 2023)
    assert result.docx is not None and result.docx[:2] == b"PK"
    assert result.version.docx_sha256 == hashlib.sha256(result.docx).hexdigest()
    with stored.sessions.begin() as s:
        report = load_report(s, UNIT, 2023)
        assert report is not None
        again = render_bytes(report, ".docx")
        found = matching_version(s, UNIT, 2023, again)
    assert found is not None and found.number == result.version.number


def test_unknown_report(db: Database) -> None:
    from models.storage.repository import NotFoundError

    with db.sessions.begin() as s, pytest.raises(NotFoundError, match="没有找到"):
        freeze(s, "无此单位", 2024)
