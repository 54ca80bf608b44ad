"""A table chapter's page in the editor: its heading, a legend and the grid.

Imported when a table is first shown (see :class:`gui.editor_view.EditorView`): the grid's Qt
item view classes are not needed for the window's first paint.
"""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from gui.chapter_pages import heading as page_heading
from gui.chapter_pages import hint
from gui.logic.editor import ReportEditor
from gui.table_model import ReportTableModel
from gui.table_view import ReportTableView


class TableChapterPage(QWidget):
    """A table chapter: its heading and the grid."""

    def __init__(
        self, editor: ReportEditor, key: str, heading: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.model = ReportTableModel(editor, key)
        self.view = ReportTableView(self.model)
        title = page_heading(heading)
        legend = hint(
            "直接输入数字，Enter 下移，Tab 右移，Delete 清空；"
            "可从 Excel/WPS 复制一块数字后 Ctrl+V 粘贴。"
            "蓝色为自动合计；淡黄色为空白（未填写，导出印为 0）。"
        )
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(legend)
        layout.addWidget(self.view, 1)
