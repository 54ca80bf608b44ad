"""新建年报 dialog: unit, year, edition following the year, 从上一年带入."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gui.logic.new_report_form import (
    MAX_YEAR,
    MIN_YEAR,
    NewReportForm,
    NewReportRequest,
    edition_choices,
    edition_note,
)
from models.domain.deadlines import LEVELS


class NewReportDialog(QDialog):
    """Pick or create the unit, the year and (rarely) another edition."""

    def __init__(self, form: NewReportForm, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.setWindowTitle("新建年报")
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.unit.addItems(form.units())
        self.unit.setCurrentText(self.unit.itemText(0) if self.unit.count() else "")
        line = self.unit.lineEdit()  # an editable combo box always has one
        assert line is not None
        line.setPlaceholderText("机关全称，如 某某县发展和改革局")
        self.unit.setMinimumContentsLength(24)
        self.year = QSpinBox()
        self.year.setRange(MIN_YEAR, MAX_YEAR)
        self.year.setValue(max(MIN_YEAR, date.today().year - 1))
        self.year.setSuffix(" 年")
        self.edition = QComboBox()
        self.edition.addItem("按年度自动选择", None)
        for eid, name in edition_choices():
            self.edition.addItem(name, eid)
        self.level = QComboBox()
        self.level.addItem("（暂不设置）", None)
        for key, (label, month, day) in LEVELS.items():
            self.level.addItem(f"{label}（次年 {month} 月 {day} 日前发布）", key)
        self.level.setToolTip("单位层级决定年报的法定发布期限；以后也可在左侧右键单击单位设置")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.carry = QCheckBox("从上一年带入（上年结转等数据、开头和落款）")
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("新建")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        fields = QFormLayout()
        fields.addRow("单位：", self.unit)
        fields.addRow("年度：", self.year)
        fields.addRow("格式：", self.edition)
        fields.addRow("单位层级：", self.level)
        layout = QVBoxLayout(self)
        layout.addLayout(fields)
        layout.addWidget(self.note)
        layout.addWidget(self.carry)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.unit.currentTextChanged.connect(self._refresh)
        self.year.valueChanged.connect(self._refresh)
        self.edition.currentIndexChanged.connect(self._refresh)
        self._last_previous: bool | None = None
        self._level_unit: str | None = None
        self._refresh()

    def request(self) -> NewReportRequest:
        """What the dialog currently says."""
        edition = self.edition.currentData()
        return NewReportRequest(
            self.unit.currentText().strip(),
            self.year.value(),
            edition if isinstance(edition, str) else None,
            self.carry.isChecked() and self.carry.isEnabled(),
            level if isinstance(level := self.level.currentData(), str) else None,
        )

    def _refresh(self) -> None:
        request = self.request()
        self.note.setText(edition_note(request.year, request.edition))
        previous = self.form.has_previous(request.unit, request.year)
        if previous != self._last_previous:
            self.carry.setEnabled(previous)
            self.carry.setChecked(previous)
            self._last_previous = previous
        self.carry.setToolTip(
            "" if previous else f"没有该单位 {request.year - 1} 年的报告，无法带入"
        )
        self.problem.clear()
        unit = request.unit
        if unit != self._level_unit:  # show the unit's stored level (none for a new unit)
            self._level_unit = unit
            self.level.setCurrentIndex(max(0, self.level.findData(self.form.level_of(unit))))

    def accept(self) -> None:
        """Close only when the request can be done; otherwise say why."""
        reason = self.form.problem(self.request())
        if reason is not None:
            self.problem.setText(reason)
            return
        super().accept()
