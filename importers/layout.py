"""Finding the parts of a report in a document: title, preamble, chapters, tables, signature."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher

from importers.blocks import Block, Cell, Para, SourceDocument, TableBlock
from importers.front_matter import read_front, read_signature
from importers.paragraphs import join_lines, line_width
from importers.text_rows import WRAP_MARK, line_cells, rows_from_lines
from importers.text_utils import (
    chinese_number,
    clean_spaces,
    is_furniture,
    is_value_token,
    norm_label,
)
from models.domain.editions import Edition, edition_ids, load_edition

_NUMERAL_HEAD = re.compile(r"^([一二三四五六七八九十]{1,2})\s*[、.．,，]\s*(.+)$")
_INLINE_SPLIT = re.compile(r"(?<=\S)[ \t\u3000]+(?=[一二三四五六]、)")
_SENTENCE_BREAK = re.compile(
    r"(?<=[。！？；])[ \t\u3000]+(?=\S)"
    r"|(?<=\S)[ \t\u3000]+(?=[（(][一二三四五六七八九十]{1,3}[)）])"
)


@dataclass
class Layout:
    """The parts of a report as found in a document (texts still unjoined where noted)."""

    title: str = ""
    preamble: list[str] = field(default_factory=list)
    chapters: dict[str, list[str]] = field(default_factory=dict)
    headings: dict[str, str] = field(default_factory=dict)
    tables: dict[str, list[TableBlock]] = field(default_factory=dict)
    signature_unit: str = ""
    signature_date: date | None = None
    notes: list[str] = field(default_factory=list)
    width: int = 0
    unplaced: dict[str, list[str]] = field(default_factory=dict)


def all_variants(edition: Edition) -> dict[str, list[str]]:
    """Chapter key → accepted heading texts (without numeral), from every edition's data."""
    out: dict[str, list[str]] = {}
    for eid in edition_ids():
        spec = load_edition(eid)
        for chapter in spec.chapters:
            texts = out.setdefault(chapter.key, [])
            for text in (
                chapter.heading.split("、", 1)[-1],
                *spec.heading_variants.get(chapter.key, ()),
            ):
                if norm_label(text) not in texts:
                    texts.append(norm_label(text))
    return {ch.key: out.get(ch.key, []) for ch in edition.chapters}


def match_heading(
    text: str, edition: Edition, variants: dict[str, list[str]]
) -> tuple[str, str] | None:
    """``(chapter key, rest)`` when ``text`` is a chapter heading, ``rest`` being the text that
    follows the heading on the same line (as printed); ``None`` otherwise."""
    chars = _folded_chars(text)
    folded = "".join(ch for ch, _ in chars)
    head = _NUMERAL_HEAD.match(folded)
    if head is None:
        return None
    numeral, rest, offset = chinese_number(head.group(1)), head.group(2), head.start(2)
    best: tuple[float, str, str] = (0.0, "", "")
    for chapter in edition.chapters:
        for variant in variants[chapter.key]:
            if rest.startswith(variant):
                end = offset + len(variant)
                tail = text[chars[end][1] :] if end < len(chars) else ""
                tail = tail.lstrip(" \t\u3000。.:：")
                ok = not tail or len(folded) > 40 or tail[0] in "（("
                if ok and (1.0, len(variant)) > (best[0], len(best[2])):
                    best = (1.0, chapter.key, tail)
                continue
            if len(rest) > 40:
                continue
            ratio = SequenceMatcher(None, rest.rstrip("。:："), variant, autojunk=False).ratio()
            needed = 0.8 if numeral == chapter.n else 0.9
            if ratio >= needed and ratio > best[0]:
                best = (ratio, chapter.key, "")
    return (best[1], best[2]) if best[1] else None


def _folded_chars(text: str) -> list[tuple[str, int]]:
    """``text`` folded like :func:`norm_label`, each folded character with its source index."""
    out: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        for folded in norm_label(ch) or "":
            out.append((folded, i))
    return out


def split_inline(blocks: list[Block]) -> list[Block]:
    """Split scraped text where paragraphs and headings were run together on one line."""
    out: list[Block] = []
    for block in blocks:
        if not isinstance(block, Para) or len(block.text) < 60 or not block.line:
            out.append(block)
            continue
        pieces = [
            p for part in _INLINE_SPLIT.split(block.text) for p in _SENTENCE_BREAK.split(part)
        ]
        if len(pieces) == 1:
            out.append(block)
            continue
        out.extend(Para(clean_spaces(p), line=False) for p in pieces if clean_spaces(p))
    return out


def _heading_rows_out(
    blocks: list[Block], edition: Edition, variants: dict[str, list[str]]
) -> list[Block]:
    """Take chapter headings out of tables: a PDF ruling can enclose the heading printed between
    two tables, which then reads as a table row of one text."""
    out: list[Block] = []
    for block in blocks:
        if not isinstance(block, TableBlock):
            out.append(block)
            continue
        rows: list[list[Cell]] = []
        for row in block.rows:
            texts = {cell.text for cell in row if cell.text.strip()}
            if len(texts) == 1 and match_heading(next(iter(texts)), edition, variants):
                if rows:
                    out.append(TableBlock(rows, block.grid))
                out.append(Para(next(iter(texts))))
                rows = []
            else:
                rows.append(row)
        if rows:
            out.append(TableBlock(rows, block.grid))
    return out


def find_layout(doc: SourceDocument, edition: Edition) -> Layout:
    """Cut the document into front matter, chapters and tables."""
    variants = all_variants(edition)
    layout = Layout()
    order = {ch.key: ch.n for ch in edition.chapters}
    kinds = {ch.key: ch.kind for ch in edition.chapters}
    sections: dict[str, list[Block]] = {"front": []}
    layout.width = line_width(doc.blocks)
    current, last_n = "front", 0
    for block in _heading_rows_out(split_inline(doc.blocks), edition, variants):
        if isinstance(block, Para):
            if is_furniture(block.text):
                layout.notes.append(f"已略去网页上的文字“{block.text}”")
                continue
            hit = match_heading(block.text, edition, variants)
            if hit is not None and order[hit[0]] > last_n:
                current, last_n = hit[0], order[hit[0]]
                layout.headings[current] = (
                    block.text
                    if not hit[1]
                    else block.text[: len(block.text) - len(hit[1])].strip()
                )
                sections[current] = []
                if hit[1]:
                    sections[current].append(Para(hit[1], line=block.line))
                continue
        sections[current].append(block)
    for key, blocks in sections.items():
        if key == "front" or kinds.get(key) == "text":
            paras = [b for b in blocks if isinstance(b, Para)]
            tables = [b for b in blocks if isinstance(b, TableBlock)]
            for table in tables:
                kind = classify(table, edition, None)
                layout.tables.setdefault(kind, []).append(table)
                if kind == "unknown":
                    layout.unplaced.setdefault(key, []).append(_table_text(table))
            if key != "front":
                layout.chapters[key] = join_lines(paras, layout.width)
            else:
                read_front(layout, paras, doc.title_hint)
        else:
            _table_section(layout, key, blocks, edition)
    read_signature(layout, edition)
    return layout


def _merge_wrapped_labels(paras: list[Para]) -> list[str]:
    """PDF lines of a table drawn without rulings: a label wrapped over several lines sits
    above and below its row of numbers; join the fragments inside each row's band."""
    tops = [float(getattr(p, "top", 0.0)) for p in paras]
    parsed = [line_cells(p.text) or [] for p in paras]
    numeric = [
        i
        for i, cells in enumerate(parsed)
        if len(cells) > 1 or (cells and is_value_token(cells[0]))
    ]
    if not numeric:
        return [p.text for p in paras]
    size = float(getattr(paras[numeric[0]], "size", 10.0))
    owner: dict[int, int] = {}
    for n, k in enumerate(numeric):
        upper = (tops[numeric[n - 1]] + tops[k]) / 2 if n else tops[k] - 1.6 * size
        lower = (
            (tops[k] + tops[numeric[n + 1]]) / 2 if n + 1 < len(numeric) else tops[k] + 1.6 * size
        )
        for i, cells in enumerate(parsed):
            if (
                i not in numeric
                and len(cells) == 1
                and upper < tops[i] < lower
                and not _is_sentence(cells[0])
            ):
                owner.setdefault(i, k)
    out: list[str] = []
    for i, para in enumerate(paras):
        if i in owner:
            out.append("")
        elif i in numeric:
            cells = parsed[i]
            label = cells[0] if not is_value_token(cells[0]) else ""
            values = cells[1:] if label else cells
            above = "".join(
                parsed[j][0] for j, k in sorted(owner.items()) if k == i and tops[j] < tops[i]
            )
            below = "".join(
                parsed[j][0] for j, k in sorted(owner.items()) if k == i and tops[j] > tops[i]
            )
            joined = f"{above}{WRAP_MARK}{label}{WRAP_MARK}{below}" if above or below else label
            out.append(" ".join([joined, *values]).strip())
        else:
            out.append(para.text)
    return out


def _table_section(layout: Layout, key: str, blocks: list[Block], edition: Edition) -> None:
    paras = [b for b in blocks if isinstance(b, Para)]
    if paras and all(p.positioned for p in paras) and any(hasattr(p, "top") for p in paras):
        merged = iter(_merge_wrapped_labels(paras))
        rebuilt = [Para(next(merged), line=True) if isinstance(b, Para) else b for b in blocks]
        blocks = [b for b in rebuilt if not isinstance(b, Para) or b.text]
    lines: list[str] = []
    last_row_at = -1
    for at, block in enumerate(blocks):
        if isinstance(block, TableBlock):
            layout.tables.setdefault(classify(block, edition, key), []).append(block)
            last_row_at = at
        else:
            lines.append(block.text)
            cells = line_cells(block.text)
            if cells and len(cells) > 1:
                last_row_at = at
    layout.tables.setdefault(key, []).extend(rows_from_lines(lines))
    tail = [
        b for b in blocks[last_row_at + 1 :] if isinstance(b, Para) and not b.text.startswith("|")
    ]
    if tail and last_row_at >= 0:
        layout.chapters.setdefault(f"after_{key}", join_lines(tail, layout.width))
    # Sentences among the rows (a note under a table, a stray paragraph) are no table text.
    inner = blocks[: last_row_at + 1] if last_row_at >= 0 else blocks
    prose = [b for b in inner if isinstance(b, Para) and _is_sentence(b.text)]
    if prose:
        layout.unplaced.setdefault(key, []).extend(join_lines(prose, layout.width))


def _is_sentence(text: str) -> bool:
    """Text that is prose, not a table label: sentence punctuation, or long without numbers."""
    if text.startswith("|") or (line_cells(text) or [""])[1:]:
        return False
    return any(ch in text for ch in "。；！？") or (len(text) > 40 and "，" in text)


def _table_text(table: TableBlock) -> str:
    rows = []
    for row in table.rows:
        cells = list(dict.fromkeys(cell.text for cell in row if cell.text.strip()))
        rows.append(" ".join(cells))
    return "；".join(r for r in rows if r)


def classify(table: TableBlock, edition: Edition, hint: str | None) -> str:
    """Which table of the edition a printed table is, by the labels it shares with each."""
    texts = {norm_label(cell.text) for row in table.rows for cell in row if cell.text}
    best, best_score = hint or "", 0
    for key, spec in edition.tables.items():
        labels = {
            norm_label(c.text) for c in spec.cells if c.text and c.role in ("label", "header")
        }
        score = len(texts & labels)
        if score > best_score and (score >= 2 or hint is None):
            best, best_score = key, score
    return best or "unknown"
