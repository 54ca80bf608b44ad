"""The window's first moments: shown at once, then put to work on the database.

The Qt-free part is :mod:`gui.logic.startup`, which also says why. The order at start-up:

1. The window is shown with no report and the status 正在打开数据库…; the preview pane is an
   empty placeholder (the preview widget's fonts and layout code are not on the way to the
   first paint). The navigator is disabled.
2. Right after that first paint :func:`gui.app.run_app` opens the database (a corrupt file is
   offered its newest good backup there) and calls :meth:`Startup.start_work`: saving, then
   the last report, opened through the one read path of the storage layer like any other
   open; its checks, the navigator and the preview widget follow from the event loop once the
   report takes keys.
3. :meth:`Startup.prepare_first_open` (a moment later, only when no report is open): the first
   open made as quick as the later ones.

This is the one place that decides what waits for the first paint: storage (SQLAlchemy) is
imported here when the database is attached, the preview widget is made here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from gui.logic.editor import ReportEditor
from gui.logic.startup import parse_last_report
from gui.workbench import LAST_REPORT_KEY, Workbench

if TYPE_CHECKING:
    from models.storage.database import Database

#: How long after the database is attached the first open is prepared (after the first paint).
PREPARE_FIRST_OPEN_MS = 300


class Startup(QObject):
    """Puts the window, shown before its database is open, to work on the database.

    Args:
        window: the main window (shown, closed; parent of the message boxes).
        workbench: the open report's keeper, which the steps drive.
    """

    def __init__(self, window: QWidget, workbench: Workbench) -> None:
        super().__init__(window)
        self._window = window
        self._workbench = workbench
        #: Closing without saving: the database could not be opened after the first paint.
        self.discarded = False

    def start_work(self, db: Database) -> None:
        """Put the window to work on the just opened ``db``: saving, then the last report, so
        that it takes keys as soon as it can, then (from the event loop) its checks, the
        navigator and the preview widget — the layout code and the report's fonts; the preview
        of the open report follows by itself (:meth:`Scheduler.preview_after_open`).
        """
        from gui.logic.autosave import SAVE_DELAY_MS, Autosaver
        from models.services.reports import ReportStore

        bench = self._workbench
        store = ReportStore(db)
        bench.session.attach(store, Autosaver(store))
        bench.scheduler.set_save_delay(SAVE_DELAY_MS)
        bench.navigator.view.setEnabled(True)
        bench.editor_pane.show_how_to_start()
        bench.chrome.clear_message()
        self._open_last_report()
        bench.chrome.update()
        QTimer.singleShot(0, self, self._after_the_report)
        QTimer.singleShot(PREPARE_FIRST_OPEN_MS, self, self.prepare_first_open)

    def _open_last_report(self) -> None:
        """Open the report that was open when the app was last closed, if it is still stored.

        Quietly nothing when it is gone (deleted meanwhile, another database); its checks
        and preview follow from the event loop.
        """
        bench = self._workbench
        last = parse_last_report(str(bench.settings.value(LAST_REPORT_KEY, "") or ""))
        opened = None if last is None else bench.session.store.open(*last)
        if opened is not None:
            bench.show_opened(opened)
            bench.scheduler.preview_after_open()

    def _after_the_report(self) -> None:
        """What waits until the last report takes keys: its checks, the navigator's list and
        counts, the preview widget."""
        bench = self._workbench
        bench.refresh_checks()
        bench.refresh_navigator()
        bench.preview.make_widget()

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

    def discard_and_close(self) -> None:
        """Close without saving: the database could not be opened after the first paint."""
        self.discarded = True
        self._window.close()
