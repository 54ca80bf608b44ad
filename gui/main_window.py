"""The main window: it builds the panes and the parts that work on them, and connects them.

The parts, each given what it works on:

- :class:`~gui.logic.session.EditSession` (Qt-free): the open report's editor, its saver, the
  store, and what an edit makes due;
- :class:`~gui.scheduler.Scheduler`: when: one save, one check run and one preview repaint
  per burst of edits;
- the panes: :class:`~gui.navigator_pane.NavigatorPane`, :class:`~gui.editor_pane.EditorPane`,
  :class:`~gui.preview_pane.PreviewPane`, :class:`~gui.check_panel.CheckPanel`; and
  :class:`~gui.chrome.Chrome` (title, status bar, the state of the actions);
- :class:`~gui.workbench.Workbench`: opening, closing, reloading and saving the report;
- :class:`~gui.startup.Startup`: the window put to work on the database opened after its first
  paint;
- the commands behind the menus: :class:`~gui.edit_commands.EditCommands`,
  :class:`~gui.feature_commands.FeatureCommands`, :class:`~gui.export_commands.ExportCommands`.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow, QSplitter, QStackedWidget

from gui.check_panel import CheckPanel
from gui.chrome import Chrome
from gui.dialogs import Dialogs
from gui.edit_commands import EditCommands
from gui.editor_pane import EditorPane
from gui.export_commands import ExportCommands
from gui.feature_commands import FeatureCommands
from gui.field_commands import FieldCommands
from gui.logic.session import EditSession
from gui.menus import Menus
from gui.navigator_commands import NavigatorCommands
from gui.navigator_pane import NavigatorPane
from gui.preview_pane import PreviewPane
from gui.scheduler import Scheduler
from gui.startup import Startup
from gui.workbench import Workbench

GEOMETRY_KEY = "window/geometry"


class MainWindow(QMainWindow):
    """The window the clerk works in.

    Args:
        dialogs: message boxes and file pickers (a fake in tests).
        settings: where geometry, splitters and export choices are remembered.
    """

    def __init__(self, dialogs: Dialogs, settings: QSettings) -> None:
        super().__init__()
        self.dialogs = dialogs
        self.settings = settings
        # The panes.
        self.stack = QStackedWidget()
        self.main = QSplitter(Qt.Orientation.Horizontal)
        self.main.setObjectName("main_splitter")
        self.right = QSplitter(Qt.Orientation.Vertical)
        self.right.setObjectName("right_splitter")
        self.navigator = NavigatorPane(self.stack, self.main)
        self.editor_pane = EditorPane(self)
        self.preview = PreviewPane(self.right)
        self.checks = CheckPanel()
        self.right.addWidget(self.checks)
        self.right.setStretchFactor(0, 3)
        self.right.setStretchFactor(1, 1)
        self.right.setSizes([620, 310])  # a third for the checks: six findings at 1600×1000
        self.main.addWidget(self.navigator.view)
        self.main.addWidget(self.editor_pane.centre)
        self.main.addWidget(self.right)
        self.main.setSizes([230, 720, 550])
        self.main.setStretchFactor(1, 1)
        self.stack.addWidget(self.main)
        self.setCentralWidget(self.stack)
        self.menus = Menus(self)

        # The parts that work on them.
        self.session = EditSession()
        self.scheduler = Scheduler(self.session.last_typed, parent=self)
        self.chrome = Chrome(self, self.session, self.menus)
        panes = (self.navigator, self.editor_pane, self.preview, self.checks)
        self.workbench = Workbench(
            self, self.session, self.scheduler, panes, self.chrome, dialogs, settings
        )
        self.startup = Startup(self, self.workbench)
        self.edits = EditCommands(self.session, self.editor_pane, self.chrome)
        self.features = FeatureCommands(self, self.workbench, dialogs, settings)
        self.exports = ExportCommands(self, self.workbench, self.chrome, dialogs, settings)
        self.fields = FieldCommands(self, self.workbench, self.chrome, dialogs)
        self.navigation = NavigatorCommands(
            self, self.workbench, self.exports, self.chrome, dialogs
        )
        self.menus.font_actions[self.exports.font_profile()].setChecked(True)

        self._connect_signals()
        self._restore_settings()
        # Until the database is attached (startup.start_work): no report, nothing to navigate.
        self.stack.setCurrentWidget(self.main)
        self.navigator.view.setEnabled(False)
        self.chrome.update()
        self.chrome.message(self.session.saver.status_text(None))

    def _connect_signals(self) -> None:
        """Who answers what: the whole wiring of the window in one place."""
        bench, menus, edits, features = self.workbench, self.menus, self.edits, self.features
        exports = self.exports
        # Timing: one save, one check run, one preview repaint per burst of edits.
        self.scheduler.save_due.connect(bench.start_save)
        self.scheduler.checks_due.connect(bench.refresh_checks)
        self.scheduler.preview_due.connect(bench.refresh_preview)
        # Panes.
        self.navigator.view.open_report.connect(bench.open_report)
        self.navigator.new_report.connect(features.new_report)
        self.navigator.import_reports.connect(features.import_reports)
        self.navigator.open_example.connect(features.open_example)
        self.navigator.view.command.connect(self.navigation.run)
        self.editor_pane.anchor.connect(self.preview.follow)
        self.editor_pane.message.connect(lambda text: self.chrome.message(text, 8000))
        self.checks.chosen.connect(edits.go_to_finding)
        self.checks.fix.connect(edits.apply_fix)
        self.checks.dismiss.connect(bench.dismiss_published)
        # Menus and tool bar.
        menus.new.triggered.connect(features.new_report)
        menus.import_.triggered.connect(features.import_reports)
        menus.import_url.triggered.connect(features.import_from_url)
        menus.example.triggered.connect(features.open_example)
        for suffix, action in [*menus.exports.items(), *menus.toolbar_exports.items()]:
            action.triggered.connect(lambda _=False, s=suffix: exports.export(s))
        for key, action in menus.font_actions.items():
            action.triggered.connect(lambda _=False, k=key: exports.set_font_profile(k))
        menus.print_.triggered.connect(exports.print_report)
        menus.restore.triggered.connect(features.restore_backup)
        menus.connection.triggered.connect(features.database_connection)
        menus.quit.triggered.connect(self.close)
        menus.save.triggered.connect(self.fields.save_now)
        menus.undo.triggered.connect(edits.undo)
        fields = self.fields
        menus.cut.triggered.connect(lambda: fields.on_focus("cut"))
        menus.copy.triggered.connect(lambda: fields.on_focus("copy"))
        menus.paste.triggered.connect(lambda: fields.on_focus("paste"))
        menus.select_all.triggered.connect(lambda: fields.on_focus("selectAll"))
        menus.find.triggered.connect(self.fields.ask_find)
        menus.find_next.triggered.connect(self.fields.find_again)
        menus.redo.triggered.connect(edits.redo)
        menus.compare.triggered.connect(features.compare)
        menus.aggregate.triggered.connect(features.aggregate)
        menus.versions.triggered.connect(features.versions)
        menus.refresh.triggered.connect(bench.refresh_navigator)
        menus.manual.triggered.connect(features.manual)
        menus.about.triggered.connect(features.about)

    # ----- Qt's events ---------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.workbench.pull_changes()

    def closeEvent(self, event: QCloseEvent) -> None:
        bench = self.workbench
        if self.startup.discarded:
            bench.close_report()
            event.accept()
            return
        if not bench.flush_edits() and not self.dialogs.confirm(
            self,
            "保存失败",
            f"{self.session.saver.error}\n\n现在退出会丢失尚未保存的修改。仍要退出吗？",
            "仍然退出",
        ):
            event.ignore()
            return
        self.save_settings()
        bench.close_report()
        self.session.saver.shutdown()
        event.accept()

    # ----- settings ------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        from gui.window_placement import place_window

        place_window(self, self.settings, (self.main, self.right))

    def save_settings(self) -> None:
        """Remember geometry and splitter positions."""
        self.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        for splitter in (self.main, self.right):
            self.settings.setValue(f"window/{splitter.objectName()}", splitter.saveState())
        self.settings.sync()
