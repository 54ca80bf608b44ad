"""Hostile, broken and foreign files are refused quickly, with a Chinese message."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importers.published import (
    INTERNAL_ERROR,
    ImportRefused,
    PublishedImport,
    import_bytes,
    import_published,
)
from tests.conftest import FIXTURES

PUBLISHED = FIXTURES / "published"
SUFFIXES = (".docx", ".html", ".pdf", ".txt")


def _refused(path: Path) -> str:
    started = time.monotonic()
    with pytest.raises(ImportRefused) as info:
        import_published(path)
    assert time.monotonic() - started < 5
    message = str(info.value)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)
    return message


def test_100_mb_file_is_refused_before_reading(tmp_path: Path) -> None:
    for suffix in SUFFIXES:
        big = tmp_path / f"big{suffix}"
        with big.open("wb") as f:
            f.truncate(100 * 1024 * 1024)
        assert "文件过大" in _refused(big)


def test_zip_bomb_is_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(20):
                member.write(chunk)
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(buffer.getvalue())
    assert bomb.stat().st_size < 200_000
    assert "压缩炸弹" in _refused(bomb)


def test_zip_with_huge_total_is_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    data = bytearray(buffer.getvalue())
    # Forge the declared uncompressed size in the central directory to 2 GB.
    at = data.rfind(b"PK\x01\x02")
    data[at + 24 : at + 28] = (2**31 - 1).to_bytes(4, "little")
    forged = tmp_path / "forged.docx"
    forged.write_bytes(bytes(data))
    assert "过大" in _refused(forged)


def test_truncated_docx_is_refused(tmp_path: Path) -> None:
    data = (PUBLISHED / "shuyang-fgj-2023.docx").read_bytes()
    cut = tmp_path / "cut.docx"
    cut.write_bytes(data[: len(data) // 2])
    assert "损坏" in _refused(cut) or "截断" in _refused(cut)


def test_old_word_and_non_zip(tmp_path: Path) -> None:
    doc = tmp_path / "old.docx"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert ".doc" in _refused(doc)
    other = tmp_path / "x.docx"
    other.write_bytes(b"hello, not a zip at all")
    assert "Word" in _refused(other)


def test_docx_without_report_is_refused(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("会议通知：请于明天上午九点到三楼会议室开会，讨论年度预算安排。")
    path = tmp_path / "notice.docx"
    document.save(str(path))
    assert "不像是一份" in _refused(path) or "年度" in _refused(path)


def test_html_that_is_not_a_report(tmp_path: Path) -> None:
    page = tmp_path / "news.html"
    page.write_text(
        "<html><body><h1>2024年春节放假安排的通知</h1><p>根据国务院办公厅通知精神，现将春节放假安排通知如下，"
        "请各单位做好值班工作。</p></body></html>",
        encoding="utf-8",
    )
    _refused(page)


def test_wrong_encodings(tmp_path: Path) -> None:
    text = (PUBLISHED / "shanghai-stcsm-2024.txt").read_text(encoding="utf-8")
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes(text.encode("utf-16-le"))  # no BOM: NUL bytes everywhere
    assert "二进制" in _refused(utf16)
    latin = tmp_path / "latin.txt"
    latin.write_bytes(("Annual report " * 200).encode("latin-1") + bytes(range(128, 256)))
    _refused(latin)


def test_gb18030_text_is_read(tmp_path: Path) -> None:
    text = (PUBLISHED / "liandu-2020-webpage.txt").read_text(encoding="utf-8")
    gbk = tmp_path / "liandu-gbk.txt"
    gbk.write_bytes(text.encode("gb18030"))
    got = import_published(gbk)
    assert got.report.unit == "莲都区"
    assert got.report.chapters["other"] == "无其他需要报告的事项"


def test_pdf_without_text_is_refused(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 50)
    path = tmp_path / "scan.pdf"
    path.write_bytes(bytes(pdf.output()))
    assert "既没有文字也没有图片" in _refused(path)


def test_empty_and_unsupported(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert "空" in _refused(empty)
    odd = tmp_path / "report.odt"
    odd.write_bytes(b"x")
    assert "不支持" in _refused(odd)
    assert "无法读取" in _refused(tmp_path / "missing.pdf")


def _outcome(data: bytes, suffix: str) -> None:
    try:
        got = import_bytes(data, suffix)
    except ImportRefused as error:
        assert str(error)
        assert INTERNAL_ERROR not in str(error), str(error)
        return
    assert isinstance(got, PublishedImport)
    assert got.report.unit and got.report.year >= 2019


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_any_bytes_give_a_result_or_a_refusal(data: bytes, suffix: str) -> None:
    _outcome(data, suffix)


_SMALL = {
    ".html": (PUBLISHED / "shuyang-fgj-2023.html").read_bytes(),
    ".txt": (PUBLISHED / "shanghai-stcsm-2024.txt").read_bytes(),
    ".docx": (PUBLISHED / "shuyang-fgj-2023.docx").read_bytes(),
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    suffix=st.sampled_from(sorted(_SMALL)),
    cut=st.floats(min_value=0.0, max_value=1.0),
    flips=st.lists(st.tuples(st.floats(0.0, 1.0), st.integers(0, 255)), max_size=8),
)
def test_damaged_real_files_give_a_result_or_a_refusal(
    suffix: str, cut: float, flips: list[tuple[float, int]]
) -> None:
    data = bytearray(_SMALL[suffix][: max(1, int(len(_SMALL[suffix]) * cut))])
    for where, byte in flips:
        data[min(len(data) - 1, int(where * len(data)))] = byte
    _outcome(bytes(data), suffix)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cut=st.floats(min_value=0.0, max_value=1.0), byte=st.integers(0, 255), at=st.floats(0, 1))
def test_damaged_pdf_gives_a_result_or_a_refusal(cut: float, byte: int, at: float) -> None:
    original = (PUBLISHED / "shuyang-fgj-2023.pdf").read_bytes()
    data = bytearray(original[: max(1, int(len(original) * cut))])
    data[min(len(data) - 1, int(at * len(data)))] = byte
    _outcome(bytes(data), ".pdf")


def test_gbk_web_page_is_read(tmp_path: Path) -> None:
    """Many portals still serve GBK pages; the declared charset is honoured."""
    page = (PUBLISHED / "shuyang-fgj-2023.html").read_text(encoding="utf-8")
    page = page.replace('<meta charset="utf-8" />', '<meta charset="gbk" />')
    page = page.replace('<meta charset="utf-8">', '<meta charset="gbk">')
    path = tmp_path / "gbk.html"
    path.write_bytes(page.encode("gb18030", errors="strict"))
    got = import_published(path)
    assert got.report.unit == "沭阳县发展和改革局"
    assert got.missing == []
    assert got.report.chapters["other"] == "2023年度，县发展和改革局政府信息公开未发生收费情况。"


_LABELS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
    "规章",
    "行政许可",
    "（一）予以公开",
    "1.属于国家秘密",
    "3.其他",
    "（七）总计",
    "结果维持",
    "总计",
    "/",
    "0",
    "12",
    "",
    "一",
    "2024年1月2日",
    "某某局2023年政府信息公开工作年度报告",
]
_cell = st.tuples(st.sampled_from(_LABELS), st.integers(1, 3), st.integers(1, 3))
_table = st.lists(st.lists(_cell, max_size=6), max_size=6)
_block = st.one_of(st.sampled_from(_LABELS).map(lambda t: ("p", t)), _table.map(lambda t: ("t", t)))


def _html(blocks: list[tuple[str, object]]) -> bytes:
    parts = ["<html><body><h1>某某局2023年政府信息公开工作年度报告</h1><div>"]
    for kind, content in blocks:
        if kind == "p":
            parts.append(f"<p>{content}</p>")
        else:
            rows = "".join(
                "<tr>"
                + "".join(f'<td rowspan="{r}" colspan="{c}">{t}</td>' for t, r, c in row)
                + "</tr>"
                for row in content  # type: ignore[attr-defined]
            )
            parts.append(f"<table>{rows}</table>")
    parts.append("</div></body></html>")
    return "".join(parts).encode("utf-8")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(blocks=st.lists(_block, max_size=14))
def test_report_shaped_pages_never_break_the_importer(blocks: list[tuple[str, object]]) -> None:
    """Pages built from report pieces in any order, with any spans: a result or a refusal."""
    _outcome(_html(blocks), ".html")
    text = "\n".join(
        content
        if kind == "p"
        else "\n".join(
            "\t".join(t for t, _r, _c in row)
            for row in content  # type: ignore[attr-defined]
        )
        for kind, content in blocks
    )
    _outcome(("某某局2023年政府信息公开工作年度报告\n" + text).encode("utf-8"), ".txt")


def test_no_unit_is_refused_unless_the_caller_asks_for_it(tmp_path: Path) -> None:
    page = tmp_path / "untitled.html"
    page.write_text(
        "<html><body><p>本报告所列数据统计期限为2022年1月1日至12月31日。</p>"
        "<p>一、总体情况</p><p>工作有序开展。</p><p>六、其他需要报告的事项</p><p>无。</p>"
        "</body></html>",
        encoding="utf-8",
    )
    assert "单位名称" in _refused(page)
    got = import_published(page, require_unit=False)
    assert got.report.unit == "" and got.report.year == 2022
    assert any("请填写" in p for p in got.problems)
