"""The new-report dialog sets the unit's level (法定发布期限) where the clerk looks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from gui.logic.new_report_form import NewReportForm, NewReportRequest
from gui.main_window import MainWindow
from gui.new_report_dialog import NewReportDialog
from models.domain.new_year import new_report
from models.services.reports import ReportStore
from models.storage.database import Database
from tests.gui.conftest import FakeDialogs, type_text


def test_the_dialog_shows_a_units_level_and_sets_a_new_units(
    make_window, db: Database, qtbot: QtBot, fake_dialogs: FakeDialogs
) -> None:
    store = ReportStore(db)
    store.create(new_report("甲局", 2023))
    store.set_level("甲局", "county")
    shown: list[object] = []

    def run(parent: QWidget | None, form: NewReportForm) -> NewReportRequest | None:
        dialog = NewReportDialog(form, parent)
        qtbot.addWidget(dialog)
        dialog.unit.setCurrentText("")
        type_text(qtbot, dialog.unit.lineEdit(), "甲局")
        shown.append(dialog.level.currentData())  # the stored level of 甲局
        dialog.unit.setCurrentText("")
        type_text(qtbot, dialog.unit.lineEdit(), "新设局")
        shown.append(dialog.level.currentData())  # a new unit: not set
        dialog.year.setValue(2024)
        dialog.level.setCurrentIndex(dialog.level.findData("department"))
        buttons = dialog.findChild(QDialogButtonBox)
        qtbot.mouseClick(
            buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
        )
        return dialog.request() if dialog.result() else None

    fake_dialogs.new_report_driver = run
    window: MainWindow = make_window(db)
    window.menus.new.trigger()
    assert shown == ["county", None]
    assert store.level_of("新设局") == "department"
    assert "2025年1月31日" in window.chrome.deadline_label.text()
    assert store.level_of("甲局") == "county"
