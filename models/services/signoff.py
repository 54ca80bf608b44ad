"""定稿 (sign-off): freezing versions of a report, reopening it, and what changed since.

Freezing stores the report's exchange snapshot (values and texts, :func:`models.domain.exchange.
write_exchange`) and the SHA-256 of its exported Word file in ``report_versions`` and sets the
status to final; :mod:`models.storage.repository` then refuses every edit until the report is
explicitly reopened. Reopening keeps all frozen versions, so the app can show what changed since
the last one and list the history with dates.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.domain.errors import KnownError
from models.domain.exchange import ExchangeError, parse_exchange, write_exchange
from models.domain.fields import SIGNATURE_DATE, field_label, text_field_names
from models.domain.report import DRAFT, FINAL, TEXT_CHAPTERS, ReportData
from models.domain.values import CellValue, format_value
from models.storage.orm import ReportVersion
from models.storage.repository import require_report, set_status, to_data

#: Text fields compared by :func:`changes_since_frozen` (the text fields, then the date).
TEXT_FIELDS = (*text_field_names(), SIGNATURE_DATE.name)


class SignoffError(KnownError):
    """A sign-off action that cannot be done now; ``str(error)`` says why, in Chinese."""


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


def docx_digest(report: ReportData) -> tuple[str, bytes | None]:
    """The SHA-256 (hex) of the report's exported Word file, and the file itself.

    The Word exporter lives in ``exporters.render`` (another part of the program); it is
    imported lazily so that freezing does not load it before it is needed.
    """
    try:
        from exporters.render import (  # type: ignore[import-not-found, unused-ignore]
            render_bytes,
        )
    except ImportError:
        # TODO(issue 5): exporters.render (Word export) is not in the tree yet; until it is,
        # versions are frozen without the Word file's hash (docx_sha256 stays empty).
        return "", None
    try:
        payload = render_bytes(report, ".docx")
    except ValueError as error:
        raise SignoffError(f"无法生成 Word 文件，未定稿：{error}") from error
    return hashlib.sha256(payload).hexdigest(), payload


def as_utc(when: datetime) -> datetime:
    """A stored time as aware UTC (SQLite hands back naive UTC times)."""
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when


def _info(row: ReportVersion) -> VersionInfo:
    return VersionInfo(row.number, as_utc(row.frozen_at), row.docx_sha256, row.note)


def freeze(session: Session, unit: str, year: int, note: str = "") -> FreezeResult:
    """定稿: store a new frozen version of the report and set it final.

    Raises:
        NotFoundError: no such report.
        SignoffError: the report is final already, or the Word file cannot be made.
    """
    row = require_report(session, unit, year)
    if row.status == FINAL:
        raise SignoffError(f"“{unit}”{year}年的报告已经定稿（如需修改请先重新打开）")
    data = to_data(row)
    data.status = FINAL
    digest, payload = docx_digest(data)
    last = session.scalar(
        select(func.max(ReportVersion.number)).where(ReportVersion.report_id == row.id)
    )
    version = ReportVersion(
        report_id=row.id,
        number=(last or 0) + 1,
        snapshot=write_exchange(data),
        docx_sha256=digest,
        note=note,
    )
    session.add(version)
    set_status(session, row.id, FINAL)
    session.flush()
    return FreezeResult(_info(version), payload)


def reopen(session: Session, unit: str, year: int) -> None:
    """Set a final report back to draft so it can be edited; its frozen versions are kept.

    Raises:
        NotFoundError: no such report.
        SignoffError: the report is not final.
    """
    row = require_report(session, unit, year)
    if row.status != FINAL:
        raise SignoffError(f"“{unit}”{year}年的报告尚未定稿，无需重新打开")
    set_status(session, row.id, DRAFT)


def list_versions(session: Session, unit: str, year: int) -> list[VersionInfo]:
    """The frozen versions of a report, oldest first.

    Raises:
        NotFoundError: no such report.
    """
    row = require_report(session, unit, year)
    stmt = (
        select(ReportVersion)
        .where(ReportVersion.report_id == row.id)
        .order_by(ReportVersion.number)
    )
    return [_info(v) for v in session.scalars(stmt)]


def version_report(session: Session, unit: str, year: int, number: int | None = None) -> ReportData:
    """The report as frozen in version ``number`` (default: the latest).

    Raises:
        NotFoundError: no such report.
        SignoffError: no such version, or its snapshot cannot be read.
    """
    row = require_report(session, unit, year)
    stmt = select(ReportVersion).where(ReportVersion.report_id == row.id)
    if number is None:
        stmt = stmt.order_by(ReportVersion.number.desc()).limit(1)
    else:
        stmt = stmt.where(ReportVersion.number == number)
    version = session.scalar(stmt)
    if version is None:
        which = "任何定稿版本" if number is None else f"第 {number} 版"
        raise SignoffError(f"“{unit}”{year}年的报告没有{which}")
    try:
        data = parse_exchange(version.snapshot).report
    except ExchangeError as error:
        raise SignoffError(f"第 {version.number} 版的存档无法读取：{error}") from error
    data.status = FINAL
    return data


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


def changes_since_frozen(session: Session, unit: str, year: int) -> VersionDiff:
    """What changed in the report since its latest frozen version (empty if never frozen).

    Raises:
        NotFoundError: no such report.
    """
    versions = list_versions(session, unit, year)
    if not versions:
        return VersionDiff(None)
    frozen = version_report(session, unit, year, versions[-1].number)
    current = to_data(require_report(session, unit, year))
    return diff_reports(frozen, current, versions[-1].number)


def matching_version(session: Session, unit: str, year: int, docx: bytes) -> VersionInfo | None:
    """The frozen version whose Word file is byte for byte ``docx`` (``None``: none is)."""
    digest = hashlib.sha256(docx).hexdigest()
    return next((v for v in list_versions(session, unit, year) if v.docx_sha256 == digest), None)
