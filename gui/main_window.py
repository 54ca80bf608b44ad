"""The main window: navigator, report editor, preview and checks; autosave and undo."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QStackedWidget

from gui.check_panel import CheckPanel
from gui.dialogs import Dialogs
from gui.editor_view import EditorView
from gui.fixed_label import show_fixed
from gui.logic.editor import Change, ReportEditor
from gui.logic.save_pacing import SavePacing
from gui.logic.startup import SaverBeforeDatabase, parse_last_report
from gui.navigator_commands import NavigatorCommands
from gui.navigator_view import NavigatorView
from gui.preview_host import PREVIEW_DELAY_MS, Preview
from gui.qt_before_paint import ALIGN_CENTER, VERTICAL, set_enum_property
from gui.window_actions import WindowActions
from gui.window_edit_commands import EditCommands
from gui.window_features import FeatureCommands
from gui.window_navigator import NavigatorAndWelcome
from gui.window_saving import GC_CHECK_MS, Autosaving
from gui.window_startup import StartBeforeDatabase, first_preview
from gui.window_sync import SharedEditing
from models.domain.findings import ERROR
from models.domain.report import ReportData

if TYPE_CHECKING:  # imported later: storage (SQLAlchemy) with the database, the rest when used
    from gui.logic.autosave import Autosaver
    from gui.logic.navigator import CountQueue
    from gui.logic.store import ReportStore
    from gui.welcome import WelcomePage
    from models.storage.database import Database

log = logging.getLogger(__name__)
REFRESH_DELAY_MS = 40
PREVIEW_DELAY_MAX_MS = 400
#: The preview of a report just opened is laid out this long after the editor's paint. One frame
#: (16 ms) was not enough: when the open's own events (the navigator, the checks, the settings
#: file) took longer, the preview's 15–35 ms layout ran in the same pass and held up the clerk's
#: first key or click after the open.
PREVIEW_AFTER_OPEN_MS = 50
APP_NAME = "年报"


class _SaveNotifier(QObject):
    """Carries "the background write finished" from the writer thread to the window."""

    done = Signal()


class MainWindow(
    FeatureCommands,
    EditCommands,
    SharedEditing,
    Autosaving,
    StartBeforeDatabase,
    NavigatorAndWelcome,
    QMainWindow,
):
    """The window the clerk works in.

    Args:
        db: the one open database; ``None`` at start-up when the last report is shown first
            (:meth:`show_before_open`) and the database attached after the first paint
            (:meth:`attach_database`).
        dialogs: message boxes and file pickers (a fake in tests).
        settings: where geometry, splitters and export choices are remembered.
    """

    store: ReportStore
    db: Database

    def __init__(self, db: Database | None, dialogs: Dialogs, settings: QSettings) -> None:
        super().__init__()
        self.dialogs = dialogs
        self.settings = settings
        self.saver: Autosaver | SaverBeforeDatabase = SaverBeforeDatabase()
        self.attached = False
        #: The report shown before the database was open, as it was read (see attach_database).
        self._shown_before_open: ReportData | None = None
        self._discarded = False
        self.editor: ReportEditor | None = None
        self.editor_view: EditorView | None = None
        #: An editor view built before the first open, showing no report (prepare_first_open).
        self.spare_view: EditorView | None = None
        self._welcome: WelcomePage | None = None  # built when first shown (see welcome)
        self.navigator = NavigatorView()
        self.centre = QStackedWidget()
        self.empty = QLabel("请在左侧选择一份报告，或通过“文件 → 新建年报…”开始。")
        set_enum_property(self.empty, "alignment", ALIGN_CENTER)
        self.centre.addWidget(self.empty)
        self.preview_widget = first_preview(before_database=db is None)
        self.preview: Preview = self.preview_widget  # type: ignore[assignment]
        self.checks = CheckPanel()
        self.right = QSplitter()
        set_enum_property(self.right, "orientation", VERTICAL)
        self.right.setObjectName("right_splitter")
        self.right.addWidget(self.preview_widget)
        self.right.addWidget(self.checks)
        self.right.setStretchFactor(0, 2)
        self.right.setStretchFactor(1, 1)
        self.right.setSizes([620, 310])  # a third for the checks: six findings at 1600×1000
        self.main = QSplitter()  # horizontal
        self.main.setObjectName("main_splitter")
        self.main.addWidget(self.navigator)
        self.main.addWidget(self.centre)
        self.main.addWidget(self.right)
        self.main.setSizes([230, 720, 550])
        self.main.setStretchFactor(1, 1)
        self.preview_widget.installEventFilter(self)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.main)
        self.setCentralWidget(self.stack)

        self.counts_label = QLabel()
        self.save_label = QLabel()
        self.deadline_label = QLabel()
        self.statusBar().addPermanentWidget(self.deadline_label)
        self.statusBar().addPermanentWidget(self.counts_label)
        self.statusBar().addPermanentWidget(self.save_label)
        self.save_timer = QTimer(self, singleShot=True)
        self.save_delay_ms = 0  # set when the database is attached
        self.save_pacing = SavePacing()
        self.save_timer.timeout.connect(self._start_save)
        self.gc_timer = QTimer(self, interval=GC_CHECK_MS)  # started with the database
        self.gc_timer.timeout.connect(self.collect_in_pause)
        self._save_notifier = _SaveNotifier(self)
        self.refresh_timer = QTimer(self, singleShot=True, interval=REFRESH_DELAY_MS)
        self.refresh_timer.timeout.connect(self.refresh_checks)
        self.count_timer = QTimer(self, interval=0)  # navigator counts, one unit per tick
        self.count_timer.timeout.connect(self._count_next_unit)
        self._count_queue: CountQueue | None = None
        self.preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self.preview_timer.timeout.connect(self.refresh_preview)
        self._shown_revision = -1
        self._anchor = "title"

        self.actions_ = WindowActions(self)
        self.navigator.open_report.connect(self.open_report)
        self.checks.chosen.connect(self.go_to_finding)
        self.checks.fix.connect(self.apply_fix)
        self.navigator.command.connect(lambda entry: NavigatorCommands(self).run(entry))
        self._restore_settings()
        if db is not None:
            self.attach_database(db)
        else:
            self.stack.setCurrentWidget(self.main)
            self.navigator.setEnabled(False)
            self._update_chrome()

    # ----- opening reports -----------------------------------------------------------------
    def open_report(self, unit: str, year: int) -> bool:
        """Open a stored report for editing (the current one is saved first)."""
        if self.editor is not None and (self.editor.data.unit, self.editor.data.year) == (
            unit,
            year,
        ):
            return True
        if not self.flush_edits():
            self.dialogs.error(self, "保存失败", self.saver.error or "保存失败")
            return False
        opened = self.store.open(unit, year)
        if opened is None:
            self.dialogs.error(self, "打开报告", f"没有找到“{unit}”{year}年的报告。")
            self.refresh_navigator()
            return False
        self._show_editor(
            ReportEditor(opened.report_id, opened.data, opened.previous, tracked=opened.tracked)
        )
        self.navigator.select(unit, year)
        self.settings.setValue("session/last_report", f"{year}\t{unit}")
        self.deadline_label.setText(opened.deadline())
        # The editor and the checks now; the preview (a full layout of the new report) a little
        # after the editor has painted (PREVIEW_AFTER_OPEN_MS), so opening does not wait for it.
        # The delay is counted from a zero timer, which runs after the posted layout and paint
        # events: counted from here it ran out while Qt was still painting the editor, and the
        # preview's layout landed in the same event processing.
        self.refresh_checks()
        self.preview_timer.stop()
        QTimer.singleShot(0, self, lambda: self.preview_timer.start(PREVIEW_AFTER_OPEN_MS))
        return True

    def _show_editor(self, editor: ReportEditor) -> None:
        """Show ``editor``'s report in the editor view (checks and preview are the caller's)."""
        # The editor view stays and shows the new report (a new view, and swapping the centre
        # page, made Qt lay out and repaint the whole window on every open).
        if self.editor_view is None:  # the view built ahead (see prepare_first_open), if any
            self.editor_view, self.spare_view = self.spare_view, None
        view = self.editor_view
        reuse = view is not None and view.can_show(editor)
        self._close_editor(keep_view=reuse)
        self._shown_revision = -1
        self.editor = editor
        editor.subscribe(self._on_change)
        if view is not None and reuse:
            view.bind(editor)
        else:
            view = self.editor_view = self.new_editor_view(editor)
        self.centre.setCurrentWidget(view)
        self.stack.setCurrentWidget(self.main)

    def new_editor_view(self, editor: ReportEditor) -> EditorView:
        """An editor view of ``editor``'s report, in the centre pane (not made current)."""
        view = EditorView(editor)
        view.anchor.connect(self._follow_anchor)
        view.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.centre.addWidget(view)
        return view

    def _close_editor(self, keep_view: bool = False) -> None:
        """Close the open report; ``keep_view``: the editor view stays, to show the next one."""
        if self.editor_view is not None:
            self.editor_view.close_report()
            if not keep_view:
                self.centre.removeWidget(self.editor_view)
                self.editor_view.deleteLater()
                self.editor_view = None
        if self.editor is not None:
            self.editor.unsubscribe(self._on_change)
            self.editor = None
        self.saver.forget()
        self.checks.set_findings([])
        self.deadline_label.clear()

    def close_report(self) -> None:
        """Close the open report (the caller saved it); the centre shows the hint."""
        self._close_editor()
        self.centre.setCurrentWidget(self.empty)

    def reload_report(self) -> None:
        """Reload the open report from the database (after another dialog changed it)."""
        if self.editor is None:
            self.refresh_navigator()
            return
        unit, year = self.editor.data.unit, self.editor.data.year
        anchor = self.editor_view.current_anchor() if self.editor_view else "title"
        unsaved = len(self.editor.pending_targets()) if not self.flush_edits() else 0
        if unsaved:  # e.g. the report was 定稿 meanwhile: say so rather than drop them quietly
            self.dialogs.error(
                self, "修改未能保存", f"有 {unsaved} 处修改未能保存：{self.saver.error}"
            )
        self._close_editor()
        self.refresh_navigator()
        if self.store.exists(unit, year) and self.open_report(unit, year) and self.editor_view:
            self.editor_view.show_section(anchor)

    # ----- editing -------------------------------------------------------------------------
    def _on_change(self, _change: Change) -> None:
        # Per keystroke: restart cheap timers and show the save state (title, status bar) if it
        # changed. Checks, preview and the undo/redo texts (a new text relays the tool bar out)
        # follow from the debounced refresh; whether undo/redo can be used is set now.
        if not self.save_timer.isActive() and not self.saver.busy:
            self.save_timer.start()
        self.refresh_timer.start()
        self.preview_timer.start()
        editor = self.editor
        if editor is None:
            return
        self.actions_.undo.setEnabled(editor.history.undo_label is not None)
        self.actions_.redo.setEnabled(editor.history.redo_label is not None)
        self._show_save_state(editor)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.preview_widget and event.type() == QEvent.Type.Resize:
            # After the scroll area has laid out its viewport: the page keeps the pane's width.
            QTimer.singleShot(0, self._refit_preview)
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.pull_changes()

    def refresh_now(self) -> None:
        """Run the checks and redraw the preview for the current state."""
        self.refresh_checks()
        self.refresh_preview()

    def refresh_preview(self) -> None:
        """Redraw the preview; the next refresh waits longer if drawing is slow."""
        self.preview_timer.stop()
        editor = self.editor
        if editor is None or editor.revision == self._shown_revision:
            return
        started = time.perf_counter()
        if self._shown_revision == -1:
            self.preview.fit_width()
        self.preview.show_report(editor.snapshot())
        self._shown_revision = editor.revision
        spent_ms = (time.perf_counter() - started) * 1000
        self.preview_timer.setInterval(
            int(min(PREVIEW_DELAY_MAX_MS, max(PREVIEW_DELAY_MS, spent_ms)))
        )

    def refresh_checks(self) -> None:
        """Run the checks for the current state and show them."""
        self.refresh_timer.stop()
        editor = self.editor
        if editor is None:
            return
        findings = editor.findings()
        self.checks.set_findings(findings)
        flagged = {f.key for f in findings if f.severity == ERROR and f.key}
        if self.editor_view is not None:
            self.editor_view.set_flagged(flagged)
        errors, warnings = editor.counts()
        data = editor.data
        from gui.logic.navigator import YearEntry  # not before the first paint

        self.navigator.update_entry(YearEntry(data.unit, data.year, data.status, errors, warnings))
        self._update_chrome()

    def _follow_anchor(self, anchor: str) -> None:
        self._anchor = anchor
        self.preview.scroll_to(anchor)

    def _refit_preview(self) -> None:
        self.preview.fit_width()
        self.preview.scroll_to(self._anchor)

    def _update_chrome(self, counts: bool = True) -> None:
        editor = self.editor
        has = editor is not None
        if counts:
            for action in self.actions_.report_actions:
                action.setEnabled(has)
        undo_label = editor.history.undo_label if editor else None
        redo_label = editor.history.redo_label if editor else None
        self.actions_.undo.setEnabled(undo_label is not None)
        self.actions_.redo.setEnabled(redo_label is not None)
        self.actions_.undo.setText(f"撤销“{undo_label}”" if undo_label else "撤销")
        self.actions_.redo.setText(f"重做“{redo_label}”" if redo_label else "重做")
        if editor is None:
            self.setWindowTitle(APP_NAME)
            self.counts_label.clear()
            show_fixed(
                self.save_label, self.saver.status_text(None) if self.saver.last_saved else ""
            )
            return
        if counts:
            errors, warnings = editor.counts()
            self.counts_label.setText(editor.counts_text())
            style = "color: #b00020;" if errors else ("color: #a05a00;" if warnings else "")
            if self.counts_label.styleSheet() != style:
                self.counts_label.setStyleSheet(style)
        self._show_save_state(editor)

    def _show_save_state(self, editor: ReportEditor) -> None:
        text = self.saver.status_text(editor)
        if self.save_label.text() != text:
            show_fixed(self.save_label, text)
        state = self.saver.short_state(editor)
        title = f"{editor.data.unit} {editor.data.year}年 — {state} — {APP_NAME}"
        if self.windowTitle() != title:
            self.setWindowTitle(title)

    # ----- settings and closing ------------------------------------------------------------
    def _restore_settings(self) -> None:
        from gui.window_placement import place_window

        place_window(self, self.settings, (self.main, self.right))

    def save_settings(self) -> None:
        """Remember geometry and splitter positions."""
        self.settings.setValue("window/geometry", self.saveGeometry())
        for splitter in (self.main, self.right):
            self.settings.setValue(f"window/{splitter.objectName()}", splitter.saveState())
        self.settings.sync()

    def reopen_last(self) -> None:
        """Open the report that was open when the app was last closed, if it still exists."""
        last = parse_last_report(str(self.settings.value("session/last_report", "") or ""))
        if last is not None and self.store.exists(*last):
            self.open_report(*last)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._discarded:
            self._close_editor()
            event.accept()
            return
        if not self.flush_edits() and not self.dialogs.confirm(
            self,
            "保存失败",
            f"{self.saver.error}\n\n现在退出会丢失尚未保存的修改。仍要退出吗？",
            "仍然退出",
        ):
            event.ignore()
            return
        self.save_settings()
        self._close_editor()
        self.saver.shutdown()
        event.accept()
