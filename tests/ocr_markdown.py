"""Made-up OCR / converter output: a report written the way OCR tools and converters write
text (Markdown headings and emphasis, pipe tables with generic column headers, ``-`` for
blank). Built from the project's own HTML export, so the truth is the report itself."""

from __future__ import annotations

import re

from exporters.render import render_bytes
from importers.blocks import Para, TableBlock
from importers.read_html import read_html
from importers.text_utils import is_value_text
from models.domain.report import ReportData

_SUBHEAD = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[)）]")
_CHAPTER = re.compile(r"^[一二三四五六]、")


def _row_cells(row: list[str]) -> list[str]:
    out: list[str] = []
    previous = None
    for text in row:
        out.append("" if text is previous else text)
        previous = text
    return out


def _pipe_table(block: TableBlock, generic: bool) -> list[str]:
    """A pipe table: merged cells printed once (in their first position), header rows as
    one header line (generic ``数据1 … 数据6 | 总计`` for the seven 表三 columns)."""
    rows = [
        [
            cell.text
            if (c == 0 or cell.origin != row[c - 1].origin)
            and (r == 0 or cell.origin != block.rows[r - 1][c].origin)
            else ""
            for c, cell in enumerate(row)
        ]
        for r, row in enumerate(block.rows)
    ]
    width = max(len(r) for r in rows)
    body = [r for r in rows if any(t.strip() and is_value_text(t) for t in r[1:])]
    heads = [r for r in rows if r not in body]
    values = [t for t in body[0] if t.strip() and is_value_text(t)] if body else []
    if generic and len(values) == 7:
        header = ["项目"] * (width - 7) + [f"数据{i}" for i in range(1, 7)] + ["总计"]
    else:
        header = heads[0] if heads else ["项目"] * width
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in body]
    return lines


def printed(report: ReportData) -> ReportData:
    """``report`` as its printed pages show it: blank cells print as 0 (official format)."""
    out = report.copy()
    for key, cell in report.spec.inputs.items():
        if out.values.get(key) is None and cell.type != "money_text":
            out.values[key] = 0
    return out


def report_markdown(report: ReportData, generic: bool = True) -> str:
    """The report as an OCR tool writes it in Markdown."""
    doc = read_html(render_bytes(report, ".html"))
    lines: list[str] = []
    for block in doc.blocks:
        if isinstance(block, TableBlock):
            lines += ["", *_pipe_table(block, generic), ""]
            continue
        assert isinstance(block, Para)
        text = block.text
        if text and text in report.title and len(lines) < 6:
            lines.append(f"# {text}")
        elif _CHAPTER.match(text):
            lines.append(f"## {text}")
        elif _SUBHEAD.match(text) and len(text) < 30:
            lines.append(f"### {text}")
        elif text.startswith("（") and "。" in text:
            head, _, rest = text.partition("。")
            lines.append(f"**{head}。**{rest}")
        else:
            lines.append(text)
        lines.append("")
    return "\n".join(lines)
