"""JSON exchange: lossless round trip, printed totals compared, invalid files refused."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from models.domain.exchange import ExchangeError, parse_exchange, to_exchange, write_exchange
from models.domain.report import ReportData
from tests.conftest import exchange_dict


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


def test_samples_import_without_discrepancy(shuyang: ReportData) -> None:
    assert (
        shuyang.unit == "沭阳县发展和改革局" and shuyang.year == 2023 and shuyang.edition == "2021"
    )
    assert shuyang.values["t3.new_received.natural_person"] == 26
    assert "t3.new_received.commercial" not in shuyang.values  # printed blank stays blank
    assert shuyang.values["t2.fees.amount_wan_yuan"] == Decimal(0)
    assert "t3.new_received.total" not in shuyang.values  # totals are derived, not stored
    assert shuyang.signature_date is not None and shuyang.signature_date.isoformat() == "2024-01-17"


def test_printed_total_disagreement_reported() -> None:
    result = parse_exchange(
        json.dumps(exchange_dict("shanghai-stcsm-2024.json"), ensure_ascii=False)
    )
    assert [(d.key, d.printed, d.computed) for d in result.discrepancies] == [
        ("t3.carried_forward.total", None, 1)
    ]
    data = exchange_dict("shuyang-fgj-2023.json")
    data["tables"]["t4"]["review"]["total"] = 0  # type: ignore[index]
    data["tables"]["t3"]["granted"]["total"] = 25  # type: ignore[index]
    found = {(d.key, d.printed, d.computed) for d in parse_exchange(dumps(data)).discrepancies}
    assert found == {("t4.review.total", 0, 1), ("t3.granted.total", 25, 26)}
    described = {d.key: d.describe() for d in parse_exchange(dumps(data)).discrepancies}
    assert (
        "行政复议" in described["t4.review.total"]
        and "印出的合计为 0" in described["t4.review.total"]
    )


@pytest.mark.parametrize("sample", ["shuyang-fgj-2023.json", "shanghai-stcsm-2024.json"])
def test_round_trip_is_lossless(sample: str) -> None:
    first = parse_exchange(json.dumps(exchange_dict(sample), ensure_ascii=False)).report
    text = write_exchange(first)
    second = parse_exchange(text).report
    assert second == first
    assert write_exchange(second) == text


def test_export_has_no_derived_cells_and_blanks_as_null(shuyang: ReportData) -> None:
    doc = to_exchange(shuyang)
    assert "total" not in doc["tables"]["t3"]["granted"]
    assert "total_processed" not in doc["tables"]["t3"]
    assert doc["tables"]["t3"]["granted"]["commercial"] is None
    assert doc["kind"] == "gov-info-disclosure-annual-report" and doc["version"] == 1


def test_2019_edition_round_trip() -> None:
    report = ReportData(
        unit="某镇",
        year=2020,
        edition="2019",
        values={
            "t2.licensing.delta": -18,
            "t2.procurement.amount": "73802895.90元",
            "t3.other.natural_person": 2,
        },
    )
    assert parse_exchange(write_exchange(report)).report.values == report.values


def test_defaults_for_edition_and_title() -> None:
    report = parse_exchange(
        dumps(
            {
                "kind": "gov-info-disclosure-annual-report",
                "version": 1,
                "unit": "甲局",
                "year": 2020,
            }
        )
    ).report
    assert report.edition == "2019" and report.title == "甲局2020年政府信息公开工作年度报告"


def _minimal(**extra: Any) -> dict[str, Any]:
    return {
        "kind": "gov-info-disclosure-annual-report",
        "version": 1,
        "unit": "甲局",
        "year": 2023,
        **extra,
    }


@pytest.mark.parametrize(
    ("doc", "path"),
    [
        ({"kind": "other", "version": 1, "unit": "甲", "year": 2023}, "kind"),
        (_minimal(version=2), "version"),
        (_minimal(unit=""), "unit"),
        (_minimal(year=2018), "year"),
        (_minimal(year="2023"), "year"),
        (_minimal(edition="2030"), "edition"),
        (_minimal(extra=1), "extra"),
        (_minimal(chapters={"overview": 3}), "chapters.overview"),
        (_minimal(chapters={"intro": ""}), "chapters.intro"),
        (
            _minimal(tables={"t3": {"granted": {"natural_person": -1}}}),
            "tables.t3.granted.natural_person",
        ),
        (
            _minimal(tables={"t3": {"granted": {"natural_person": 1.5}}}),
            "tables.t3.granted.natural_person",
        ),
        (
            _minimal(tables={"t3": {"granted": {"natural_person": True}}}),
            "tables.t3.granted.natural_person",
        ),
        (
            _minimal(tables={"t3": {"other": {"natural_person": 1}}}),
            "tables.t3.other.natural_person",
        ),
        (_minimal(tables={"t2": {"licensing.prev_items": 1}}), "tables.t2.licensing.prev_items"),
        (
            _minimal(tables={"t2": {"fees.amount_wan_yuan": "abc"}}),
            "tables.t2.fees.amount_wan_yuan",
        ),
        (_minimal(tables={"t5": {}}), "tables.t5"),
        (_minimal(signature={"date": "2024/01/17"}), "signature.date"),
    ],
)
def test_invalid_files_refused_with_key_path(doc: dict[str, Any], path: str) -> None:
    with pytest.raises(ExchangeError) as info:
        parse_exchange(dumps(doc))
    assert info.value.path == path
    assert path in str(info.value)


def test_duplicate_keys_refused() -> None:
    text = (
        '{"kind": "gov-info-disclosure-annual-report", "version": 1,'
        ' "unit": "甲", "unit": "乙", "year": 2023}'
    )
    with pytest.raises(ExchangeError, match="重复"):
        parse_exchange(text)


@pytest.mark.parametrize("raw", [b"", b"{", b"\xff\xfe\x00", b"[]", b"null", b'{"year": NaN}'])
def test_broken_files_refused(raw: bytes) -> None:
    with pytest.raises(ExchangeError):
        parse_exchange(raw)


def test_decimal_string_accepted() -> None:
    report = parse_exchange(
        dumps(_minimal(tables={"t2": {"fees.amount_wan_yuan": "4068.208"}}))
    ).report
    assert report.values["t2.fees.amount_wan_yuan"] == Decimal("4068.208")
