"""Text pasted from a PDF: its hard line breaks joined back into paragraphs (Qt-free).

A PDF (and text converted from one) breaks every line where the page's line ended, in the middle
of sentences. A line continues into the next one unless

- it ends a sentence (。！？；： or a closing quote or bracket after one),
- it is clearly shorter than the full lines around it (a paragraph's last line, a heading),
- the next line starts a numbered part (一、 （一） 1. （1）), or
- a blank line follows.

Lines joined are put together without a space, except between two Latin letters or digits.
"""

from __future__ import annotations

import re
import unicodedata

SENTENCE_END = "。！？；：!?;…"
CLOSERS = "”’」』）)》】"
NUMBERED = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]\s*\S|第[一二三四五六七八九十]+[章节部分])"
)
SHORT = 0.7  # a line shorter than this share of the full lines ends its paragraph
MAX_TEXT = 2_000_000


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip(CLOSERS)
    return not stripped or stripped[-1] in SENTENCE_END


def _glue(left: str, right: str) -> str:
    if left and right and left[-1].isascii() and left[-1].isalnum() and right[0].isascii():
        return left + " " + right
    return left + right


def join_lines(text: str) -> str:
    """``text`` with the lines that continue a sentence joined; one paragraph per line.

    >>> join_lines("根据《条例》的\\n要求，编制本报告。\\n一、总体情况")
    '根据《条例》的要求，编制本报告。\\n一、总体情况'
    """
    lines = [line.strip(" \t\u3000\u00a0") for line in text[:MAX_TEXT].splitlines()]
    full = max((_width(line) for line in lines), default=0)
    paragraphs: list[str] = []
    current = ""
    open_line = False  # whether the last line added may continue
    for line in lines:
        if not line:
            if current:
                paragraphs.append(current)
            current, open_line = "", False
            continue
        if open_line and not NUMBERED.match(line):
            current = _glue(current, line)
        else:
            if current:
                paragraphs.append(current)
            current = line
        open_line = not _ends_sentence(line) and _width(line) >= SHORT * full
    if current:
        paragraphs.append(current)
    return "\n".join(paragraphs)


def has_hard_breaks(text: str) -> bool:
    """Whether joining would change ``text`` (offer 一键排版, join a paste)."""
    return "\n" in text and join_lines(text) != text.strip()
