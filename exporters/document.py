"""The document model: one pure function turns a report into an ordered list of printable blocks.

Every renderer (Word, HTML, PDF, the live preview) draws this model and nothing else, so all of
them show the same words in the same order. The model knows *what* is printed and in which
typographic role; the blocks themselves are :mod:`exporters.document_blocks`, the page geometry
lives in :mod:`exporters.layout` and the font families in :mod:`exporters.fonts`.

Decisions worth knowing:

* An empty text chapter prints its heading only. The edition's placeholder (e.g. “（文字描述）”)
  is an instruction in the official template, not report text, so it is never printed.
* A paragraph starting with a heading number (“一、”, “（一）”, “1.”, “（1）”) gets a run-in
  heading up to and including its first “。”; a paragraph without “。” that is short is a heading
  on its own line; a long one without “。” only has its number styled.
* Table value cells print derived totals computed from their parts; blank prints as 0.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from decimal import Decimal
from functools import lru_cache

from exporters.document_blocks import (
    BODY,
    CENTER,
    H1,
    H2,
    H3,
    H4,
    LEFT,
    RIGHT,
    Block,
    Document,
    Paragraph,
    Run,
    Table,
    TableCell,
    Title,
)
from models.domain.derive import all_values
from models.domain.editions import Edition, GridCell, TableSpec
from models.domain.fields import field_label
from models.domain.report import ReportData
from models.domain.values import CellValue, format_value

_CN_NUM = "一二三四五六七八九十百"
_HEADING_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"^[{_CN_NUM}]+、"), H1),
    (re.compile(rf"^[（(][{_CN_NUM}]+[）)]"), H2),
    (re.compile(r"^\d{1,2}[.．](?!\d)"), H3),
    (re.compile(r"^[（(]\d{1,2}[）)]"), H4),
)
#: A paragraph without “。” no longer than this is a heading line of its own.
_MAX_HEADING_LINE = 40
#: Characters of the title that a line may end after (keeps words whole when breaking).
_TITLE_BREAK_AFTER = frozenset("年局委办府院厅室会部心所站队处区县市省镇乡街道司）")
#: The title breaks into lines of at most this many characters (22 pt on a 156 mm line).
TITLE_CHARS_PER_LINE = 20


#: Characters XML 1.0 forbids (C0 controls except tab/newline/CR, lone surrogates, U+FFFE/F).
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@lru_cache(maxsize=64)
def sanitise_for_xml(text: str) -> tuple[str, int]:
    """Remove the characters no XML file (.docx, .html) may hold; return the text and a count."""
    cleaned, count = _XML_FORBIDDEN.subn("", text)
    return cleaned, count


class _Cleaner:
    """Sanitises user text and remembers where characters were removed."""

    def __init__(self) -> None:
        self.warnings: list[str] = []

    def __call__(self, text: str, where: str) -> str:
        cleaned, count = sanitise_for_xml(text)
        if count:
            self.warnings.append(f"“{where}”中有 {count} 个控制字符无法写入文件，已删除")
        return cleaned


def format_date(value: date) -> str:
    """A date as printed in 公文: 2021年1月28日 (no zero padding)."""
    return f"{value.year}年{value.month}月{value.day}日"


def split_paragraphs(text: str) -> list[str]:
    """Split chapter text into paragraphs: one per line, stripped, blank lines dropped.

    Leading full-width spaces (hand-made indents) are removed; the style indents.
    """
    out: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = line.strip(" \t\u3000\u00a0")
        if stripped:
            out.append(stripped)
    return out


def heading_runs(text: str, level_style: str = BODY) -> tuple[Run, ...]:
    """Split a paragraph into its run-in heading (if it starts with a number) and the rest."""
    for pattern, style in _HEADING_PATTERNS:
        match = pattern.match(text)
        if match is None:
            continue
        stop = text.find("。")
        if stop >= 0:
            head, rest = text[: stop + 1], text[stop + 1 :]
        elif len(text) <= _MAX_HEADING_LINE:
            head, rest = text, ""
        else:
            head, rest = match.group(0), text[match.end() :]
        runs = [Run(head, style)]
        if rest:
            runs.append(Run(rest, level_style))
        return tuple(runs)
    return (Run(text, level_style),)


def balance_title(title: str, per_line: int = TITLE_CHARS_PER_LINE) -> tuple[str, ...]:
    """Break a long title into lines of nearly equal length (梯形/菱形 as GB/T 9704 asks).

    Prefers to break after characters that end a word in unit names (年, 局, 委 …) when that
    keeps the lines within two characters of perfectly balanced.
    """
    title = title.strip()
    if len(title) <= per_line:
        return (title,) if title else ()
    n_lines = -(-len(title) // per_line)
    lines: list[str] = []
    rest = title
    for remaining in range(n_lines, 1, -1):
        ideal = -(-len(rest) // remaining)
        candidates = range(max(1, ideal - 2), min(per_line, len(rest) - 1) + 1)
        best = min(
            candidates,
            key=lambda cut: (
                rest[cut - 1] not in _TITLE_BREAK_AFTER,
                abs(cut - ideal),
            ),
        )
        lines.append(rest[:best])
        rest = rest[best:]
    lines.append(rest)
    return tuple(lines)


def _value_text(value: object) -> str:
    if isinstance(value, str):
        return value
    number = value if isinstance(value, int | Decimal) and not isinstance(value, bool) else None
    return format_value(number, blank_as_zero=True)


def _align(cell: GridCell, width_mm: float) -> str:
    if cell.is_value or cell.role in ("header", "section"):
        return CENTER
    return LEFT if width_mm >= 30 else CENTER


class _TableForm:
    """What a table prints apart from its values (per spec): its label cells, built once, and
    the value cells last printed (an unchanged value keeps its :class:`TableCell`)."""

    def __init__(self, spec: TableSpec) -> None:
        self.spec = spec
        ordered = sorted(spec.cells, key=lambda c: (c.r, c.c))
        self.value_keys = tuple(cell.key for cell in ordered if cell.is_value)
        cells: list[TableCell] = []
        self.value_at: list[int] = []  # positions of the value cells in ``cells``
        for cell in ordered:
            width = sum(spec.col_widths_mm[cell.c : cell.c + cell.colspan])
            if cell.is_value:
                self.value_at.append(len(cells))
            cells.append(
                TableCell(cell.r, cell.c, cell.rowspan, cell.colspan, "" if cell.is_value else
                          cell.text, cell.role, _align(cell, width), cell.key)
            )  # fmt: skip
        self.last = tuple(cells)  # replaced whole, never changed in place (threads)

    def printed(self, texts: tuple[str, ...]) -> tuple[TableCell, ...]:
        """The cells with these value texts (in the order of ``value_keys``)."""
        cells = list(self.last)
        for at, text in zip(self.value_at, texts, strict=True):
            if cells[at].text != text:
                cells[at] = replace(cells[at], text=text)
        self.last = printed = tuple(cells)
        return printed


#: Forms by ``id`` of their spec (the form holds the spec, so the id stays its own).
_FORMS: dict[int, _TableForm] = {}


def _form_of(spec: TableSpec) -> _TableForm:
    form = _FORMS.get(id(spec))
    if form is None or form.spec is not spec:
        if len(_FORMS) > 64:
            _FORMS.clear()
        form = _FORMS[id(spec)] = _TableForm(spec)
    return form


def build_table(spec: TableSpec, values: dict[str, object], repeat_header: bool) -> Table:
    """The printed grid of one table: labels verbatim, values (derived included) as text.

    The same values give the same :class:`Table` object (memoised by the printed texts), so
    the layout's caches find an unchanged table at once.
    """
    form = _form_of(spec)
    texts = tuple(_value_text(values.get(key)) for key in form.value_keys)
    return _table(form, texts, repeat_header)


@lru_cache(maxsize=32)
def _table(form: _TableForm, texts: tuple[str, ...], repeat_header: bool) -> Table:
    spec = form.spec
    return Table(
        key=spec.key,
        anchor=f"table:{spec.key}",
        rows=spec.rows,
        cols=spec.cols,
        header_rows=spec.header_rows,
        repeat_header=repeat_header and spec.header_rows > 0,
        font_pt=spec.font_pt,
        col_widths_mm=spec.col_widths_mm,
        cells=form.printed(texts),
    )


@lru_cache(maxsize=64)
def _text_paragraphs(text: str, anchor: str) -> tuple[Paragraph, ...]:
    """A text's paragraphs (memoised: after an edit only the edited text is split again)."""
    return tuple(
        Paragraph(heading_runs(par), anchor, index=i)
        for i, par in enumerate(split_paragraphs(text))
    )


def _values_of(
    edition: Edition, report: ReportData, derived: Mapping[str, CellValue | None] | None
) -> dict[str, object]:
    return dict(derived if derived is not None else all_values(edition, report.values))


def build_document(
    report: ReportData, derived: Mapping[str, CellValue | None] | None = None
) -> Document:
    """Turn a report into its document model (pure; no I/O, no Qt).

    Order: title, preamble, the six chapters of the edition (template headings from the
    edition data; text chapters with their paragraphs, table chapters with their grid), and the
    signature block (unit, then date).

    Args:
        report: the report.
        derived: its inputs and totals when the caller has derived them already (the editor
            derives once per edit); derived here otherwise.
    """
    edition = report.spec
    clean = _Cleaner()
    unit = clean(report.unit, "单位名称")
    title_text = clean(report.title, field_label("title")).strip()
    title_text = title_text or edition.default_title(unit, report.year)
    blocks: list[Block] = [Title(balance_title(title_text))]
    blocks.extend(_text_paragraphs(clean(report.preamble, field_label("preamble")), "preamble"))
    values = _values_of(edition, report, derived)
    for key, value in values.items():
        if isinstance(value, str):
            values[key] = clean(value, edition.place(key).row or key)
    for chapter in edition.chapters:
        prefix = "table" if chapter.kind == "table" else "chapter"
        anchor = f"{prefix}:{chapter.key}"
        heading = Paragraph((Run(chapter.heading, H1),), anchor, keep_with_next=True, index=-1)
        blocks.append(heading)
        if chapter.kind == "table":
            spec = edition.tables[chapter.key]
            blocks.append(build_table(spec, values, repeat_header=chapter.key == "t3"))
        else:
            text = clean(report.chapter(chapter.key), chapter.heading)
            blocks.extend(_text_paragraphs(text, anchor))
    signer = clean(report.signature_unit, field_label("signature_unit")).strip() or unit.strip()
    signature: list[Paragraph] = []
    if signer:
        signature.append(
            Paragraph((Run(signer),), "signature", RIGHT, 0, space_before_lines=2, index=0)
        )
    if report.signature_date is not None:
        signature.append(
            Paragraph(
                (Run(format_date(report.signature_date)),),
                "signature",
                RIGHT,
                0,
                space_before_lines=0 if signature else 2,
                index=len(signature),
            )
        )
    blocks.extend(signature)
    return Document(tuple(blocks), edition.id, title_text, tuple(clean.warnings))
