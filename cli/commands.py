"""The subcommands of ``main.py``. Each prints one clear line to stderr and exits 2 on failure,
never a traceback."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # SQLAlchemy (~0.6 s to import) only inside the handlers that open the database
    from importers.published import PublishedImport
    from models.domain.report import ReportData
    from models.storage.database import Database

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_FAILED = 2


class CommandError(Exception):
    """A failure to report as one line on stderr (exit code 2)."""


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def cmd_new(db: Database, args: argparse.Namespace) -> int:
    """Create a report, carrying over from last year unless ``--no-carry``."""
    from models.domain.new_year import new_report
    from models.storage.repository import load_report, report_id_of, save_report

    with db.sessions.begin() as session:
        if report_id_of(session, args.unit, args.year) is not None:
            raise CommandError(f"“{args.unit}”{args.year}年的报告已存在")
        previous = None if args.no_carry else load_report(session, args.unit, args.year - 1)
        data = new_report(args.unit, args.year, args.edition, previous)
        save_report(session, data)
    carried = "，已从上一年带入上年结转等数据" if previous is not None else ""
    _out(f"已新建“{args.unit}”{args.year}年报告（{data.spec.short_name}）{carried}。")
    return EXIT_OK


def cmd_import(db: Database, args: argparse.Namespace) -> int:
    """Import a file; print every discrepancy; refuse an existing report without ``--replace``."""
    from cli.url_import import addresses, import_addresses
    from models.domain.exchange import ExchangeError, parse_exchange
    from models.domain.published_errors import from_discrepancies
    from models.storage.published_store import store_published_errors
    from models.storage.repository import AlreadyExistsError, save_report

    urls = addresses(args.file)
    if urls is not None:
        return import_addresses(db, urls, args.replace)
    path = Path(args.file)
    if path.suffix.lower() == ".xlsx":  # the tables workbook (see cli/across_import.py)
        from cli.across_import import import_xlsx

        return import_xlsx(db, path, args.replace)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise CommandError(f"无法读取文件 {path}：{error.strerror or error}") from error
    if path.suffix.lower() == ".json":
        try:
            result = parse_exchange(raw)
        except ExchangeError as error:
            raise CommandError(f"文件 {path.name} 无效，未导入：{error}") from error
        report, found = result.report, result.discrepancies
        problems: list[str] = []
        parent_totals: dict[str, int] = {}
    else:
        published = _import_published(path)
        report, found = published.report, published.discrepancies
        problems = list(published.problems)
        parent_totals = published.parent_totals
    discrepancies = [d.describe() for d in found]
    with db.sessions.begin() as session:
        try:
            report_id = save_report(session, report, replace=args.replace)
        except AlreadyExistsError as error:
            raise CommandError(f"{error}，未导入（如需替换请加 --replace）") from error
        store_published_errors(session, report_id, from_discrepancies(found, parent_totals))
    _out(f"已导入“{report.unit}”{report.year}年报告（{report.spec.short_name}）。")
    for line in problems:
        _out(f"  问题：{line}")
    for line in discrepancies:
        _out(f"  合计不符：{line}")
    return EXIT_OK


def _import_published(path: Path) -> PublishedImport:
    """Import a published report (Word, web page, PDF, text) through ``importers``."""
    from importers.published import ImportRefused, import_published

    try:
        return import_published(path)
    except ImportRefused as error:
        raise CommandError(f"文件 {path.name} 未导入：{error}") from error


def cmd_check(db: Database, args: argparse.Namespace) -> int:
    """Print the findings; exit 1 when there is an error finding."""
    from models.domain.checks import ERROR, run_checks
    from models.domain.published_errors import LABELS, PUBLISHED, open_findings
    from models.storage.published_store import dismiss_published_error, published_errors
    from models.storage.repository import load_report, report_id_of

    with db.sessions.begin() as session:
        report = load_report(session, args.unit, args.year)
        report_id = report_id_of(session, args.unit, args.year)
        if report is None or report_id is None:
            raise CommandError(f"没有找到“{args.unit}”{args.year}年的报告")
        previous = load_report(session, args.unit, args.year - 1)
        for key in args.dismiss or []:
            if not dismiss_published_error(session, report_id, key):
                raise CommandError(f"该报告没有 {key} 的导入原文合计记录")
        kept = published_errors(session, report_id)
    findings = run_checks(report, previous) + open_findings(report.spec, kept, report.values)
    if args.json:
        _out(json.dumps([f.as_json() for f in findings], ensure_ascii=False, indent=2))
    else:
        for f in findings:
            label = "错误" if f.severity == ERROR else LABELS.get(f.id, "提醒")
            _out(f"[{label}] {f.id}：{f.message}")
        errors = sum(1 for f in findings if f.severity == ERROR)
        printed = sum(1 for f in findings if f.severity == PUBLISHED)
        _out(
            f"共 {errors} 个错误、{len(findings) - errors - printed} 个提醒"
            + (
                f"、{printed} 处导入原文的合计待核对（check --dismiss 单元格 可标记为已核对）"
                if printed
                else ""
            )
            + "。"
        )
    return EXIT_FINDINGS if any(f.severity == ERROR for f in findings) else EXIT_OK


def cmd_export(db: Database, args: argparse.Namespace) -> int:
    """Export by the extension of ``-o``."""
    from models.storage.repository import load_report

    with db.sessions.begin() as session:
        report = load_report(session, args.unit, args.year)
    if report is None:
        raise CommandError(f"没有找到“{args.unit}”{args.year}年的报告")
    return _export(report, args)


def _export(report: ReportData, args: argparse.Namespace) -> int:
    """Write ``report`` to ``-o`` by its extension."""
    from models.storage.safe_write import ExportWriteError, write_bytes_atomically

    target = Path(args.output)
    suffix = target.suffix.lower()
    warnings: tuple[str, ...] = ()
    if suffix == ".json":
        from models.domain.exchange import write_exchange

        payload = write_exchange(report).encode("utf-8")
    else:
        from exporters.render import render

        try:
            rendered = render(report, suffix, args.fonts)
        except ValueError as error:
            raise CommandError(str(error)) from error
        payload, warnings = rendered.data, rendered.warnings
    try:
        write_bytes_atomically(target, payload)
    except ExportWriteError as error:
        raise CommandError(str(error)) from error
    for warning in warnings:
        _out(f"  注意：{warning}")
    _out(f"已导出到 {target}")
    _warn_if_errors(report)
    return EXIT_OK


def _warn_if_errors(report: ReportData) -> None:
    """One line on stderr when the exported report has errors (``check`` is the gate, not this)."""
    from models.domain.checks import ERROR, run_checks

    errors = len(run_checks(report, severity=ERROR))  # no error check reads last year's report
    if errors:
        sys.stderr.write(
            f"警告：本报告有 {errors} 个错误，已照常导出；"
            f"请用 check --unit {report.unit} --year {report.year} 查看。\n"
        )


def cmd_list(db: Database, args: argparse.Namespace) -> int:
    """List units, years, edition, status and error/warning counts."""
    from models.storage.repository import list_reports, load_reports_by_id

    with db.sessions.begin() as session:
        rows = list_reports(session)
        by_id = load_reports_by_id(session, [r.report_id for r in rows])  # bulk, not per row
    return _print_list([by_id[r.report_id] for r in rows])


def _print_list(ordered: list[ReportData]) -> int:
    """Print the reports (by unit, then year) with their error and warning counts."""
    from models.domain.checks import count_by_severity, run_checks_in_order
    from models.domain.report import STATUS_LABELS

    if not ordered:
        _out("数据库中还没有报告。")
        return EXIT_OK
    reports = {(d.unit, d.year): d for d in ordered}
    # by unit then year: each report's totals are derived once (also as last year)
    pairs = ((d, reports.get((d.unit, d.year - 1))) for d in ordered)
    for report, findings in zip(ordered, run_checks_in_order(pairs), strict=True):
        errors, warnings = count_by_severity(findings)
        status = STATUS_LABELS.get(report.status, report.status)
        _out(
            f"{report.unit}\t{report.year}\t{report.spec.short_name}\t{status}"
            f"\t错误 {errors}\t提醒 {warnings}"
        )
    return EXIT_OK


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the core subcommands."""
    new = sub.add_parser("new", help="新建年报（有上一年时自动带入）")
    new.add_argument("--unit", required=True)
    new.add_argument("--year", required=True, type=int)
    new.add_argument("--edition", help="格式版本（2019 或 2021；默认按年份）")
    new.add_argument("--no-carry", action="store_true", help="不从上一年带入")

    imp = sub.add_parser(
        "import",
        help="导入年报文件（JSON 交换文件或已发布的年报，含扫描件 PDF 和 PNG/JPEG 页面图片）",
    )
    imp.add_argument("file", help="文件，或网址（http:// 或 https://），或每行一个网址的 .txt 文件")
    imp.add_argument("--replace", action="store_true", help="替换已存在的同一单位同一年度的报告")

    check = sub.add_parser("check", help="检查年报（有错误时退出码为 1）")
    check.add_argument("--unit", required=True)
    check.add_argument("--year", required=True, type=int)
    check.add_argument("--json", action="store_true", help="以 JSON 输出检查结果")
    check.add_argument(
        "--dismiss",
        action="append",
        metavar="KEY",
        help="将导入原文中该合计单元格的“原文合计不符”标记为已核对（可重复）",
    )

    export = sub.add_parser("export", help="导出年报（按扩展名：.json .docx .html .pdf）")
    export.add_argument("--unit", required=True)
    export.add_argument("--year", required=True, type=int)
    export.add_argument("-o", "--output", required=True)
    export.add_argument(
        "--fonts",
        choices=["standard", "windows", "xinchuang"],
        default="standard",
        help="字体方案：standard 公文标准字体，windows Windows 常用字体，xinchuang 信创系统字体",
    )

    sub.add_parser("list", help="列出所有单位和年度的报告")


HANDLERS: dict[str, Callable[[Database, argparse.Namespace], int]] = {
    "new": cmd_new,
    "import": cmd_import,
    "check": cmd_check,
    "export": cmd_export,
    "list": cmd_list,
}


def _fail(line: str) -> None:
    """Tell one line on stderr and keep it in the log (a windowed build has no stderr)."""
    sys.stderr.write(line)
    logging.getLogger("nianbao.cli").warning(line.rstrip("\n"))


def run_command(args: argparse.Namespace) -> int:
    """Open the database, run the subcommand, and turn every failure into one line on stderr."""
    from cli.arguments import feature_modules

    for module in feature_modules():  # e.g. ``restore``: must work on a database that won't open
        if args.command in getattr(module, "WITHOUT_DATABASE", {}):
            return int(module.WITHOUT_DATABASE[args.command](args))
    from sqlalchemy.exc import SQLAlchemyError

    from models.domain.limits import LimitError
    from models.storage.database import DatabaseError, open_database
    from models.storage.repository import NotFoundError, ReportFrozenError

    try:
        db = open_database(args.db)
    except DatabaseError as error:
        _fail(f"错误：{error}\n")
        return EXIT_FAILED
    for notice in db.notices:  # e.g. a failed daily backup: never silent
        sys.stderr.write(f"注意：{notice}\n")

    handlers: dict[str, Callable[[Database, argparse.Namespace], int]] = {}
    for module in feature_modules():
        handlers.update(module.HANDLERS)
    try:
        return handlers[args.command](db, args)
    except (CommandError, NotFoundError, ReportFrozenError, LimitError) as error:
        _fail(f"错误：{error}\n")
        return EXIT_FAILED
    except DatabaseError as error:
        _fail(f"错误：{error}\n")
        return EXIT_FAILED
    except SQLAlchemyError as error:  # e.g. refused by a shared server's access rules
        from models.storage.server_access import describe_failure

        _fail(f"错误：{describe_failure(error, db.url)}\n")
        return EXIT_FAILED
    except Exception as error:
        _fail(f"错误：操作失败（{type(error).__name__}: {error}）\n")
        return EXIT_FAILED
    finally:
        db.close()
