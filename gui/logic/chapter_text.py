"""Helpers for the text chapters: character counts and the 信息处理费 sentence of chapter 六."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from models.domain.editions import Edition
from models.domain.values import CellInputError, normalise_number_text

FEE_SENTENCE = re.compile(r"[^。\n]*信息处理费[^。\n]*。")


def count_chars(text: str) -> int:
    """Characters as the checks count them (everything but whitespace)."""
    return len("".join(text.split()))


def length_guide(edition: Edition, chapter: str) -> int | None:
    """The edition's guide length for a chapter (e.g. 1000 for 一 in the 2021 edition)."""
    for check in edition.checks:
        if check.kind == "text_max_length" and check.params.get("chapter") == chapter:
            return int(check.params["max"])
    return None


def count_label(text: str, guide: int | None) -> str:
    """The live count shown under chapter 一."""
    n = count_chars(text)
    if guide is None:
        return f"共 {n} 字"
    if n > guide:
        return f"共 {n} 字，超过格式要求的 {guide} 字（多 {n - guide} 字）"
    return f"共 {n} 字（格式要求原则上不超过 {guide} 字）"


def is_over(text: str, guide: int | None) -> bool:
    """Whether the count is above the guide (the count line turns amber only then).

    Its colour followed whether the line said 「超过」, which the under-the-limit line says too
    (「原则上不超过 1000 字」): it was amber at every length.
    """
    return guide is not None and count_chars(text) > guide


def has_fee_form(edition: Edition) -> bool:
    """Whether the edition asks chapter 六 to report 信息处理费 (the 2021 edition)."""
    return any(
        check.kind == "text_contains" and "信息处理费" in check.params.get("any", ())
        for check in edition.checks
    )


def parse_count(text: str) -> int:
    """Parse 收费通知件数 (a whole number, blank is 0).

    Raises:
        CellInputError: not a whole number.
    """
    s = normalise_number_text(text).removesuffix("件").strip()
    if not s:
        return 0
    if not s.isdigit() or len(s) > 9:
        raise CellInputError("收费通知件数应为整数，如 3")
    return int(s)


def parse_yuan(text: str) -> Decimal:
    """Parse an amount in 元 (blank is 0; at most two decimals).

    Raises:
        CellInputError: not an amount.
    """
    s = normalise_number_text(text).removesuffix("元").strip()
    if not s:
        return Decimal(0)
    if not re.fullmatch(r"\d{1,12}(\.\d{1,2})?", s):
        raise CellInputError("金额应为数字（单位：元，最多两位小数），如 120.50")
    try:
        return Decimal(s)
    except InvalidOperation as error:  # pragma: no cover - the pattern above excludes it
        raise CellInputError("金额应为数字") from error


def _yuan(amount: Decimal) -> str:
    text = format(amount, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def fee_sentence(year: int, notices: int, due: Decimal, received: Decimal) -> str:
    """The standard sentence on 信息处理费 for chapter 六."""
    if notices == 0 and due == 0 and received == 0:
        return f"{year}年，本机关未收取信息处理费。"
    return (
        f"{year}年，本机关依据《政府信息公开信息处理费管理办法》发出收费通知{notices}件，"
        f"应收信息处理费{_yuan(due)}元，实收信息处理费{_yuan(received)}元。"
    )


def insert_fee_sentence(text: str, sentence: str) -> str:
    """Put ``sentence`` into chapter 六: replace an earlier fee sentence, else add a paragraph."""
    if FEE_SENTENCE.search(text):
        return FEE_SENTENCE.sub(lambda _m: sentence, text, count=1)
    stripped = text.rstrip("\n")
    return f"{stripped}\n{sentence}" if stripped else sentence
