"""The limits of every value a report can hold, in one place, and the checks that apply them.

Every door into the program uses these: the exchange file (:mod:`models.domain.exchange`), the
xlsx reader and the importers of published reports, what the clerk types (the cell parser in
:mod:`models.domain.values`, the repository's text setters) and the database itself (the CHECK
constraints of migration 0005 spell out the same numbers in SQL; ``tests/test_limits.py``
compares them). A value outside these limits is a typing slip or a hostile file, never a report.

The numbers fit the official format: a count of requests is at most nine digits, an amount in
万元 at most twelve integer and four fractional digits (one yuan), a chapter at most 50,000
characters (the longest published chapter seen is under 10,000), a unit name at most 100.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

#: Largest count (件数): nine digits.
MAX_COUNT = 999_999_999
#: Integer and fractional digits of an amount (万元).
AMOUNT_INTEGER_DIGITS = 12
AMOUNT_FRACTION_DIGITS = 4
#: Longest number text looked at before parsing (a longer one is refused unread).
MAX_NUMBER_TEXT = 40
#: Longest 采购总金额 text (the 2019 edition prints it as found).
MAX_MONEY_TEXT = 60
#: Longest text of each text field of a report, in characters.
MAX_CHAPTER = 50_000
MAX_PREAMBLE = 20_000
MAX_TITLE = 200
MAX_UNIT_NAME = 100
MAX_SIGNATURE_UNIT = 100
#: Years a report can be stored for (the exchange file and the importers ask for 2019 or later,
#: the first year of the editions; the database keeps older years, e.g. the benchmark's).
MIN_YEAR = 2000
MAX_YEAR = 2100

#: Field name → longest text, for :func:`text_problem`.
TEXT_LIMITS: Mapping[str, int] = {
    "title": MAX_TITLE,
    "preamble": MAX_PREAMBLE,
    "signature_unit": MAX_SIGNATURE_UNIT,
    "unit": MAX_UNIT_NAME,
    "chapter": MAX_CHAPTER,
}

#: Characters that show nothing (besides the general categories Cc, Cf, Zs, Zl, Zp).
_INVISIBLE = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800"}


class LimitError(ValueError):
    """A value outside the limits; ``str(error)`` is the reason in Chinese."""


def count_problem(value: int, signed: bool = False) -> str | None:
    """The reason a count (or, with ``signed``, a signed change) is out of range, else None."""
    low = -MAX_COUNT if signed else 0
    if value < low:
        return "件数不能为负数" if not signed else f"数字过小（最小 {low:,}）"
    if value > MAX_COUNT:
        return f"数字过大（最大 {MAX_COUNT:,}）"
    return None


def bounded_amount(value: Decimal | int) -> Decimal:
    """An amount within the limits, in canonical form (no exponent, at most four decimals).

    Only the digits and the exponent are looked at, so ``1e400000000`` costs nothing. Extra
    fractional zeros (``12.500000``) are dropped; any other excess is refused.

    Raises:
        LimitError: NaN, infinity, negative, more than 12 integer or 4 fractional digits.
    """
    if isinstance(value, int):
        if value < 0:
            raise LimitError("金额不能为负数")
        if value >= 10**AMOUNT_INTEGER_DIGITS:
            raise LimitError(f"金额过大（整数部分最多 {AMOUNT_INTEGER_DIGITS} 位）")
        return Decimal(value)
    if not value.is_finite():
        raise LimitError("金额应为有限的数字")
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    if not any(digits):
        return Decimal(0)
    if sign:
        raise LimitError("金额不能为负数")
    coefficient = list(digits)
    while exponent < -AMOUNT_FRACTION_DIGITS and coefficient and coefficient[-1] == 0:
        coefficient.pop()
        exponent += 1
    if exponent < -AMOUNT_FRACTION_DIGITS:
        raise LimitError(f"金额最多 {AMOUNT_FRACTION_DIGITS} 位小数")
    while coefficient and coefficient[0] == 0:
        coefficient.pop(0)
    if len(coefficient) + exponent > AMOUNT_INTEGER_DIGITS:
        raise LimitError(f"金额过大（整数部分最多 {AMOUNT_INTEGER_DIGITS} 位）")
    result = Decimal((0, tuple(coefficient), exponent))
    return result.quantize(Decimal(1)) if exponent > 0 else result


def amount_from_text(text: str) -> Decimal:
    """Parse an amount written as text, looking at no more than :data:`MAX_NUMBER_TEXT`.

    Raises:
        LimitError: not a finite number within the limits.
    """
    stripped = text.strip()
    if len(stripped) > MAX_NUMBER_TEXT:
        raise LimitError("数字过长")
    try:
        number = Decimal(stripped)
    except InvalidOperation as error:
        raise LimitError("应为数字") from error
    return bounded_amount(number)


def invisible_only(text: str) -> bool:
    """True when ``text`` shows nothing: only spaces, control, format or filler characters."""
    return all(
        unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp", "Cn", "Co") or ch in _INVISIBLE
        for ch in text
    )


def text_problem(field: str, text: str) -> str | None:
    """The reason ``text`` cannot be the ``field`` of a report (see :data:`TEXT_LIMITS`)."""
    limit = TEXT_LIMITS.get(field, MAX_CHAPTER)
    if len(text) > limit:
        return f"内容过长（{len(text):,} 个字符，最多 {limit:,} 个）"
    return None


def name_problem(name: str) -> str | None:
    """The reason ``name`` cannot be a unit name: empty, invisible, control characters, long."""
    if not name.strip() or invisible_only(name):
        return "单位名称不能为空或只含不可见字符"
    if len(name) > MAX_UNIT_NAME:
        return f"单位名称过长（最多 {MAX_UNIT_NAME} 个字符）"
    if any(unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") for ch in name):
        return "单位名称含有控制字符或无效字符"
    return None


def name_key(name: str) -> str:
    """The form two unit names are compared in: names equal here look the same to a reader.

    NFKC folds full-width and compatibility forms; format characters (zero-width spaces and
    joiners, direction marks) and all white space are dropped.
    """
    folded = unicodedata.normalize("NFKC", name)
    return "".join(
        ch
        for ch in folded
        if unicodedata.category(ch) not in ("Cc", "Cf", "Zs", "Zl", "Zp") and ch not in _INVISIBLE
    ).casefold()


def year_problem(year: int) -> str | None:
    """The reason ``year`` cannot be a report year, else None."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return f"年度应在 {MIN_YEAR}–{MAX_YEAR} 之间"
    return None
