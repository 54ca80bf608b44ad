"""The window before its database is open (Qt-free).

The window is shown first and the database opened right after its first paint: importing
SQLAlchemy and opening the database (integrity check, migrations, the daily backup) take
longer than Qt and the window together, and a window that appears at once tells the clerk the
program has started. Until the database is attached no report is open, and the window's saver
is a :class:`SaverBeforeDatabase`, which writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gui.logic.editor import ReportEditor

OPENING_TEXT = "正在打开数据库…"
NOT_YET_SAVED = "数据库还在打开，刚才的修改尚未保存。"


def parse_last_report(saved: str) -> tuple[str, int] | None:
    """``(unit, year)`` from the settings value ``"<year>\\t<unit>"`` (``None`` if unusable)."""
    year, _, unit = saved.partition("\t")
    if not year.isdigit() or not unit:
        return None
    return unit, int(year)


class SaverBeforeDatabase:
    """The window's saver until the database is open: writes nothing.

    It answers the same questions as :class:`gui.logic.autosave.Autosaver`, so the window needs
    no special cases for the moments between its first paint and the open database. No report
    is open then, so nothing waits to be saved; should an edit ever be pending, closing the
    window says it is not saved instead of losing it quietly.
    """

    busy = False
    error: str | None = None
    last_saved: datetime | None = None

    def start(self, editor: ReportEditor | None, done: Callable[[], None]) -> bool:
        """Nothing can be written yet."""
        return False

    def finish(self) -> bool:
        """No write was started."""
        return True

    def flush(self, editor: ReportEditor | None) -> bool:
        """``True`` only when nothing waits to be saved (else :attr:`error` says why)."""
        if editor is None or not editor.dirty:
            return True
        self.error = NOT_YET_SAVED
        return False

    def forget(self) -> None:
        """Nothing to forget."""

    def shutdown(self) -> None:
        """No writer thread."""

    def take_conflict(self) -> None:
        """No save, no conflict."""

    def status_text(self, editor: ReportEditor | None) -> str:
        """What the status bar says meanwhile."""
        return OPENING_TEXT

    def short_state(self, editor: ReportEditor | None) -> str:
        """What the window title says meanwhile."""
        return "未保存" if editor is not None and editor.dirty else "已保存"
