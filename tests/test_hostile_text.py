"""Hostile user text and hostile export targets.

User text with markup, control characters, the longest text each field allows, emoji and
right-to-left text is stored and read back intact, shown as text and exported (the Word export
strips what XML forbids and says so). Exports to a full disk, a locked or read-only target leave
the previous file intact and say so in Chinese. (Generated hostile files:
``tests/test_hostile_input.py``.)
"""

from __future__ import annotations

import errno
import io
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from exporters.document import build_document
from exporters.document_blocks import Paragraph
from exporters.layout import TextLine
from exporters.render import render, render_bytes
from models.domain.exchange import parse_exchange, write_exchange
from models.domain.limits import MAX_CHAPTER, TEXT_LIMITS, LimitError
from models.domain.new_year import new_report
from models.domain.report import ReportData
from models.storage.database import Database, open_database
from models.storage.repository import load_report_by_id, save_report
from models.storage.safe_write import ExportWriteError, write_bytes_atomically
from tests.conftest import exchange_dict
from tests.edits import write_text

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
    sample.write_text(
        json.dumps(exchange_dict("shuyang-fgj-2023.json"), ensure_ascii=False), "utf-8"
    )
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
