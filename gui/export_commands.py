"""Export and print of the open report, and the export preferences (folder, fonts)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QWidget

from gui.chrome import Chrome
from gui.dialogs import Dialogs
from gui.logic.export_plan import (
    FONT_PROFILES,
    FORMATS,
    ExportUnavailable,
    render,
    suggested_name,
    with_suffix,
)
from gui.workbench import Workbench
from models.storage.safe_write import ExportWriteError, write_bytes_atomically

log = logging.getLogger(__name__)
FONTS_KEY = "export/fonts"
LAST_DIR_KEY = "export/last_dir"


class ExportCommands:
    """导出为 Word/PDF/HTML/JSON/Excel…, 打印…, 导出字体."""

    def __init__(
        self,
        parent: QWidget,
        workbench: Workbench,
        chrome: Chrome,
        dialogs: Dialogs,
        settings: QSettings,
    ) -> None:
        self._parent = parent
        self._bench = workbench
        self._chrome = chrome
        self._dialogs = dialogs
        self._settings = settings

    # ----- settings ------------------------------------------------------------------------
    def font_profile(self) -> str:
        """The remembered font profile (``standard`` or ``windows``)."""
        value = str(self._settings.value(FONTS_KEY, "standard"))
        return value if value in FONT_PROFILES else "standard"

    def set_font_profile(self, key: str) -> None:
        """Remember the font profile and show the preview in it."""
        self._settings.setValue(FONTS_KEY, key)
        self._bench.preview.set_font_profile(key)

    def last_folder(self) -> Path:
        """The folder of the last export (the Documents folder at first)."""
        saved = self._settings.value(LAST_DIR_KEY, "")
        folder = Path(str(saved)) if saved else Path.home() / "Documents"
        return folder if folder.is_dir() else Path.home()

    # ----- export and print ----------------------------------------------------------------
    def export(self, suffix: str) -> Path | None:
        """Export the open report; returns where it went (``None`` if not exported)."""
        parent, dialogs, bench = self._parent, self._dialogs, self._bench
        editor = bench.session.editor
        fmt = FORMATS[suffix]
        if editor is None:
            dialogs.info(parent, "导出", "请先在左侧打开一份报告。")
            return None
        bench.flush_edits()
        errors, _warnings = editor.counts()
        if errors and not dialogs.confirm(
            parent,
            "导出",
            f"报告中还有 {errors} 个错误（见右侧“检查”栏），导出的文件会带着这些错误。仍要导出吗？",
            "仍然导出",
        ):
            return None
        chosen = dialogs.save_path(
            parent,
            f"导出为 {fmt.name}",
            self.last_folder() / suggested_name(editor.data, suffix),
            fmt.filter,
        )
        if chosen is None:
            return None
        path = with_suffix(chosen, suffix)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            payload, warnings = render(editor.snapshot(), suffix, self.font_profile())
            write_bytes_atomically(path, payload)
        except ExportUnavailable as error:
            dialogs.info(parent, "导出", str(error))
            return None
        except (ValueError, ExportWriteError) as error:
            dialogs.error(parent, "导出失败", str(error))
            return None
        except Exception as error:  # an exporter bug must not reach the clerk as a traceback
            log.exception("export failed")
            dialogs.error(parent, "导出失败", f"导出 {fmt.name} 时出错，未写入任何文件：{error}")
            return None
        finally:
            QApplication.restoreOverrideCursor()
        self._settings.setValue(LAST_DIR_KEY, str(path.parent))
        self._chrome.message(f"已导出到 {path}", 10000)
        if warnings:
            dialogs.info(parent, "导出提示", "\n".join(warnings))
        dialogs.exported(parent, path)
        return path

    def print_report(self) -> bool:
        """Print the preview's pages through the system print dialog."""
        parent, dialogs, bench = self._parent, self._dialogs, self._bench
        if bench.session.editor is None:
            dialogs.info(parent, "打印", "请先在左侧打开一份报告。")
            return False
        bench.refresh_now()
        printer = dialogs.printer(parent)
        if printer is None:
            return False
        try:
            bench.preview.print_to(printer)
        except OSError as error:
            dialogs.error(parent, "打印失败", str(error))
            return False
        self._chrome.message("已送往打印机", 5000)
        return True
