"""The main window's menus and tool bar: the actions only (what they do is wired by the window)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from gui.logic.export_plan import FONT_PROFILES, FORMATS

#: The tool bar's export buttons: suffix and label.
TOOLBAR_EXPORTS = (
    (".docx", "导出 Word"),
    (".pdf", "导出 PDF"),
    (".html", "导出 HTML"),
    (".json", "导出 JSON"),
)


class Menus:
    """文件, 编辑, 报告, 帮助 and the tool bar of ``window``; each action a named attribute."""

    def __init__(self, window: QMainWindow) -> None:
        self._window = window
        bar = window.menuBar()
        file_menu = bar.addMenu("文件(&F)")
        self.new = self._action("新建年报…", QKeySequence.StandardKey.New)
        self.import_ = self._action("导入已发布的年报…")
        self.import_url = self._action("从网址导入…")
        self.example = self._action("打开示例")
        file_menu.addActions([self.new, self.import_, self.import_url, self.example])
        self.save = self._action("保存", QKeySequence.StandardKey.Save)
        file_menu.addAction(self.save)
        file_menu.addSeparator()
        export_menu = QMenu("导出(&E)", window)
        #: The export menu's actions by suffix; the tool bar's export buttons.
        self.exports = {s: self._action(f"导出为 {f.name}…") for s, f in FORMATS.items()}
        self.toolbar_exports = {s: self._action(label) for s, label in TOOLBAR_EXPORTS}
        export_menu.addActions(list(self.exports.values()))
        export_menu.addSeparator()
        fonts_menu = export_menu.addMenu("导出字体")
        self.font_group = QActionGroup(window)
        self.font_actions: dict[str, QAction] = {}
        for key, label in FONT_PROFILES.items():
            action = QAction(label, window, checkable=True)
            self.font_group.addAction(action)
            fonts_menu.addAction(action)
            self.font_actions[key] = action
        file_menu.addMenu(export_menu)
        self.print_ = self._action("打印…", QKeySequence.StandardKey.Print)
        file_menu.addAction(self.print_)
        file_menu.addSeparator()
        self.restore = self._action("恢复备份…")
        self.connection = self._action("数据库连接…")
        file_menu.addActions([self.restore, self.connection])
        file_menu.addSeparator()
        self.quit = self._action("退出", QKeySequence.StandardKey.Quit)
        file_menu.addAction(self.quit)

        edit_menu = self.edit_menu = bar.addMenu("编辑(&E)")
        self.undo = self._action("撤销", QKeySequence.StandardKey.Undo)
        self.redo = self._action("重做")
        self.redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        edit_menu.addActions([self.undo, self.redo])
        edit_menu.addSeparator()
        self.cut = self._action("剪切", QKeySequence.StandardKey.Cut)
        self.copy = self._action("复制", QKeySequence.StandardKey.Copy)
        self.paste = self._action("粘贴", QKeySequence.StandardKey.Paste)
        self.select_all = self._action("全选", QKeySequence.StandardKey.SelectAll)
        edit_menu.addActions([self.cut, self.copy, self.paste, self.select_all])
        edit_menu.addSeparator()
        self.find = self._action("查找…", QKeySequence.StandardKey.Find)
        self.find_next = self._action("查找下一个", QKeySequence.StandardKey.FindNext)
        edit_menu.addActions([self.find, self.find_next])

        report_menu = bar.addMenu("报告(&R)")
        self.compare = self._action("与上年比较…")
        self.aggregate = self._action("汇总…")
        self.versions = self._action("定稿与版本…")
        report_menu.addActions([self.compare, self.aggregate, self.versions])
        report_menu.addSeparator()
        self.refresh = self._action("刷新列表", QKeySequence.StandardKey.Refresh)
        report_menu.addAction(self.refresh)

        help_menu = bar.addMenu("帮助(&H)")
        self.manual = self._action("使用说明", QKeySequence.StandardKey.HelpContents)
        self.about = self._action("关于年报")
        help_menu.addActions([self.manual, self.about])

        tools = QToolBar("常用")
        tools.setObjectName("main_toolbar")
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        tools.addAction(self.new)
        tools.addSeparator()
        tools.addActions(list(self.toolbar_exports.values()))
        tools.addAction(self.print_)
        tools.addSeparator()
        tools.addActions([self.undo, self.redo])
        window.addToolBar(tools)
        #: Enabled once the database is open (the window is shown before it is).
        self.database_actions = [
            self.new,
            self.import_,
            self.import_url,
            self.example,
            self.refresh,
        ]
        #: Enabled only while a report is open.
        self.report_actions = [
            *self.exports.values(),
            *self.toolbar_exports.values(),
            self.print_,
            self.save,
            self.find,
            self.find_next,
            self.compare,
            self.aggregate,
            self.versions,
        ]

    def _action(self, text: str, shortcut: QKeySequence.StandardKey | None = None) -> QAction:
        action = QAction(text, self._window)
        if text.endswith("…"):  # tool bar buttons drop the "…" (Qt 6.9 strips only "...")
            action.setIconText(text.removesuffix("…"))
        if shortcut is not None:
            action.setShortcuts(shortcut)
        return action
