"""Hostile input: no input makes the program fail with anything but a clear error.

Property-based (hypothesis) tests feed the JSON import, the cell parser and the importers of
published reports with arbitrary and mutated input. User text with markup, control characters,
the longest text each field allows, emoji and right-to-left text is stored and read back intact,
shown as text and exported (the Word export strips what XML forbids and says so). Exports to a
full disk, a locked or read-only target leave the previous file intact and say so in Chinese.

``NIANBAO_HYPOTHESIS_SCALE`` multiplies the number of generated inputs (default 1).
"""

from __future__ import annotations

import copy
import errno
import io
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exporters.document import build_document
from exporters.document_blocks import Paragraph
from exporters.layout import TextLine
from exporters.render import render, render_bytes
from models.domain.editions import COUNT, DECIMAL, MONEY_TEXT, SIGNED_INT, edition_ids
from models.domain.exchange import ExchangeError, parse_exchange, write_exchange
from models.domain.limits import MAX_CHAPTER, TEXT_LIMITS, LimitError
from models.domain.new_year import new_report
from models.domain.report import ReportData
from models.domain.values import CellInputError, format_value, parse_cell_text, validate_value
from models.storage.database import Database, open_database
from models.storage.repository import load_report, load_report_by_id, save_report
from models.storage.safe_write import ExportWriteError, write_bytes_atomically
from tests.conftest import exchange_dict
from tests.edits import write_text

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

MARKUP = '<b>粗体</b><script>alert("x")</script><img src="file:///etc/passwd"><a href="http://x">链接</a>&amp;'
CONTROL = "前\x00中\x01\x07\x08\x0b\x0c\x1b[31m后\x7f\u200b\u202e反向\ufeff"
EMOJI = "👍🏽😀🇨🇳👨‍👩‍👧 ⚠️"
RTL = "مرحبا بالعالم עברית \u202bمضمن\u202c"
LONGEST = ("这是一段很长的文字。" * 5_000)[:MAX_CHAPTER]  # the longest chapter allowed (150 KB)


@pytest.fixture
def text_db(tmp_path: Path) -> Iterator[Database]:
    db = open_database(str(tmp_path / "text.sqlite3"))
    try:
        yield db
    finally:
        db.close()


@pytest.mark.parametrize(
    "text",
    [MARKUP, CONTROL, EMOJI, RTL, LONGEST, MARKUP + CONTROL + EMOJI + RTL],
    ids=["markup", "control", "emoji", "rtl", "longest", "everything"],
)
def test_user_text_is_stored_and_read_back_intact(text_db: Database, text: str) -> None:
    assert len(LONGEST) == MAX_CHAPTER
    with text_db.sessions.begin() as session:
        report_id = save_report(session, new_report("测试局", 2024))
    fitted = {field: text[: TEXT_LIMITS.get(field, MAX_CHAPTER)] for field in TEXT_FIELDS}
    with text_db.sessions.begin() as session:
        for field, value in fitted.items():
            write_text(session, report_id, field, value)
    with text_db.sessions.begin() as session:
        back = load_report_by_id(session, report_id)
    assert back.chapters["overview"] == text and back.chapters["problems"] == text
    assert (back.title, back.preamble, back.signature_unit) == (
        fitted["title"],
        fitted["preamble"],
        fitted["signature_unit"],
    )
    again = parse_exchange(write_exchange(back)).report  # and through the exchange file
    assert again.chapters == back.chapters and again.title == fitted["title"]


TEXT_FIELDS = ("overview", "problems", "title", "preamble", "signature_unit")


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_a_text_over_its_limit_is_refused_and_nothing_changes(
    text_db: Database, field: str
) -> None:
    limit = TEXT_LIMITS.get(field, MAX_CHAPTER)
    with text_db.sessions.begin() as session:
        report_id = save_report(session, new_report("测试局", 2024))
    with pytest.raises(LimitError, match="内容过长"), text_db.sessions.begin() as session:
        write_text(session, report_id, field, "字" * (limit + 1))
    with text_db.sessions.begin() as session:
        back = load_report_by_id(session, report_id)
    assert back.chapters.get(field, "") != "字" * (limit + 1)
    assert "字" * (limit + 1) not in (back.title, back.preamble, back.signature_unit)


def _hostile_report(text: str) -> ReportData:
    report = new_report("测试局", 2024)
    report.chapters["overview"] = text
    report.chapters["problems"] = "第二段" + text
    report.title = "标题" + text[:40]
    return report


def test_document_model_keeps_markup_as_literal_text() -> None:
    document = build_document(_hostile_report(MARKUP + "\n" + EMOJI + "\n" + RTL))
    texts = "\n".join(b.text for b in document.blocks if isinstance(b, Paragraph))
    assert MARKUP in texts and EMOJI in texts and RTL in texts
    assert document.warnings == ()


def test_word_export_strips_characters_xml_forbids_and_says_so() -> None:
    import docx

    rendered = render(_hostile_report(MARKUP + CONTROL + EMOJI + RTL), ".docx")
    assert rendered.warnings, "the clerk is told that characters were removed"
    assert any("控制字符" in w and "已删除" in w for w in rendered.warnings)
    body = "\n".join(p.text for p in docx.Document(io.BytesIO(rendered.data)).paragraphs)
    assert MARKUP in body and EMOJI in body and RTL in body
    assert "前中" in body and "\x00" not in body and "\x1b" not in body
    assert render_bytes(_hostile_report(MARKUP), ".docx")  # the plain entry point works too


def test_html_export_escapes_markup_and_loads_nothing() -> None:
    data = render_bytes(_hostile_report(MARKUP + CONTROL), ".html").decode("utf-8")
    # the one script element is the embedded exchange data (JSON, never run)
    assert data.lower().count("<script") == 1 and '<script type="application/json"' in data
    assert "<img" not in data.lower()
    assert 'href="http://x"' not in data and 'file:///etc/passwd"' not in data.replace("&quot;", "")
    assert "&lt;script&gt;" in data and "&lt;b&gt;粗体&lt;/b&gt;" in data
    assert "\x00" not in data and "\x1b" not in data


def test_the_longest_chapter_exports_to_word() -> None:
    rendered = render(_hostile_report(LONGEST), ".docx")
    assert rendered.data.startswith(b"PK") and rendered.warnings == ()


def test_preview_paints_markup_as_text(qtbot: Any) -> None:
    from gui.preview import PreviewWidget

    report = _hostile_report(MARKUP + CONTROL + EMOJI + RTL)
    widget = PreviewWidget()
    qtbot.addWidget(widget)
    widget.show_report(report)
    lines = "".join(
        item.text for page in widget.pages() for item in page.items if isinstance(item, TextLine)
    )
    assert "<script>alert(" in lines and '<img src="file:///etc/passwd">' in lines


# --- export targets: full disk, locked, read-only ------------------------------------------------


def _enospc(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def _eacces(*_args: object, **_kwargs: object) -> None:
    raise PermissionError(errno.EACCES, "Permission denied")


def _erofs(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.EROFS, "Read-only file system")


@pytest.mark.parametrize(
    ("target", "failure", "message"),
    [
        ("os.replace", _enospc, "磁盘空间不足"),
        ("os.fsync", _enospc, "磁盘空间不足"),
        ("os.replace", _eacces, "正被其他程序"),
        ("tempfile.mkstemp", _erofs, "没有权限写入"),
    ],
    ids=["full-disk-on-replace", "full-disk-on-write", "locked-target", "read-only-folder"],
)
def test_failed_export_leaves_the_previous_file_intact(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    target: str,
    failure: Callable[..., None],
    message: str,
) -> None:
    previous = tmp_path / "年报.docx"
    previous.write_bytes(b"the previous export")
    monkeypatch.setattr(target, failure)
    with pytest.raises(ExportWriteError) as caught:
        write_bytes_atomically(previous, b"new content" * 1000)
    monkeypatch.undo()
    assert message in str(caught.value) and "原文件未改动" in str(caught.value)
    assert previous.read_bytes() == b"the previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["年报.docx"]  # no temporary left


def _write_as_unprivileged_user(target: Path) -> tuple[int, str]:
    """Try the export in a forked child that runs as ``nobody`` when we are root (root ignores
    file permissions); returns the child's exit code and the message it got."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 0
        try:
            os.close(read_end)
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            write_bytes_atomically(target, b"new")
        except ExportWriteError as error:
            os.write(write_end, str(error).encode("utf-8"))
            code = 7
        except BaseException as error:  # anything else is a failure of the test
            os.write(write_end, repr(error).encode("utf-8"))
            code = 8
        os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        message = pipe.read().decode("utf-8")
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), message


def test_export_into_a_really_read_only_folder() -> None:
    base = Path(tempfile.mkdtemp(prefix="nianbao-ro-"))
    folder = base / "ro"
    try:
        base.chmod(0o755)
        folder.mkdir()
        previous = folder / "年报.docx"
        previous.write_bytes(b"old")
        previous.chmod(0o444)
        folder.chmod(0o555)
        code, message = _write_as_unprivileged_user(previous)
        assert code == 7, message
        assert "没有权限写入" in message and "原文件未改动" in message
        assert previous.read_bytes() == b"old"
        assert sorted(p.name for p in folder.iterdir()) == ["年报.docx"]
    finally:
        if folder.exists():
            folder.chmod(0o755)
        shutil.rmtree(base)


def test_export_command_on_a_full_disk_says_so_and_keeps_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from main import main

    db_arg = str(tmp_path / "cli.sqlite3")
    sample = tmp_path / "in.json"
    sample.write_text(json.dumps(exchange_dict(SAMPLE_NAMES[0]), ensure_ascii=False), "utf-8")
    assert main(["--db", db_arg, "import", str(sample)]) == 0
    target = tmp_path / "out.docx"
    target.write_bytes(b"yesterday's export")
    capsys.readouterr()
    monkeypatch.setattr("os.replace", _enospc)
    code = main(
        [
            "--db",
            db_arg,
            "export",
            "--unit",
            "沭阳县发展和改革局",
            "--year",
            "2023",
            "-o",
            str(target),
        ]
    )
    monkeypatch.undo()
    lines = capsys.readouterr().err.splitlines()
    # the full disk also stops today's automatic backup when the database is opened: said first
    assert code == 2 and lines[-1].startswith("错误：磁盘空间不足")
    assert all(line.startswith("注意：今天的自动备份没有成功") for line in lines[:-1])
    assert target.read_bytes() == b"yesterday's export"
