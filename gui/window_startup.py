"""The window's first moments: the last report shown before the database is open.

Mixed into :class:`gui.main_window.MainWindow`; the Qt-free part is :mod:`gui.logic.startup`,
which also says why. The order at start-up with this computer's SQLite file:

1. :meth:`StartBeforeDatabase.show_before_open`: the editor shows the report read straight
   from the file; the preview pane is an empty placeholder; the window is painted.
2. :meth:`StartBeforeDatabase.draw_preview_now` (right after that first paint): the checks, the
   real preview widget (made here, so its fonts and layout code are not on the way to the first
   paint), its layout and paint.
3. :meth:`StartBeforeDatabase.attach_database`: saving, the navigator, and the check that the
   stored report is the one shown.
4. :meth:`StartBeforeDatabase.prepare_first_open` (a moment later, only when no report is
   open): the first open made as quick as the later ones.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from gui.logic.editor import ReportEditor
from gui.logic.startup import reapply
from gui.preview_host import make_preview
from models.domain.report import ReportData

#: How long after the database is attached the first open is prepared (after the first paint).
PREPARE_FIRST_OPEN_MS = 300

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from gui.main_window import MainWindow
    from models.storage.database import Database
    from models.storage.quick_read import QuickRead


class PendingPreview(QWidget):
    """The preview pane until the real preview is made (one frame after the first paint)."""

    def show_report(self, report: ReportData) -> None:
        """Nothing to draw yet."""

    def scroll_to(self, anchor: str) -> bool:
        """Nothing to scroll yet."""
        return False

    def print_to(self, printer: QPrinter) -> None:
        """Never asked: printing waits for the database, which comes after the real preview."""

    def fit_width(self) -> None:
        """Nothing to zoom yet."""


def first_preview(before_database: bool) -> QWidget:
    """The preview widget the window starts with (a placeholder when it starts early)."""
    return PendingPreview() if before_database else make_preview()


class StartBeforeDatabase:
    """Showing the last report first, then working on the database (see the module doc)."""

    def show_before_open(self: MainWindow, quick: QuickRead) -> None:
        """Show the last report as read straight from the file, before the database is open."""
        self._shown_before_open = quick.data
        self._show_editor(ReportEditor(-1, quick.data.copy(), quick.previous))
        self.statusBar().showMessage(self.saver.status_text(self.editor))

    def draw_preview_now(self: MainWindow) -> None:
        """Run the checks, make the real preview, lay it out and paint it at once."""
        self.refresh_checks()
        if isinstance(self.preview_widget, PendingPreview):
            pending = self.preview_widget
            self.preview_widget = make_preview()
            self.preview = self.preview_widget  # type: ignore[assignment]
            self.right.replaceWidget(0, self.preview_widget)
            self.preview_widget.installEventFilter(self)
            pending.deleteLater()
        self.refresh_preview()
        self.preview_widget.repaint()

    def attach_database(self: MainWindow, db: Database) -> None:
        """Work on the open ``db``: the navigator, saving, and the report shown meanwhile.

        A report shown by :meth:`show_before_open` is checked against the stored one: when it is
        the same the editor simply starts saving to it; otherwise the stored report is opened
        and any edit typed meanwhile is typed into it again, so nothing is lost.
        """
        from PySide6.QtCore import Qt  # after the first paint (see gui.qt_before_paint)

        from gui.logic.autosave import SAVE_DELAY_MS, Autosaver
        from models.services.reports import ReportStore

        self.db = db
        self.store = ReportStore(db)
        self.saver = Autosaver(self.store)
        self.save_delay_ms = SAVE_DELAY_MS
        # Sent from the writer thread. Connected here, not when the window is built: the
        # connection type is in the ``Qt`` namespace (see gui.qt_before_paint).
        self._save_notifier.done.connect(self._save_finished, Qt.ConnectionType.QueuedConnection)
        self.save_timer.setInterval(SAVE_DELAY_MS)
        self.gc_timer.start()
        self.attached = True
        self.navigator.setEnabled(True)
        if isinstance(self.preview_widget, PendingPreview):
            self.draw_preview_now()
        shown, self._shown_before_open = self._shown_before_open, None
        self.refresh_navigator()
        if shown is not None and self.editor is not None:
            self._adopt_shown_report(shown, self.editor)
        self._update_chrome()
        QTimer.singleShot(PREPARE_FIRST_OPEN_MS, self, self.prepare_first_open)

    def prepare_first_open(self: MainWindow) -> None:
        """With no report open: build the editor view and run the open's queries once, ahead.

        The first report opened in a window built its editor view (about 7 ms), ran the open's
        queries for the first time, when SQLAlchemy compiles their SQL (about 7 ms), laid out
        and painted the view's widgets for the first time and laid out the first preview (its
        caches of text measures and table shapes empty): the first open took two to three
        times as long as the later ones. This does all of it in idle time on the newest report
        in the navigator — the view painted off screen, the preview's layout made and dropped —
        and the view waits, showing nothing, in
        :attr:`~gui.main_window.MainWindow.spare_view` for the clerk's first choice.
        """
        if self.editor is not None or self.editor_view is not None or self.spare_view is not None:
            return
        if not self.isVisible():  # closed meanwhile: its database may be closed too
            return
        entries = self.navigator.entries()
        if not entries:
            return
        from sqlalchemy.exc import SQLAlchemyError

        from exporters.document import build_document
        from exporters.layout import layout_document

        unit, year = max(entries, key=lambda entry: entry[1])
        try:
            opened = self.store.open(unit, year)
        except (SQLAlchemyError, OSError, LookupError, ValueError):
            return  # only a head start: the clerk's own open says what is wrong
        if opened is None:
            return
        editor = ReportEditor(opened.report_id, opened.data, tracked=opened.tracked)
        view = self.spare_view = self.new_editor_view(editor)
        view.resize(self.centre.size())
        view.grab()  # polished, laid out and painted once, off screen
        view.close_report()
        # The preview's first layout fills the caches of text measures and table shapes.
        layout_document(build_document(opened.data))

    def _adopt_shown_report(self: MainWindow, shown: ReportData, editor: ReportEditor) -> None:
        opened = self.store.open(shown.unit, shown.year)
        if opened is not None and opened.data == shown:
            editor.report_id = opened.report_id
            editor.tracked = opened.tracked
            editor.previous = opened.previous
            self.statusBar().clearMessage()
            self.deadline_label.setText(opened.deadline())
            if editor.dirty:
                self.save_timer.start()
            return
        typed = {target: editor.value(target) for target in editor.pending_targets()}
        self._close_editor()
        if opened is None:
            self.refresh_navigator()
            if typed:
                self.dialogs.error(
                    self, "打开报告", f"“{shown.unit}”{shown.year}年的报告已不在数据库中。"
                )
            return
        if self.open_report(shown.unit, shown.year) and self.editor is not None:
            reapply(self.editor, typed)

    def discard_and_close(self: MainWindow) -> None:
        """Close without saving: the database could not be opened after the first paint."""
        self._discarded = True
        self.close()
