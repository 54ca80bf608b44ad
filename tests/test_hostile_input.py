"""Hostile input: no input makes the program fail with anything but a clear error.

Property-based (hypothesis) tests feed the JSON import, the cell parser and the importers of
published reports with arbitrary and mutated input; every one is refused with a clear message
or accepted and stored intact. (Hostile user text and export targets:
``tests/test_hostile_text.py``.)

``NIANBAO_HYPOTHESIS_SCALE`` multiplies the number of generated inputs (default 1).
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.domain.editions import COUNT, DECIMAL, MONEY_TEXT, SIGNED_INT, edition_ids
from models.domain.exchange import ExchangeError, parse_exchange, write_exchange
from models.domain.values import CellInputError, format_value, parse_cell_text, validate_value
from models.storage.database import open_database
from models.storage.repository import load_report, save_report
from tests.conftest import exchange_dict

SCALE = float(os.environ.get("NIANBAO_HYPOTHESIS_SCALE", "1"))
#: Inputs tried per property test in this run (printed; quoted in docs/reliability.md).
TRIED: dict[str, int] = {}


def _examples(n: int) -> int:
    return max(10, int(n * SCALE))


def _counted(name: str) -> Callable[[], None]:
    def count() -> None:
        TRIED[name] = TRIED.get(name, 0) + 1

    return count


def _report_tried(name: str) -> None:
    print(f"\nhypothesis {name}: {TRIED.get(name, 0)} inputs")


# --- the JSON import --------------------------------------------------------------------------

JSON_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
)
JSON_VALUES = st.recursive(
    JSON_LEAVES,
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=20), inner, max_size=5)
    ),
    max_leaves=30,
)
SAMPLE_NAMES = ("shuyang-fgj-2023.json", "shanghai-stcsm-2024.json")
_SAMPLE_DICTS = {name: exchange_dict(name) for name in SAMPLE_NAMES}


def _sample(name: str) -> dict[str, Any]:
    return copy.deepcopy(_SAMPLE_DICTS[name])


def _parse_or_refuse(raw: str | bytes) -> None:
    try:
        result = parse_exchange(raw)
    except ExchangeError as error:
        assert str(error).strip(), "a refusal says why"
        return
    # Whatever is accepted is a consistent report that exports again.
    report = result.report
    assert report.edition in edition_ids()
    again = parse_exchange(write_exchange(report)).report
    assert again.values == report.values and again.chapters == report.chapters


@settings(max_examples=_examples(600), deadline=None)
@given(st.binary(max_size=2000))
def _bytes_property(raw: bytes) -> None:
    _counted("exchange-bytes")()
    _parse_or_refuse(raw)


@settings(max_examples=_examples(400), deadline=None)
@given(JSON_VALUES)
def _json_property(value: Any) -> None:
    _counted("exchange-json")()
    _parse_or_refuse(json.dumps(value))


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, (*prefix, i))
    return out


@st.composite
def mutated_exchange(draw: st.DrawFn) -> str:
    """A sample exchange file with a few values replaced, deleted or added at random places."""
    data = _sample(draw(st.sampled_from(SAMPLE_NAMES)))
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in _paths(data) if p]
        path = draw(st.sampled_from(paths))
        parent: Any = data
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(JSON_VALUES)
        elif action == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.text(max_size=12))] = draw(JSON_VALUES)
    return json.dumps(data, ensure_ascii=draw(st.booleans()))


@settings(max_examples=_examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_exchange())
def _mutation_property(text: str) -> None:
    _counted("exchange-mutated")()
    _parse_or_refuse(text)


def test_json_import_refuses_arbitrary_bytes_clearly() -> None:
    _bytes_property()
    _report_tried("exchange-bytes")


def test_json_import_refuses_arbitrary_json_clearly() -> None:
    _json_property()
    _report_tried("exchange-json")


def test_json_import_refuses_mutated_sample_files_clearly() -> None:
    _mutation_property()
    _report_tried("exchange-mutated")


@pytest.mark.parametrize(
    "payload",
    [
        "",
        "\ufeff",
        "[" * 100_000,
        '{"a":' * 50_000,
        '{"kind": "gov-info-disclosure-annual-report", "kind": 1}',
        '{"year": NaN}',
        '{"year": 1e999999}',
        b"\xff\xfe{\x00}\x00",
        "1" * (21 * 1024 * 1024),
    ],
)
def test_json_import_refuses_known_nasty_files(payload: str | bytes) -> None:
    with pytest.raises(ExchangeError):
        parse_exchange(payload)


# --- the cell parser ------------------------------------------------------------------------

CELL_TYPES = (COUNT, SIGNED_INT, DECIMAL, MONEY_TEXT)
NUMBERISH = st.text(
    alphabet=st.sampled_from(list("0123456789０１２３+-−－.,，'_ 万元件项e\u3000\t")), max_size=20
)


@settings(max_examples=_examples(1500), deadline=None)
@given(st.one_of(st.text(max_size=80), NUMBERISH), st.sampled_from(CELL_TYPES))
def _cell_property(text: str, value_type: str) -> None:
    _counted("cell-parser")()
    try:
        value = parse_cell_text(text, value_type)
    except CellInputError as error:
        assert str(error).strip()
        return
    if value is None:
        return
    assert validate_value(value, value_type) is None, (text, value)
    if value_type == DECIMAL:
        assert isinstance(value, Decimal) and value.is_finite()
    # What is shown can be typed again and gives the same value.
    assert parse_cell_text(format_value(value), value_type) == value


def test_cell_parser_only_ever_raises_clear_errors() -> None:
    _cell_property()
    _report_tried("cell-parser")


def test_cell_parser_refuses_an_unknown_type_clearly() -> None:
    with pytest.raises(CellInputError):
        parse_cell_text("1", "no-such-type")


# --- the importers of published reports -----------------------------------------------------


def _import_or_refuse(data: bytes, suffix: str) -> None:
    from importers.published import ImportRefused, import_bytes

    try:
        result = import_bytes(data, suffix)
    except ImportRefused as error:
        assert str(error).strip()
        return
    assert result.report.edition in edition_ids()


HTMLISH = st.lists(
    st.sampled_from(
        [
            "<html>",
            "<body>",
            "<table>",
            "<tr>",
            "<td>",
            "</td>",
            "</tr>",
            "</table>",
            "<p>",
            "一、总体情况",
            "二、主动公开政府信息情况",
            "2023年",
            "政府信息公开工作年度报告",
            "<script>",
            "&amp;",
            "&#0;",
            "<!--",
            "-->",
            "<![CDATA[",
            "\x00",
            "12",
            "合计",
            "\n",
        ]
    )
    | st.text(max_size=10),
    max_size=60,
).map("".join)


@settings(max_examples=_examples(150), deadline=None)
@given(
    st.one_of(st.binary(max_size=3000), HTMLISH.map(lambda s: s.encode("utf-8", "surrogatepass"))),
    st.sampled_from([".txt", ".html", ".docx", ".pdf"]),
)
def _importer_property(data: bytes, suffix: str) -> None:
    _counted("importers")()
    _import_or_refuse(data, suffix)


def test_importers_only_ever_refuse_clearly() -> None:
    _importer_property()
    _report_tried("importers")


ODD_CHARS = st.characters() | st.sampled_from(["\ud800", "\udfff", "\x00", "\u202e", "\ufeff"])


@st.composite
def exchange_with_odd_text(draw: st.DrawFn) -> str:
    """A sample exchange file whose texts (unit, title, chapters, signature) are arbitrary."""
    data = _sample(draw(st.sampled_from(SAMPLE_NAMES)))
    text = st.text(alphabet=ODD_CHARS, max_size=60)
    data["unit"] = draw(text)
    data["title"] = draw(text)
    data["chapters"] = {k: draw(text) for k in ("overview", "problems", "other")}
    data["signature"] = {"unit": draw(text)}
    return json.dumps(data, ensure_ascii=draw(st.booleans()))


def test_accepted_files_are_stored_and_read_back_intact(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "hostile.sqlite3"))

    @settings(
        max_examples=_examples(150),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(st.one_of(exchange_with_odd_text(), mutated_exchange()))
    def stored_intact(text: str) -> None:
        _counted("exchange-stored")()
        try:
            report = parse_exchange(text).report
        except ExchangeError:
            return
        with db.sessions.begin() as session:
            save_report(session, report, replace=True)
        with db.sessions.begin() as session:
            back = load_report(session, report.unit, report.year)
        assert back is not None
        assert back.values == report.values
        assert back.chapters == report.chapters
        assert (back.title, back.signature_unit) == (report.title, report.signature_unit)

    try:
        stored_intact()
    finally:
        db.close()
    _report_tried("exchange-stored")


# --- user text: stored, shown and exported as text ---------------------------------------------
