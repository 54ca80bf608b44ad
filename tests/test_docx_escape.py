"""The Word writer's own XML escaping is exactly ``xml.sax.saxutils`` (whose import is slow)."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

import pytest

from exporters import docx_writer

TEXTS = [
    "",
    "仿宋_GB2312",
    "Times New Roman",
    'a "quoted" name',
    "it's",
    "both \" and ' quotes",
    "<b>&amp; & > <",
    "tab\tnew\nline\rcarriage",
    "&#10; already escaped",
]


@pytest.mark.parametrize("text", TEXTS)
def test_escape_and_quoteattr_match_the_standard_library(text: str) -> None:
    assert docx_writer.escape(text) == escape(text)
    assert docx_writer.quoteattr(text) == quoteattr(text)
