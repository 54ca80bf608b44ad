"""What the clerk reviews before an import is written: the recovered report as HTML, with the
cells that were not found marked. Qt-free (the dialog only shows the string)."""

from __future__ import annotations

from html import escape

from importers.published import PublishedImport
from models.domain.editions import TableSpec
from models.domain.values import format_value

MISSING_MARK = "？"


def summary_lines(result: PublishedImport) -> list[str]:
    """Short facts for the top of the review (unit, year, edition, counts)."""
    report = result.report
    spec = report.spec
    found = len(spec.inputs) - len(result.missing)
    date = report.signature_date.isoformat() if report.signature_date else "未找到"
    return [
        f"单位：{report.unit}",
        f"年度：{report.year}年　格式：{spec.short_name}",
        f"标题：{report.title}",
        f"落款：{report.signature_unit or '未找到'}　{date}",
        f"表格单元格：找到 {found} 个，未找到 {len(result.missing)} 个（共 {len(spec.inputs)} 个）",
        f"合计不符：{len(result.discrepancies)} 处"
        + (f"　只印合计、未列明细：{len(result.parent_totals)} 处" if result.parent_totals else ""),
        f"未放入任何章节的文字：{len(result.unplaced)} 段",
    ]


def _table_html(spec: TableSpec, result: PublishedImport) -> str:
    values = result.report.values
    missing = set(result.missing)
    rows: list[str] = []
    for r in range(spec.rows):
        cells: list[str] = []
        for cell in spec.cells:
            if cell.r != r:
                continue
            span = f' rowspan="{cell.rowspan}" colspan="{cell.colspan}"'
            if cell.role == "input":
                if cell.key in missing:
                    text = f'<b style="color:#c00000">{MISSING_MARK}</b>'
                else:
                    text = escape(format_value(values.get(cell.key)))
            elif cell.role == "derived":
                printed = result.printed_totals.get(cell.key)
                text = f'<span style="color:#666666">{escape(format_value(printed))}</span>'
            else:
                text = escape(cell.text)
            cells.append(f"<td{span}>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        '<table border="1" cellspacing="0" cellpadding="2" style="border-collapse:collapse">'
        + "".join(rows)
        + "</table>"
    )


def review_html(result: PublishedImport) -> str:
    """The recovered report: facts, chapter texts and the three tables (printed totals grey,
    cells not found as a red ？)."""
    report = result.report
    spec = report.spec
    parts = [f"<h3>{escape(report.title)}</h3>"]
    parts += [f"<div>{escape(line)}</div>" for line in summary_lines(result)]
    if report.preamble:
        parts.append(f"<p>{escape(report.preamble)}</p>")
    for chapter in spec.chapters:
        parts.append(f"<h4>{escape(chapter.heading)}</h4>")
        if chapter.kind == "text":
            text = report.chapter(chapter.key)
            if not text:
                parts.append('<p style="color:#c00000">（未找到本章内容）</p>')
            parts += [f"<p>{escape(line)}</p>" for line in text.split("\n") if line]
        else:
            parts.append(_table_html(spec.tables[chapter.key], result))
    if result.unplaced:
        parts.append('<h4 style="color:#c00000">未放入的文字（不会导入，请核对）</h4>')
        parts += [f'<p style="color:#c00000">{escape(text)}</p>' for text in result.unplaced]
    return "".join(parts)
