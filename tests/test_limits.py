"""The limits of ``models/domain/limits.py`` at the doors that take numbers and names: the cell
parser (what the GUI's presenter uses for every typed or pasted cell), the exchange reader and
the xlsx reader."""

from __future__ import annotations

import io
import json
import time
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from exporters.xlsx_writer import write_xlsx
from importers.xlsx_reader import XlsxImportError, read_xlsx
from models.domain.editions import COUNT, DECIMAL, SIGNED_INT
from models.domain.exchange import ExchangeError, parse_exchange
from models.domain.limits import LimitError, bounded_amount, name_key, name_problem
from models.domain.report import ReportData
from models.domain.values import CellInputError, parse_cell_text
from tests.conftest import exchange_dict


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("999,999,999", COUNT, 999_999_999),
        ("999999999999.9999", DECIMAL, Decimal("999999999999.9999")),
        ("12.50000", DECIMAL, Decimal("12.5")),
        ("-999999999", SIGNED_INT, -999_999_999),
    ],
)
def test_the_largest_values_are_taken(text: str, kind: str, expected: object) -> None:
    assert parse_cell_text(text, kind) == expected


@pytest.mark.parametrize(
    ("text", "kind", "reason"),
    [
        ("1000000000", COUNT, "过大"),
        ("1000000000000", DECIMAL, "过大"),
        ("1.23456", DECIMAL, "4 位小数"),
        ("1e400000000", DECIMAL, "数字金额"),
        ("NaN", DECIMAL, "数字金额"),
        ("9" * 5001, COUNT, "过长"),
        ("-1000000000", SIGNED_INT, "过大"),
    ],
)
def test_typed_values_outside_the_limits_are_refused(text: str, kind: str, reason: str) -> None:
    with pytest.raises(CellInputError, match=reason):
        parse_cell_text(text, kind)


@pytest.mark.parametrize(
    "amount", ["1e400000000", "1E+999999999", "1e309", "0.00001", "-0.5", "NaN", "-Infinity"]
)
def test_bounded_amount_refuses_at_once_whatever_the_exponent(amount: str) -> None:
    started = time.perf_counter()
    with pytest.raises(LimitError):
        bounded_amount(Decimal(amount))
    assert time.perf_counter() - started < 0.1


def test_bounded_amount_canonical_forms() -> None:
    assert bounded_amount(Decimal("1E+3")) == 1000 and "E" not in str(
        bounded_amount(Decimal("1E+3"))
    )
    assert bounded_amount(Decimal("0E-1000000")) == 0
    assert bounded_amount(Decimal("-0")) == 0
    assert str(bounded_amount(Decimal("12.500000"))) == "12.5000"


def test_names_are_compared_as_a_reader_sees_them() -> None:
    assert name_key("沭阳县\u200b发展和改革局") == name_key("沭阳县发展和改革局")
    assert name_key("ＡＢＣ局") == name_key("abc局")
    assert name_problem("\u200b\u2060\ufeff") is not None
    assert name_problem("沭阳县发展和改革局") is None


def test_a_huge_json_integer_is_refused_before_python_converts_it() -> None:
    data = exchange_dict("shuyang-fgj-2023.json")
    text = json.dumps(data, ensure_ascii=False).replace(
        '"version": 1', '"version": ' + "9" * 50_000
    )
    with pytest.raises(ExchangeError, match="数字过长"):
        parse_exchange(text)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"1e309", "有限"),  # openpyxl reads it as float("inf")
        (b"-1e309", "有限"),
        (b"NaN", "无法读取"),  # openpyxl cannot read it: the workbook is refused, not blank
        (str(2**63).encode(), "过大"),
        (b"1e300", "过大"),
    ],
)
def test_an_xlsx_cell_outside_the_limits_is_refused(
    shuyang: ReportData, raw: bytes, reason: str
) -> None:
    wb = load_workbook(io.BytesIO(write_xlsx(shuyang)))
    rows = [tuple(r) for r in wb["_nianbao"].iter_rows(values_only=True)]
    _, sheet, ref = next(r for r in rows if r[0] == "t3.new_received.natural_person")
    wb[str(sheet)][str(ref)].value = 987654321
    buffer = io.BytesIO()
    wb.save(buffer)
    patched = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data.replace(b"<v>987654321</v>", b"<v>" + raw + b"</v>"))
    with pytest.raises(XlsxImportError, match=reason):
        read_xlsx(patched.getvalue())
