"""Reading a saved web page (portal page with navigation, scripts and the report inside)."""

from __future__ import annotations

import re
import warnings

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, Tag, XMLParsedAsHTMLWarning
from bs4.element import NavigableString

from exporters.embedded import SCRIPT_ID
from importers.blocks import Block, Cell, Para, SourceDocument, TableBlock
from importers.budget import MAX_CELLS, MAX_HEADINGS, MAX_SPAN, Budget, check_markup
from importers.text_utils import clean_spaces, is_furniture

_SKIP = {
    "script",
    "style",
    "noscript",
    "template",
    "head",
    "iframe",
    "svg",
    "select",
    "button",
    "input",
    "textarea",
    "option",
    "meta",
    "link",
    "title",
}
_BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "table",
    "tr",
    "td",
    "th",
    "tbody",
    "thead",
    "blockquote",
    "center",
    "dl",
    "dt",
    "dd",
    "pre",
    "header",
    "footer",
    "aside",
    "nav",
    "ucapcontent",
    "body",
}
_HEADING = re.compile(r"^\s*[一二三四五六]\s*[、.．]\s*\S")
_MAX_SPAN = min(60, MAX_SPAN)


def read_html(data: bytes) -> SourceDocument:
    """Parse ``data`` as HTML and return the report's paragraphs and tables in order."""
    check_markup(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(data, "lxml")
    script = soup.find("script", id=SCRIPT_ID, type="application/json")
    embedded = script.get_text() if isinstance(script, Tag) else ""
    for tag in soup.find_all(_SKIP - {"title", "head"}):
        tag.decompose()
    root = _report_root(soup)
    blocks: list[Block] = []
    _emit(root, blocks, [])
    return SourceDocument(blocks, "html", title_hint=_title_hint(soup, root), embedded=embedded)


def _text(node: Tag | NavigableString) -> str:
    raw = node.get_text() if isinstance(node, Tag) else str(node)
    return clean_spaces(re.sub(r"\s+", " ", raw))


def _heading_elements(soup: BeautifulSoup) -> list[Tag]:
    """The elements holding chapter headings, each once, in document order.

    Identity, not ``==`` (which compares whole subtrees), decides "once": linear in the page.
    """
    found: list[Tag] = []
    seen: set[int] = set()
    budget = Budget(MAX_HEADINGS, "章节标题")

    def add(tag: Tag) -> None:
        if id(tag) not in seen:
            seen.add(id(tag))
            found.append(tag)
            budget.spend()

    for string in soup.find_all(string=_HEADING):
        parent = string.parent
        while isinstance(parent, Tag) and parent.name not in _BLOCK:
            parent = parent.parent
        if isinstance(parent, Tag) and parent.name not in ("body", "html"):
            add(parent)
    for tag in soup.find_all(["p", "h1", "h2", "h3", "h4", "strong", "b", "div"]):
        if id(tag) not in seen and len(tag.get_text()) < 60 and _HEADING.match(tag.get_text()):
            add(tag)
    return found


def _report_root(soup: BeautifulSoup) -> Tag:
    """The smallest element holding the chapter headings (the article body)."""
    body = soup.body or soup
    headings = _heading_elements(soup)
    if len(headings) < 2:
        return body
    common: list[Tag] | None = None
    for tag in headings:
        chain = {id(p) for p in tag.parents if isinstance(p, Tag)}
        if common is None:
            common = [p for p in tag.parents if isinstance(p, Tag)]
        else:
            common = [p for p in common if id(p) in chain]
    if not common:
        return body
    root = common[0]
    while root.name in ("tr", "tbody", "thead", "table") and root.parent is not None:
        root = root.parent
    return root


def _title_hint(soup: BeautifulSoup, root: Tag) -> str:
    for tag in soup.find_all(["h1", "h2", "h3", "ucaptitle"]):
        text = _text(tag)
        if "报告" in text and re.search(r"\d{4}|年度", text) and len(text) <= 80:
            return text
    title = soup.find("title")
    if title is not None:
        for part in re.split(r"\s*[-_|｜–—]+\s*", _text(title)):
            if "报告" in part and len(part) <= 80:
                return part
    return ""


def _is_layout_table(table: Tag) -> bool:
    if table.find("table") is not None:
        return True
    return any(len(td.get_text()) > 300 for td in table.find_all(["td", "th"]))


def _emit(node: Tag, blocks: list[Block], buffer: list[str]) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:
                buffer.append(str(child))
            continue
        if not isinstance(child, Tag) or child.name in _SKIP:
            continue
        if child.name == "br":
            _flush(blocks, buffer)
        elif child.name == "table" and not _is_layout_table(child):
            _flush(blocks, buffer)
            blocks.append(_grid(child))
        elif child.name in _BLOCK or child.name == "table":
            _flush(blocks, buffer)
            _emit(child, blocks, buffer)
            _flush(blocks, buffer)
        else:
            _emit(child, blocks, buffer)


def _flush(blocks: list[Block], buffer: list[str]) -> None:
    text = clean_spaces(re.sub(r"\s+", " ", "".join(buffer))) if buffer else ""
    buffer.clear()
    if text and not is_furniture(text):
        blocks.append(Para(text))


def _span(tag: Tag, name: str) -> int:
    try:
        return max(1, min(_MAX_SPAN, int(str(tag.get(name, "1")).strip() or "1")))
    except ValueError:
        return 1


def _grid(table: Tag) -> TableBlock:
    """Expand ``rowspan``/``colspan`` into a full grid."""
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    grid: dict[tuple[int, int], Cell] = {}
    width = 0
    budget = Budget(MAX_CELLS, "表格单元格")
    for r, tr in enumerate(rows):
        c = 0
        for td in tr.find_all(["td", "th"], recursive=False):
            while (r, c) in grid:
                c += 1
            cell = Cell(_text(td), (id(table), r, c))
            rowspan, colspan = _span(td, "rowspan"), _span(td, "colspan")
            budget.spend(rowspan * colspan)
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid.setdefault((r + dr, c + dc), cell)
            c += colspan
            width = max(width, c)
    Budget(MAX_CELLS, "表格单元格").spend(len(rows) * width)
    out = [
        [grid.get((r, c), Cell("", (id(table), r, c, "empty"))) for c in range(width)]
        for r in range(len(rows))
    ]
    return TableBlock(out, grid=True)
