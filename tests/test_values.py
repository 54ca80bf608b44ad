"""Parsing what a clerk types or pastes into a cell."""

from __future__ import annotations

from decimal import Decimal

import pytest

from models.domain.values import (
    CellInputError,
    format_value,
    from_storage,
    parse_cell_text,
    to_storage,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12),
        ("０１２", 12),
        ("1,234", 1234),
        ("1，234", 1234),
        (" 7 ", 7),
        ("3件", 3),
        ("", None),
        ("  ", None),
    ],
)
def test_counts(text: str, expected: int | None) -> None:
    assert parse_cell_text(text, "count") == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [("abc", "请输入数字"), ("-3", "不能为负数"), ("1.5", "整数"), ("1234567890", "数字过大")],
)
def test_bad_counts_refused_with_reason(text: str, reason: str) -> None:
    with pytest.raises(CellInputError, match=reason):
        parse_cell_text(text, "count")


def test_signed_and_decimal() -> None:
    assert parse_cell_text("+173", "signed_int") == 173
    assert parse_cell_text("－2", "signed_int") == -2
    assert parse_cell_text("7730.28", "decimal") == Decimal("7730.28")
    assert parse_cell_text("12.5万元", "decimal") == Decimal("12.5")
    with pytest.raises(CellInputError):
        parse_cell_text("-1", "decimal")
    assert parse_cell_text("73802895.90元", "money_text") == "73802895.90元"


def test_blank_is_not_zero() -> None:
    assert parse_cell_text("0", "count") == 0
    assert parse_cell_text("", "count") is None
    assert format_value(None) == ""
    assert format_value(None, blank_as_zero=True) == "0"
    assert format_value(0) == "0"


@pytest.mark.parametrize(
    ("value", "kind"),
    [(5, "count"), (-3, "signed_int"), (Decimal("0.10"), "decimal"), ("11.876", "money_text")],
)
def test_storage_round_trip(value: object, kind: str) -> None:
    assert from_storage(to_storage(value), kind) == value  # type: ignore[arg-type]
