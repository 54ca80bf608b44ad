"""The comparison, 汇总 and 定稿 dialogs, offscreen with fake dialogs; every model checked."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from gui.aggregate_view import AggregateDialog, open_aggregate_dialog
from gui.compare_view import CompareDialog, load_comparison, open_compare_dialog
from gui.logic.across_presenters import (
    UP,
    chapter_summary,
    compare_rows,
    state_banner,
)
from gui.signoff_view import VersionsDialog, deadline_text, open_versions_dialog
from models.domain.report import ReportData
from models.services.aggregate import apply_summary, compute_summary, summary_state
from models.storage.database import Database
from models.storage.repository import load_report, report_id_of, save_report
from models.storage.unit_tree import set_parent
from tests.conftest import exchange_dict
from tests.edits import write_cell
from tests.gui.conftest import FakeDialogs

UNIT = "沭阳县发展和改革局"
DISTRICT = "某某区"


@pytest.fixture
def two_years(db: Database, shuyang: ReportData) -> Database:
    with db.sessions.begin() as s:
        save_report(s, shuyang)
        values = {**shuyang.values, "t2.normative_docs.in_force": 20, "t2.licensing.decisions": 4}
        save_report(
            s,
            ReportData(
                unit=UNIT,
                year=2024,
                edition="2021",
                values=values,
                chapters={
                    **shuyang.chapters,
                    "overview": "今年全新撰写的总体情况，内容与上年完全不同。",
                },
            ),
        )
    return db


def _balanced(n: int) -> dict[str, Any]:
    return {
        "t3.new_received.natural_person": n,
        "t3.carried_over.natural_person": 0,
        "t3.granted.natural_person": n,
        "t3.carried_forward.natural_person": 0,
    }


@pytest.fixture
def district(db: Database) -> Database:
    with db.sessions.begin() as s:
        for child in ("甲局", "乙局", "丙局"):
            set_parent(s, child, DISTRICT, "department")
        save_report(s, ReportData(unit="甲局", year=2024, edition="2021", values=_balanced(5)))
        broken = {**_balanced(7), "t3.granted.natural_person": 6}  # unbalanced: an error
        save_report(s, ReportData(unit="乙局", year=2024, edition="2021", values=broken))
    return db


# ----- comparison ------------------------------------------------------------------------------
def test_compare_presenter(two_years: Database) -> None:
    comparison = load_comparison(two_years, UNIT, 2024)
    assert comparison is not None
    rows = compare_rows(comparison, changed_only=True)
    by_key = {r.key: r for r in rows}
    assert by_key["t2.normative_docs.in_force"].cells[3:] == ("20", "18", "+2", "+11.1%")
    assert by_key["t2.normative_docs.in_force"].tone == UP
    assert by_key["t2.licensing.decisions"].cells[3:6] == ("4", "0", "+4")
    assert "t3.new_received.natural_person" not in by_key  # unchanged
    assert len(compare_rows(comparison)) > len(rows)
    problems = next(ch for ch in comparison.chapters if ch.key == "problems")
    assert "超过一半与上年雷同" in chapter_summary(problems)
    assert load_comparison(two_years, "无此单位", 2024) is None


def test_compare_dialog(
    qtbot: QtBot, qtmodeltester: Any, two_years: Database, fake_dialogs: FakeDialogs, tmp_path: Path
) -> None:
    comparison = load_comparison(two_years, UNIT, 2024)
    assert comparison is not None
    dialog = CompareDialog(None, comparison, fake_dialogs)
    qtbot.addWidget(dialog)
    everything = dialog.model.rowCount()
    dialog.changed_only.setChecked(True)
    assert 0 < dialog.model.rowCount() < everything
    qtmodeltester.check(dialog.model, force_py=True)
    assert "超过一半" in dialog.chapter_labels["problems"].text()
    assert "<span" in dialog.chapter_texts["problems"].toHtml()
    assert dialog.tabs.count() == 4
    fake_dialogs.save_answers = [tmp_path / "对比.xlsx", tmp_path / "对比.html"]
    assert dialog.export(".xlsx") == tmp_path / "对比.xlsx"
    assert dialog.export(".html") == tmp_path / "对比.html"
    assert (tmp_path / "对比.xlsx").read_bytes()[:2] == b"PK"
    assert "+11.1%" in (tmp_path / "对比.html").read_text(encoding="utf-8")
    assert dialog.export(".xlsx") is None  # cancelled
    fake_dialogs.save_answers = [tmp_path / "no" / "such" / "folder.xlsx"]
    assert dialog.export(".xlsx") is None
    assert (
        fake_dialogs.messages[-1][0] == "error" and "文件夹不存在" in fake_dialogs.messages[-1][2]
    )


def test_open_compare_dialog(
    qtbot: QtBot, two_years: Database, fake_dialogs: FakeDialogs, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[QDialog] = []
    monkeypatch.setattr(QDialog, "exec", lambda self: shown.append(self) or 0)
    parent = QDialog()
    qtbot.addWidget(parent)
    parent.dialogs = fake_dialogs  # type: ignore[attr-defined]
    open_compare_dialog(parent, two_years, UNIT, 2024)
    assert isinstance(shown[0], CompareDialog)
    open_compare_dialog(parent, two_years, "无此单位", 2024)
    assert "没有找到" in fake_dialogs.messages[-1][2]
    open_aggregate_dialog(parent, two_years, UNIT, 2024)
    assert isinstance(shown[1], AggregateDialog)
    open_versions_dialog(parent, two_years, UNIT, 2024)
    assert isinstance(shown[2], VersionsDialog)


# ----- 汇总 ----------------------------------------------------------------------------------
def _status(dialog: AggregateDialog) -> dict[str, str]:
    m = dialog.children_model
    return {m.data(m.index(r, 0)): m.data(m.index(r, 1)) for r in range(m.rowCount())}


def test_aggregate_dialog_drill_down_missing_and_errors(
    qtbot: QtBot, qtmodeltester: Any, district: Database, fake_dialogs: FakeDialogs
) -> None:
    dialog = AggregateDialog(None, district, DISTRICT, 2024, fake_dialogs)
    qtbot.addWidget(dialog)
    status = _status(dialog)
    assert status["丙局"] == "没有本年报告"
    assert status["乙局"].startswith("有 ") and status["乙局"].endswith("个错误")
    assert status["甲局"] == "已纳入"
    assert "没有2024年报告的单位：丙局" in dialog.problems.toPlainText()
    assert "乙局 的报告有" in dialog.problems.toPlainText()
    assert "还没有写入汇总结果" in dialog.banner.text()

    dialog.select_cell("t3.new_received.natural_person")
    m = dialog.contribution_model
    assert [(m.data(m.index(r, 0)), m.data(m.index(r, 1))) for r in range(m.rowCount())] == [
        ("乙局", "7"),
        ("甲局", "5"),
    ]
    # one tester per model (a second check would connect its handlers twice)
    for model in (dialog.children_model, dialog.summary_model, dialog.contribution_model):
        qtmodeltester.check(model, force_py=True)

    # leave 乙局 out: the sum follows
    children = dialog.children_model
    row = children.names().index("乙局")
    assert children.setData(
        children.index(row, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole
    )
    dialog.preview()
    dialog.select_cell("t3.new_received.natural_person")
    assert dialog.contribution_model.rowCount() == 1
    totals = {
        dialog.summary_model.row_at(r).key: dialog.summary_model.row_at(r).cells[3]
        for r in range(dialog.summary_model.rowCount())
    }
    assert totals["t3.new_received.natural_person"] == "5"


def test_aggregate_dialog_apply_and_refresh_never_silently(
    qtbot: QtBot, district: Database, fake_dialogs: FakeDialogs
) -> None:
    dialog = AggregateDialog(None, district, DISTRICT, 2024, fake_dialogs)
    qtbot.addWidget(dialog)
    fake_dialogs.confirm_answer = False
    assert not dialog.apply()
    with district.sessions.begin() as s:
        assert load_report(s, DISTRICT, 2024) is None
    fake_dialogs.confirm_answer = True
    assert dialog.apply()
    assert "丙局" in fake_dialogs.confirmations[-1]  # the clerk was told about the missing child
    with district.sessions.begin() as s:
        parent = load_report(s, DISTRICT, 2024)
        assert parent is not None and parent.values["t3.new_received.natural_person"] == 12
        rid = report_id_of(s, "甲局", 2024)
        assert rid is not None
        write_cell(s, rid, "t3.new_received.natural_person", 6)
    dialog.refresh_state()
    assert "甲局" in dialog.banner.text() and "尚未更新" in dialog.banner.text()
    with district.sessions.begin() as s:  # still the old sum: nothing refreshed silently
        parent = load_report(s, DISTRICT, 2024)
        assert parent is not None and parent.values["t3.new_received.natural_person"] == 12
    assert dialog.apply()
    assert dialog.banner.text() == "汇总结果与各下级报告一致。"


def test_aggregate_dialog_add_child_import_folder_and_template(
    qtbot: QtBot, district: Database, fake_dialogs: FakeDialogs, tmp_path: Path
) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    data = exchange_dict("shuyang-fgj-2023.json")
    data["unit"], data["year"] = "丁镇", 2024
    (folder / "丁镇.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (folder / "坏文件.json").write_text("[]", encoding="utf-8")
    dialog = AggregateDialog(
        None, district, DISTRICT, 2024, fake_dialogs, choose_folder=lambda _parent: folder
    )
    qtbot.addWidget(dialog)
    dialog.new_child.setText("戊街道")
    dialog.add_child()
    assert "戊街道" in dialog.children_model.names()
    dialog.import_folder()
    kind, _title, text = fake_dialogs.messages[-1]
    assert kind == "error" and "已导入 1 个文件" in text and "坏文件.json" in text
    assert _status(dialog)["丁镇"] == "已纳入"
    fake_dialogs.save_answers = [tmp_path / "采集表.xlsx"]
    assert dialog.save_template() == tmp_path / "采集表.xlsx"
    from importers.xlsx_reader import read_xlsx

    got = read_xlsx((tmp_path / "采集表.xlsx").read_bytes(), unit="某部门")
    assert got.parent == DISTRICT and got.report.year == 2024


def test_state_banner_texts(district: Database) -> None:
    assert "还没有写入汇总结果" in state_banner(None)
    with district.sessions.begin() as s:
        apply_summary(s, compute_summary(s, DISTRICT, 2024))
        assert state_banner(summary_state(s, DISTRICT, 2024)) == ""
        set_parent(s, "己镇", DISTRICT)
        assert "己镇" in state_banner(summary_state(s, DISTRICT, 2024))


# ----- 定稿 ----------------------------------------------------------------------------------
def test_versions_dialog_freeze_reopen_diff(
    qtbot: QtBot, qtmodeltester: Any, two_years: Database, fake_dialogs: FakeDialogs, tmp_path: Path
) -> None:
    dialog = VersionsDialog(None, two_years, UNIT, 2024, fake_dialogs)
    qtbot.addWidget(dialog)
    assert dialog.freeze_button.isEnabled() and not dialog.reopen_button.isEnabled()
    assert "还没有定稿版本" in dialog.changes_label.text()
    fake_dialogs.confirm_answer = False
    assert not dialog.freeze()
    fake_dialogs.confirm_answer = True
    fake_dialogs.save_answers = [tmp_path / "定稿.docx"]
    dialog.note.setText("报送稿")
    assert dialog.freeze()
    assert dialog.model.rowCount() == 1
    assert (
        dialog.model.row_at(0).cells[0] == "第 1 版" and dialog.model.row_at(0).cells[3] == "报送稿"
    )
    qtmodeltester.check(dialog.model, force_py=True)
    assert not dialog.freeze_button.isEnabled() and dialog.reopen_button.isEnabled()
    if (
        tmp_path / "定稿.docx"
    ).exists():  # the Word exporter is present: the saved file is the hashed one
        import hashlib

        digest = hashlib.sha256((tmp_path / "定稿.docx").read_bytes()).hexdigest()
        assert dialog.model.row_at(0).cells[2] == digest
    assert dialog.reopen()
    with two_years.sessions.begin() as s:
        rid = report_id_of(s, UNIT, 2024)
        assert rid is not None
        write_cell(s, rid, "t2.fees.amount_wan_yuan", Decimal("1.5"))
    dialog.refresh()
    assert "自第 1 版定稿以来的修改" in dialog.changes_label.text()
    assert "行政事业性收费 本年收费金额（单位：万元）：0 → 1.5" in dialog.changes.toPlainText()


def test_deadline_text_and_level_choice(
    qtbot: QtBot, two_years: Database, fake_dialogs: FakeDialogs
) -> None:
    assert "未设置单位层级" in deadline_text(two_years, UNIT, 2024)
    dialog = VersionsDialog(None, two_years, UNIT, 2024, fake_dialogs)
    qtbot.addWidget(dialog)
    dialog.level.setCurrentIndex(dialog.level.findData("department"))
    assert "2025年1月31日" in dialog.deadline.text()
    text = deadline_text(two_years, UNIT, 2024, today=date(2025, 1, 30))
    assert text == "法定发布期限（政府部门）：2025年1月31日（还剩 1 天）"


def test_aggregate_dialog_notices_changes_by_itself(
    qtbot: QtBot, district: Database, fake_dialogs: FakeDialogs
) -> None:
    from gui.aggregate_view import summary_notice

    dialog = AggregateDialog(None, district, DISTRICT, 2024, fake_dialogs)
    qtbot.addWidget(dialog)
    assert dialog.watch.isActive()
    assert summary_notice(district, DISTRICT, 2024) == ""  # not a summary yet
    assert dialog.apply()
    assert not dialog.check_for_changes()
    with district.sessions.begin() as s:
        save_report(s, ReportData(unit="丙局", year=2024, edition="2021", values=_balanced(2)))
    assert dialog.check_for_changes()
    assert "丙局" in dialog.banner.text() and "尚未更新" in dialog.banner.text()
    assert "丙局" in summary_notice(district, DISTRICT, 2024)
    with district.sessions.begin() as s:  # the stored sums wait for 写入汇总
        parent = load_report(s, DISTRICT, 2024)
        assert parent is not None and parent.values["t3.new_received.natural_person"] == 12
