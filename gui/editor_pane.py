"""The centre pane: the editor view of the open report (or a hint while none is open)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QStackedWidget

from gui.editor_view import EditorView
from gui.logic.editor import ReportEditor
from gui.logic.startup import OPENING_TEXT
from models.domain.fields import Kind, Target
from models.domain.findings import Finding

EMPTY_TEXT = "请在左侧选择一份报告，或通过“文件 → 新建年报…”开始。"


class EditorPane(QObject):
    """The centre of the window: one editor view, kept and rebound to each report opened.

    Building the pages and swapping the centre page made Qt lay out and repaint the whole
    window on every open, so the view stays while the next report has the same sections.

    Signals:
        anchor(str): the part being edited changed (preview anchor, e.g. ``table:t3``).
        message(str): a line for the status bar.
    """

    anchor = Signal(str)
    message = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.centre = QStackedWidget()
        self.empty = QLabel(OPENING_TEXT)  # until the database is open (show_how_to_start)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.centre.addWidget(self.empty)
        #: The view of the open report (``None`` before the first open).
        self.view: EditorView | None = None
        #: A view built ahead of the first open, showing no report (see gui.startup).
        self.spare_view: EditorView | None = None

    def show_how_to_start(self) -> None:
        """The database is open: with no report open, say how to start."""
        self.empty.setText(EMPTY_TEXT)

    def show(self, editor: ReportEditor) -> None:
        """Show ``editor``'s report (the previous one must be closed with :meth:`close`)."""
        view = self.view
        if view is None:
            view = self.spare_view
            self.spare_view = None
        if view is not None and view.can_show(editor):
            view.bind(editor)
        else:
            if view is not None:
                self._drop(view)
            view = self.new_view(editor)
        self.view = view
        self.centre.setCurrentWidget(view)

    def can_reuse(self, editor: ReportEditor) -> bool:
        """Whether the view shown (or built ahead) can show ``editor``'s report."""
        view = self.view or self.spare_view
        return view is not None and view.can_show(editor)

    def new_view(self, editor: ReportEditor) -> EditorView:
        """An editor view of ``editor``'s report, in the centre (not made current)."""
        view = EditorView(editor)
        view.anchor.connect(self.anchor)
        view.message.connect(self.message)
        self.centre.addWidget(view)
        return view

    def close(self, keep_view: bool = False) -> None:
        """Close the report shown; ``keep_view``: the view stays, to show the next one."""
        if self.view is None:
            return
        self.view.close_report()
        if not keep_view:
            self._drop(self.view)
            self.view = None

    def _drop(self, view: EditorView) -> None:
        view.close_report()
        self.centre.removeWidget(view)
        view.deleteLater()

    def current_anchor(self) -> str:
        """The part shown (``title`` when no report is)."""
        return self.view.current_anchor() if self.view is not None else "title"

    def commit_open_editors(self) -> None:
        """Finish the cell or text being edited, so that it is part of the report."""
        if self.view is not None:
            self.view.commit_open_editors()

    def set_flagged(self, keys: set[str]) -> None:
        """Mark the cells with an error."""
        if self.view is not None:
            self.view.set_flagged(keys)

    def go_to_finding(self, finding: Finding) -> None:
        """Select the cell or chapter a finding is about."""
        if self.view is not None:
            self.view.go_to_finding(finding)

    def show_section(self, anchor: str) -> None:
        """Show the part ``anchor`` (e.g. ``signature``)."""
        if self.view is not None:
            self.view.show_section(anchor)

    def show_target(self, target: Target) -> None:
        """Show where an edit target is (after undo, redo or a resolved conflict)."""
        kind, name = target.kind, target.name
        if kind is Kind.CELL:
            self.go_to_finding(Finding("", "", "", key=name))
        elif kind is Kind.DATE or name == "signature_unit":
            self.show_section("signature")
        else:
            self.go_to_finding(Finding("", "", "", chapter=name))
