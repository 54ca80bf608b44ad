"""SQLAlchemy 2 typed ORM tables. Cell values are keyed by the edition's cell keys, so a new
edition needs no schema change; a blank cell is simply an absent row."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    """The current time in UTC (timezone-aware)."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base of all tables."""


class Unit(Base):
    """A reporting body (机关); ``parent`` makes the hierarchy used for 汇总 reports."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"))
    level: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    parent: Mapped[Unit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent")
    reports: Mapped[list[Report]] = relationship(
        back_populates="unit", cascade="all, delete-orphan"
    )


class Report(Base):
    """One unit's report for one year."""

    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("unit_id", "year", name="uq_reports_unit_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    edition: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(Text, default="")
    preamble: Mapped[str] = mapped_column(Text, default="")
    signature_unit: Mapped[str] = mapped_column(Text, default="")
    signature_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revision: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    unit: Mapped[Unit] = relationship(back_populates="reports")
    texts: Mapped[list[ChapterText]] = relationship(
        back_populates="report", cascade="all, delete-orphan"
    )
    cells: Mapped[list[CellValueRow]] = relationship(
        back_populates="report", cascade="all, delete-orphan"
    )


class ChapterText(Base):
    """The text of one text chapter (``overview``, ``problems``, ``other``) of a report."""

    __tablename__ = "chapter_texts"

    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    chapter: Mapped[str] = mapped_column(String(40), primary_key=True)
    text: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    report: Mapped[Report] = relationship(back_populates="texts")


class CellValueRow(Base):
    """One filled-in input cell; the value is stored as text (see :mod:`models.domain.values`)."""

    __tablename__ = "cell_values"
    # SQLite: the primary key is the table (migration 0004), so each cell is stored once.
    __table_args__ = ({"sqlite_with_rowid": False},)

    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    revision: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    report: Mapped[Report] = relationship(back_populates="cells")


class ReportVersion(Base):
    """A frozen (定稿) version of a report: its exchange snapshot and the Word file's hash."""

    __tablename__ = "report_versions"
    __table_args__ = (UniqueConstraint("report_id", "number", name="uq_report_versions_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    frozen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    snapshot: Mapped[str] = mapped_column(Text)
    docx_sha256: Mapped[str] = mapped_column(String(64), default="", server_default="")
    note: Mapped[str] = mapped_column(Text, default="", server_default="")


class UnitAccess(Base):
    """Which server login may read (and edit) which unit's reports (shared PostgreSQL)."""

    __tablename__ = "unit_access"

    login: Mapped[str] = mapped_column(String(100), primary_key=True)
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("units.id", ondelete="CASCADE"), primary_key=True
    )
    can_edit: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class SummaryBasis(Base):
    """What the 汇总 report ``report_id`` was last computed from (see
    :mod:`models.services.aggregate`).

    ``children`` is a JSON list of unit names, ``sources`` maps each summed unit to the
    fingerprint of its tables then (``null`` when it had no report), ``sums`` holds the summed
    input values in storage form, so hand edits made afterwards can be told apart.
    """

    __tablename__ = "summary_bases"

    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    children: Mapped[str] = mapped_column(Text)
    include_own: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sources: Mapped[str] = mapped_column(Text)
    sums: Mapped[str] = mapped_column(Text)


class PublishedErrorRow(Base):
    """A total that the imported published file printed and that disagrees with its parts
    (see :mod:`models.domain.published_errors`); kept until the clerk dismisses it."""

    __tablename__ = "published_errors"

    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    printed: Mapped[int] = mapped_column(Integer)
    derived: Mapped[int] = mapped_column(Integer)
    dismissed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
