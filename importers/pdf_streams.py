"""What every PDF stream decodes to, through its whole filter chain, measured before pdfminer.

pdfminer decodes a stream in one go, each filter of its chain (``/Filter [/A85 /Fl]``) on the
whole output of the one before, with no limit: a few kilobytes can ask for gigabytes, and some
filters are decoded byte by byte in Python (ASCII85 at about 0.7 s per MB, RunLength into a list
of ints, the PNG predictors, CCITT fax), so even megabytes cost seconds. Here every stream found
in the raw bytes is measured the way pdfminer would decode it: the chain is read from the
stream's dictionary (``/Filter`` or ``/F``, with the abbreviations and ``#xx`` escapes pdfminer
accepts), each stage's output is counted as it is produced and cut off past the caps, and only
the stage that feeds another is kept. Bytes that pdfminer decodes at C speed (Flate, ASCIIHex)
count towards :data:`MAX_PDF_STREAM` per stage; bytes it decodes in Python count towards
the much smaller :data:`MAX_PDF_SLOW`. A chain that cannot be read from the raw dictionary
(an indirect reference, a comment) is refused: real reports write it plainly.
"""

from __future__ import annotations

import io
import re
import zlib
from dataclasses import dataclass

from importers.errors import ImportRefused

#: Bytes pdfminer decodes in Python (ASCII85, LZW, RunLength, CCITT fax, PNG/TIFF predictors),
#: per file: up to 1 s per MB there on a loaded machine (ASCII85: 4.6 s for 8 MB, the Paeth
#: predictor 8 s). Real reports use Flate, and DCT for photos.
MAX_PDF_SLOW = 4 * 2**20
#: Bytes of one stream at one stage (an embedded CJK font: up to about 20 MB); the same number
#: as :data:`importers.budget.MAX_PDF_STREAM`, which takes it from here.
MAX_PDF_STREAM = 48 * 2**20
#: Widest CCITT fax image (A3 at 600 dpi: about 7,000 pixels).
MAX_CCITT_COLUMNS = 20_000

_FULL = {
    b"Fl": b"FlateDecode",
    b"LZW": b"LZWDecode",
    b"A85": b"ASCII85Decode",
    b"AHx": b"ASCIIHexDecode",
    b"RL": b"RunLengthDecode",
    b"CCF": b"CCITTFaxDecode",
    b"DCT": b"DCTDecode",
}
#: Filters pdfminer hands back undecoded (images it never looks into).
_PASSED = {b"DCTDecode", b"JPXDecode", b"JBIG2Decode"}
_SLOW = {b"LZWDecode", b"ASCII85Decode", b"RunLengthDecode", b"CCITTFaxDecode"}
#: Distinct filter chains named before one stream (one in a real file).
MAX_CHAINS = 4

_DELIMITER = rb"(?=[\s/\[\]<>()%{}]|$)"
_FILTER_KEY = re.compile(rb"/(?:Filter|F)" + _DELIMITER)
_SPACE = rb"(?:\s|%[^\r\n]*(?:\r\n|\r|\n|$))*"  # white space and comments
_NAME = rb"/[^\s/\[\]<>()%{}]*"
_REF = rb"(\d{1,9})" + _SPACE + rb"\d{1,5}" + _SPACE + rb"R" + _DELIMITER
_NAME_VALUE = re.compile(_SPACE + rb"(" + _NAME + rb")")
_REF_VALUE = re.compile(_SPACE + _REF)
_ITEM = re.compile(_SPACE + rb"(?:(" + _NAME + rb")|" + _REF + rb")")
_ARRAY_VALUE = re.compile(
    _SPACE
    + rb"\[((?:"
    + _SPACE
    + rb"(?:"
    + _NAME
    + rb"|\d{1,9}"
    + _SPACE
    + rb"\d{1,5}"
    + _SPACE
    + rb"R))*)"
    + _SPACE
    + rb"\]"
)
_ARRAY_START = re.compile(_SPACE + rb"\[")
_OBJECT_HEAD = re.compile(rb"(?<!\d)(\d{1,9})\s+\d{1,5}\s+obj\b" + _SPACE)
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_PREDICTOR = re.compile(rb"/Predictor\s+(\d{1,6})")
_COLUMNS = re.compile(rb"/Columns\s+(\d{1,9})")
_ROWS = re.compile(rb"/Rows\s+(\d{1,9})")
_K = re.compile(rb"/K\s+(-?\d{1,6})")
_IMAGE = re.compile(rb"/Subtype\s*/Image" + _DELIMITER)


@dataclass
class Decoded:
    """The measure of one stream: bytes decoded at C speed and in Python, and, when asked for,
    the decoded bytes themselves (up to the cap)."""

    size: int = 0
    slow: int = 0
    kept: bytes = b""


class Objects:
    """The top-level objects of the raw file by number, indexed on first use (an indirect
    ``/Filter`` or ``/Length`` is rare; pdfminer resolves both)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self._starts: dict[bytes, int] | None = None

    def value(self, number: bytes) -> bytes | None:
        """The first bytes of object ``number``'s value; ``None`` if not in the raw file (it may
        sit in a compressed object stream)."""
        if self._starts is None:
            self._starts = {m.group(1): m.end() for m in _OBJECT_HEAD.finditer(self.data)}
        start = self._starts.get(number)
        return None if start is None else self.data[start : start + 400]


def filter_chains(dictionary: bytes, objects: Objects) -> list[tuple[bytes, ...]]:
    """Every filter chain named in a stream's raw dictionary, full names (``[]``: none).

    pdfminer takes ``/F`` before ``/Filter`` and resolves indirect references; both keys are
    read (values that are no filter, such as an annotation's ``/F 4``, are passed over), and
    a dictionary naming several chains is measured by each.

    Raises:
        ImportRefused: a chain that cannot be read from the raw bytes, or too many of them.
    """
    chains: list[tuple[bytes, ...]] = []
    if b"#" in dictionary:  # pdfminer reads /F#69lter as /Filter
        dictionary = _ESCAPE.sub(lambda m: bytes((int(m.group(1), 16),)), dictionary)
    for key in _FILTER_KEY.finditer(dictionary):
        names = _chain_at(dictionary, key.end(), objects, depth=0)
        full = tuple(_full_name(n) for n in names)
        if full and full not in chains:
            chains.append(full)
    if len(chains) > MAX_CHAINS:
        raise ImportRefused("PDF 中同一段内容写有过多的压缩方式，不像是一份年报，已拒绝")
    return chains


def _chain_at(text: bytes, at: int, objects: Objects, depth: int) -> list[bytes]:
    """The filter names of the value at ``text[at:]`` (a name, an array, a reference)."""
    one = _NAME_VALUE.match(text, at)
    if one is not None:
        return [one.group(1)]
    ref = _REF_VALUE.match(text, at)
    if ref is not None:
        return _resolved(ref.group(1), objects, depth)
    many = _ARRAY_VALUE.match(text, at)
    if many is None:
        if _ARRAY_START.match(text, at):
            raise ImportRefused("PDF 中有一段内容的压缩方式写法异常，不像是一份年报，已拒绝")
        return []  # a number, a string, a dictionary: pdfminer decodes nothing with it
    names: list[bytes] = []
    for item in _ITEM.finditer(many.group(1)):
        if item.group(1):
            names.append(item.group(1))
            continue
        inner = _resolved(item.group(2), objects, depth)
        if len(inner) != 1:
            break  # pdfminer stops at an element that is not a filter name
        names += inner
    return names


def _resolved(number: bytes, objects: Objects, depth: int) -> list[bytes]:
    value = objects.value(number)
    if value is None or depth > 2:
        raise ImportRefused(
            "PDF 中有一段内容的压缩方式写在别处（对象流中），无法在读取前核查其大小，已拒绝"
        )
    return _chain_at(value, 0, objects, depth + 1)


def _full_name(token: bytes) -> bytes:
    name = _ESCAPE.sub(lambda m: bytes((int(m.group(1), 16),)), token[1:])
    return _FULL.get(name, name)


def measure(
    raw: memoryview,
    dictionary: bytes,
    objects: Objects,
    caps: tuple[int, int],
    keep: int = 0,
) -> Decoded:
    """What ``raw`` decodes to through the chain(s) of ``dictionary``, counted up to ``caps``:
    bytes per stage, and bytes pdfminer decodes in Python.

    Without a chain, a stream that inflates as zlib is counted as Flate (as before: a stream
    whose dictionary could not be found). With ``keep``, the first ``keep`` decoded bytes are
    returned too (an object stream, to look for a page tree in it).

    Raises:
        ImportRefused: one stage decodes to more than ``caps[0]`` bytes, or to more than
            ``caps[1]`` decoded in Python, or a chain pdfminer would decode cannot be measured.
    """
    chains = filter_chains(dictionary, objects) or [(b"FlateDecode",)]
    predictor = _PREDICTOR.search(dictionary)
    # pdfminer hands an image over undecoded, so its predictor and fax coding cost nothing
    image = _IMAGE.search(dictionary) is not None
    predicted = predictor is not None and int(predictor.group(1)) >= 2 and not image
    worst = Decoded()
    for chain in chains:
        result = _measure_chain(raw, chain, dictionary, caps, keep, (predicted, image))
        if result.size + result.slow > worst.size + worst.slow:
            worst = result
    return worst


def _measure_chain(
    raw: memoryview,
    chain: tuple[bytes, ...],
    dictionary: bytes,
    caps: tuple[int, int],
    keep: int,
    kind: tuple[bool, bool],
) -> Decoded:
    predicted, image = kind
    data: bytes | memoryview = raw
    out = Decoded()
    for position, name in enumerate(chain):
        last = position == len(chain) - 1
        slow = name in _SLOW or (predicted and name in (b"FlateDecode", b"LZWDecode"))
        slow = slow and not (image and name == b"CCITTFaxDecode")
        limit = min(caps[0], max(0, caps[1] - out.slow)) if slow else caps[0]
        want = keep if last else limit + 1
        if name in _PASSED:
            continue  # pdfminer returns these bytes as they are
        if name == b"FlateDecode":
            size, data = _inflate(data, limit, want)
        elif name == b"ASCIIHexDecode":
            size, data = _unhex(data)
        elif name == b"ASCII85Decode":
            size, data = _ascii85(data, limit, want)
        elif name == b"LZWDecode":
            size, data = _lzw(data, limit, want)
        elif name == b"RunLengthDecode":
            size, data = _run_length(data, limit, want)
        elif name == b"CCITTFaxDecode":
            if not last:
                raise ImportRefused("PDF 中有一段内容在传真图像压缩之后又叠加了压缩方式，已拒绝")
            size, data = _ccitt_size(dictionary, image), b""
        else:  # /Crypt or a name pdfminer does not know: it decodes nothing
            return out
        if slow:
            out.slow += size
        else:
            out.size += size
        if size > limit:
            _refuse(name, slow)
        if len(data) > want:
            data = data[:want]
    out.kept = bytes(data[:keep]) if keep else b""
    return out


def _refuse(name: bytes, slow: bool) -> None:
    way = name.decode("latin-1")
    if slow:
        raise ImportRefused(
            f"PDF 中以 {way} 压缩的内容解压后超过 {MAX_PDF_SLOW // 2**20} MB（这类旧式压缩"
            "解压很慢，年报用不到这么多），已拒绝"
        )
    raise ImportRefused(
        f"PDF 中有一段以 {way} 压缩的内容解压后超过 {MAX_PDF_STREAM // 2**20} MB"
        "（疑似压缩炸弹），已拒绝"
    )


def _inflate(data: bytes | memoryview, cap: int, want: int) -> tuple[int, bytes]:
    """Inflate chunk by chunk into a counter; stops past ``cap``. A stream that breaks off is
    counted up to the break (pdfminer keeps what inflated too)."""
    inflater = zlib.decompressobj()
    size = 0
    kept: list[bytes] = []
    try:
        piece = inflater.decompress(data, 2**20)
        while True:
            size += len(piece)
            if sum(map(len, kept)) < want:
                kept.append(piece)
            if not inflater.unconsumed_tail or size > cap:
                break
            piece = inflater.decompress(inflater.unconsumed_tail, 2**20)
    except zlib.error:
        pass
    return size, b"".join(kept)


def _unhex(data: bytes | memoryview) -> tuple[int, bytes]:
    """ASCIIHex: at most half the input, decoded at C speed by pdfminer's own function."""
    from pdfminer.ascii85 import asciihexdecode

    try:
        decoded = asciihexdecode(bytes(data))
    except ValueError:  # binascii.Error: pdfminer fails on it too
        decoded = b""
    return len(decoded), decoded


def _ascii85(data: bytes | memoryview, cap: int, want: int) -> tuple[int, bytes]:
    """ASCII85: the size from the characters alone (``z`` stands for four bytes); decoded by
    pdfminer's function (about 0.7 s per MB) only when it fits and another stage needs it."""
    from pdfminer.ascii85 import ascii85decode

    text = re.sub(rb"\s", b"", bytes(data))
    zeros = text.count(b"z")
    size = (len(text) - zeros) * 4 // 5 + 4 * zeros
    if size > cap or not want:
        return size, b""
    try:
        decoded = ascii85decode(text)
    except ValueError:
        decoded = b""
    return len(decoded), decoded


def _lzw(data: bytes | memoryview, cap: int, want: int) -> tuple[int, bytes]:
    """LZW through pdfminer's own decoder, counted piece by piece and stopped past ``cap``."""
    from pdfminer.lzw import LZWDecoder

    size = 0
    kept = bytearray()
    try:
        for piece in LZWDecoder(io.BytesIO(bytes(data))).run():
            size += len(piece)
            if len(kept) < want:
                kept += piece
            if size > cap:
                break
    except (IndexError, TypeError, ValueError):  # corrupt codes: pdfminer stops there too
        pass
    return size, bytes(kept)


def _run_length(data: bytes | memoryview, cap: int, want: int) -> tuple[int, bytes]:
    """RunLength (PDF 1.7 §7.4.5), sized run by run and stopped past ``cap``; the bytes are
    built only as far as ``want`` (pdfminer's decoder holds a list of ints, 8 bytes each)."""
    raw = bytes(data)
    size = 0
    kept = bytearray()
    at = 0
    while at < len(raw) and size <= cap:
        length = raw[at]
        if length == 128:
            break
        if length < 128:
            run = raw[at + 1 : at + 2 + length]
            at += 2 + length
        else:
            run = raw[at + 1 : at + 2] * (257 - length)
            at += 2
        size += len(run)
        if len(kept) < want:
            kept += run
    return size, bytes(kept)


def _ccitt_size(dictionary: bytes, image: bool) -> int:
    """The bytes a CCITT fax stream decodes to, from its declared width and height.

    pdfminer decodes only Group 4 (``/K -1``) and ignores ``/Rows``, so a stream that does not
    declare a plausible size is refused rather than measured, unless it is an image (a scanned
    page), which pdfminer never decodes.
    """
    columns = _COLUMNS.search(dictionary)
    rows = _ROWS.search(dictionary)
    k = _K.search(dictionary)
    if k is not None and int(k.group(1)) != -1:
        return 0  # pdfminer refuses to decode it
    width = int(columns.group(1)) if columns else 1728
    if rows is None or int(rows.group(1)) == 0 or width > MAX_CCITT_COLUMNS:
        if image:
            return 0
        raise ImportRefused("PDF 中有一幅传真图像没有写明大小或过大，已拒绝")
    return (width + 7) // 8 * int(rows.group(1))
