"""The year-over-year comparison (:mod:`models.domain.compare`) as an .xlsx workbook or an HTML
page."""

from __future__ import annotations

import html
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from exporters.xlsx_text import InertText
from models.domain.compare import CellComparison, ChapterComparison, Comparison
from models.domain.values import format_value

_HEADERS = ("表", "行", "列", "本年", "上年", "增减", "增减幅度")
_RED = PatternFill("solid", fgColor="FFE0E0")


def _title(comparison: Comparison) -> str:
    return f"{comparison.unit}{comparison.year}年与{comparison.previous_year}年年报对比"


def _note(comparison: Comparison) -> str:
    if comparison.has_previous:
        return ""
    return f"没有{comparison.previous_year}年的报告，上年各项为空。"


def _row(cell_cmp: CellComparison) -> list[str]:
    previous = format_value(cell_cmp.previous)
    if not cell_cmp.in_previous_edition:
        previous = "（上年格式无此项）"
    return [
        cell_cmp.table_heading,
        cell_cmp.row,
        cell_cmp.column + ("（合计）" if cell_cmp.derived else ""),
        format_value(cell_cmp.current),
        previous,
        cell_cmp.change_text(),
        cell_cmp.percent_text(),
    ]


def comparison_xlsx(comparison: Comparison) -> bytes:
    """The comparison as a workbook: one sheet of cells, one of chapter similarity."""
    return comparison_xlsx_checked(comparison)[0]


def comparison_xlsx_checked(comparison: Comparison) -> tuple[bytes, tuple[str, ...]]:
    """:func:`comparison_xlsx` and the warnings (control characters removed)."""
    inert = InertText()
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "表格对比"
    inert.append(ws, [_title(comparison)], "标题")
    ws["A1"].font = Font(name="黑体", size=14)
    if _note(comparison):
        inert.append(ws, [_note(comparison)])
    ws.append(list(_HEADERS))
    header_row = ws.max_row
    for head in ws[header_row]:
        head.font = Font(bold=True)
    for c in comparison.cells:
        inert.append(ws, _row(c))
    for letter, width in zip("ABCDEFG", (26, 40, 18, 10, 10, 10, 12), strict=True):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=header_row + 1):
        row[1].alignment = Alignment(wrap_text=True)
    ws.freeze_panes = f"A{header_row + 1}"
    texts = wb.create_sheet("文字对比")
    texts.append(["章节", "与上年重复比例", "提示", "重复的段落"])
    for head in texts[1]:
        head.font = Font(bold=True)
    for ch in comparison.chapters:
        hint = "超过一半与上年雷同" if ch.too_similar else ""
        passages = "\n".join(ch.current[a:b] for a, b in ch.spans)
        inert.append(texts, [ch.heading, f"{ch.percent}%", hint, passages], ch.heading)
        if ch.too_similar:
            texts.cell(row=texts.max_row, column=2).fill = _RED
        texts.cell(row=texts.max_row, column=4).alignment = Alignment(
            wrap_text=True, vertical="top"
        )
    texts.column_dimensions["A"].width = 32
    texts.column_dimensions["B"].width = 14
    texts.column_dimensions["C"].width = 20
    texts.column_dimensions["D"].width = 80
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue(), inert.warnings()


def highlighted_html(
    text: str, spans: tuple[tuple[int, int], ...], mark: tuple[str, str] = ("<mark>", "</mark>")
) -> str:
    """``text`` as HTML with the ``spans`` wrapped in ``mark`` (open, close); line breaks kept.

    Qt's rich text lacks ``<mark>``; the dialog passes a ``<span style=...>`` instead.
    """
    out: list[str] = []
    pos = 0
    for start, end in spans:
        out.append(html.escape(text[pos:start]))
        out.append(f"{mark[0]}{html.escape(text[start:end])}{mark[1]}")
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out).replace("\n", "<br>\n")


def _chapter_html(ch: ChapterComparison) -> str:
    flag = "（超过一半与上年雷同）" if ch.too_similar else ""
    cls = ' class="warn"' if ch.too_similar else ""
    return (
        f"<h3>{html.escape(ch.heading)}：与上年重复 <span{cls}>{ch.percent}%</span>{flag}</h3>\n"
        f'<div class="text">{highlighted_html(ch.current, ch.spans) or "（空）"}</div>\n'
    )


def comparison_html(comparison: Comparison) -> str:
    """The comparison as a self-contained HTML page (repeated passages marked)."""
    rows = "\n".join(
        "<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in _row(c)) + "</tr>"
        for c in comparison.cells
    )
    head = "".join(f"<th>{h}</th>" for h in _HEADERS)
    note = f"<p>{html.escape(_note(comparison))}</p>" if _note(comparison) else ""
    chapters = "".join(_chapter_html(ch) for ch in comparison.chapters)
    title = html.escape(_title(comparison))
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 2em; }}
table {{ border-collapse: collapse; }} td, th {{ border: 1px solid #999; padding: 2px 6px; }}
td:nth-child(n+4) {{ text-align: right; }} mark {{ background: #ffe08a; }} .warn {{ color: #c00; }}
.text {{ white-space: normal; line-height: 1.8; }}
</style></head><body>
<h1>{title}</h1>
{note}
<h2>表格数据</h2>
<table><thead><tr>{head}</tr></thead><tbody>
{rows}
</tbody></table>
<h2>文字章节与上年的重复</h2>
<p>标出的段落与上年报告相同（按连续 8 个字比对，不计空白）。</p>
{chapters}
</body></html>
"""
