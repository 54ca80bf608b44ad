"""Text metrics and CJK line breaking, without font files.

A CJK character (or full-width punctuation) is one em; ASCII takes its Times New Roman width
(digits ½ em), other characters below U+2000 ½ em. Line breaking keeps ASCII words and numbers
whole, lets closing punctuation hang at the end of a line rather than start one, and never
ends a line with opening punctuation (simple 禁则).
"""

from __future__ import annotations

from exporters.document import Run

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
    """Width of a string in em."""
    return sum(char_em(ch, latin_scale) for ch in text)


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
    for ch in text:
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
        w = sum(char_em(ch, latin_scale) for ch, _ in token)
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
            used = sum(char_em(ch, latin_scale) for ch, _ in current)
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
        for ch, style in line:
            if segments and segments[-1][2] == style:
                seg = segments[-1]
                segments[-1] = (seg[0], seg[1] + ch, style)
            else:
                segments.append((x, ch, style))
            x += char_em(ch, latin_scale)
        out.append((x, tuple(segments)))
    return out
