"""Qt-free view logic of the comparison, 汇总 and 定稿 dialogs: rows, banners and texts.

The dialogs (``gui/compare_view.py``, ``gui/aggregate_view.py``, ``gui/signoff_view.py``) only
show what these functions return, so everything here is tested without widgets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from models.domain.compare import ChapterComparison, Comparison
from models.domain.summary import Summary, SummaryState
from models.domain.values import format_value
from models.domain.versions import VersionInfo

UP = "up"
DOWN = "down"
CHANGED = "changed"
WARN = "warn"
MISSING = "missing"


@dataclass(frozen=True)
class Row:
    """One row of a read-only table: its texts, a tone for colouring, and an optional key."""

    cells: tuple[str, ...]
    tone: str | None = None
    key: str = ""


COMPARE_HEADERS = ("表", "行", "列", "本年", "上年", "增减", "增减幅度")


def compare_rows(comparison: Comparison, changed_only: bool = False) -> list[Row]:
    """The comparison's cells as rows; ``changed_only`` keeps cells that differ from last year."""
    rows: list[Row] = []
    for c in comparison.cells:
        if changed_only and c.current == c.previous:
            continue
        change = c.change
        tone: str | None = None
        if change is not None and change > 0:
            tone = UP
        elif change is not None and change < 0:
            tone = DOWN
        elif c.current != c.previous:
            tone = CHANGED
        previous = format_value(c.previous) if c.in_previous_edition else "（上年格式无此项）"
        column = c.column + ("（合计）" if c.derived else "")
        cells = (
            f"表{c.table_heading[0]}",
            c.row,
            column,
            format_value(c.current),
            previous,
            c.change_text(),
            c.percent_text(),
        )
        rows.append(Row(cells, tone, c.key))
    return rows


def compare_heading(comparison: Comparison) -> str:
    """The line above the comparison."""
    if not comparison.has_previous:
        return (
            f"“{comparison.unit}”没有{comparison.previous_year}年的报告，"
            f"上年各项为空，文字无从比较。"
        )
    changed = len(comparison.changed_cells())
    return (
        f"“{comparison.unit}”{comparison.year}年与{comparison.previous_year}年对比："
        f"{changed} 个单元格有变化。"
    )


def chapter_summary(chapter: ChapterComparison) -> str:
    """The similarity line of a chapter."""
    if not chapter.current.strip():
        return f"{chapter.heading}：本年尚未填写。"
    text = f"{chapter.heading}：与上年重复 {chapter.percent}%"
    if chapter.too_similar:
        return text + "，超过一半与上年雷同（评议时会扣分），请改写标出的段落。"
    if chapter.spans:
        return text + "，标出的段落与上年相同。"
    return text + "。"


@dataclass(frozen=True)
class ChildStatus:
    """One subordinate unit in the 汇总 dialog."""

    name: str
    chosen: bool
    status: str
    tone: str | None


def child_statuses(
    children: list[str], chosen: list[str], summary: Summary | None
) -> list[ChildStatus]:
    """Each subordinate unit with whether it is chosen and how its report stands."""
    missing = set(summary.missing) if summary else set()
    skipped = {s.unit: s.reason for s in summary.skipped} if summary else {}
    errors = {p.unit: p.errors for p in summary.erroneous} if summary else {}
    mismatch = set(summary.edition_mismatch) if summary else set()
    out: list[ChildStatus] = []
    for name in children:
        tone: str | None = None
        if summary is None or name not in summary.units:
            status = "未选入"
        elif name in skipped:
            status, tone = f"已跳过：{skipped[name]}", WARN
        elif name in missing:
            status, tone = "没有本年报告", MISSING
        elif name in errors:
            status, tone = f"有 {errors[name]} 个错误", WARN
        elif name in mismatch:
            status, tone = "格式版本不同", WARN
        else:
            status = "已纳入"
        out.append(ChildStatus(name, name in chosen, status, tone))
    return out


SUMMARY_HEADERS = ("表", "行", "列", "汇总值")
CONTRIBUTION_HEADERS = ("单位", "数值")


def summary_rows(summary: Summary) -> list[Row]:
    """Every cell with a non-blank sum (totals included), in table order."""
    spec = summary.spec
    totals = summary.all_values()
    rows: list[Row] = []
    for table in spec.tables.values():
        for cell in sorted(table.cells, key=lambda c: (c.r, c.c)):
            if not cell.is_value or totals.get(cell.key) is None:
                continue
            place = spec.place(cell.key)
            column = place.column + ("（合计）" if cell.role == "derived" else "")
            rows.append(
                Row(
                    (f"表{table.heading[0]}", place.row, column, format_value(totals[cell.key])),
                    None,
                    cell.key,
                )
            )
    return rows


def contribution_rows(summary: Summary, key: str) -> list[Row]:
    """Each summed report's value in ``key``; blank ones shown as 空白."""
    return [
        Row((c.unit, format_value(c.value) or "空白"), None if c.value is not None else MISSING)
        for c in summary.contributions_of(key)
    ]


def summary_problems(summary: Summary) -> list[str]:
    """Lines about skipped, missing and erroneous children and cells that could not be added."""
    lines: list[str] = [f"未纳入汇总：{s.message}" for s in summary.skipped]
    if summary.missing:
        lines.append(f"没有{summary.year}年报告的单位：{'、'.join(summary.missing)}")
    for p in summary.erroneous:
        lines.append(f"{p.unit} 的报告有 {p.errors} 个错误，如：{p.messages[0]}")
    if summary.edition_mismatch:
        lines.append(f"格式版本不同（只汇总共有的单元格）：{'、'.join(summary.edition_mismatch)}")
    for key in summary.unsummable:
        place = summary.spec.place(key)
        lines.append(f"无法相加，请手工填写：{place.table_heading} {place.row} {place.column}")
    for unit, messages in summary.published.items():
        lines.append(f"{unit} 导入的原文有 {len(messages)} 处合计不符：")
        lines += [f"  {message}" for message in messages]
    return lines


def state_banner(state: SummaryState | None) -> str:
    """What the clerk must know about the stored summary; empty when it is up to date."""
    if state is None:
        return "本年度还没有写入汇总结果。"
    parts: list[str] = []
    if state.changed:
        parts.append(
            f"上次汇总（{state.computed_at.astimezone():%Y-%m-%d %H:%M}）后，"
            f"这些单位的报告有变化：{'、'.join(state.changed)}。汇总结果尚未更新，请点“写入汇总”。"
        )
    if state.new_children:
        parts.append(f"新增的下级单位尚未纳入汇总：{'、'.join(state.new_children)}。")
    if state.skipped:
        parts.append("".join(f"{s.message}。" for s in state.skipped))
    if state.hand_edited:
        parts.append(f"汇总后手工修改过 {len(state.hand_edited)} 个单元格，重新汇总会覆盖它们。")
    return "".join(parts)


VERSION_HEADERS = ("版本", "定稿时间", "Word 文件 SHA-256", "说明")


def version_rows(versions: Sequence[VersionInfo]) -> list[Row]:
    """The frozen versions, newest first."""
    return [
        Row(
            (
                f"第 {v.number} 版",
                v.frozen_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                v.docx_sha256 or "（未记录）",
                v.note,
            )
        )
        for v in reversed(versions)
    ]
