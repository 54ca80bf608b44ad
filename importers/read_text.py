"""Reading plain text (text copied or scraped from a page, or converted from a PDF)."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from importers.blocks import Para, SourceDocument
from importers.budget import MAX_BLOCKS, Budget
from importers.errors import ImportRefused
from importers.text_utils import clean_spaces, is_furniture

_PIPE_TAIL = re.compile(r"[ \t]*\|[\s|]*$")
_FURNITURE = re.compile(r"^[\s|>]*$")
#: Markdown marks written by OCR tools and converters: heading marks, quote marks, list bullets.
_MD_LEAD = re.compile(r"^(?:#{1,6}[ \t]*|>[ \t]*|[*+][ \t]+)+")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EM = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")


def decode_text(data: bytes) -> str:
    """Decode ``data``: a BOM, then UTF-8, then GB18030, then charset detection.

    Raises:
        ImportRefused: the bytes are not text in a recognisable encoding.
    """
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding))
            except UnicodeDecodeError as error:
                raise ImportRefused("文本文件编码有误（与文件头标记不符）") from error
    if b"\x00" in data[:4096]:
        raise ImportRefused("这不是文本文件（含有二进制内容）")
    for encoding in ("utf-8", "gb18030"):
        try:
            return _checked(data.decode(encoding))
        except (UnicodeDecodeError, ImportRefused):
            continue
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise ImportRefused("无法识别文本文件的编码（请另存为 UTF-8 编码后再导入）")
    try:
        return _checked(data.decode(best.encoding))
    except (UnicodeDecodeError, LookupError) as error:
        raise ImportRefused("无法识别文本文件的编码（请另存为 UTF-8 编码后再导入）") from error


def _checked(text: str) -> str:
    """Refuse text that decoded but cannot be Chinese prose (wrong encoding guessed)."""
    sample = text[:20_000]
    if not sample.strip():
        raise ImportRefused("文件是空的")
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t\f")
    han = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff")
    if controls > len(sample) / 100 or han < 20:
        raise ImportRefused("文件内容不是中文文本，或编码无法识别（请另存为 UTF-8 编码后再导入）")
    return text


def read_text(data: bytes) -> SourceDocument:
    """Lines of the text as line paragraphs (wrapped lines are joined later)."""
    text = decode_text(data)
    blocks: list[Para] = []
    dropped: list[str] = []
    budget = Budget(MAX_BLOCKS, "文字行")
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip(" \u3000\r\n\f\v")
        if not line.strip("\t"):
            continue
        if not line.startswith("|"):
            line = _PIPE_TAIL.sub("", line)
        if _FURNITURE.match(line) or is_furniture(line):
            if line.strip():
                dropped.append(line)
            continue
        line = _unmark(line)
        if not line:
            continue
        budget.spend()
        blocks.append(Para(line if line.startswith("|") else _clean_keep_gaps(line), line=True))
    return SourceDocument(list(blocks), "txt", dropped=dropped)


def _unmark(line: str) -> str:
    """A line without its Markdown marks: ``## 一、总体情况`` → ``一、总体情况``,
    ``**（一）**`` → ``（一）``; a pipe-table row keeps its ``|``."""
    if not line.startswith("|"):
        line = _MD_LEAD.sub("", line)
    line = _MD_STRONG.sub(r"\2", line)
    return _MD_EM.sub(r"\1", line).strip()


def _clean_keep_gaps(line: str) -> str:
    """Clean a line but keep the blanks between values (``"行政许可 97 0"``) and every tab
    (text copied from a page table: one tab per cell, blank cells included)."""
    if "\t" in line:
        return "\t".join(clean_spaces(cell) for cell in line.split("\t"))
    if len(line) > 60:
        return line  # long scraped lines are split at their blanks first
    return (
        clean_spaces(line) if not re.search(r"\d\s+\d", line) else re.sub(r"[ \t]{2,}", " ", line)
    )
