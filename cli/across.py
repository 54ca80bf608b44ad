"""Subcommands across years and units: compare, aggregate (汇总), import-folder, freeze/reopen/
versions (定稿), set-parent, and the Excel tables (xlsx-export, xlsx-template).

Heavy modules are imported inside the handlers so that starting the GUI stays fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from cli.commands import EXIT_FINDINGS, EXIT_OK, CommandError
from models.domain.deadlines import LEVELS
from models.domain.editions import CellPlace

if TYPE_CHECKING:  # models.storage.database imports SQLAlchemy: only inside the handlers
    from models.storage.database import Database


def _warn(warnings: tuple[str, ...]) -> None:
    for line in warnings:
        print(f"注意：{line}", file=sys.stderr)


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def _where(place: CellPlace) -> str:
    return f"表{place.table_heading[0]} {place.row}／{place.column}"


def _write(target: Path, payload: bytes) -> None:
    from models.storage.safe_write import ExportWriteError, write_bytes_atomically

    try:
        write_bytes_atomically(target, payload)
    except ExportWriteError as error:
        raise CommandError(str(error)) from error


def cmd_compare(db: Database, args: argparse.Namespace) -> int:
    """Compare a report with the year before; print it, or write .xlsx / .html with ``-o``."""
    from exporters.compare_export import comparison_html, comparison_xlsx_checked
    from models.domain.compare import compare_reports
    from models.domain.values import format_value
    from models.storage.repository import load_report

    with db.sessions.begin() as session:
        report = load_report(session, args.unit, args.year)
        previous = load_report(session, args.unit, args.year - 1)
    if report is None:
        raise CommandError(f"没有找到“{args.unit}”{args.year}年的报告")
    comparison = compare_reports(report, previous)
    if args.output:
        target = Path(args.output)
        suffix = target.suffix.lower()
        if suffix == ".xlsx":
            payload, warnings = comparison_xlsx_checked(comparison)
            _warn(warnings)
        elif suffix in (".html", ".htm"):
            payload = comparison_html(comparison).encode("utf-8")
        else:
            raise CommandError(f"不支持导出为 {suffix or '无扩展名'} 文件（可用：.xlsx .html）")
        _write(target, payload)
        _out(f"已导出对比到 {target}")
        return EXIT_OK
    if previous is None:
        _out(f"没有“{args.unit}”{args.year - 1}年的报告，上年各项为空。")
    for c in comparison.cells:
        if c.current is None and c.previous is None:
            continue
        _out(
            f"表{c.table_heading[0]} {c.row}／{c.column}\t本年 {format_value(c.current) or '空'}"
            f"\t上年 {format_value(c.previous) or '空'}\t{c.change_text()}\t{c.percent_text()}"
        )
    for ch in comparison.chapters:
        flag = "（超过一半与上年雷同）" if ch.too_similar else ""
        _out(f"{ch.heading}：与上年重复 {ch.percent}%{flag}")
    return EXIT_OK


def cmd_aggregate(db: Database, args: argparse.Namespace) -> int:
    """Sum the children's reports into the parent's report (or, with --status, say what changed)."""
    from models.domain.values import format_value
    from models.services.aggregate import (
        apply_summary,
        compute_summary,
        summary_state,
        would_overwrite,
    )
    from models.storage.repository import ReportFrozenError
    from models.storage.unit_tree import own_unit_name

    if args.status:
        with db.sessions.begin() as session:
            state = summary_state(session, args.unit, args.year)
        if state is None:
            raise CommandError(f"“{args.unit}”{args.year}年还没有汇总过")
        _out(
            f"上次汇总：{state.computed_at.astimezone():%Y-%m-%d %H:%M}，"
            f"下级单位：{'、'.join(state.children) or '无'}"
        )
        if state.changed:
            _out(f"此后有变化的报告：{'、'.join(state.changed)}（重新运行 aggregate 以更新）")
        else:
            _out("下级报告自上次汇总以来没有变化。")
        if state.new_children:
            _out(f"新增的下级单位（未纳入汇总）：{'、'.join(state.new_children)}")
        for skipped in state.skipped:
            _out(f"无法读取的下级报告：{skipped.message}")
        if state.hand_edited:
            _out(f"汇总后手工修改过的单元格：{len(state.hand_edited)} 个（重新汇总会覆盖）")
        return EXIT_FINDINGS if state.stale else EXIT_OK
    children = [c.strip() for c in args.children.split(",") if c.strip()] if args.children else None
    with db.sessions.begin() as session:
        summary = compute_summary(session, args.unit, args.year, children, args.include_own)
        typed = would_overwrite(session, summary)
        if typed and not args.overwrite:
            shown = "、".join(_where(summary.spec.place(k)) for k in typed[:5])
            more = f"等 {len(typed)} 个" if len(typed) > 5 else ""
            raise CommandError(
                f"“{args.unit}”{args.year}年报告中有手工填写的数字会被汇总值覆盖（{shown}{more}），"
                f"未汇总；本级数字请放在“{own_unit_name(args.unit)}”的报告中并加 --include-own，"
                "确需覆盖请加 --overwrite"
            )
        try:
            result = apply_summary(session, summary)
        except ReportFrozenError as error:
            raise CommandError(str(error)) from error
    spec = summary.spec
    summed = [u for u in summary.units if summary.sources.get(u) is not None]
    verb = "新建" if result.created else "更新"
    _out(
        f"已{verb}“{args.unit}”{args.year}年汇总报告的表格："
        f"汇总了 {len(summed)} 个单位的报告（文字章节未改动）。"
    )
    totals = summary.all_values()
    for key in (*spec.inputs, *spec.derived):
        if totals.get(key) is None:
            continue
        place = spec.place(key)
        parts = "，".join(
            f"{c.unit} {format_value(c.value)}"
            for c in summary.contributions_of(key)
            if c.value is not None
        )
        _out(f"  {_where(place)} = {format_value(totals[key])}（{parts}）")
    for skipped in summary.skipped:
        _out(f"未纳入汇总：{skipped.message}")
    if summary.missing:
        _out(f"缺少{args.year}年报告的单位：{'、'.join(summary.missing)}")
    for problem in summary.erroneous:
        _out(
            f"报告有错误的单位：{problem.unit}"
            f"（{problem.errors} 个错误，如：{problem.messages[0]}）"
        )
    if summary.edition_mismatch:
        _out(f"格式版本不同的报告（只汇总共有的单元格）：{'、'.join(summary.edition_mismatch)}")
    for key in summary.unsummable:
        place = spec.place(key)
        _out(f"无法相加的单元格（请手工填写）：{_where(place)}")
    for unit, messages in summary.published.items():
        _out(f"导入的原文有合计不符的单位：{unit}（{len(messages)} 处）")
        for message in messages:
            _out(f"  {message}")
    if result.overwritten:
        _out(f"注意：{len(result.overwritten)} 个手工填写的单元格已按 --overwrite 被汇总值覆盖。")
    problems = summary.missing or summary.erroneous or summary.skipped
    return EXIT_FINDINGS if problems else EXIT_OK


def cmd_import_folder(db: Database, args: argparse.Namespace) -> int:
    """Import every .json / .xlsx file of a folder in one transaction; list the refused ones."""
    from cli.across_import import import_folder

    outcome = import_folder(db, Path(args.folder), args.replace, args.parent)
    for line in outcome.imported:
        _out(f"已导入：{line}")
    for line in outcome.notes:
        _out(f"  {line}")
    for name, reason in outcome.refused:
        _out(f"未导入：{name}：{reason}")
    _out(f"共导入 {len(outcome.imported)} 个文件，拒绝 {len(outcome.refused)} 个。")
    if outcome.refused and not outcome.imported:
        raise CommandError(f"文件夹 {args.folder} 中没有可导入的文件")
    return EXIT_FINDINGS if outcome.refused else EXIT_OK


def cmd_freeze(db: Database, args: argparse.Namespace) -> int:
    """定稿: freeze a version; optionally save the hashed Word file."""
    from models.domain.checks import ERROR, run_checks
    from models.services.signoff import SignoffError, freeze
    from models.storage.repository import load_report

    with db.sessions.begin() as session:
        try:
            result = freeze(session, args.unit, args.year, args.note or "")
        except SignoffError as error:
            raise CommandError(str(error)) from error
        report = load_report(session, args.unit, args.year)
        previous = load_report(session, args.unit, args.year - 1)
    if args.output:
        if result.docx is None:
            raise CommandError("已定稿，但本程序暂不能生成 Word 文件，未写出 -o 指定的文件")
        _write(Path(args.output), result.docx)
    _out(f"已定稿：“{args.unit}”{args.year}年报告 {result.version.describe()}")
    if args.output:
        _out(f"定稿的 Word 文件已保存到 {args.output}")
    assert report is not None
    errors = sum(1 for f in run_checks(report, previous) if f.severity == ERROR)
    if errors:
        _out(f"注意：定稿的报告仍有 {errors} 个错误（check 命令可查看）。")
    return EXIT_OK


def cmd_reopen(db: Database, args: argparse.Namespace) -> int:
    """Reopen a final report for editing; its versions are kept."""
    from models.services.signoff import SignoffError, reopen

    with db.sessions.begin() as session:
        try:
            reopen(session, args.unit, args.year)
        except SignoffError as error:
            raise CommandError(str(error)) from error
    _out(f"已重新打开“{args.unit}”{args.year}年报告，可以修改；已定稿的版本仍然保留。")
    return EXIT_OK


def cmd_versions(db: Database, args: argparse.Namespace) -> int:
    """List the frozen versions with dates, the deadline and what changed since."""
    from datetime import date

    from models.domain.deadlines import deadline_line
    from models.domain.report import FINAL
    from models.services.signoff import changes_since_frozen, list_versions, matching_version
    from models.storage.repository import require_report
    from models.storage.unit_tree import level_of

    with db.sessions.begin() as session:
        row = require_report(session, args.unit, args.year)
        final = row.status == FINAL
        versions = list_versions(session, args.unit, args.year)
        diff = changes_since_frozen(session, args.unit, args.year)
        level = level_of(session, args.unit)
        match = None
        if args.verify:
            try:
                data = Path(args.verify).read_bytes()
            except OSError as error:
                raise CommandError(
                    f"无法读取文件 {args.verify}：{error.strerror or error}"
                ) from error
            match = matching_version(session, args.unit, args.year, data)
    _out(f"“{args.unit}”{args.year}年报告：{'已定稿' if final else '草稿'}")
    _out(deadline_line(level, args.year, date.today(), final))
    if not versions:
        _out("还没有定稿版本。")
    for v in versions:
        _out(v.describe())
    if versions and diff.unchanged:
        _out(f"与第 {diff.version} 版相比没有修改。")
    elif versions:
        _out(f"自第 {diff.version} 版定稿以来的修改：")
        for line in diff.lines():
            _out(f"  {line}")
    if args.verify:
        if match is None:
            _out(f"{args.verify} 与任何定稿版本的 Word 文件都不一致。")
            return EXIT_FINDINGS
        _out(f"{args.verify} 就是第 {match.number} 版定稿的 Word 文件。")
    return EXIT_OK


def cmd_set_parent(db: Database, args: argparse.Namespace) -> int:
    """Set a unit's parent (or none) and level."""
    from models.domain.deadlines import level_label
    from models.storage.repository import get_unit
    from models.storage.unit_tree import UnitTreeError, set_level, set_parent

    if args.parent is None and not args.no_parent and args.level is None:
        raise CommandError("请指定 --parent、--no-parent 或 --level")
    with db.sessions.begin() as session:
        try:
            if args.parent is not None or args.no_parent:
                set_parent(session, args.unit, None if args.no_parent else args.parent, args.level)
            else:
                if get_unit(session, args.unit) is None:
                    raise CommandError(f"没有名为“{args.unit}”的单位")
                set_level(session, args.unit, args.level)
        except UnitTreeError as error:
            raise CommandError(str(error)) from error
    parts = []
    if args.no_parent:
        parts.append("已取消上级单位")
    elif args.parent is not None:
        parts.append(f"上级单位：{args.parent}")
    if args.level is not None:
        parts.append(f"层级：{level_label(args.level)}")
    _out(f"“{args.unit}”{'，'.join(parts)}。")
    return EXIT_OK


def cmd_xlsx_export(db: Database, args: argparse.Namespace) -> int:
    """Write a report's tables as .xlsx (official layout, totals as formulas)."""
    from exporters.xlsx_writer import write_xlsx_checked
    from models.storage.repository import load_report

    with db.sessions.begin() as session:
        report = load_report(session, args.unit, args.year)
    if report is None:
        raise CommandError(f"没有找到“{args.unit}”{args.year}年的报告")
    payload, warnings = write_xlsx_checked(report)
    _warn(warnings)
    _write(Path(args.output), payload)
    _out(f"已导出表格到 {args.output}")
    return EXIT_OK


def cmd_xlsx_template(db: Database, args: argparse.Namespace) -> int:
    """Write a blank collection workbook (采集表) for the departments to fill in."""
    from exporters.xlsx_writer import write_collection_workbook

    _write(Path(args.output), write_collection_workbook(args.year, args.parent or "", args.edition))
    _out(f"已生成{args.year}年空白采集表：{args.output}")
    return EXIT_OK


def _unit_year(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--unit", required=True)
    parser.add_argument("--year", required=True, type=int)


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the subcommands across years and units."""
    compare = sub.add_parser("compare", help="与上一年对比（表格数字、文字重复）")
    _unit_year(compare)
    compare.add_argument("-o", "--output", help="导出对比：.xlsx 或 .html")

    agg = sub.add_parser("aggregate", help="汇总下级单位的报告到上级单位的报告")
    _unit_year(agg)
    agg.add_argument("--children", help="只汇总这些下级单位（逗号分隔；默认全部下级单位）")
    agg.add_argument(
        "--include-own", action="store_true", help="加上本级报告（单位“上级名称（本级）”）"
    )
    agg.add_argument("--status", action="store_true", help="只查看上次汇总后哪些下级报告有变化")
    agg.add_argument("--overwrite", action="store_true", help="覆盖上级报告中手工填写的数字")

    folder = sub.add_parser("import-folder", help="一次导入文件夹中所有 .json / .xlsx 文件")
    folder.add_argument("folder")
    folder.add_argument("--replace", action="store_true", help="替换已存在的报告（已定稿的不替换）")
    folder.add_argument("--parent", help="把导入的单位设为该单位的下级")

    freeze = sub.add_parser("freeze", help="定稿：冻结当前版本（数值、文字、Word 文件摘要）")
    _unit_year(freeze)
    freeze.add_argument("--note", help="版本说明")
    freeze.add_argument("-o", "--output", help="同时保存定稿的 Word 文件（.docx）")

    reopen = sub.add_parser("reopen", help="重新打开已定稿的报告以便修改（保留已定稿版本）")
    _unit_year(reopen)

    versions = sub.add_parser("versions", help="列出定稿版本、法定期限和定稿后的修改")
    _unit_year(versions)
    versions.add_argument("--verify", metavar="DOCX", help="核对一个 Word 文件是否为某一定稿版本")

    setp = sub.add_parser("set-parent", help="设置单位的上级单位和层级")
    setp.add_argument("--unit", required=True)
    setp.add_argument("--parent")
    setp.add_argument("--no-parent", action="store_true", help="取消上级单位")
    setp.add_argument("--level", choices=list(LEVELS))

    xlsx = sub.add_parser("xlsx-export", help="把报告的三张表格导出为 Excel（.xlsx）")
    _unit_year(xlsx)
    xlsx.add_argument("-o", "--output", required=True)

    template = sub.add_parser("xlsx-template", help="生成空白 Excel 采集表，发给下级单位填写")
    template.add_argument("--year", required=True, type=int)
    template.add_argument("--parent", help="汇总单位（印在封面上）")
    template.add_argument("--edition", choices=["2019", "2021"])
    template.add_argument("-o", "--output", required=True)


HANDLERS: dict[str, Callable[[Database, argparse.Namespace], int]] = {
    "compare": cmd_compare,
    "aggregate": cmd_aggregate,
    "import-folder": cmd_import_folder,
    "freeze": cmd_freeze,
    "reopen": cmd_reopen,
    "versions": cmd_versions,
    "set-parent": cmd_set_parent,
    "xlsx-export": cmd_xlsx_export,
    "xlsx-template": cmd_xlsx_template,
}
