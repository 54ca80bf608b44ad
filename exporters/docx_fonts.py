"""The Word file's font table (``word/fontTable.xml``): every face the document names.

Word and WPS look a face up here when it is not installed: with the East Asian charset
(``86``, GB2312), the family and pitch, the PANOSE class and an alternate name (仿宋_GB2312 →
仿宋, 楷体_GB2312 → 楷体, 方正仿宋_GBK → 仿宋 …) they substitute a Chinese face of the same
kind instead of guessing. python-docx's default table (Calibri, ＭＳ 明朝 …) is replaced.
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import quoteattr

from exporters.fonts import face

FONT_TABLE_PART = "/word/fontTable.xml"
_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
#: Unicode and code-page coverage bits (``w:sig``) of a GB2312 face and of a Latin one.
_SIG = {
    "86": ('w:usb0="00000001" w:usb1="080E0000" w:usb2="00000010" w:usb3="00000000" '
           'w:csb0="00040000" w:csb1="00000000"'),
    "00": ('w:usb0="E0002AFF" w:usb1="C0007841" w:usb2="00000009" w:usb3="00000000" '
           'w:csb0="000001FF" w:csb1="00000000"'),
}  # fmt: skip


def font_table_xml(names: Iterable[str]) -> bytes:
    """``fontTable.xml`` listing the faces ``names`` (as UTF-8 bytes)."""
    entries: list[str] = []
    for name in names:
        info = face(name)
        parts = [f"<w:font w:name={quoteattr(name)}>"]
        if info.alt:
            parts.append(f"<w:altName w:val={quoteattr(info.alt)}/>")
        if info.panose:
            parts.append(f'<w:panose1 w:val="{info.panose}"/>')
        parts.append(f'<w:charset w:val="{info.charset}"/>')
        parts.append(f'<w:family w:val="{info.family}"/><w:pitch w:val="{info.pitch}"/>')
        sig = _SIG.get(info.charset)
        if sig:
            parts.append(f"<w:sig {sig}/>")
        parts.append("</w:font>")
        entries.append("".join(parts))
    xml = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f"<w:fonts {_NS}>{''.join(entries)}</w:fonts>"
    )
    return xml.encode("utf-8")
