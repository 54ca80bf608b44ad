"""落款: the signing unit and the date."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QFormLayout, QHBoxLayout, QVBoxLayout, QWidget

from gui.chapter_pages import heading
from gui.logic.editor import Change, ReportEditor
from gui.text_fields import EditorLink, LineField, TextBinding
from models.domain.fields import SIGNATURE_DATE


class SignaturePage(QWidget):
    """落款: the signing unit and the date."""

    anchor = Signal(str)

    def __init__(self, editor: ReportEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.unit = LineField()
        self._binding = TextBinding(editor, "signature_unit", self.unit)
        self.has_date = QCheckBox("填写日期")
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy年M月d日")
        self.has_date.toggled.connect(self._date_edited)
        self.date.dateChanged.connect(self._date_edited)
        self.unit.focused.connect(lambda: self.anchor.emit("signature"))
        row = QHBoxLayout()
        row.addWidget(self.has_date)
        row.addWidget(self.date)
        row.addStretch(1)
        form = QFormLayout()
        form.addRow("落款单位：", self.unit)
        form.addRow("日期：", row)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("落款"))
        layout.addLayout(form)
        layout.addStretch(1)
        self._link = EditorLink(self._on_change)
        link = self._link
        self.destroyed.connect(lambda *_: link.drop())
        self._show(editor)

    def bind(self, editor: ReportEditor) -> None:
        """Show another open report."""
        self._binding.bind(editor)
        self._show(editor)

    def release(self) -> None:
        """Stop following the editor (the report was closed)."""
        self._binding.release()
        self._link.drop()

    def _show(self, editor: ReportEditor) -> None:
        self.editor = editor
        self._link.bind(editor)
        self._load_date()
        self.has_date.setEnabled(not editor.read_only)
        self.date.setReadOnly(editor.read_only)

    def _load_date(self) -> None:
        when = self.editor.data.signature_date
        self.has_date.blockSignals(True)
        self.date.blockSignals(True)
        self.has_date.setChecked(when is not None)
        self.date.setEnabled(when is not None)
        fallback = date(self.editor.data.year + 1, 1, 31)
        shown = when or fallback
        self.date.setDate(QDate(shown.year, shown.month, shown.day))
        self.has_date.blockSignals(False)
        self.date.blockSignals(False)

    def _date_edited(self, *_: object) -> None:
        self.date.setEnabled(self.has_date.isChecked())
        q = self.date.date()
        when = date(q.year(), q.month(), q.day()) if self.has_date.isChecked() else None
        self.editor.set_signature_date(when)

    def _on_change(self, change: Change) -> None:
        if change.source != "edit" and SIGNATURE_DATE in change.targets:
            self._load_date()
