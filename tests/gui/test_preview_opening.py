"""The preview opens a report at the part being edited, and says how to zoom."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow
from gui.preview import PreviewWidget
from models.domain.new_year import new_report
from models.services.reports import ReportStore
from models.storage.database import Database


def test_another_report_opens_at_the_part_being_edited_not_at_the_last_scroll(
    make_window, db: Database, qtbot: QtBot
) -> None:
    store = ReportStore(db)
    long = new_report("甲局", 2024)
    long.chapters["overview"] = "\n".join(["很长的一段文字。" * 20] * 30)
    store.create(long)
    store.create(new_report("乙局", 2024))
    window: MainWindow = make_window(db)
    qtbot.waitExposed(window)
    assert window.workbench.open_report("甲局", 2024)
    window.workbench.refresh_now()
    preview = window.preview.preview
    assert isinstance(preview, PreviewWidget)
    view = window.editor_pane.view
    assert view is not None
    view.show_section("signature")  # the clerk works at the end: the preview follows
    bar = preview.verticalScrollBar()
    assert bar.value() > 0
    assert window.workbench.open_report("乙局", 2024)
    window.workbench.refresh_now()
    assert view.current_anchor() == "title"
    assert bar.value() == 0  # 标题与开头 is being edited: the top of the first page


def test_zoom_is_explained_and_fit_width_is_a_button(qtbot: QtBot) -> None:
    preview = PreviewWidget()
    qtbot.addWidget(preview)
    preview.resize(500, 600)
    preview.show_report(new_report("甲局", 2024))
    preview.show()
    assert "Ctrl" in preview.toolTip() and "适合宽度" in preview.toolTip()
    assert preview.fit_button.text() == "适合宽度" and preview.fit_button.isVisible()
    preview.set_zoom(0.4)
    preview.fit_button.click()
    assert preview.zoom() > 0.4
