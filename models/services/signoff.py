"""定稿 (sign-off): freezing versions of a report, reopening it, and what changed since.

Freezing stores the report's exchange snapshot (values and texts, :func:`models.domain.exchange.
write_exchange`) and the SHA-256 of its exported Word file in ``report_versions`` and sets the
status to final; :mod:`models.storage.repository` then refuses every edit until the report is
explicitly reopened. Reopening keeps all frozen versions, so the app can show what changed since
the last one and list the history with dates.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.domain.errors import KnownError
from models.domain.exchange import ExchangeError, parse_exchange, write_exchange
from models.domain.report import DRAFT, FINAL, ReportData
from models.domain.versions import TEXT_FIELDS as TEXT_FIELDS
from models.domain.versions import CellChange as CellChange
from models.domain.versions import FreezeResult as FreezeResult
from models.domain.versions import TextChange as TextChange
from models.domain.versions import VersionDiff as VersionDiff
from models.domain.versions import VersionInfo as VersionInfo
from models.domain.versions import diff_reports as diff_reports
from models.storage.orm import ReportVersion
from models.storage.repository import require_report, set_status, to_data


class SignoffError(KnownError):
    """A sign-off action that cannot be done now; ``str(error)`` says why, in Chinese."""


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
