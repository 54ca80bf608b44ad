"""Importing a folder of children's files (.json exchange files and .xlsx tables) at once.

Decision (documented in the README): every file is read and validated first; the valid ones are
then stored in **one transaction**, and the invalid ones are listed with the reason, so a clerk
with forty departments' files is not blocked by one bad file but sees exactly what to ask for
again. A unit that appears twice in the folder is refused the second time. Existing reports are
replaced only when asked, and never when final (定稿). A workbook carries only numbers, so it
updates an existing report's tables and leaves its texts alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from models.domain.exchange import ExchangeError, parse_exchange
from models.domain.report import FINAL, ReportData
from models.storage.repository import get_report_row, save_report, set_cells
from models.storage.unit_tree import UnitTreeError, set_parent

SUFFIXES = (".json", ".xlsx")


@dataclass(frozen=True)
class ParsedFile:
    """A file read and validated, ready to store."""

    name: str
    report: ReportData
    tables_only: bool
    notes: tuple[str, ...] = ()


@dataclass
class BatchOutcome:
    """What a folder import did: one line per imported file, notes, and refused files."""

    imported: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)


def _read_xlsx(data: bytes) -> tuple[ReportData, tuple[str, ...]]:
    from importers.xlsx_reader import read_xlsx

    got = read_xlsx(data)
    return got.report, (
        *(f"合计不符：{d.describe()}" for d in got.discrepancies),
        *got.notes,
    )


def read_file(path: Path) -> ParsedFile:
    """Read and validate one file.

    Raises:
        ValueError: the file is not valid (``str(error)`` says why, in Chinese).
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ValueError(f"无法读取：{error.strerror or error}") from error
    if path.suffix.lower() == ".json":
        try:
            result = parse_exchange(data)
        except ExchangeError as error:
            raise ValueError(str(error)) from error
        notes = tuple(f"合计不符：{d.describe()}" for d in result.discrepancies)
        return ParsedFile(path.name, result.report, False, notes)
    try:
        report, discrepancies = _read_xlsx(data)
    except ValueError as error:
        raise ValueError(str(error)) from error
    return ParsedFile(path.name, report, True, discrepancies)


def read_folder(folder: Path) -> tuple[list[ParsedFile], list[tuple[str, str]]]:
    """Read every .json and .xlsx file of ``folder`` (not its subfolders).

    Returns:
        The valid files, and (file name, reason) for each refused one.

    Raises:
        ValueError: the folder does not exist or holds no such file.
    """
    if not folder.is_dir():
        raise ValueError(f"文件夹不存在：{folder}")
    files = sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(("~$", "."))
    )
    if not files:
        raise ValueError(f"文件夹 {folder} 中没有 .json 或 .xlsx 文件")
    parsed: list[ParsedFile] = []
    refused: list[tuple[str, str]] = []
    seen: dict[tuple[str, int], str] = {}
    for path in files:
        try:
            got = read_file(path)
        except ValueError as error:
            refused.append((path.name, str(error)))
            continue
        except (RecursionError, MemoryError):
            refused.append((path.name, "文件结构过深或内容过大，无法读取"))
            continue
        except Exception as error:  # one file must never stop the others
            refused.append((path.name, f"读取时程序出错（{type(error).__name__}），未导入"))
            continue
        key = (got.report.unit, got.report.year)
        if key in seen:
            refused.append((path.name, f"与 {seen[key]} 是同一单位同一年度（{key[0]} {key[1]}年）"))
            continue
        seen[key] = path.name
        parsed.append(got)
    return parsed, refused


def store_batch(
    session: Session, files: list[ParsedFile], replace: bool, parent: str | None = None
) -> BatchOutcome:
    """Store the valid files in the caller's transaction; refuse existing reports unless
    ``replace``, and final ones always."""
    outcome = BatchOutcome()
    for f in files:
        try:
            with session.begin_nested():  # a savepoint: one file's failure undoes only it
                how = _store_one(session, f, replace, outcome)
        except (SQLAlchemyError, ValueError, LookupError) as error:
            outcome.refused.append((f.name, f"无法保存（{_reason(error)}），未导入"))
            continue
        if how is None:
            continue
        report = f.report
        if parent:
            try:
                with session.begin_nested():
                    set_parent(session, report.unit, parent)
            except UnitTreeError as error:
                outcome.notes.append(f"{f.name}：{error}")
        outcome.imported.append(f"{f.name} → “{report.unit}”{report.year}年（{how}）")
        outcome.notes.extend(f"{f.name}：{n}" for n in f.notes)
    return outcome


def _reason(error: Exception) -> str:
    if isinstance(error, SQLAlchemyError):
        return "数据库拒绝了其中的内容"
    return str(error)


def _store_one(session: Session, f: ParsedFile, replace: bool, outcome: BatchOutcome) -> str | None:
    """Store one file; returns how, or None when it was refused (recorded in ``outcome``)."""
    report = f.report
    row = get_report_row(session, report.unit, report.year)
    if row is not None and not replace:
        outcome.refused.append(
            (f.name, f"“{report.unit}”{report.year}年的报告已存在（如需替换请加 --replace）")
        )
        return None
    if row is not None and row.status == FINAL:
        outcome.refused.append((f.name, f"“{report.unit}”{report.year}年的报告已定稿，未替换"))
        return None
    if row is not None and f.tables_only:
        blanks = {c.key: None for c in row.cells}
        set_cells(session, row.id, {**blanks, **report.values})
        return "更新了表格，文字未改动"
    save_report(session, report, replace=row is not None)
    return "替换了原报告" if row is not None else "新建"
