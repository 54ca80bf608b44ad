"""The parts around the chapters: title, preamble (opening text) and signature."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from importers.blocks import Para
from importers.page_chrome import cut_chrome, is_prose, looks_like_unit
from importers.paragraphs import TERMINAL, join_lines
from importers.text_utils import chinese_number, clean_spaces, norm_label
from models.domain.editions import Edition

if TYPE_CHECKING:
    from importers.layout import Layout

_DATE = re.compile(
    r"^(\d{4}|[〇零一二三四五六七八九○Ｏ]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
    r"\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日$"
)
_META = re.compile(
    r"^(发布日期|发布时间|成文日期|日期|时间|来源|采集时间|单位|信息来源|发布机构|发文机关|索引号|文号|浏览次数|"
    r"点击数|阅读次数|作者|编辑|责任编辑|字号|字体|分类|主题分类)\s*[:：\t]"
)


def read_front(layout: Layout, paras: list[Para], title_hint: str) -> None:
    texts = [_title_cell(p.text) for p in paras]
    start = 0
    if title_hint:
        layout.title = clean_spaces(title_hint)
        for i, text in enumerate(texts[:8]):
            if norm_label(text) and norm_label(text) in norm_label(title_hint):
                start = i + 1
    else:
        found = _title_lines(texts)
        if found is not None:
            first, start = found
            layout.title = clean_spaces("".join(texts[first:start]))
            skipped = [t for t in texts[:first] if t.strip("|> ")]
            if skipped:
                shown = "”“".join(skipped[:3]) + ("”等" if len(skipped) > 3 else "”")
                layout.notes.append(f"已略去标题前的 {len(skipped)} 行文字（如网页导航）：“{shown}")
    body = []
    for para in paras[start:]:
        if layout.title and norm_label(para.text) == norm_label(layout.title):
            continue
        if _META.match(para.text):
            layout.notes.append(f"已略去页面信息“{para.text}”")
        else:
            body.append(para)
    joined = join_lines(body, layout.width)
    at = len(joined)
    while at > 0 and _is_prose(joined[at - 1]):
        at -= 1
    layout.preamble = joined[at:]
    if at:
        shown = "”“".join(joined[:at][:3]) + ("”等" if at > 3 else "”")
        layout.notes.append(f"已略去标题与正文之间的 {at} 段文字（页面信息等）：“{shown}")


def _is_prose(text: str) -> bool:
    """A sentence of the report rather than page furniture (a date, a name, a menu)."""
    return len(text) >= 15 and any(ch in text for ch in "。，,；")


def _title_cell(text: str) -> str:
    """The title part of a line: the cell holding it in a tab-separated line (名称\t标题), the
    part before a site name (标题-网站名), without a label (标题：)."""
    if "\t" in text:
        cells = [c for c in text.split("\t") if c.strip()]
        text = next((c for c in cells if "报告" in c), " ".join(cells))
    text = _TITLE_LABEL.sub("", text)
    if "报告" in text and not text.endswith("报告"):
        head = re.split(r"\s*[-_|｜—–]+\s*", text)[0]
        if head.endswith("报告"):
            return head
    return text


_TITLE_LABEL = re.compile(r"^(名称|标题|题名|文件名称)\s*[:：]?\s*")
_ORG_END = re.compile(
    r"(局|委|办|办公室|政府|室|院|所|中心|区|县|市|镇|乡|街道|厅|部|会|处|署|站|队)$"
)


def _title_lines(texts: list[str]) -> tuple[int, int] | None:
    """``(first, end)`` of the lines that make the title: up to three short lines ending in
    ``报告`` and holding a year and 信息公开; an organ's name on the line before is included."""
    for j, line in enumerate(texts[:60]):
        if len(line) > 60 or line[-1] in TERMINAL:
            continue
        for i in range(j, max(-1, j - 3), -1):
            window = texts[i : j + 1]
            if any(len(t) > 40 or any(ch in t for ch in "。，；") for t in window[:-1]):
                break
            joined = "".join(window)
            if joined.endswith("报告") and re.search(r"\d{4}", joined) and "信息公开" in joined:
                prev = texts[i - 1] if i > 0 else ""
                if (
                    prev
                    and len(prev) <= 30
                    and _ORG_END.search(prev)
                    and re.match(r"\d{4}", joined)
                ):
                    i -= 1
                return i, j + 1
    return None


def read_signature(layout: Layout, edition: Edition) -> None:
    """Take the signature (unit and date, or the unit alone) off the end of the last chapter,
    and drop the page chrome printed after it, listing what was dropped."""
    keys = [ch.key for ch in edition.text_chapters]
    last = next((k for k in reversed(keys) if layout.chapters.get(k)), None)
    if last is None:
        return
    paras, chrome = cut_chrome(layout.chapters[last])
    layout.chapters[last] = paras
    layout.notes.extend(f"已略去正文后的网页文字“{t}”" for t in chrome if t.strip())
    for at in range(len(paras) - 1, max(-1, len(paras) - 4), -1):
        text = norm_label(paras[at])
        m = _DATE.match(text) or re.match(r"^(.{2,40}?)(\d{4}年\d{1,2}月\d{1,2}日)$", text)
        if m is None:
            continue
        if len(m.groups()) == 2:
            layout.signature_unit = m.group(1)
            parsed = _DATE.match(m.group(2))
        else:
            parsed = m
            if (
                at > 0
                and len(paras[at - 1]) <= 40
                and not any(ch in paras[at - 1] for ch in "。，；：")
            ):
                layout.signature_unit = paras[at - 1].strip()
                at -= 1
        layout.signature_date = _to_date(parsed) if parsed else None
        dropped = paras[at:]
        layout.chapters[last] = paras[:at]
        extra = [t for t in dropped[2:] if t.strip()]
        layout.notes.extend(f"已略去落款后的文字“{t}”" for t in extra)
        return
    _undated_signature(layout, last, paras)


def _undated_signature(layout: Layout, last: str, paras: list[str]) -> None:
    """A signature without a date: the unit's name alone on the first line after the last
    sentence; lines after it are listed as dropped."""
    at = max((i for i, p in enumerate(paras) if is_prose(p)), default=-1) + 1
    if at == 0 or at >= len(paras) or not looks_like_unit(paras[at]):
        return
    layout.signature_unit = paras[at].strip()
    layout.chapters[last] = paras[:at]
    layout.notes.extend(f"已略去落款后的文字“{t}”" for t in paras[at + 1 :] if t.strip())


def _to_date(m: re.Match[str]) -> date | None:
    parts = []
    for group in m.groups():
        number = int(group) if group.isdigit() else chinese_number(group)
        if number is None:
            return None
        parts.append(number)
    try:
        return date(parts[0], parts[1], parts[2])
    except ValueError:
        return None
