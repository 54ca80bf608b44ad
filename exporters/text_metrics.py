"""Text metrics and CJK line breaking, without font files.

A CJK character (or full-width punctuation) is one em; ASCII takes its Times New Roman width
(digits ½ em), other characters below U+2000 ½ em. Line breaking keeps ASCII words and numbers
whole, lets closing punctuation hang at the end of a line rather than start one, and never
ends a line with opening punctuation (simple 禁则).

Between a CJK ideograph and an ASCII letter or digit, Word, WPS and LibreOffice add a little
space of their own (``w:autoSpaceDE``/``w:autoSpaceDN``, on by default; LibreOffice always, a
fifth of the font size, measured): the layout adds the same :data:`AUTOSPACE_EM`, so the
preview breaks lines where the Word file does.
"""

from __future__ import annotations

from exporters.document_blocks import Run

_EPS = 1e-6

NO_LINE_START = frozenset("，。、；：？！）》」』”’】〕…—·,.;:?!)]}%")
NO_LINE_END = frozenset("（《「『“‘【〔([{")


#: Advance widths of ASCII 32–126 in Times New Roman (= Liberation Serif), thousandths of an em.
_LATIN_WIDTHS = (
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278,
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444,
    921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722,
    556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500,
    333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500,
    500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,
)  # fmt: skip


#: Space added between a CJK ideograph and an ASCII letter or digit, in em of the font size.
AUTOSPACE_EM = 0.2


def _ideograph(ch: str) -> bool:
    code = ord(ch)
    return 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x3FFFF


def _alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def gap_em(previous: str, ch: str, latin_scale: float = 1.0) -> float:
    """The automatic space before ``ch`` after ``previous`` on the same line (em).

    Before a digit or letter, the ideograph also keeps its full advance: LibreOffice drops
    the condensed spacing of body text (font size ÷ advance = ``latin_scale`` > 1) where the
    script changes.
    """
    if _alnum(ch) and _ideograph(previous):
        return AUTOSPACE_EM * latin_scale + (latin_scale - 1.0)
    if _ideograph(ch) and _alnum(previous):
        return AUTOSPACE_EM * latin_scale
    return 0.0


def char_em(ch: str, latin_scale: float = 1.0) -> float:
    """Width of one character in em of the CJK advance.

    CJK and full-width characters are 1; ASCII takes its Times New Roman width (digits ½) and
    other characters below U+2000 ½, both scaled by ``latin_scale`` (font size ÷ CJK advance,
    which differs from 1 where the document grid narrows the CJK advance).
    """
    code = ord(ch)
    if 32 <= code < 127:
        return _LATIN_WIDTHS[code - 32] / 1000 * latin_scale
    if code < 0x2000:
        return 0.5 * latin_scale
    return 1.0


def text_em(text: str, latin_scale: float = 1.0) -> float:
    """Width of a string in em (automatic spaces included)."""
    width = 0.0
    previous = ""
    for ch in text:
        if previous:
            width += gap_em(previous, ch, latin_scale)
        width += char_em(ch, latin_scale)
        previous = ch
    return width


def draw_pieces(
    text: str, em_mm: float, latin_scale: float = 1.0, tracking_mm: float = 0.0
) -> list[tuple[float, str, bool]]:
    """What a painter draws for a text line: (x offset mm, text, is_latin).

    CJK characters are placed one by one on the em grid; runs of ASCII (digits, Latin words)
    are drawn as one string with the font's own spacing (which the metrics above match),
    starting at their layout position. Spaces are skipped. Justified lines add
    ``tracking_mm`` before each piece after the first.
    """
    out: list[tuple[float, str, bool]] = []
    x = 0.0
    previous_latin = False
    previous = ""
    for ch in text:
        if previous:
            x += gap_em(previous, ch, latin_scale) * em_mm
        previous = ch
        latin = ch.isascii()
        if ch.isspace():
            previous_latin = False
        elif latin and previous_latin:
            offset, run, _ = out[-1]
            out[-1] = (offset, run + ch, True)
        else:
            out.append((x + len(out) * tracking_mm, ch, latin))
            previous_latin = latin
        x += char_em(ch, latin_scale) * em_mm
    return out


def _piece_count(text: str) -> int:
    return len(draw_pieces(text, 1.0))


def _tokens(chars: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """Group characters into unbreakable tokens: ASCII words/numbers, or single characters."""
    out: list[list[tuple[str, str]]] = []
    for ch, style in chars:
        wordy = ch.isascii() and not ch.isspace()
        if out and wordy and out[-1][-1][0].isascii() and not out[-1][-1][0].isspace():
            out[-1].append((ch, style))
        else:
            out.append([(ch, style)])
    return out


Segment = tuple[float, str, str]  # x offset in em, text, style
LineSpec = tuple[float, tuple[Segment, ...]]  # width in em, segments


def _chars_em(chars: list[tuple[str, str]], latin_scale: float) -> float:
    return text_em("".join(ch for ch, _ in chars), latin_scale)


def break_lines(
    runs: tuple[Run, ...], width_em: float, first_indent_em: float, latin_scale: float = 1.0
) -> list[LineSpec]:
    """Break runs into lines no wider than ``width_em`` (first line indented)."""
    chars = [(ch, run.style) for run in runs for ch in run.text if ch not in "\n\r"]
    lines: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    used = first_indent_em
    avail = width_em
    for token in _tokens(chars):
        w = _chars_em(token, latin_scale)
        if current:
            w += gap_em(current[-1][0], token[0][0], latin_scale)
        if used + w <= avail + _EPS or (not current and w > avail):
            if w > avail - used + _EPS:  # a word longer than a line: split by characters
                for ch, style in token:
                    cw = char_em(ch, latin_scale)
                    if used + cw > avail + _EPS and current:
                        lines.append(current)
                        current, used = [], 0.0
                    current.append((ch, style))
                    used += cw
                continue
            current.extend(token)
            used += w
        elif len(token) == 1 and token[0][0] in NO_LINE_START and current:
            current.extend(token)  # hanging punctuation
            used += w
        else:
            carry: list[tuple[str, str]] = []
            while current and current[-1][0] in NO_LINE_END and len(current) > 1:
                carry.insert(0, current.pop())
            lines.append(current)
            current = carry + token
            used = _chars_em(current, latin_scale)
            if used > avail + _EPS:  # long word on a fresh line
                overflow, current, used = current, [], 0.0
                for ch, style in overflow:
                    cw = char_em(ch, latin_scale)
                    if used + cw > avail + _EPS and current:
                        lines.append(current)
                        current, used = [], 0.0
                    current.append((ch, style))
                    used += cw
    if current or not lines:
        lines.append(current)
    out: list[LineSpec] = []
    for i, line in enumerate(lines):
        x = first_indent_em if i == 0 else 0.0
        segments: list[Segment] = []
        previous = ""
        for ch, style in line:
            if previous:
                x += gap_em(previous, ch, latin_scale)
            previous = ch
            if segments and segments[-1][2] == style:
                seg = segments[-1]
                segments[-1] = (seg[0], seg[1] + ch, style)
            else:
                segments.append((x, ch, style))
            x += char_em(ch, latin_scale)
        out.append((x, tuple(segments)))
    return out
