"""A test face limited to GB2312, as 仿宋_GB2312 and the other GB faces of a government
workstation are: an installed CJK face whose character map fontTools cuts down to GB2312, and
renamed (the outlines stay, unreachable, so writing it takes a moment, not a minute)."""

from __future__ import annotations

from pathlib import Path

from fontTools import ttLib  # type: ignore[import-untyped]

from exporters.fonts import font_file

#: Characters of real place and person names that GB2312 lacks.
BEYOND_GB2312 = "埇镕堃喆昇"


def gb2312_characters() -> str:
    """Every character of GB2312 (the 94 × 94 table), ASCII included."""
    out = [chr(code) for code in range(0x20, 0x7F)]
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                out.append(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(out)


def make_gb2312_face(target: Path, family: str = "仿宋_GB2312") -> Path | None:
    """Write a GB2312-only face named ``family`` to ``target`` (None: no CJK face to cut)."""
    source = font_file("AR PL UKai CN") or font_file("Noto Serif CJK SC")
    if source is None:
        return None
    keep = {ord(ch) for ch in gb2312_characters()}
    with ttLib.TTFont(source.path, fontNumber=source.index, lazy=True) as font:
        for table in font["cmap"].tables:
            table.cmap = {code: glyph for code, glyph in table.cmap.items() if code in keep}
        names = font["name"]
        names.names = [r for r in names.names if r.nameID not in (1, 2, 4, 6, 16, 17)]
        for language in (0x409, 0x804):  # Windows, Unicode: English and Chinese (PRC)
            for name_id, text in ((1, family), (2, "Regular"), (4, family), (6, "TestGB2312")):
                names.setName(text, name_id, 3, 1, language)
        font.save(str(target))
    return target
