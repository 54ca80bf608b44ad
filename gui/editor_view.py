"""The centre of the window: the parts of the report in order, one page each."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gui.chapter_pages import TitlePage
from gui.logic.editor import ReportEditor
from models.domain.findings import Finding
from models.domain.parent_totals import is_group_key, parts_of

if TYPE_CHECKING:  # the pages but the first (and their Qt classes) are imported when first shown
    from gui.signature_page import SignaturePage
    from gui.table_page import TableChapterPage
    from gui.text_chapter_page import TextChapterPage

BANNER_STYLE = "background: #fff4d6; color: #6b4e00; padding: 6px; border-radius: 3px;"
EXAMPLE_BANNER = (
    "示例：这是随程序附带的一份真实的已发布年报（沭阳县发展和改革局 2023 年），"
    "供熟悉程序之用；修改它不影响其他报告。"
)
FINAL_BANNER = "本报告已定稿，只能查看。如需修改，请在“报告 → 定稿与版本…”中重新打开。"


PageT = TypeVar("PageT", bound=QWidget)


class PagesOnDemand(dict[str, PageT]):
    """The pages of one kind built so far, keyed by chapter (``t3``, ``overview``).

    A page is built the first time it is shown or asked for (``pages["t3"]``): building the
    three grids (spans, delegate, row heights over ~400 cells) was most of the time it took to
    open a report, and the text pages most of what was left. ``values()`` and ``in`` see only
    the pages built so far.
    """

    def __init__(self, build: Callable[[str], PageT]) -> None:
        super().__init__()
        self._build = build

    def __missing__(self, key: str) -> PageT:
        page = self._build(key)  # raises KeyError for a key that is not such a chapter
        self[key] = page
        return page


class EditorView(QWidget):
    """Section list (标题与开头, 一…六, 落款) and the page of the chosen section.

    One view is kept while the window is open and rebound to each report opened (:meth:`bind`)
    as long as the report's edition has the same sections: building the pages and swapping the
    window's centre page (which repainted the whole window) was most of the time it took to
    open a report. Only the title page is built at once; the others when first shown.

    Signals:
        anchor(str): the part being edited changed (preview anchor, e.g. ``table:t3``).
        message(str): a line for the status bar.
    """

    anchor = Signal(str)
    message = Signal(str)

    def __init__(self, editor: ReportEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.sections = QListWidget()
        self.sections.setWordWrap(True)
        self.sections.setMaximumWidth(150)
        self.pages = QStackedWidget()
        self.anchors: list[str] = []
        self._slots: dict[str, QWidget] = {}  # anchor → placeholder of a page not built yet
        self._chapters = {chapter.key: chapter for chapter in editor.spec.chapters}
        self._layout_key = _sections_of(editor)
        self._flagged: set[str] = set()
        self.tables = PagesOnDemand(self._build_table)
        self.texts = PagesOnDemand(self._build_text)
        self._signature: SignaturePage | None = None
        self.title_page = TitlePage(editor)
        self._add("标题与开头", self.title_page, "title")
        self.title_page.anchor.connect(self.anchor)
        for chapter in editor.spec.chapters:
            kind = "table" if chapter.kind == "table" else "chapter"
            self._add_slot(chapter.heading, f"{kind}:{chapter.key}")
        self._add_slot("落款", "signature")
        self.sections.currentRowChanged.connect(self._section_changed)
        # A chapter chosen with the mouse (or Enter) takes the keys typed next (issue 18).
        self.sections.pressed.connect(self.focus_page)  # on press: a page built now may move
        self.sections.itemClicked.connect(self.focus_page)  # the item before the release comes
        self.sections.activated.connect(self.focus_page)
        body = QHBoxLayout()
        body.addWidget(self.sections)
        body.addWidget(self.pages, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._example_banner = _banner(EXAMPLE_BANNER)
        self._final_banner = _banner(FINAL_BANNER)
        layout.addWidget(self._example_banner)
        layout.addWidget(self._final_banner)
        layout.addLayout(body, 1)
        self._show_banners()
        self.sections.setCurrentRow(0)

    @property
    def signature_page(self) -> SignaturePage:
        """落款 (built when first shown or asked for)."""
        if self._signature is None:
            from gui.signature_page import SignaturePage

            page = SignaturePage(self.editor)
            page.anchor.connect(self.anchor)
            self._put("signature", page)
            self._signature = page
        return self._signature

    def can_show(self, editor: ReportEditor) -> bool:
        """Whether :meth:`bind` can show ``editor``'s report (its edition has these sections)."""
        return _sections_of(editor) == self._layout_key

    def bind(self, editor: ReportEditor) -> None:
        """Show another report in this view, as a newly built view would show it.

        Every field shows the new report and edits go to ``editor`` only; the table pages built
        for the previous report are dropped (they are built again when shown); the first
        section is shown.

        Raises:
            ValueError: the report's edition has other sections (see :meth:`can_show`).
        """
        if not self.can_show(editor):
            raise ValueError("the report's edition has other sections")
        # A field of the last report had the focus (a report opened by the new-report dialog,
        # an import): it goes to the new report's first field, not to whatever Qt picks when
        # the old grid is deleted.
        had_focus = self._pages_have_focus()
        self.release()
        self.editor = editor
        self._chapters = {chapter.key: chapter for chapter in editor.spec.chapters}
        self._flagged = set()
        self.blockSignals(True)  # a new view says nothing while it is being built either
        try:
            self.title_page.bind(editor)
            for key, page in self.texts.items():
                page.bind(editor, self._chapters[key])
            if self._signature is not None:
                self._signature.bind(editor)
            self._show_banners()
            self.sections.setCurrentRow(0)
        finally:
            self.blockSignals(False)
        self.anchor.emit(self.current_anchor())  # the preview opens the new report there
        if had_focus:
            self.focus_page()

    def release(self) -> None:
        """Let go of the open report: fields stop following it, the table pages are dropped."""
        self.title_page.release()
        for page in self.texts.values():
            page.release()
        if self._signature is not None:
            self._signature.release()
        for key in list(self.tables):
            self._drop_table(key)

    def _show_banners(self) -> None:
        self._example_banner.setVisible(self.editor.is_example)
        self._final_banner.setVisible(self.editor.read_only)

    def _add(self, label: str, page: QWidget, anchor: str) -> None:
        item = QListWidgetItem(label)
        item.setToolTip(label)
        self.sections.addItem(item)
        self.pages.addWidget(page)
        self.anchors.append(anchor)

    def _add_slot(self, label: str, anchor: str) -> None:
        slot = QWidget()  # replaced by the page when it is first shown
        self._slots[anchor] = slot
        self._add(label, slot, anchor)

    def _put(self, anchor: str, page: QWidget) -> None:
        """Put a page built now where its placeholder was."""
        slot = self._slots.pop(anchor)
        self._swap(slot, page)
        slot.deleteLater()

    def _swap(self, old: QWidget, new: QWidget) -> None:
        was_current = self.pages.currentWidget() is old
        self.pages.insertWidget(self.pages.indexOf(old), new)
        if was_current:
            self.pages.setCurrentWidget(new)
        self.pages.removeWidget(old)

    def _build_table(self, key: str) -> TableChapterPage:
        anchor = f"table:{key}"
        if anchor not in self._slots:
            raise KeyError(key)
        from gui.table_page import TableChapterPage

        page = TableChapterPage(self.editor, key, self._chapters[key].heading)
        page.view.message.connect(self.message)
        page.model.set_flagged(self._flagged)
        self._put(anchor, page)
        return page

    def _build_text(self, key: str) -> TextChapterPage:
        anchor = f"chapter:{key}"
        if anchor not in self._slots:
            raise KeyError(key)
        from gui.text_chapter_page import TextChapterPage

        page = TextChapterPage(self.editor, self._chapters[key])
        page.anchor.connect(self.anchor)
        self._put(anchor, page)
        return page

    def _drop_table(self, key: str) -> None:
        page = self.tables.pop(key)
        page.model.detach()
        slot = QWidget()
        self._slots[f"table:{key}"] = slot
        self._swap(page, slot)
        page.deleteLater()

    def _build_page(self, anchor: str) -> None:
        if anchor in self._slots:
            kind, _, key = anchor.partition(":")
            if kind == "table":
                self.tables[key]
            elif kind == "chapter":
                self.texts[key]
            else:
                self.signature_page  # noqa: B018 (built on access)

    def set_flagged(self, keys: set[str]) -> None:
        """Mark the cells with error findings (also in table pages built later)."""
        self._flagged = set(keys)
        for page in self.tables.values():
            page.model.set_flagged(self._flagged)

    def _section_changed(self, row: int) -> None:
        if 0 <= row < self.pages.count():
            self._build_page(self.anchors[row])
            # The focus was in the page now hidden (undo, redo or a finding showed another
            # part): it follows to the page shown, rather than to whatever widget Qt picks next.
            had_focus = self._pages_have_focus()
            self.pages.setCurrentIndex(row)
            if had_focus:
                self.focus_page()
            self.anchor.emit(self.anchors[row])

    def show_section(self, anchor: str) -> None:
        """Show the page of ``anchor`` (e.g. ``table:t3``, ``chapter:overview``, ``preamble``)."""
        wanted = "title" if anchor == "preamble" else anchor
        if wanted in self.anchors:
            self.sections.setCurrentRow(self.anchors.index(wanted))

    def _pages_have_focus(self) -> bool:
        focused = QApplication.focusWidget()
        return focused is not None and self.pages.isAncestorOf(focused)

    def focus_page(self) -> None:
        """Put the keyboard focus into the first field of the page shown.

        The section list kept the focus when a chapter was clicked while the grid drew its
        first cell as current: the numbers typed next went nowhere until a Tab moved into the
        grid, one cell to the left of where the clerk meant them.
        """
        kind, _, key = self.current_anchor().partition(":")
        target: QWidget
        if kind == "table":
            target = self.tables[key].view
        elif kind == "chapter":
            target = self.texts[key].text
        elif kind == "signature":
            target = self.signature_page.unit
        else:
            target = self.title_page.title
        target.setFocus()  # OtherFocusReason (the Qt namespace stays off the first paint)

    def current_anchor(self) -> str:
        """The anchor of the page shown."""
        return self.anchors[self.pages.currentIndex()]

    def go_to_finding(self, finding: Finding) -> bool:
        """Show the cell or chapter a finding is about; returns whether there was one."""
        key = finding.key or ""
        if is_group_key(key):  # a parent row printed alone: its first part
            key = next(iter(parts_of(self.editor.spec, key)), "")
        table = key.split(".", 1)[0]
        if f"table:{table}" in self.anchors and key:
            self.show_section(f"table:{table}")
            self.tables[table].view.select_key(key)
            return True
        chapter = finding.chapter
        if chapter in ("title", "preamble"):
            self.show_section("title")
            target = self.title_page.title if chapter == "title" else self.title_page.preamble
            target.setFocus()  # Qt.FocusReason.OtherFocusReason
            return True
        if chapter == "signature":
            self.show_section("signature")
            page = self.signature_page
            (page.date if page.date.isEnabled() else page.has_date).setFocus()
            return True
        if f"chapter:{chapter}" in self.anchors and chapter:
            self.show_section(f"chapter:{chapter}")
            self.texts[chapter].text.setFocus()  # OtherFocusReason
            return True
        if f"table:{finding.table}" in self.anchors:
            self.show_section(f"table:{finding.table}")
            return True
        return False

    def commit_open_editors(self) -> None:
        """Take in text typed into a cell editor that is still open."""
        for page in self.tables.values():
            page.view.commit_open_editor()

    def close_report(self) -> None:
        """Detach the fields and table models from the editor before this view goes away."""
        self.release()


def _sections_of(editor: ReportEditor) -> tuple[tuple[str, str, str], ...]:
    return tuple((c.key, c.kind, c.heading) for c in editor.spec.chapters)


def _banner(text: str) -> QLabel:
    banner = QLabel(text)
    banner.setWordWrap(True)
    banner.setStyleSheet(BANNER_STYLE)
    return banner
