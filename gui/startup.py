"""The window's first moments: the last report shown before the database is open.

The Qt-free part is :mod:`gui.logic.startup`, which also says why. The order at start-up with
this computer's SQLite file:

1. :meth:`Startup.show_before_open`: the editor shows the report read straight from the file;
   the preview pane is an empty placeholder; the window is painted.
2. :meth:`Startup.draw_preview_now` (right after that first paint): the checks, the real preview
   widget (made here, so its fonts and layout code are not on the way to the first paint), its
   layout and paint.
3. :meth:`Startup.attach_database`: saving, the navigator, and the check that the stored report
   is the one shown.
4. :meth:`Startup.prepare_first_open` (a moment later, only when no report is open): the first
   open made as quick as the later ones.

This is the one place that decides what waits for the first paint: storage (SQLAlchemy) is
imported here when the database is attached, the preview widget is made here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from gui.logic.editor import ReportEditor
from gui.logic.startup import reapply
from gui.workbench import Workbench
from models.domain.report import ReportData

if TYPE_CHECKING:
    from models.storage.database import Database
    from models.storage.quick_read import QuickRead

#: How long after the database is attached the first open is prepared (after the first paint).
PREPARE_FIRST_OPEN_MS = 300


class Startup(QObject):
    """Shows the last report first, then puts the window to work on the database.

    Args:
        window: the main window (shown, closed; parent of the message boxes).
        workbench: the open report's keeper, which the steps drive.
    """

    def __init__(self, window: QWidget, workbench: Workbench) -> None:
        super().__init__(window)
        self._window = window
        self._workbench = workbench
        #: The report shown before the database was open, as it was read (see attach_database).
        self._shown_before_open: ReportData | None = None
        #: Closing without saving: the database could not be opened after the first paint.
        self.discarded = False

    def show_before_open(self, quick: QuickRead) -> None:
        """Show the last report as read straight from the file, before the database is open."""
        bench = self._workbench
        self._shown_before_open = quick.data
        bench.show_editor(ReportEditor(-1, quick.data.copy(), quick.previous))
        bench.chrome.message(bench.session.saver.status_text(bench.session.editor))

    def draw_preview_now(self) -> None:
        """Run the checks, make the real preview, lay it out and paint it at once."""
        bench = self._workbench
        bench.refresh_checks()
        bench.preview.make_widget()
        bench.refresh_preview()
        bench.preview.widget.repaint()

    def attach_database(self, db: Database) -> None:
        """Work on the open ``db``: the navigator, saving, and the report shown meanwhile.

        A report shown by :meth:`show_before_open` is checked against the stored one: when it is
        the same the editor simply starts saving to it; otherwise the stored report is opened
        and any edit typed meanwhile is typed into it again, so nothing is lost.
        """
        from gui.logic.autosave import SAVE_DELAY_MS, Autosaver
        from models.services.reports import ReportStore

        bench = self._workbench
        store = ReportStore(db)
        bench.session.attach(store, Autosaver(store))
        bench.scheduler.set_save_delay(SAVE_DELAY_MS)
        bench.navigator.view.setEnabled(True)
        if bench.preview.preview is None:
            self.draw_preview_now()
        shown, self._shown_before_open = self._shown_before_open, None
        bench.refresh_navigator()
        editor = bench.session.editor
        if shown is not None and editor is not None:
            self._adopt_shown_report(shown, editor)
        bench.chrome.update()
        QTimer.singleShot(PREPARE_FIRST_OPEN_MS, self, self.prepare_first_open)

    def prepare_first_open(self) -> None:
        """With no report open: build the editor view and run the open's queries once, ahead.

        The first report opened in a window built its editor view (about 7 ms), ran the open's
        queries for the first time, when SQLAlchemy compiles their SQL (about 7 ms), laid out
        and painted the view's widgets for the first time and laid out the first preview (its
        caches of text measures and table shapes empty): the first open took two to three
        times as long as the later ones. This does all of it in idle time on the newest report
        in the navigator — the view painted off screen, the preview's layout made and dropped —
        and the view waits, showing nothing, in
        :attr:`~gui.editor_pane.EditorPane.spare_view` for the clerk's first choice.
        """
        bench = self._workbench
        pane = bench.editor_pane
        if bench.session.editor is not None or pane.view is not None or pane.spare_view:
            return
        if not self._window.isVisible():  # closed meanwhile: its database may be closed too
            return
        entries = bench.navigator.view.entries()
        if not entries:
            return
        from sqlalchemy.exc import SQLAlchemyError

        from exporters.document import build_document
        from exporters.layout import layout_document

        unit, year = max(entries, key=lambda entry: entry[1])
        try:
            opened = bench.session.store.open(unit, year)
        except (SQLAlchemyError, OSError, LookupError, ValueError):
            return  # only a head start: the clerk's own open says what is wrong
        if opened is None:
            return
        editor = ReportEditor(opened.report_id, opened.data, tracked=opened.tracked)
        view = pane.spare_view = pane.new_view(editor)
        view.resize(pane.centre.size())
        view.grab()  # polished, laid out and painted once, off screen
        view.close_report()
        # The preview's first layout fills the caches of text measures and table shapes.
        layout_document(build_document(opened.data))

    def _adopt_shown_report(self, shown: ReportData, editor: ReportEditor) -> None:
        bench = self._workbench
        opened = bench.session.store.open(shown.unit, shown.year)
        if opened is not None and opened.data == shown:
            editor.report_id = opened.report_id
            editor.tracked = opened.tracked
            editor.previous = opened.previous
            bench.chrome.clear_message()
            bench.chrome.set_deadline(opened.deadline())
            if editor.dirty:
                bench.scheduler.save_later()
            return
        typed = {target: editor.value(target) for target in editor.pending_targets()}
        bench.close_report()
        if opened is None:
            bench.refresh_navigator()
            if typed:
                bench.dialogs.error(
                    self._window,
                    "打开报告",
                    f"“{shown.unit}”{shown.year}年的报告已不在数据库中。",
                )
            return
        if bench.open_report(shown.unit, shown.year) and bench.session.editor is not None:
            reapply(bench.session.editor, typed)

    def discard_and_close(self) -> None:
        """Close without saving: the database could not be opened after the first paint."""
        self.discarded = True
        self._window.close()
