"""Frozen versions of a report and what changed since: plain data and the pure comparison.

Stored and read by :mod:`models.services.signoff`; shown by the 定稿与版本 dialog's presenter
(:mod:`gui.logic.signoff_presenter`).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date, datetime

from models.domain.fields import SIGNATURE_DATE, field_label, text_field_names
from models.domain.report import TEXT_CHAPTERS, ReportData
from models.domain.values import CellValue, format_value

#: Text fields compared by :func:`changes_since_frozen` (the text fields, then the date).
TEXT_FIELDS = (*text_field_names(), SIGNATURE_DATE.name)


@dataclass(frozen=True)
class VersionInfo:
    """One frozen version of a report (``frozen_at`` is aware, in UTC)."""

    number: int
    frozen_at: datetime
    docx_sha256: str
    note: str

    def describe(self) -> str:
        """One line in Chinese, e.g. ``第 1 版  2025-01-20 09:30  Word SHA-256 3fa2…``."""
        when = self.frozen_at.astimezone().strftime("%Y-%m-%d %H:%M")
        digest = (
            f"Word 文件 SHA-256 {self.docx_sha256}" if self.docx_sha256 else "未记录 Word 文件摘要"
        )
        note = f"  {self.note}" if self.note else ""
        return f"第 {self.number} 版  {when}  {digest}{note}"


@dataclass(frozen=True)
class FreezeResult:
    """What :func:`freeze` stored, and the Word file it hashed (to be saved by the caller)."""

    version: VersionInfo
    docx: bytes | None


@dataclass(frozen=True)
class CellChange:
    """A table cell whose value differs from the frozen version."""

    key: str
    place: str
    before: CellValue | None
    after: CellValue | None

    def describe(self) -> str:
        """One line in Chinese."""
        before = format_value(self.before) or "（空白）"
        after = format_value(self.after) or "（空白）"
        return f"{self.place}：{before} → {after}"


@dataclass(frozen=True)
class TextChange:
    """A text field that differs from the frozen version."""

    field: str
    before: str
    after: str

    @property
    def name(self) -> str:
        """The field's name in Chinese."""
        return field_label(self.field)

    def passages(self) -> list[tuple[str, str]]:
        """The changed passages as (before, after) pairs, in order."""
        matcher = difflib.SequenceMatcher(None, self.before, self.after, autojunk=False)
        return [
            (self.before[i1:i2], self.after[j1:j2])
            for tag, i1, i2, j1, j2 in matcher.get_opcodes()
            if tag != "equal"
        ]

    def describe(self) -> str:
        """One line in Chinese, e.g. ``一、总体情况：改动 2 处（删去 5 字，新增 9 字）``."""
        passages = self.passages()
        removed = sum(len(b) for b, _a in passages)
        added = sum(len(a) for _b, a in passages)
        return f"{self.name}：改动 {len(passages)} 处（删去 {removed} 字，新增 {added} 字）"


@dataclass(frozen=True)
class VersionDiff:
    """What changed since a frozen version (``version`` ``None``: never frozen)."""

    version: int | None
    cells: tuple[CellChange, ...] = ()
    texts: tuple[TextChange, ...] = ()

    @property
    def unchanged(self) -> bool:
        """Whether the report is exactly as frozen (or was never frozen)."""
        return not self.cells and not self.texts

    def lines(self) -> list[str]:
        """Every change as one line in Chinese."""
        return [c.describe() for c in self.cells] + [t.describe() for t in self.texts]


def diff_reports(before: ReportData, after: ReportData, version: int | None = None) -> VersionDiff:
    """Cell by cell and text by text differences from ``before`` to ``after``."""
    spec = after.spec
    keys = list(dict.fromkeys([*before.spec.inputs, *spec.inputs]))
    cells: list[CellChange] = []
    for key in keys:
        old, new = before.values.get(key), after.values.get(key)
        if old != new:
            owner = spec if key in spec.inputs else before.spec
            place = owner.place(key)
            where = f"{place.table_heading} {place.row} {place.column}".strip()
            cells.append(CellChange(key, where, old, new))
    texts: list[TextChange] = []
    for name in TEXT_FIELDS:
        old_text, new_text = _text_of(before, name), _text_of(after, name)
        if old_text != new_text:
            texts.append(TextChange(name, old_text, new_text))
    return VersionDiff(version, tuple(cells), tuple(texts))


def _text_of(report: ReportData, name: str) -> str:
    if name in TEXT_CHAPTERS:
        return report.chapter(name)
    if name == "signature_date":
        when: date | None = report.signature_date
        return f"{when.year}年{when.month}月{when.day}日" if when else ""
    return str(getattr(report, name))


@dataclass(frozen=True)
class SignoffState:
    """What the 定稿与版本 dialog shows of a report.

    Attributes:
        final: whether the report is 已定稿.
        versions: its frozen versions, oldest first.
        diff: what changed since the latest frozen version.
        level: the unit's level (``None``: not set).
        deadline: the statutory publication deadline, as one line.
    """

    final: bool
    versions: tuple[VersionInfo, ...]
    diff: VersionDiff
    level: str | None
    deadline: str
