"""First run: what the app does, and three ways to start."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class WelcomePage(QWidget):
    """Shown while the database holds no report."""

    new_report = Signal()
    import_report = Signal()
    open_example = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("年报 · 政府信息公开工作年度报告编制")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        lines = QLabel(
            "按国务院办公厅规定的格式填写年度报告的各章和三张表格，合计自动计算，勾稽关系和上年结转随时检查。\n"
            "边写边看排好版的成稿，一键导出符合公文格式的 Word、PDF 和网页；所有修改自动保存。"
        )
        lines.setWordWrap(True)
        lines.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.new_button = QPushButton("新建年报")
        self.import_button = QPushButton("导入已发布的年报")
        self.example_button = QPushButton("打开示例")
        self.example_button.setToolTip(
            "打开随程序附带的一份真实年报（沭阳县发展和改革局 2023 年），标为示例"
        )
        for button in (self.new_button, self.import_button, self.example_button):
            button.setMinimumSize(170, 44)
        self.new_button.setDefault(True)
        self.new_button.clicked.connect(self.new_report)
        self.import_button.clicked.connect(self.import_report)
        self.example_button.clicked.connect(self.open_example)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.new_button, self.import_button, self.example_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(title, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addSpacing(12)
        layout.addWidget(lines)
        layout.addSpacing(24)
        layout.addLayout(buttons)
        layout.addStretch(3)
