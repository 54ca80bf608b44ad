"""Figures stated in the report's text (「收到政府信息公开申请34件」), read for the checks.

The patterns and the words that put a sentence out of scope are data in the edition file (a
``text_figures`` check); this module only splits the text into sentences, finds the patterns in
them and reads the numbers, Arabic (34, 1,200, full-width ３４) or spelled out (二十三, 一百零五,
两千).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
CN_DIGITS.update({"六": 6, "七": 7, "八": 8, "九": 9})
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
NUMBER = r"(?:[0-9０-９][0-9０-９,，]*[0-9０-９]|[0-9０-９]|[零〇一二两三四五六七八九十百千万]+)"
SENTENCE_END = re.compile(r"[。！？；\n]")
YEAR = re.compile(r"(\d{4})\s*年")
MAX_SENTENCE = 2000
MAX_NUMBER = 10**9


def parse_number(text: str) -> int | None:
    """The value of an Arabic or spelled-out Chinese whole number; ``None`` if it is neither.

    >>> parse_number("二十三"), parse_number("一百零五"), parse_number("1,200"), parse_number("十")
    (23, 105, 1200, 10)
    """
    digits = text.translate(_FULL_WIDTH).replace(",", "").replace("，", "")
    if digits.isdigit():
        value = int(digits)
        return value if value < MAX_NUMBER else None
    return _parse_chinese(text)


_CN_CHARS = frozenset(CN_DIGITS) | frozenset(CN_UNITS) | {"万"}
_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def _parse_chinese(text: str) -> int | None:
    if not text or len(text) > 12 or any(ch not in _CN_CHARS for ch in text):
        return None
    total = 0
    if "万" in text:
        high, _, text = text.partition("万")
        high_value = _parse_below_10000(high) if high else 1
        if high_value is None:
            return None
        total = high_value * 10000
    low = _parse_below_10000(text) if text else 0
    return None if low is None else total + low


def _parse_below_10000(text: str) -> int | None:
    total = 0
    digit: int | None = None
    last_unit = 10000
    for ch in text:
        if ch in CN_DIGITS:
            if digit is not None and digit != 0 and CN_DIGITS[ch] != 0:
                return None  # 二三: two digits with no unit between (not a number we read)
            digit = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            unit = CN_UNITS[ch]
            if unit >= last_unit:
                return None
            total += (1 if digit is None else digit) * unit
            digit = None
            last_unit = unit
        else:
            return None
    return total + (digit or 0)


@dataclass(frozen=True)
class StatedFigure:
    """A figure found in the text: what it is about, the number and the sentence it stands in."""

    name: str
    number: int
    written: str
    sentence: str


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern.replace("{N}", f"(?P<n>{NUMBER})"))


def sentences(text: str) -> Iterator[str]:
    """The sentences of ``text`` (split at 。！？； and line ends), stripped, none empty."""
    for part in SENTENCE_END.split(text):
        part = part.strip()
        if part:
            yield part[:MAX_SENTENCE]


def stated_figures(
    text: str,
    patterns: Sequence[tuple[str, str]],
    year: int,
    skip: Sequence[str],
) -> Iterator[StatedFigure]:
    """The figures the text states, by pattern name.

    Args:
        text: a chapter's text.
        patterns: (name, regular expression) pairs; ``{N}`` in an expression stands for the
            number (Arabic or spelled out).
        year: the report's year: a sentence that names another year is about that year, and is
            passed over.
        skip: regular expressions; a clause (between commas) matching one is about something
            else (a month, the districts under the unit) and its figures are passed over.
    """
    skips = [re.compile(s) for s in skip]
    for sentence in sentences(text):
        if any(int(m.group(1)) != year for m in YEAR.finditer(sentence)):
            continue
        for name, pattern in patterns:
            for match in _compiled(pattern).finditer(sentence):
                clause = _clause_around(sentence, match.start("n"))
                if any(s.search(clause) for s in skips):
                    continue
                number = parse_number(match.group("n"))
                if number is not None:
                    yield StatedFigure(name, number, match.group("n"), sentence)


def _clause_around(sentence: str, at: int) -> str:
    start = max(sentence.rfind(mark, 0, at) for mark in "，,：:") + 1
    ends = [i for i in (sentence.find(mark, at) for mark in "，,") if i >= 0]
    return sentence[start : min(ends) if ends else len(sentence)]
