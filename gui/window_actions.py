"""Menus, toolbar, export and print of the main window."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QToolBar

from gui.help_dialogs import show_manual
from gui.logic.export_plan import (
    FONT_PROFILES,
    FORMATS,
    ExportUnavailable,
    render,
    suggested_name,
    with_suffix,
)
from gui.qt_before_paint import TOOL_BUTTON_TEXT_ONLY, set_enum_property
from models.safe_write import ExportWriteError, write_bytes_atomically

if TYPE_CHECKING:
    from gui.main_window import MainWindow

log = logging.getLogger(__name__)


class WindowActions:
    """Builds the menus and toolbar and carries out export and print."""

    def __init__(self, window: MainWindow) -> None:
        self.w = window
        w = window
        bar = w.menuBar()
        file_menu = bar.addMenu("文件(&F)")
        self.new = self._action("新建年报…", w.new_report, QKeySequence.StandardKey.New)
        self.import_ = self._action("导入已发布的年报…", w.import_reports)
        self.example = self._action("打开示例", w.open_example)
        file_menu.addActions([self.new, self.import_, self.example])
        file_menu.addSeparator()
        export_menu = QMenu("导出(&E)", w)
        self.exports: dict[str, QAction] = {}
        for suffix, fmt in FORMATS.items():
            action = self._action(f"导出为 {fmt.name}…", lambda _=False, s=suffix: self.export(s))
            self.exports[suffix] = action
            export_menu.addAction(action)
        export_menu.addSeparator()
        fonts_menu = export_menu.addMenu("导出字体")
        self.font_group = QActionGroup(w)
        self.font_actions: dict[str, QAction] = {}
        chosen = self.font_profile()
        for key, label in FONT_PROFILES.items():
            action = QAction(w, checkable=True)
            action.setText(label)
            action.setChecked(key == chosen)
            action.triggered.connect(lambda _=False, k=key: self.set_font_profile(k))
            self.font_group.addAction(action)
            fonts_menu.addAction(action)
            self.font_actions[key] = action
        file_menu.addMenu(export_menu)
        self.print_ = self._action("打印…", self.print_report, QKeySequence.StandardKey.Print)
        file_menu.addAction(self.print_)
        file_menu.addSeparator()
        self.restore = self._action("恢复备份…", w.restore_backup)
        self.connection = self._action("数据库连接…", w.database_connection)
        file_menu.addActions([self.restore, self.connection])
        file_menu.addSeparator()
        self.quit = self._action("退出", w.close, QKeySequence.StandardKey.Quit)
        file_menu.addAction(self.quit)

        edit_menu = bar.addMenu("编辑(&E)")
        self.undo = self._action("撤销", w.undo, QKeySequence.StandardKey.Undo)
        self.redo = self._action("重做", w.redo)
        self.redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        edit_menu.addActions([self.undo, self.redo])

        report_menu = bar.addMenu("报告(&R)")
        self.compare = self._action("与上年比较…", lambda: w.report_feature("compare"))
        self.aggregate = self._action("汇总…", lambda: w.report_feature("aggregate"))
        self.versions = self._action("定稿与版本…", lambda: w.report_feature("versions"))
        report_menu.addActions([self.compare, self.aggregate, self.versions])
        report_menu.addSeparator()
        self.refresh = self._action(
            "刷新列表", w.refresh_navigator, QKeySequence.StandardKey.Refresh
        )
        report_menu.addAction(self.refresh)

        help_menu = bar.addMenu("帮助(&H)")
        self.manual = self._action(
            "使用说明", lambda: show_manual(w), QKeySequence.StandardKey.HelpContents
        )
        help_menu.addActions([self.manual, self._action("关于年报", w.about)])

        self.toolbar_exports: list[QAction] = []
        tools = QToolBar("常用")
        tools.setObjectName("main_toolbar")
        set_enum_property(tools, "toolButtonStyle", TOOL_BUTTON_TEXT_ONLY)
        tools.addAction(self.new)
        tools.addSeparator()
        for suffix, label in (
            (".docx", "导出 Word"),
            (".pdf", "导出 PDF"),
            (".html", "导出 HTML"),
            (".json", "导出 JSON"),
        ):
            action = self._action(label, lambda _=False, s=suffix: self.export(s))
            tools.addAction(action)
            self.toolbar_exports.append(action)
        tools.addAction(self.print_)
        tools.addSeparator()
        tools.addActions([self.undo, self.redo])
        w.addToolBar(tools)
        self.report_actions = [
            *self.exports.values(),
            *self.toolbar_exports,
            self.print_,
            self.compare,
            self.aggregate,
            self.versions,
        ]

    def _action(
        self, text: str, slot: object, shortcut: QKeySequence.StandardKey | None = None
    ) -> QAction:
        action = QAction(self.w)  # QAction(text, parent) would build QIcon's enums for nothing
        action.setText(text)
        if text.endswith("…"):  # toolbar buttons drop the "…" (Qt 6.9 only strips "...")
            action.setIconText(text.removesuffix("…"))
        if shortcut is not None:  # the platform's keys; setShortcut would build Qt's namespace
            action.setShortcuts(shortcut)
        action.triggered.connect(slot)
        return action

    # ----- settings ------------------------------------------------------------------------
    def font_profile(self) -> str:
        """The remembered font profile (``standard`` or ``windows``)."""
        value = str(self.w.settings.value("export/fonts", "standard"))
        return value if value in FONT_PROFILES else "standard"

    def set_font_profile(self, key: str) -> None:
        """Remember the font profile and show the preview in it."""
        self.w.settings.setValue("export/fonts", key)
        self.font_actions[key].setChecked(True)
        setter = getattr(self.w.preview, "set_font_profile", None)
        if callable(setter):
            setter(key)

    def last_folder(self) -> Path:
        """The folder of the last export (the Documents folder at first)."""
        saved = self.w.settings.value("export/last_dir", "")
        folder = Path(str(saved)) if saved else Path.home() / "Documents"
        return folder if folder.is_dir() else Path.home()

    # ----- export and print ----------------------------------------------------------------
    def export(self, suffix: str) -> Path | None:
        """Export the open report; returns where it went (``None`` if not exported)."""
        w = self.w
        editor = w.editor
        fmt = FORMATS[suffix]
        if editor is None:
            w.dialogs.info(w, "导出", "请先在左侧打开一份报告。")
            return None
        w.flush_edits()
        errors, _warnings = editor.counts()
        if errors and not w.dialogs.confirm(
            w,
            "导出",
            f"报告中还有 {errors} 个错误（见右侧“检查”栏），导出的文件会带着这些错误。仍要导出吗？",
            "仍然导出",
        ):
            return None
        chosen = w.dialogs.save_path(
            w,
            f"导出为 {fmt.name}",
            self.last_folder() / suggested_name(editor.data, suffix),
            fmt.filter,
        )
        if chosen is None:
            return None
        path = with_suffix(chosen, suffix)
        from PySide6.QtCore import Qt  # not at import: see gui.qt_before_paint

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            payload, warnings = render(editor.snapshot(), suffix, self.font_profile())
            write_bytes_atomically(path, payload)
        except ExportUnavailable as error:
            w.dialogs.info(w, "导出", str(error))
            return None
        except ValueError as error:
            w.dialogs.error(w, "导出失败", str(error))
            return None
        except ExportWriteError as error:
            w.dialogs.error(w, "导出失败", str(error))
            return None
        except Exception as error:  # an exporter bug must not reach the clerk as a traceback
            log.exception("export failed")
            w.dialogs.error(w, "导出失败", f"导出 {fmt.name} 时出错，未写入任何文件：{error}")
            return None
        finally:
            QApplication.restoreOverrideCursor()
        w.settings.setValue("export/last_dir", str(path.parent))
        w.statusBar().showMessage(f"已导出到 {path}", 10000)
        if warnings:
            w.dialogs.info(w, "导出提示", "\n".join(warnings))
        w.dialogs.exported(w, path)
        return path

    def print_report(self) -> bool:
        """Print the preview's pages through the system print dialog."""
        w = self.w
        if w.editor is None:
            w.dialogs.info(w, "打印", "请先在左侧打开一份报告。")
            return False
        w.refresh_now()
        printer = w.dialogs.printer(w)
        if printer is None:
            return False
        try:
            w.preview.print_to(printer)
        except OSError as error:
            w.dialogs.error(w, "打印失败", str(error))
            return False
        w.statusBar().showMessage("已送往打印机", 5000)
        return True
