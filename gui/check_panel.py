"""The check panel: live findings (errors red, warnings amber), click to go, one-click fix."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListView, QPushButton, QVBoxLayout, QWidget

from gui.logic.check_order import click_target, panel_order
from models.domain.findings import ERROR, Finding

Index = QModelIndex | QPersistentModelIndex
FINDING_ROLE = Qt.ItemDataRole.UserRole + 1
ERROR_COLOR = QColor("#b00020")
WARNING_COLOR = QColor("#a05a00")
ERROR_BG = QColor("#fdecee")
WARNING_BG = QColor("#fff4e0")
#: 原文合计不符 (what an imported file printed wrongly): its own kind, in violet.
PUBLISHED_COLOR = QColor("#5b2a86")
PUBLISHED_BG = QColor("#f1e9f7")
PUBLISHED = "published"  # models.domain.published_errors.PUBLISHED (not imported before paint)


class FindingsModel(QAbstractListModel):
    """The findings of the open report, one per row."""

    def __init__(self) -> None:
        super().__init__()
        self._findings: list[Finding] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._findings)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._findings):
            return None
        roles = Qt.ItemDataRole
        finding = self._findings[index.row()]
        error = finding.severity == ERROR
        published = finding.severity == PUBLISHED
        if role == roles.DisplayRole:
            if published:  # the message starts with 原文合计不符
                return f"{finding.message}（核对后可点“已核对”）"
            fix = "（可一键修正）" if finding.fix_value is not None else ""
            return f"{'错误' if error else '提醒'}：{finding.message}{fix}"
        if role == roles.ForegroundRole:
            if published:
                return QBrush(PUBLISHED_COLOR)
            return QBrush(ERROR_COLOR if error else WARNING_COLOR)
        if role == roles.BackgroundRole:
            if published:
                return QBrush(PUBLISHED_BG)
            return QBrush(ERROR_BG if error else WARNING_BG)
        if role == roles.ToolTipRole:
            return finding.message
        if role == FINDING_ROLE:
            return finding
        return None

    def set_findings(self, findings: list[Finding]) -> bool:
        """Show ``findings``; returns whether anything changed (unchanged lists are not reset)."""
        if findings == self._findings:
            return False
        self.beginResetModel()
        self._findings = list(findings)
        self.endResetModel()
        return True

    def findings(self) -> list[Finding]:
        """The findings shown, in their order."""
        return list(self._findings)

    def finding(self, row: int) -> Finding | None:
        """The finding on ``row``."""
        return self._findings[row] if 0 <= row < len(self._findings) else None


class CheckPanel(QWidget):
    """List of findings with a fix button.

    Signals:
        chosen(Finding): the clerk clicked a finding (go to its cell or chapter).
        fix(Finding): the clerk asked for the one-click fix.
        dismiss(Finding): the clerk has checked a 原文合计不符 record (hide it from now on).
    """

    chosen = Signal(object)
    fix = Signal(object)
    dismiss = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = FindingsModel()
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setUniformItemSizes(False)
        self.view.setSpacing(2)
        self.summary = QLabel("检查")
        self.fix_button = QPushButton("一键修正")
        self.fix_button.setEnabled(False)
        self.fix_button.setToolTip("按上一年度的数据修正所选问题（可撤销）")
        self.dismiss_button = QPushButton("已核对")
        self.dismiss_button.setEnabled(False)
        self.dismiss_button.setToolTip("所选“原文合计不符”已核对，不再显示")
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.fix_button)
        top.addWidget(self.dismiss_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self.view.clicked.connect(self._clicked)
        self.view.activated.connect(self._clicked)
        self.fix_button.clicked.connect(self._fix)
        self.dismiss_button.clicked.connect(self._dismiss)
        self.view.selectionModel().currentChanged.connect(self._current_changed)

    def set_findings(self, findings: list[Finding]) -> None:
        """Show the current findings (in :func:`panel_order`) and their counts."""
        changed = self.model.set_findings(panel_order(findings))
        errors = sum(1 for f in findings if f.severity == ERROR)
        printed = sum(1 for f in findings if f.severity == PUBLISHED)
        warnings = len(findings) - errors - printed
        summary = f"检查：错误 {errors} 个，提醒 {warnings} 个" if findings else "检查：未发现问题"
        summary += f"，原文合计不符 {printed} 处" if printed else ""
        if self.summary.text() != summary:  # also the first clean report (the model unchanged)
            self.summary.setText(summary)
        if changed:
            self.fix_button.setEnabled(False)
            self.dismiss_button.setEnabled(False)

    def row_of(self, finding_id: str) -> int:
        """Row of the first finding with ``finding_id`` (-1 if none)."""
        for row in range(self.model.rowCount()):
            found = self.model.finding(row)
            if found is not None and found.id == finding_id:
                return row
        return -1

    def _clicked(self, index: QModelIndex) -> None:
        finding = self.model.finding(index.row())
        if finding is not None:
            self.chosen.emit(click_target(finding, self.model.findings()))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        finding = self.model.finding(current.row())
        self.fix_button.setEnabled(finding is not None and finding.fix_value is not None)
        self.dismiss_button.setEnabled(finding is not None and finding.severity == PUBLISHED)

    def _fix(self) -> None:
        finding = self.model.finding(self.view.currentIndex().row())
        if finding is not None and finding.fix_value is not None:
            self.fix.emit(finding)

    def _dismiss(self) -> None:
        finding = self.model.finding(self.view.currentIndex().row())
        if finding is not None and finding.severity == PUBLISHED:
            self.dismiss.emit(finding)
