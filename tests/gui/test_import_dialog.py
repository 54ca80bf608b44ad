"""导入已发布的年报…: review side by side, confirm or cancel, replace on request."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from gui.import_dialog import ImportPreviewDialog, open_import_dialog
from models.storage.database import Database
from models.storage.repository import load_report, report_id_of
from tests.conftest import FIXTURES
from tests.edits import write_text
from tests.gui.conftest import FakeDialogs

PUBLISHED = FIXTURES / "published"


class PickingDialogs(FakeDialogs):
    """Fake dialogs whose file picker answers with a given file."""

    def __init__(self, path: Path | None) -> None:
        super().__init__()
        self.path = path

    def open_path(self, parent: object, title: str, folder: Path, file_filter: str) -> Path | None:
        assert "*.docx" in file_filter and "*.pdf" in file_filter
        return self.path


def _stored(db: Database, unit: str, year: int) -> bool:
    with db.sessions.begin() as session:
        return report_id_of(session, unit, year) is not None


def test_review_shows_report_and_problems_then_cancel_writes_nothing(
    qtbot: QtBot, db: Database
) -> None:
    dialogs = PickingDialogs(PUBLISHED / "shanghai-stcsm-2024.txt")
    seen: list[ImportPreviewDialog] = []

    def look_and_cancel(dialog: ImportPreviewDialog) -> bool:
        qtbot.addWidget(dialog)
        seen.append(dialog)
        text = dialog.report_view.toPlainText()
        assert "单位：上海市科委" in text and "年度：2024年" in text
        assert "一、总体情况" in text and "行政许可" in text and "？" in text
        problems = [dialog.problem_list.item(i).text() for i in range(dialog.problem_list.count())]
        assert any("无法对应" in p for p in problems)
        assert any("表四之后" in p for p in problems)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
        return False

    assert open_import_dialog(None, db, dialogs, show=look_and_cancel) is False
    assert seen
    assert not _stored(db, "上海市科委", 2024)
    assert dialogs.messages == []


def test_confirm_writes_the_report_with_the_corrected_unit(qtbot: QtBot, db: Database) -> None:
    dialogs = PickingDialogs(PUBLISHED / "shanghai-stcsm-2024.docx")

    def correct_and_confirm(dialog: ImportPreviewDialog) -> bool:
        qtbot.addWidget(dialog)
        dialog.unit_edit.setText("上海市科学技术委员会")
        return True

    assert open_import_dialog(None, db, dialogs, show=correct_and_confirm) is True
    with db.sessions.begin() as session:
        stored = load_report(session, "上海市科学技术委员会", 2024)
    assert stored is not None
    assert stored.values["t2.licensing.decisions"] == 97
    assert stored.chapters["other"].startswith("本年度信息公开处理费收费情况")
    assert dialogs.messages[-1][0] == "info"


def test_existing_report_is_replaced_only_when_the_clerk_agrees(qtbot: QtBot, db: Database) -> None:
    dialogs = PickingDialogs(PUBLISHED / "shuyang-fgj-2023.html")
    assert open_import_dialog(None, db, dialogs, show=lambda d: qtbot.addWidget(d) or True)
    with db.sessions.begin() as session:
        from models.storage.repository import report_id_of as rid

        write_text(session, rid(session, "沭阳县发展和改革局", 2023), "preamble", "手工修改过")
    dialogs.confirm_answer = False
    assert not open_import_dialog(None, db, dialogs, show=lambda d: qtbot.addWidget(d) or True)
    assert "已存在" in dialogs.confirmations[-1]
    with db.sessions.begin() as session:
        assert load_report(session, "沭阳县发展和改革局", 2023).preamble == "手工修改过"
    dialogs.confirm_answer = True
    assert open_import_dialog(None, db, dialogs, show=lambda d: qtbot.addWidget(d) or True)
    with db.sessions.begin() as session:
        assert load_report(session, "沭阳县发展和改革局", 2023).preamble.startswith("根据《中华")


def test_refused_file_gets_a_message_and_no_review(tmp_path: Path, db: Database) -> None:
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 broken")
    dialogs = PickingDialogs(bad)

    def never(_dialog: ImportPreviewDialog) -> bool:
        pytest.fail("no review for a refused file")

    assert open_import_dialog(None, db, dialogs, show=never) is False
    kind, _title, text = dialogs.messages[-1]
    assert kind == "error" and "未导入" in text and "broken.docx" in text


def test_cancelled_file_picker_does_nothing(db: Database) -> None:
    dialogs = PickingDialogs(None)
    assert open_import_dialog(None, db, dialogs) is False
    assert dialogs.messages == []


def test_empty_unit_cannot_be_confirmed(qtbot: QtBot) -> None:
    from importers.published import import_published

    result = import_published(PUBLISHED / "shuyang-fgj-2023.html")
    dialog = ImportPreviewDialog(None, PUBLISHED / "x.html", result)
    qtbot.addWidget(dialog)
    dialog.unit_edit.setText("  ")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.problem_list.item(0).text() == "没有发现问题。"


def test_report_without_unit_asks_the_clerk(qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    page = tmp_path / "untitled.html"
    page.write_text(
        "<html><body><p>本报告所列数据统计期限为2022年1月1日至12月31日。</p>"
        "<p>一、总体情况</p><p>工作有序开展。</p><p>五、存在的主要问题及改进情况</p><p>无。</p>"
        "<p>六、其他需要报告的事项</p><p>未收取信息处理费。</p></body></html>",
        encoding="utf-8",
    )
    dialogs = PickingDialogs(page)

    def fill_unit(dialog: ImportPreviewDialog) -> bool:
        qtbot.addWidget(dialog)
        assert dialog.unit_edit.text() == ""
        problems = [dialog.problem_list.item(i).text() for i in range(dialog.problem_list.count())]
        assert any("请填写" in p for p in problems)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        assert dialog.result() != dialog.DialogCode.Accepted  # an empty unit cannot be confirmed
        dialog.unit_edit.setText("某某镇人民政府")
        return True

    assert open_import_dialog(None, db, dialogs, show=fill_unit)
    with db.sessions.begin() as session:
        stored = load_report(session, "某某镇人民政府", 2022)
    assert stored is not None
    assert stored.title == "某某镇人民政府2022年政府信息公开工作年度报告"
    assert stored.chapters["other"] == "未收取信息处理费。"
