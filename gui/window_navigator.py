"""The navigator's units and years, and the first-run page shown while there are none.

Mixed into :class:`gui.main_window.MainWindow`; the logic is in :mod:`gui.logic.navigator`. Both
it and the welcome page are imported when first needed, with the database (after the window's
first paint).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gui.main_window import MainWindow
    from gui.welcome import WelcomePage


class NavigatorAndWelcome:
    """Fills the navigator (counts one unit per event-loop turn when there are many reports)."""

    @property
    def welcome(self: MainWindow) -> WelcomePage:
        """The first-run page, shown while the database holds no report (built when first asked)."""
        if self._welcome is None:
            from gui.welcome import WelcomePage

            welcome = self._welcome = WelcomePage()
            welcome.new_report.connect(self.new_report)
            welcome.import_report.connect(self.import_reports)
            welcome.open_example.connect(self.open_example)
            self.stack.addWidget(welcome)
        return self._welcome

    def refresh_navigator(self: MainWindow) -> None:
        """Reload the list of units and years (and show the welcome page if there are none).

        With many reports the tree is filled from the report list at once and the error and
        warning counts follow one unit per event-loop turn, so the window never waits for
        hundreds of check runs.
        """
        from gui.logic import navigator as navigator_logic  # not before the first paint

        self.count_timer.stop()
        summaries = self.store.summaries()
        if len(summaries) <= navigator_logic.SYNC_LIMIT:
            self._count_queue = None
            self.navigator.set_entries(navigator_logic.build_navigator(self.store.all_reports()))
        else:
            self._count_queue = navigator_logic.CountQueue(summaries)
            self.navigator.set_entries(navigator_logic.pending_navigator(summaries))
            self.count_timer.start()
        has_reports = bool(self.navigator.entries())
        self.stack.setCurrentWidget(self.main if has_reports else self.welcome)
        if self.editor is not None:
            self.navigator.select(self.editor.data.unit, self.editor.data.year)

    def _count_next_unit(self: MainWindow) -> None:
        queue = self._count_queue
        if not queue:
            self.count_timer.stop()
            return
        shown = (self.editor.data.unit, self.editor.data.year) if self.editor else None
        for entry in queue.next_slice(self.store.load_by_ids):
            if (entry.unit, entry.year) != shown:  # the open report's counts are live
                self.navigator.update_entry(entry)
