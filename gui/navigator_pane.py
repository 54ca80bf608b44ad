"""The navigator pane: units and years with their counts; a first-run page while there are none."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from gui.logic import navigator as navigator_logic
from gui.logic.editor import ReportEditor
from gui.navigator_view import NavigatorView
from gui.welcome import WelcomePage

if TYPE_CHECKING:  # storage comes with the database, after the first paint
    from models.services.reports import ReportStore


class NavigatorPane(QObject):
    """Fills the navigator; with many reports the counts follow one unit per event-loop turn.

    Args:
        stack: the window's top-level stack: ``main`` (the panes) or the welcome page.
        main: the page of the panes.

    Signals:
        new_report, import_reports, open_example: the welcome page's three ways to start.
    """

    new_report = Signal()
    import_reports = Signal()
    open_example = Signal()

    def __init__(self, stack: QStackedWidget, main: QWidget) -> None:
        super().__init__(stack)
        self.view = NavigatorView()
        self._stack = stack
        self._main = main
        self._welcome: WelcomePage | None = None
        self._count_queue: navigator_logic.CountQueue | None = None
        self._store: ReportStore | None = None
        self._shown: tuple[str, int] | None = None
        self._count_timer = QTimer(self, interval=0)
        self._count_timer.timeout.connect(self._count_next_unit)

    @property
    def counting(self) -> bool:
        """Whether error and warning counts are still to follow (a large database)."""
        return bool(self._count_queue)

    @property
    def filled(self) -> bool:
        """Whether the list has been read from a database (at start-up it follows the report)."""
        return self._store is not None

    @property
    def welcome(self) -> WelcomePage:
        """The first-run page, shown while the database holds no report (built when first asked)."""
        if self._welcome is None:
            welcome = self._welcome = WelcomePage()
            welcome.new_report.connect(self.new_report)
            welcome.import_report.connect(self.import_reports)
            welcome.open_example.connect(self.open_example)
            self._stack.addWidget(welcome)
        return self._welcome

    def refresh(self, store: ReportStore, editor: ReportEditor | None) -> None:
        """Reload the units and years (the welcome page if there are none); select ``editor``'s.

        With many reports the tree is filled from the report list at once and the error and
        warning counts follow one unit per event-loop turn, so the window never waits for
        hundreds of check runs. The open report's counts are live and left to the window.
        """
        self._count_timer.stop()
        self._store = store
        self._shown = (editor.data.unit, editor.data.year) if editor is not None else None
        summaries = store.summaries()
        if len(summaries) <= navigator_logic.SYNC_LIMIT:
            self._count_queue = None
            self.view.set_entries(navigator_logic.build_navigator(store.all_reports()))
        else:
            self._count_queue = navigator_logic.CountQueue(summaries)
            self.view.set_entries(navigator_logic.pending_navigator(summaries))
            self._count_timer.start()
        has_reports = bool(self.view.entries())
        self._stack.setCurrentWidget(self._main if has_reports else self.welcome)
        if self._shown is not None:
            self.view.select(*self._shown)

    def show_open(self, editor: ReportEditor | None) -> None:
        """``editor``'s report is the open one now (its entry and counts are the window's)."""
        self._shown = None
        if editor is not None:
            self._shown = (editor.data.unit, editor.data.year)
            self.view.select(*self._shown)

    def show_counts(self, editor: ReportEditor) -> None:
        """The open report's status and counts, as just checked."""
        data = editor.data
        errors, warnings = editor.counts()
        entry = navigator_logic.YearEntry(data.unit, data.year, data.status, errors, warnings)
        self.view.update_entry(entry)

    def _count_next_unit(self) -> None:
        queue = self._count_queue
        if not queue or self._store is None:
            self._count_timer.stop()
            return
        for entry in queue.next_slice(self._store.load_by_ids):
            if (entry.unit, entry.year) != self._shown:  # the open report's counts are live
                self.view.update_entry(entry)
