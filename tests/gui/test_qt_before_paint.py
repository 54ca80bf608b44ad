"""The Qt values set by number before the first paint (gui.qt_before_paint) are Qt's own."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QSplitter, QToolBar, QToolButton

from gui import qt_before_paint as values
from models.storage.database import Database


def test_each_number_is_its_enum_value() -> None:
    assert Qt.Orientation.Vertical.value == values.VERTICAL
    assert Qt.AlignmentFlag.AlignCenter.value == values.ALIGN_CENTER
    assert Qt.ToolButtonStyle.ToolButtonTextOnly.value == values.TOOL_BUTTON_TEXT_ONLY
    assert Qt.ItemDataRole.DisplayRole.value == values.DISPLAY_ROLE
    assert Qt.ItemDataRole.UserRole.value == values.USER_ROLE


def test_an_enum_property_is_set_by_number(qtbot: Any) -> None:
    splitter = QSplitter()
    label = QLabel("x")
    qtbot.addWidget(splitter)
    qtbot.addWidget(label)
    values.set_enum_property(splitter, "orientation", values.VERTICAL)
    values.set_enum_property(label, "alignment", values.ALIGN_CENTER)
    assert splitter.orientation() == Qt.Orientation.Vertical
    assert label.alignment() == Qt.AlignmentFlag.AlignCenter


def test_a_misspelt_property_is_an_error_not_a_new_dynamic_property(qtbot: Any) -> None:
    splitter = QSplitter()
    qtbot.addWidget(splitter)
    with pytest.raises(ValueError, match="orientaton"):
        values.set_enum_property(splitter, "orientaton", values.VERTICAL)


def test_the_window_looks_as_before(make_window: Any, db: Database) -> None:
    window = make_window(db)
    assert window.right.orientation() == Qt.Orientation.Vertical
    assert window.main.orientation() == Qt.Orientation.Horizontal
    assert window.empty.alignment() == Qt.AlignmentFlag.AlignCenter
    toolbar = window.findChild(QToolBar, "main_toolbar")
    assert toolbar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextOnly
    button = toolbar.widgetForAction(window.actions_.new)
    assert isinstance(button, QToolButton) and button.text() == "新建年报"  # "…" dropped
    actions = window.actions_
    # the platform's standard keys (setShortcuts), the first of them as before
    assert actions.new.shortcut() == QKeySequence(QKeySequence.StandardKey.New)
    assert actions.undo.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert actions.undo.shortcutContext() == Qt.ShortcutContext.WindowShortcut
    assert [key.toString() for key in actions.redo.shortcuts()] == ["Ctrl+Y", "Ctrl+Shift+Z"]
