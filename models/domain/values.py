"""Cell values: parsing what a clerk types or pastes, validating, and storing as text.

A value is ``int`` (counts and signed integers), :class:`~decimal.Decimal` (万元 amounts) or
``str`` (the 2019 edition's 采购总金额, printed as found). ``None`` is blank, which is not 0.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from models.domain.editions import COUNT, DECIMAL, MONEY_TEXT, SIGNED_INT
from models.domain.errors import KnownError
from models.domain.limits import (
    AMOUNT_FRACTION_DIGITS,
    AMOUNT_INTEGER_DIGITS,
    MAX_COUNT,
    MAX_MONEY_TEXT,
    MAX_NUMBER_TEXT,
    LimitError,
    bounded_amount,
    count_problem,
)

CellValue = int | Decimal | str

#: Longest count a report can sensibly hold; longer input is a typing slip.
MAX_DIGITS = len(str(MAX_COUNT))
MAX_TEXT = MAX_MONEY_TEXT
_AMOUNT = re.compile(rf"\+?\d{{1,{AMOUNT_INTEGER_DIGITS}}}(\.\d{{1,{AMOUNT_FRACTION_DIGITS}}})?")

_SEPARATORS = re.compile(r"(?<=\d)[,，'’_ ](?=\d{3}(?:\D|$))")


class CellInputError(KnownError, ValueError):
    """Input that cannot go into a cell; ``str(error)`` is a short reason in Chinese."""


def normalise_number_text(text: str) -> str:
    """Fold full-width characters, drop thousands separators and surrounding blanks."""
    folded = unicodedata.normalize("NFKC", text).strip()
    folded = folded.replace("−", "-").replace("－", "-").replace("＋", "+")
    return _SEPARATORS.sub("", folded)


def parse_cell_text(text: str, value_type: str) -> CellValue | None:
    """Parse typed or pasted text for a cell of ``value_type``.

    Returns ``None`` for empty input (blank). Full-width digits and thousands separators are
    accepted; a leading ``+`` is accepted for signed integers.

    Raises:
        CellInputError: the text is not a valid value; the message says why, in Chinese.
    """
    if value_type == MONEY_TEXT:
        stripped = text.strip()
        if not stripped:
            return None
        if len(stripped) > MAX_TEXT:
            raise CellInputError(f"内容过长（最多 {MAX_TEXT} 个字符）")
        if any(unicodedata.category(ch).startswith("C") for ch in stripped):
            raise CellInputError("含有不可见的控制字符")
        return stripped
    if len(text) > 4 * MAX_NUMBER_TEXT:
        raise CellInputError("数字过长")
    s = normalise_number_text(text)
    if not s:
        return None
    if value_type == DECIMAL:
        if s.startswith("-"):
            raise CellInputError("金额不能为负数")
        s = s.removesuffix("万元").strip()
        s = s.lstrip("+").rstrip("0").rstrip(".") if "." in s else s
        if re.fullmatch(r"\+?\d+\.\d+", s) and _AMOUNT.fullmatch(s) is None:
            raise CellInputError(
                f"金额最多 {AMOUNT_INTEGER_DIGITS} 位整数、{AMOUNT_FRACTION_DIGITS} 位小数"
            )
        if _AMOUNT.fullmatch(s) is None:
            if re.fullmatch(r"\+?\d+", s):
                raise CellInputError(f"金额过大（整数部分最多 {AMOUNT_INTEGER_DIGITS} 位）")
            raise CellInputError("请输入数字金额（单位：万元），如 12.5")
        return Decimal(s.lstrip("+"))
    if value_type in (COUNT, SIGNED_INT):
        s = s.removesuffix("件").removesuffix("项").strip()
        m = re.fullmatch(r"([+-]?)(\d+)", s)
        if m is None:
            if re.fullmatch(r"[+-]?\d+\.\d*", s):
                raise CellInputError("件数必须是整数，不能有小数")
            raise CellInputError("请输入数字" if value_type == COUNT else "请输入整数，如 +3 或 -2")
        sign, digits = m.groups()
        if len(digits.lstrip("0")) > MAX_DIGITS:
            raise CellInputError(f"数字过大（最多 {MAX_DIGITS} 位）")
        number = int(digits)
        if sign == "-":
            if value_type == COUNT:
                raise CellInputError("件数不能为负数")
            number = -number
        elif sign == "+" and value_type == COUNT:
            pass
        return number
    raise CellInputError(f"未知的单元格类型 {value_type}")


def validate_value(value: object, value_type: str) -> str | None:
    """Return ``None`` when ``value`` suits ``value_type``, else a reason in Chinese."""
    if value is None:
        return None
    if value_type == COUNT:
        if isinstance(value, bool) or not isinstance(value, int):
            return "件数必须是整数"
        return count_problem(value)
    if value_type == SIGNED_INT:
        if isinstance(value, bool) or not isinstance(value, int):
            return "必须是整数"
        return count_problem(value, signed=True)
    if value_type == DECIMAL:
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            return "必须是数字金额"
        try:
            bounded_amount(value)
        except LimitError as error:
            return str(error)
        return None
    if value_type == MONEY_TEXT:
        if not isinstance(value, str):
            return "必须是文字"
        return f"内容过长（最多 {MAX_MONEY_TEXT} 个字符）" if len(value) > MAX_MONEY_TEXT else None
    return f"未知的单元格类型 {value_type}"


def to_storage(value: CellValue) -> str:
    """Serialise a value for the ``cell_values`` table (lossless)."""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def from_storage(text: str, value_type: str) -> CellValue:
    """Inverse of :func:`to_storage` for a cell of ``value_type``."""
    if value_type in (COUNT, SIGNED_INT):
        return int(text)
    if value_type == DECIMAL:
        try:
            return Decimal(text)
        except InvalidOperation:
            return text
    return text


def format_value(value: CellValue | None, blank_as_zero: bool = False) -> str:
    """Text for display or print. Blank is ``""`` (or ``"0"`` when printing)."""
    if value is None:
        return "0" if blank_as_zero else ""
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)
