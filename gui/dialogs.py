"""Every blocking dialog the window uses, behind one injectable interface.

Tests pass a fake with the same methods that answers at once and records what was asked.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QWidget

# The Qt dialog classes are imported where they are used: importing one makes PySide6 build
# its Python enums, which is start-up time the first window does not need.

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from gui.logic.new_report_form import NewReportForm, NewReportRequest


class Dialogs(Protocol):
    """The questions and messages of the app."""

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        """Tell the clerk something."""

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        """Tell the clerk something went wrong (in plain Chinese)."""

    def confirm(self, parent: QWidget | None, title: str, text: str, ok: str) -> bool:
        """Ask yes/no; ``ok`` is the label of the button that goes ahead."""

    def choose(self, parent: QWidget | None, title: str, text: str, options: list[str]) -> int:
        """Ask the clerk to pick one of ``options``; returns its index."""

    def ask_text(self, parent: QWidget | None, title: str, label: str, text: str) -> str | None:
        """Ask for one line of text, starting from ``text`` (``None``: cancelled)."""

    def save_path(
        self, parent: QWidget | None, title: str, suggested: Path, file_filter: str
    ) -> Path | None:
        """Ask where to save a file (``None``: cancelled)."""

    def open_path(
        self, parent: QWidget | None, title: str, folder: Path, file_filter: str
    ) -> Path | None:
        """Ask for a file to open (``None``: cancelled)."""

    def exported(self, parent: QWidget | None, path: Path) -> None:
        """Say where the exported file went and offer to open its folder."""

    def new_report(self, parent: QWidget | None, form: NewReportForm) -> NewReportRequest | None:
        """Run the new-report dialog (``None``: cancelled)."""

    def printer(self, parent: QWidget | None) -> QPrinter | None:
        """Run the system print dialog; the printer to print on, or ``None``."""


class QtDialogs:
    """The real dialogs."""

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(parent, title, text)

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(parent, title, text)

    def confirm(self, parent: QWidget | None, title: str, text: str, ok: str) -> bool:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(
            QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent
        )
        go = box.addButton(ok, QMessageBox.ButtonRole.AcceptRole)
        box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is go

    def choose(self, parent: QWidget | None, title: str, text: str, options: list[str]) -> int:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(
            QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent
        )
        buttons = [box.addButton(option, QMessageBox.ButtonRole.ActionRole) for option in options]
        box.exec()
        clicked = box.clickedButton()
        return next((i for i, b in enumerate(buttons) if b is clicked), 0)

    def save_path(
        self, parent: QWidget | None, title: str, suggested: Path, file_filter: str
    ) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), file_filter)
        return Path(name) if name else None

    def open_path(
        self, parent: QWidget | None, title: str, folder: Path, file_filter: str
    ) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getOpenFileName(parent, title, str(folder), file_filter)
        return Path(name) if name else None

    def exported(self, parent: QWidget | None, path: Path) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(
            QMessageBox.Icon.Information,
            "导出完成",
            f"已导出到：\n{path}",
            QMessageBox.StandardButton.NoButton,
            parent,
        )
        open_folder = box.addButton("打开所在文件夹", QMessageBox.ButtonRole.ActionRole)
        box.addButton("关闭", QMessageBox.ButtonRole.AcceptRole)
        box.exec()
        if box.clickedButton() is open_folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))

    def ask_text(self, parent: QWidget | None, title: str, label: str, text: str) -> str | None:
        from PySide6.QtWidgets import QInputDialog

        answer, ok = QInputDialog.getText(parent, title, label, text=text)
        return answer if ok else None

    def new_report(self, parent: QWidget | None, form: NewReportForm) -> NewReportRequest | None:
        from gui.new_report_dialog import NewReportDialog

        dialog = NewReportDialog(form, parent)
        return dialog.request() if dialog.exec() else None

    def printer(self, parent: QWidget | None) -> QPrinter | None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle("打印")
        return printer if dialog.exec() else None
