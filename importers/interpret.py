"""From a read document to a report: the edition, the chapters, the tables and every problem.

:func:`interpret` is the half of importing a published report that is the same for every format:
the readers (:mod:`importers.read_docx`, :mod:`importers.read_pdf`, …) turn a file into a
:class:`~importers.blocks.SourceDocument`, and this turns that into a :class:`PublishedImport`.
Nothing is guessed silently: every input cell of the edition is either recovered or named in
``problems``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from importers.blocks import SourceDocument, TableBlock
from importers.errors import ImportRefused
from importers.layout import Layout, find_layout
from importers.table_match import TableResult, match_table
from importers.text_utils import norm_label, table_name
from models.domain.derive import compute_derived
from models.domain.editions import Edition, edition_for_year, edition_ids, load_edition
from models.domain.exchange import Discrepancy, compare_printed_totals
from models.domain.report import ReportData
from models.domain.values import CellValue

_TITLE = re.compile(r"^(.*?)(?:关于)?(\d{4})\s*年度?(.*?)(?:政府信息公开|政务公开|信息公开).*报告")
#: Titles that put the year after the subject: "某局政府信息公开工作2023年度报告".
_TITLE_YEAR_LAST = re.compile(r"^(.*?)(?:政府信息公开|政务公开|信息公开)工作(\d{4})\s*年度?.*报告")


@dataclass
class PublishedImport:
    """A report recovered from a published file, and everything that needs the clerk's eye.

    Attributes:
        report: the recovered report (blank cells are absent from ``values``).
        discrepancies: printed totals that differ from the sums of their parts.
        problems: Chinese sentences: cells and chapters not found, guesses refused, notes.
        missing: input keys not recovered.
        printed_totals: totals as printed (key → value, ``None`` for a printed blank).
        fmt: the format read (``docx``, ``html``, ``pdf``, ``txt``).
        unplaced: stretches of text that were not placed in the title, the preamble, a
            chapter or the signature, each with where it was found; the review lists them.
        parent_totals: parent rows printed alone with a value other than 0 (group key →
            printed value; the parts are blank): kept with the report as checks.
    """

    report: ReportData
    discrepancies: list[Discrepancy] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    printed_totals: dict[str, int | None] = field(default_factory=dict)
    fmt: str = ""
    unplaced: list[str] = field(default_factory=list)
    parent_totals: dict[str, int] = field(default_factory=dict)


def interpret(doc: SourceDocument, require_unit: bool = True) -> PublishedImport:
    """Turn a read document into a report: edition, chapters, tables, problems."""
    probe = find_layout(doc, load_edition(edition_for_year(2100)))
    year, unit = _year_and_unit(probe)
    edition = load_edition(edition_for_year(year))
    layout = find_layout(doc, edition)
    if len(layout.headings) < 2 and not any(layout.tables.get(k) for k in edition.tables):
        raise ImportRefused(
            "文件中没有找到年报的章节标题或表格，不像是一份政府信息公开工作年度报告"
        )
    problems: list[str] = []
    edition, results = _tables(layout, edition, year, _document_text(doc), problems)
    values: dict[str, CellValue] = {}
    printed: dict[str, int | None] = {}
    parent_totals: dict[str, int] = {}
    for result in results.values():
        values.update(result.values)
        printed.update(result.printed)
        parent_totals.update(result.parent_totals)
    chapters, used_tail = _chapters(layout, edition, problems)
    unplaced = _unplaced(layout, edition, used_tail)
    if unplaced:
        problems.append(
            f"有 {len(unplaced)} 段文字未放入任何章节，已在“未放入的文字”中列出，请核对"
        )
    if doc.unsure:
        shown = "；".join(doc.unsure[:5])
        more = f"等 {len(doc.unsure)} 行" if len(doc.unsure) > 5 else ""
        problems.append(f"扫描件中以下文字识别把握不大，请对照原件核对：{shown}{more}")
    if doc.fmt == "scan":
        problems.append("本报告由扫描件识别（OCR）而来，请对照原件核对文字和数字")
    if doc.dropped:
        shown = "”“".join(dict.fromkeys(doc.dropped[:3]))
        problems.append(f"已略去页码、页眉和页脚等 {len(doc.dropped)} 行（如“{shown}”）")
    unit = unit or layout.signature_unit
    if not unit:
        if require_unit:
            raise ImportRefused("未能从标题或落款中找到单位名称，无法导入")
        problems.append("未能从标题或落款中找到单位名称，请填写")
    report = ReportData(
        unit=unit,
        year=year,
        edition=edition.id,
        title=layout.title or (edition.default_title(unit, year) if unit else ""),
        preamble="\n".join(layout.preamble),
        chapters=chapters,
        values=values,
        signature_unit=layout.signature_unit,
        signature_date=layout.signature_date,
    )
    if not layout.title:
        problems.append("未找到标题，已按单位和年度生成")
    if layout.signature_date is None:
        problems.append("未找到落款日期")
    missing = _missing(edition, results, problems)
    problems.extend(layout.notes)
    checkable = {k: v for k, v in printed.items() if _all_terms_found(edition, k, set(missing))}
    if len(checkable) < len(printed):
        problems.append(
            f"有 {len(printed) - len(checkable)} 个印出的合计因其组成单元格未全部找到，未作核对"
        )
    computed = compute_derived(edition, values)
    blank_totals = sorted(k for k, v in checkable.items() if v is None and computed.get(k))
    if blank_totals:
        places = [f"{edition.place(k).row} {edition.place(k).column}" for k in blank_totals[:3]]
        problems.append(
            f"有 {len(blank_totals)} 个合计单元格印为空白（如 {'；'.join(places)}），"
            "合计按各项相加计算，未作核对"
        )
    checkable = {k: v for k, v in checkable.items() if v is not None}
    return PublishedImport(
        report,
        compare_printed_totals(edition, values, checkable),
        problems,
        missing,
        printed,
        doc.fmt,
        unplaced,
        parent_totals,
    )


def _unplaced(layout: Layout, edition: Edition, used_tail: str | None) -> list[str]:
    """Every stretch of text found but placed nowhere, prefixed with where it was."""
    headings = {ch.key: ch.heading for ch in edition.chapters}
    out: list[str] = []
    for key, texts in layout.unplaced.items():
        where = headings.get(key, "标题之前")
        out.extend(f"（{where}）{text}" for text in texts)
    for key, paras in layout.chapters.items():
        if key.startswith("after_") and key != used_tail:
            where = headings.get(key.removeprefix("after_"), "")
            out.extend(f"（{where}之后）{text}" for text in paras)
    return out


def _all_terms_found(edition: Edition, key: str, missing: set[str]) -> bool:
    cell = edition.derived.get(key)
    if cell is None:
        return key not in missing
    return all(_all_terms_found(edition, term, missing) for term in cell.terms)


def _year_and_unit(layout: Layout) -> tuple[int, str]:
    title = layout.title.replace(" ", "")
    m = _TITLE.match(title)
    if m is not None and 2019 <= int(m.group(2)) <= 2100:
        unit = (m.group(1) + m.group(3)).strip("，,、：: 的")
        return int(m.group(2)), unit
    late = _TITLE_YEAR_LAST.match(title)
    if late is not None and 2019 <= int(late.group(2)) <= 2100:
        return int(late.group(2)), late.group(1).strip("，,、：: 的")
    for text in [layout.title, *layout.preamble]:
        period = re.search(r"(20\d\d)\s*年\s*1\s*月\s*1\s*日", text)
        if period and 2019 <= int(period.group(1)) <= 2100:
            return int(period.group(1)), ""
    raise ImportRefused("未能从标题或统计期限中确定报告年度，无法导入")


def _tables(
    layout: Layout, edition: Edition, year: int, doc_text: str, problems: list[str]
) -> tuple[Edition, dict[str, TableResult]]:
    """Match the tables in the edition of the year, or in another edition when the tables print
    labels only that edition has and none that only the year's edition has."""
    own = _table_texts(edition)
    for other_id in edition_ids():
        if other_id == edition.id:
            continue
        other = load_edition(other_id)
        theirs = _table_texts(other)
        only_theirs = sum(1 for t in theirs - own if t in doc_text)
        only_own = sum(1 for t in own - theirs if t in doc_text)
        if only_theirs >= 2 and only_own == 0:
            problems.append(
                f"报告年度为 {year} 年，但表格按{other.short_name}印制，已按{other.short_name}导入"
            )
            return other, _match_all(layout, other)
    return edition, _match_all(layout, edition)


def _table_texts(edition: Edition) -> set[str]:
    """The distinctive label and header texts of an edition's tables."""
    return {
        norm_label(cell.text)
        for spec in edition.tables.values()
        for cell in spec.cells
        if cell.role in ("label", "header") and len(norm_label(cell.text)) >= 4
    }


def _document_text(doc: SourceDocument) -> str:
    parts: list[str] = []
    for block in doc.blocks:
        if isinstance(block, TableBlock):
            parts.extend(cell.text for row in block.rows for cell in row)
        else:
            parts.append(block.text)
    return norm_label("".join(parts))


def _match_all(layout: Layout, edition: Edition) -> dict[str, TableResult]:
    types = {key: cell.type for key, cell in edition.inputs.items()}
    return {
        key: match_table(spec, edition.id, layout.tables.get(key, []), types)
        for key, spec in edition.tables.items()
    }


def _chapters(
    layout: Layout, edition: Edition, problems: list[str]
) -> tuple[dict[str, str], str | None]:
    """The text chapters, and the ``after_`` stretch taken as chapter 五 (if one was)."""
    chapters: dict[str, str] = {}
    used_tail: str | None = None
    for chapter in edition.chapters:
        if chapter.kind != "text":
            if chapter.key not in layout.headings:
                problems.append(f"未找到“{chapter.heading}”的标题")
            continue
        paras = layout.chapters.get(chapter.key)
        if chapter.key not in layout.headings:
            tail_key = next((k for k in ("after_t4", "after_t3") if layout.chapters.get(k)), None)
            if chapter.key == "problems" and tail_key and "other" in layout.headings:
                paras = layout.chapters[tail_key]
                used_tail = tail_key
                problems.append(
                    f"未找到“{chapter.heading}”的标题；表四之后、第六章之前的文字已作为本章导入，请核对"
                )
            else:
                problems.append(f"未找到“{chapter.heading}”，该章内容为空")
        elif not paras:
            heading = layout.headings[chapter.key]
            rest = heading.split("、", 1)[-1].strip()
            if rest and rest not in chapter.heading:
                paras = [rest]
                problems.append(f"“{heading}”下没有正文，已将标题中的文字“{rest}”作为本章内容")
            else:
                problems.append(f"“{chapter.heading}”下没有正文")
        chapters[chapter.key] = "\n".join(paras or [])
    return chapters, used_tail


def _missing(edition: Edition, results: dict[str, TableResult], problems: list[str]) -> list[str]:
    """List every input cell not recovered, grouped by printed row."""
    missing: list[str] = []
    for tkey, spec in edition.tables.items():
        result = results.get(tkey, TableResult())
        problems.extend(result.notes)
        keys = [k for k in edition.inputs if k.startswith(tkey + ".") and k not in result.found]
        if not keys:
            continue
        missing.extend(keys)
        if not result.matched_rows:
            problems.append(
                f"未找到{table_name(spec.heading)}（{spec.heading[2:]}）或其中没有可对应的行，"
                f"该表 {len(keys)} 个单元格均未导入："
            )
        by_row: dict[tuple[str, str], list[str]] = {}
        for key in keys:
            place = edition.place(key)
            reason = result.reasons.get(key, "未找到")
            by_row.setdefault((place.row or table_name(spec.heading), reason), []).append(
                place.column or "数值"
            )
        for (row, reason), columns in by_row.items():
            problems.append(f"{table_name(spec.heading)} {row}（{'、'.join(columns)}）：{reason}")
    return missing
