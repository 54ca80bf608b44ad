"""Text helpers shared by the readers: normalising labels, fuzzy comparison, cell values."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher
from functools import lru_cache

from models.domain.editions import COUNT, DECIMAL, MONEY_TEXT, SIGNED_INT
from models.domain.values import CellInputError, CellValue, parse_cell_text

#: Printed marks that stand for "nothing here"; imported as blank and reported.
BLANK_MARKS = frozenset({"/", "\\", "—", "——", "-", "--", "–", "无", "空", "－", "―", "一"})

#: Put before the text of a table cell that OCR read with doubt (or not at all, though the cell
#: has ink): the matcher keeps the row but takes no value from the cell, and lists it.
UNSURE = "\ue000"

_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef“”‘’《》（）【】、"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\u00a0]+|[ \t\u00a0]+(?=[{_CJK}])")
_WS = re.compile(r"\s+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"'})

CHINESE_DIGITS = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "Ｏ": 0,
    "O": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}


def clean_spaces(text: str) -> str:
    """Drop spaces that text extraction put next to Chinese characters ("2024 年" → "2024年")
    and collapse the remaining runs of blanks."""
    text = text.replace("\u3000", " ").replace("\u00a0", " ")
    text = _SPACE_NEAR_CJK.sub("", text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()


def norm_label(text: str) -> str:
    """A label folded for comparison: NFKC, no blanks, plain quotes."""
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _WS.sub("", folded).strip(":：")


@lru_cache(maxsize=65536)
def similarity(found: str, expected: str) -> float:
    """How well ``found`` matches ``expected`` (0..1), both already normalised.

    The plain ratio handles typos ("其他法律行政止公开"); a prefix credit handles labels that
    print only the start of a long official label ("（二）部分公开").
    """
    if not found or not expected:
        return 0.0
    if found == expected:
        return 1.0
    matcher = SequenceMatcher(None, found, expected, autojunk=False)
    ratio = matcher.ratio()
    shorter = min(len(found), len(expected))
    if shorter >= 4:
        matched = sum(block.size for block in matcher.get_matching_blocks())
        if (
            expected.startswith(found[:3]) or found.startswith(expected[:3])
        ) and matched >= shorter - 1:
            ratio = max(ratio, 0.9 * matched / shorter)
    return ratio


def table_name(heading: str) -> str:
    """``"三、收到和处理…"`` → ``"表三"``, as clerks call the tables."""
    return "表" + heading.split("、", 1)[0]


def chinese_number(text: str) -> int | None:
    """``"二〇二四"`` → 2024 (digit by digit) and ``"十七"`` → 17; ``None`` if not a number."""
    if not text or any(ch not in CHINESE_DIGITS for ch in text):
        return None
    if "十" not in text:
        return int("".join(str(CHINESE_DIGITS[ch]) for ch in text))
    tens, _, units = text.partition("十")
    return (CHINESE_DIGITS[tens] if tens else 1) * 10 + (CHINESE_DIGITS[units] if units else 0)


@dataclass(frozen=True)
class CellReading:
    """What the text of one printed cell means.

    Attributes:
        ok: whether the text could be read as a value of the cell's type.
        value: the value (``None`` is blank).
        note: why the value needs the clerk's attention (blank mark, unit conversion), if so.
    """

    ok: bool
    value: CellValue | None = None
    note: str = ""


def read_cell(text: str | None, value_type: str) -> CellReading:
    """Read the printed text of a cell of ``value_type`` (blank, "/", "12元", "3件" …)."""
    if text is None:
        return CellReading(True)
    if text.startswith(UNSURE):
        shown = text[len(UNSURE) :].strip()
        return CellReading(
            False,
            None,
            f"扫描件中此格识别为“{shown}”，把握不大，未导入，请对照原件填写"
            if shown
            else "扫描件中此格有字迹但未能识别，未导入，请对照原件填写",
        )
    raw = _WS.sub("", unicodedata.normalize("NFKC", text))
    if not raw:
        return CellReading(True)
    if raw in BLANK_MARKS or set(raw) <= {"-", "—", "/"}:
        return CellReading(True, None, f"印为“{text.strip()}”，按空白导入")
    if value_type == MONEY_TEXT:
        return _parse(text.strip(), value_type)
    if value_type == DECIMAL:
        if raw.endswith("万元"):
            return _parse(raw[:-2], value_type)
        if raw.endswith("元"):
            got = _parse(raw[:-1], value_type)
            if got.ok and isinstance(got.value, int | Decimal):
                exact = (Decimal(got.value) / Decimal(10000)).normalize()
                wan = exact.quantize(Decimal("0.0001")).normalize()
                wan = wan.quantize(Decimal(1)) if wan == wan.to_integral() else wan
                rounded = "（四舍五入到 4 位小数）" if wan != exact else ""
                return CellReading(True, wan, f"印为“{text.strip()}”，已换算为 {wan} 万元{rounded}")
            return got
    if value_type in (COUNT, SIGNED_INT):
        raw = re.sub(r"(件|项|个|次|人|宗|起)$", "", raw)
    return _parse(raw, value_type)


def _parse(text: str, value_type: str) -> CellReading:
    try:
        return CellReading(True, parse_cell_text(text, value_type))
    except CellInputError as error:
        return CellReading(False, None, f"“{text}”无法读作数字（{error}）")


_VALUE_TOKEN = re.compile(
    r"^(?:[+\-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[+\-]?\d+(?:\.\d+)?)(?:万元|元|件|项)?$|^[/／—\-－]+$"
)


def is_value_text(text: str) -> bool:
    """Whether a cell's text looks like a printed value (a number, a blank mark or nothing)."""
    if (text or "").startswith(UNSURE):
        return True
    raw = _WS.sub("", unicodedata.normalize("NFKC", text or ""))
    return not raw or bool(_VALUE_TOKEN.match(raw))


def is_value_token(token: str) -> bool:
    """Whether one whitespace-separated token of a text line is a printed value."""
    raw = unicodedata.normalize("NFKC", token)
    return bool(raw) and bool(_VALUE_TOKEN.match(raw))


_FURNITURE_WORDS = re.compile(
    r"^(?:[\s\[\]【】|>/·•]|打印本页|打印|关闭窗口|关闭本页|关闭|返回顶部|返回|收藏|分享到|分享|字号|"
    r"[大中小]|默认|扫一扫在手机打开当前页|扫一扫|上一篇|下一篇|首页|当前位置|您现在的位置|保存|"
    r"浏览次数|访问量|来源|责任编辑|：|:)+$"
)


_FOOTER = re.compile(
    r"版权所有|ICP备|网站标识码|技术支持[:：]|网站地图|主办单位[:：]|承办单位[:：]"
)


def is_furniture(text: str) -> bool:
    """Whether a short line is page furniture (打印 关闭, 字号 大 中 小, the site's footer …),
    not report text."""
    if len(text) <= 120 and _FOOTER.search(text):
        return True
    return len(text) <= 40 and bool(_FURNITURE_WORDS.match(text.strip()))
