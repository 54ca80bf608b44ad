"""The PDF pre-check reads every filter chain the way pdfminer does (issue 17, left out).

pdfminer accepts ``/F`` for ``/Filter``, abbreviations (``/AHx /Fl``), ``#xx`` escapes in
names, comments between tokens and indirect references; a chain written any of these ways must
be measured, or refused when it cannot be. The bombs in ``tests/test_import_budgets.py`` run in a
child process with time and memory measured; these are the quick in-process cases.
"""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from importers.budget import check_pdf_streams
from importers.errors import ImportRefused
from importers.pdf_streams import Objects, filter_chains
from tests import hostile_files as hostile

FIXTURES = Path(__file__).parent / "fixtures" / "published"
NO_OBJECTS = Objects(b"")


@pytest.mark.parametrize(
    ("dictionary", "chain"),
    [
        (b"<< /Length 5 /Filter /FlateDecode >>", (b"FlateDecode",)),
        (b"<< /Filter [/AHx /Fl] >>", (b"ASCIIHexDecode", b"FlateDecode")),
        (b"<< /F /LZW /Length 9 >>", (b"LZWDecode",)),
        (b"<< /F#69lter /LZW#44ecode >>", (b"LZWDecode",)),
        (b"<< /Filter % a comment\n /RL >>", (b"RunLengthDecode",)),
        (b"<< /Filter[/A85/CCF] >>", (b"ASCII85Decode", b"CCITTFaxDecode")),
    ],
)
def test_a_chain_is_read_however_it_is_written(dictionary: bytes, chain: tuple[bytes, ...]) -> None:
    assert filter_chains(dictionary, NO_OBJECTS) == [chain]


def test_values_that_are_no_filter_are_passed_over() -> None:
    annotation = b"<< /Type /Annot /F 4 /Rect [0 0 1 1] >> << /F (other.pdf) /FontFile2 3 0 R >>"
    assert filter_chains(annotation, NO_OBJECTS) == []


def test_indirect_filters_are_followed_or_refused() -> None:
    raw = b"9 0 obj\n[/AHx 10 0 R]\nendobj\n10 0 obj /Fl endobj\n"
    objects = Objects(raw)
    assert filter_chains(b"<< /Filter 9 0 R >>", objects) == [(b"ASCIIHexDecode", b"FlateDecode")]
    with pytest.raises(ImportRefused, match="对象流"):
        filter_chains(b"<< /Filter 11 0 R >>", objects)  # not in the raw bytes
    with pytest.raises(ImportRefused, match="写法异常"):
        filter_chains(b"<< /Filter [/Fl (x)] >>", objects)
    too_many = b" ".join(b"<< /Filter /X%d >>" % n for n in range(5))
    with pytest.raises(ImportRefused, match="过多"):
        filter_chains(too_many, objects)


def test_a_bomb_behind_an_indirect_filter_is_refused() -> None:
    pdf = hostile.pdf_hex_flate_bomb(60).replace(
        b"/Filter [/ASCIIHexDecode /FlateDecode]", b"/Filter 99 0 R"
    )
    pdf = pdf.replace(b"xref\n", b"99 0 obj [/AHx /Fl] endobj\nxref\n", 1)
    with pytest.raises(ImportRefused, match="FlateDecode 压缩的内容解压后超过 48 MB"):
        check_pdf_streams(pdf)


def test_predictors_count_as_slow_work_except_in_images() -> None:
    packed = zlib.compress(b"\x00" * (6 * 2**20), 9)
    parms = b"/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 999 >>"
    with pytest.raises(ImportRefused, match="解压后超过 4 MB"):
        check_pdf_streams(hostile.pdf_file([(packed, parms)]))
    image = b"/Type /XObject /Subtype /Image /Width 999 /Height 6000 " + parms
    check_pdf_streams(hostile.pdf_file([(packed, image)]))  # pdfminer never decodes it


def test_fax_coding_needs_a_declared_size_unless_it_is_an_image() -> None:
    fax = b"/Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns 2480 >>"
    with pytest.raises(ImportRefused, match="传真"):
        check_pdf_streams(hostile.pdf_file([(b"\x00" * 100, fax)]))
    check_pdf_streams(hostile.pdf_file([(b"\x00" * 100, b"/Subtype /Image " + fax)]))
    sized = b"/Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns 2480 /Rows 3508 >>"
    check_pdf_streams(hostile.pdf_file([(b"\x00" * 100, sized)]))  # one A4 page: 1 MB


def test_real_reports_pass_the_check() -> None:
    files = sorted(FIXTURES.glob("*.pdf"))
    assert files
    for path in files:
        check_pdf_streams(path.read_bytes())
