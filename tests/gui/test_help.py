"""帮助: F1 opens the manual of the year's work; 关于 tells version, data folder, database."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from gui.help_dialogs import MANUAL_PATH, ManualDialog
from models.storage.about import VERSION, database_label
from models.storage.database import Database
from tests.gui.conftest import FakeDialogs


def test_f1_opens_the_chinese_manual(
    qtbot: QtBot, make_window: Callable[[Database], Any], db: Database
) -> None:
    window = make_window(db)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=1000)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = window.findChild(ManualDialog)
    assert dialog is not None and dialog.isVisible()
    text = dialog.browser.toPlainText()
    for step in ("从上一年带入", "表格", "检查", "导出", "定稿", "导入往年", "汇总"):
        assert step in text, step
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=1000)
    qtbot.keyClick(window, Qt.Key.Key_F1)  # a second F1 raises the same window
    assert len(window.findChildren(ManualDialog)) == 1


def test_manual_is_a_resource_file() -> None:
    assert MANUAL_PATH.parts[-3:] == ("resources", "manual", "使用说明.md")
    assert MANUAL_PATH.read_text(encoding="utf-8").startswith("# 年报 使用说明")


def test_about_shows_version_data_folder_and_database(
    make_window: Callable[[Database], Any], db: Database, fake_dialogs: FakeDialogs
) -> None:
    window = make_window(db)
    about = next(a for a in window.findChildren(QAction) if a.text() == "关于年报")
    about.trigger()
    _kind, title, text = fake_dialogs.messages[-1]
    assert title == "关于年报"
    assert f"版本：{VERSION}" in text
    assert "数据文件夹：" in text
    if db.sqlite_path is not None:
        assert f"数据库：{db.sqlite_path}" in text
    else:  # a server: its address, without the password
        assert f"数据库：{database_label(db.url)}" in text
        password = db.engine.url.password
        assert password is None or f":{password}@" not in text
