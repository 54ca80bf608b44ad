"""The 汇总 dialog's presenter lists the subordinate reports it skips, with the reason."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.aggregate_view import AggregateDialog
from gui.logic.aggregate_presenter import AggregatePresenter
from models.services.summaries import SummaryService
from models.storage.database import open_database
from tests.gui.conftest import FakeDialogs
from tests.gui.test_feature_presenters import FakeAggregateView
from tests.test_aggregate_skipped import KEY, PARENT, make_district


def test_the_dialog_presenter_lists_skipped_reports_in_rows_and_problems(
    tmp_path: Path, fake_dialogs: FakeDialogs
) -> None:
    path = tmp_path / "skipped.sqlite3"
    make_district(path)
    db = open_database(str(path))
    try:
        view = FakeAggregateView()
        presenter = AggregatePresenter(
            SummaryService(db), view, fake_dialogs, PARENT, 2024, lambda: None
        )
        presenter.load()
        status = {c.name: (c.status, c.tone) for c in view.children}
        assert status["甲局"] == ("已纳入", None)
        assert status["乙局"][0].startswith("已跳过：") and "数字过大" in status["乙局"][0]
        assert status["丙局"][0] == "已跳过：格式版本“9999”本程序不认识"
        assert status["丁局"][0] == "没有本年报告"
        assert status["乙局"][1] == status["丙局"][1] == "warn"
        assert {row.key: row.cells[3] for row in view.summary}[KEY] == "5"
        problems = view.problems.splitlines()
        assert "没有2024年报告的单位：丁局" in problems
        assert any(p.startswith("未纳入汇总：“乙局”2024年") for p in problems)
        assert any("丙局" in p and "9999" in p for p in problems)

        fake_dialogs.confirm_answer = False
        assert not presenter.apply()
        question = fake_dialogs.confirmations[-1]
        assert "乙局" in question and "丙局" in question
    finally:
        db.close()


def test_the_dialog_shows_the_skipped_reports(
    qtbot: QtBot, tmp_path: Path, fake_dialogs: FakeDialogs
) -> None:
    path = tmp_path / "skipped.sqlite3"
    make_district(path)
    db = open_database(str(path))
    try:
        dialog = AggregateDialog(None, db, PARENT, 2024, fake_dialogs)
        qtbot.addWidget(dialog)
        m = dialog.children_model
        rows = {m.data(m.index(r, 0)): m.index(r, 1) for r in range(m.rowCount())}
        assert m.data(rows["丙局"]) == "已跳过：格式版本“9999”本程序不认识"
        assert m.data(rows["丁局"]) == "没有本年报告"
        tip = m.data(rows["乙局"], Qt.ItemDataRole.ToolTipRole)
        assert tip.startswith("已跳过：") and "数字过大" in tip
        text = dialog.problems.toPlainText()
        assert "未纳入汇总：“乙局”2024年的报告无法读取" in text
        assert "没有2024年报告的单位：丁局" in text and "乙局、" not in text
        dialog.close()
    finally:
        db.close()
