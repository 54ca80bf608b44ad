"""Joining physical lines (text files, PDF) into the paragraphs of the report."""

from __future__ import annotations

import re

from importers.blocks import Block, Para
from importers.text_utils import clean_spaces

_SUBHEAD = re.compile(
    r"^(?:[（(][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,2}、|\d{1,2}[.．、])"
)
TERMINAL = "。！？"


def line_width(blocks: list[Block]) -> int:
    """The usual length of a full line of prose (for telling a paragraph's last line)."""
    lengths = sorted(
        len(b.text)
        for b in blocks
        if isinstance(b, Para) and b.line and len(b.text) >= 8 and not b.text.startswith("|")
    )
    return lengths[int(len(lengths) * 0.9)] if lengths else 0


def join_lines(paras: list[Para], width: int) -> list[str]:
    """Paragraphs from physical lines: a line continues the paragraph unless the one before
    ended a sentence at a short line, or layout or a sub-heading says a new one starts."""
    out: list[str] = []
    current = ""
    for para in paras:
        text = clean_spaces(para.text.replace("\t", " ")) if "\t" in para.text else para.text
        if not text:
            continue
        if not para.line:
            if current:
                out.append(current)
                current = ""
            out.append(text)
            continue
        if current and (
            para.starts_paragraph or (_SUBHEAD.match(text) and current[-1] in TERMINAL)
        ):
            out.append(current)
            current = ""
        current = _glue(current, text)
        if para.positioned:
            if para.ends_paragraph and (text[-1] in TERMINAL or len(text) < 0.6 * width):
                out.append(current)
                current = ""
            continue
        short = width and len(text) < 0.8 * width
        if (
            para.ends_paragraph
            or (text[-1] in TERMINAL and (short or not para.starts_paragraph))
            or (short and text[-1] not in "，、（《“")
        ):
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return [p for p in out if p.strip()]


def _glue(left: str, right: str) -> str:
    """Join a line to the one before; a blank only between Latin words (a number broken over
    two lines in Chinese text is one number)."""
    if left[-1:].isdigit() and right[:1].isdigit():
        return left + right
    if (
        left
        and left[-1].isascii()
        and left[-1].isalnum()
        and right[:1].isascii()
        and right[:1].isalnum()
    ):
        return f"{left} {right}"
    return left + right
