"""Page chrome after the report: what a portal prints below the last chapter or the signature
("附件下载", "扫一扫在手机上查看当前页面", links to other sites), which a page saved as Word or
copied as text carries along. It is dropped and listed, never taken as chapter text."""

from __future__ import annotations

import re

from importers.paragraphs import TERMINAL

#: Lines that only a web page prints (navigation, sharing, downloads, link lists, footer).
_CHROME = re.compile(
    r"附件下载|附件[:：]?$|相关附件|扫一扫|手机上查看|手机打开|在手机上|相关链接|友情链接|相关文章|"
    r"相关阅读|相关新闻|相关信息|政府网站|部门网站|网站链接|上一篇|下一篇|打印本页|关闭窗口|"
    r"【打印】|【关闭】|分享到|返回顶部|版权所有|网站标识码|ICP备|主办单位|承办单位|技术支持|"
    r"网站地图|联系我们|浏览次数|\.(?:pdf|docx?|xlsx?|wps|zip)$",
    re.IGNORECASE,
)
_ORG_END = re.compile(
    r"(局|委|办|办公室|政府|室|院|所|中心|区|县|市|镇|乡|街道|厅|部|会|处|署|站|队|委员会)$"
)


def is_chrome(text: str) -> bool:
    """Whether a short line is web-page chrome rather than report text."""
    return len(text) <= 80 and bool(_CHROME.search(text.strip()))


def is_prose(text: str) -> bool:
    """A sentence of the report: ends a sentence or holds sentence punctuation."""
    return text.rstrip()[-1:] in TERMINAL or any(ch in text for ch in "。，；")


def looks_like_unit(text: str) -> bool:
    """A line that can be the signature's unit name: short, no punctuation, an organ's name."""
    stripped = text.strip()
    return (
        2 <= len(stripped) <= 40
        and not any(ch in stripped for ch in "。，；：:,、")
        and bool(_ORG_END.search(stripped))
    )


def cut_chrome(paras: list[str]) -> tuple[list[str], list[str]]:
    """``(kept, dropped)``: the paragraphs before the first chrome line that follows the last
    sentence of the text, and that chrome line with everything after it."""
    last_prose = max((i for i, p in enumerate(paras) if is_prose(p)), default=-1)
    for at in range(last_prose + 1, len(paras)):
        if is_chrome(paras[at]):
            return paras[:at], paras[at:]
    return paras, []
