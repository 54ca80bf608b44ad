"""The Word file's font table and the three font profiles (standard, windows, 信创)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from exporters.fonts import get_profile, profiles
from exporters.render import render_bytes
from gui.logic.export_plan import FONT_PROFILES
from models.domain.report import ReportData

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RFONTS = re.compile(r"<w:rFonts ([^>]*)/>")
_NAMED = re.compile(r'w:(?:ascii|hAnsi|eastAsia|cs)="([^"]+)"')


def _parts(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {
            name: package.read(name).decode("utf-8")
            for name in package.namelist()
            if name.endswith(".xml")
        }


def _font_table(xml: str) -> dict[str, dict[str, str]]:
    from lxml import etree

    root = etree.fromstring(xml.encode("utf-8"))
    out: dict[str, dict[str, str]] = {}
    for font in root.iter(f"{W}font"):
        entry = {child.tag.removeprefix(W): child.get(f"{W}val", "") for child in font}
        out[font.get(f"{W}name")] = entry
    return out


@pytest.mark.parametrize("profile", ["standard", "windows", "xinchuang"])
def test_font_table_lists_every_face_the_document_names(shuyang: ReportData, profile: str) -> None:
    parts = _parts(render_bytes(shuyang, ".docx", profile))
    named = {
        name
        for part, xml in parts.items()
        if part.startswith("word/") and part != "word/fontTable.xml"
        for attributes in _RFONTS.findall(xml)
        for name in _NAMED.findall(attributes)
    }
    table = _font_table(parts["word/fontTable.xml"])
    assert named <= set(table), named - set(table)
    assert "Calibri" not in table and "ＭＳ 明朝" not in table  # python-docx's default is gone
    families = get_profile(profile).families.values()
    for name in families:
        entry = table[name]
        assert entry["charset"] == "86"  # GB2312: Word and WPS substitute a Chinese face
        assert entry["family"] in {"modern", "auto", "roman", "swiss", "script"}
        assert entry["pitch"] in {"fixed", "variable"}
        assert entry.get("altName")
    latin = table["Times New Roman"]
    assert latin["charset"] == "00" and latin["family"] == "roman"


def test_alternate_names_pair_the_gb_faces_with_their_windows_faces(shuyang: ReportData) -> None:
    table = _font_table(_parts(render_bytes(shuyang, ".docx"))["word/fontTable.xml"])
    assert table["仿宋_GB2312"]["altName"] == "仿宋"
    assert table["楷体_GB2312"]["altName"] == "楷体"
    assert table["黑体"]["altName"] == "SimHei"
    assert table["仿宋_GB2312"]["family"] == "modern" and table["仿宋_GB2312"]["pitch"] == "fixed"
    windows = _font_table(_parts(render_bytes(shuyang, ".docx", "windows"))["word/fontTable.xml"])
    assert windows["仿宋"]["altName"] == "FangSong" and windows["楷体"]["altName"] == "KaiTi"


def test_xinchuang_profile_names_the_fangzheng_gbk_faces(shuyang: ReportData) -> None:
    profile = get_profile("xinchuang")
    assert profile.families["title"] == "方正小标宋_GBK"
    assert profile.families["body"] == "方正仿宋_GBK"
    assert profile.families["heading"] == "方正黑体_GBK"
    assert profile.families["kai"] == "方正楷体_GBK"
    document = _parts(render_bytes(shuyang, ".docx", "xinchuang"))["word/document.xml"]
    used = set(re.findall(r'w:eastAsia="([^"]+)"', document))
    assert used == {"方正小标宋_GBK", "方正仿宋_GBK", "方正黑体_GBK", "方正楷体_GBK"}
    table = _font_table(_parts(render_bytes(shuyang, ".docx", "xinchuang"))["word/fontTable.xml"])
    assert table["方正仿宋_GBK"]["altName"] == "仿宋"
    # the PDF and the preview draw it with the installed fallbacks
    assert render_bytes(shuyang, ".pdf", "xinchuang").startswith(b"%PDF")


def test_every_profile_is_explained_in_one_line_in_the_export_menu() -> None:
    assert set(FONT_PROFILES) == set(profiles()) == {"standard", "windows", "xinchuang"}
    for key, text in FONT_PROFILES.items():
        profile = get_profile(key)
        assert text.startswith(profile.label) and "\n" not in text
        assert profile.families["body"] in text  # names the faces it uses
        assert 10 < len(profile.description) <= 60


def test_same_report_gives_the_same_bytes_in_every_profile(shuyang: ReportData) -> None:
    for key in profiles():
        assert render_bytes(shuyang, ".docx", key) == render_bytes(shuyang, ".docx", key)
