"""Qt's own strings are Chinese once the app installs Qt's zh_CN catalogue (gui.translations)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
)
from pytestqt.qtbot import QtBot

from gui.translations import install_chinese_translations, translation_dirs


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    locale = QLocale()
    installed = install_chinese_translations(qapp)
    assert installed, f"qtbase_zh_CN.qm not found in {translation_dirs()}"
    yield
    for translator in installed:
        qapp.removeTranslator(translator)
    QLocale.setDefault(locale)


def test_message_box_buttons_read_ok_and_cancel_in_chinese(chinese: None, qtbot: QtBot) -> None:
    box = QMessageBox()
    qtbot.addWidget(box)
    box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    assert {b.text() for b in box.buttons()} == {"确定", "取消"}
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Yes | QDialogButtonBox.StandardButton.No
    )
    qtbot.addWidget(buttons)
    assert {b.text().replace("&", "").split("(")[0] for b in buttons.buttons()} == {"是", "否"}


def test_file_dialog_labels_are_chinese(chinese: None, qtbot: QtBot) -> None:
    dialog = QFileDialog(None, "导出")
    qtbot.addWidget(dialog)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    assert {"查找范围：", "文件名称(&N)：", "文件类型："} <= labels
    buttons = {button.text() for button in dialog.findChildren(QPushButton)}
    assert {"保存(&S)", "取消"} <= buttons
    assert not any("Look in" in text or "File name" in text for text in labels)


def test_line_edit_context_menu_says_copy_and_paste(chinese: None, qtbot: QtBot) -> None:
    edit = QLineEdit("政府")
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    texts = [action.text().split("(")[0].split("\t")[0] for action in menu.actions()]
    assert {"撤消", "重做", "剪切", "复制", "粘贴", "删除", "全选"} <= set(texts)
    assert not any(text.startswith(("Copy", "Paste")) for text in texts)


def test_without_the_catalogue_qt_speaks_english(qtbot: QtBot) -> None:
    """The check above can fail: the untranslated buttons are English."""
    box = QMessageBox()
    qtbot.addWidget(box)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    assert box.buttons()[0].text() == "OK"
