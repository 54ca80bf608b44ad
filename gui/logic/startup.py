"""Showing the last report before the database is open (Qt-free).

Importing SQLAlchemy and opening the database (integrity check, migrations, the daily backup)
takes longer than everything else at start-up together: about 0.5–0.7 s on an office PC, against
0.25 s for Qt and an empty window. So when the database is this computer's SQLite file, the app
reads the last report straight from the file with the standard library
(:func:`models.storage.quick_read.read_report_quickly`: read-only, and only when the schema is the
current one), paints the window with it, and opens the database properly right after the first
paint. Until then nothing can be written: :class:`SaverBeforeDatabase` keeps any edit pending,
and once the database is open the window checks that the stored report is still the one shown
and hands the edits to the real autosaver.

A server database, a pending migration, a missing or unreadable file all go the old way: the
database first, then the window.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

    from gui.logic.editor import ReportEditor
    from gui.logic.history import FieldValue
    from models.domain.fields import Target
    from models.storage.quick_read import QuickRead

OPENING_TEXT = "正在打开数据库…"
NOT_YET_SAVED = "数据库还在打开，刚才的修改尚未保存。"


def parse_last_report(saved: str) -> tuple[str, int] | None:
    """``(unit, year)`` from the settings value ``"<year>\\t<unit>"`` (``None`` if unusable)."""
    year, _, unit = saved.partition("\t")
    if not year.isdigit() or not unit:
        return None
    return unit, int(year)


def quick_last_report(
    db_file: Path | None,
    saved: str,
    read: Callable[[Path, str, int], QuickRead | None] | None = None,
) -> QuickRead | None:
    """The last report read straight from the SQLite file ``db_file``, or ``None``.

    ``None`` means: take the normal way (open the database, then the window) — a server
    database (``db_file`` is ``None``), no last report, or the reader declined (missing file,
    another schema revision, a locked or damaged file, the report is gone).
    """
    last = parse_last_report(saved)
    if db_file is None or last is None:
        return None
    if read is None:
        from models.storage.quick_read import read_report_quickly

        # No whole-file check here: the database is opened the full way, with that check,
        # right after the first paint, and the report shown is compared with the stored one.
        return read_report_quickly(db_file, *last, verify=False)
    return read(db_file, *last)


class SaverBeforeDatabase:
    """The window's saver until the database is open: writes nothing, keeps edits pending.

    It answers the same questions as :class:`gui.logic.autosave.Autosaver`, so the window needs
    no special cases for the first moments after its first paint.
    """

    busy = False
    error: str | None = None
    last_saved: datetime | None = None

    def start(self, editor: ReportEditor | None, done: Callable[[], None]) -> bool:
        """Nothing can be written yet; the edits stay pending for the real saver."""
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


def reapply(editor: ReportEditor, edits: Mapping[Target, FieldValue]) -> None:
    """Type ``edits`` (target → value) again into ``editor``: each becomes pending and undoable.

    Used when the report shown before the database was open turned out to differ from the
    stored one: the window reopens the stored report and the clerk's edits are kept.
    """
    from datetime import date

    from models.domain.fields import Kind

    for target, value in edits.items():
        kind, name = target.kind, target.name
        if kind is Kind.CELL:
            assert not isinstance(value, date)
            editor.set_cells({name: value})
        elif kind is Kind.DATE:
            editor.set_signature_date(value if isinstance(value, date) else None)
        elif isinstance(value, str):
            editor.set_text(name, value)
