"""帮助 menu: 使用说明 (the bundled Chinese manual, F1) and 关于年报 (version, data, database)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from models.storage.about import about_lines, database_label

if TYPE_CHECKING:
    from models.storage.database import Database

MANUAL_PATH = Path(__file__).resolve().parent.parent / "resources" / "manual" / "使用说明.md"


def manual_text() -> str:
    """The manual (Markdown), or a line saying where it should have been."""
    try:
        return MANUAL_PATH.read_text(encoding="utf-8")
    except OSError:
        return f"# 使用说明\n\n找不到使用说明文件（{MANUAL_PATH}），请重新安装年报。"


class ManualDialog(QDialog):
    """The manual in a window of its own that stays open beside the main window."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("年报 使用说明")
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        self.browser.setMarkdown(manual_text())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(760, 680)


def show_manual(window: QWidget) -> ManualDialog:
    """Open (or bring to the front) the manual window of ``window``."""
    found = window.findChild(ManualDialog)
    dialog = found if isinstance(found, ManualDialog) else ManualDialog(window)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


def about_text(db: Database | None) -> str:
    """关于年报: what it is, its version, the data folder, the database and the log."""
    if db is None:
        label = None
    elif db.sqlite_path is not None:
        label = str(db.sqlite_path)
    else:
        label = database_label(db.url)
    rows = about_lines(label)
    return "年报：政府信息公开工作年度报告编制工具。所有修改自动保存。\n\n" + "\n".join(
        f"{name}：{value}" for name, value in rows
    )
