"""The message after an import counts every problem the review listed and says that printed
totals were replaced by the sums."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import gui.import_dialog as import_dialog
from gui.logic.import_summary import import_summary
from importers.published import import_published
from models.domain.exchange import Discrepancy
from models.storage.database import Database
from tests.gui.test_import_dialog import PUBLISHED, PickingDialogs

# 平潭 2020 as issue 18 reports it: no signature date; （七）总计 printed 20 and 21,
# its parts sum to 26 and 27
PINGTAN = [
    Discrepancy("t3.total_processed.natural_person", 20, 26, "表三（七）总计“自然人”"),
    Discrepancy("t3.total_processed.total", 21, 27, "表三（七）总计“总计”"),
]


def test_every_problem_is_counted_and_the_replaced_totals_are_named() -> None:
    text = import_summary("平潭县", 2020, ["未找到落款日期"], PINGTAN)
    assert text.startswith("已导入“平潭县”2020年报告，有 3 条问题需要核对")
    assert "2 个印出的合计与各项之和不符，已改用各项之和" in text
    assert "表三（七）总计“自然人”印为 20，现为各项之和 26" in text
    assert "印为 21，现为各项之和 27" in text
    assert import_summary("甲局", 2023, [], []) == "已导入“甲局”2023年报告。"


def test_the_import_dialog_says_it(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = PUBLISHED / "shuyang-fgj-2023.html"

    def with_pingtan_totals(file: Path, require_unit: bool = True, progress=None):  # type: ignore[no-untyped-def]
        result = import_published(file, require_unit=require_unit)
        result.discrepancies = list(PINGTAN)
        result.problems = ["未找到落款日期"]
        return result

    monkeypatch.setattr(import_dialog, "import_published", with_pingtan_totals)
    dialogs = PickingDialogs(path)
    assert import_dialog.open_import_dialog(
        None, db, dialogs, show=lambda d: qtbot.addWidget(d) or True
    )
    kind, _title, text = dialogs.messages[-1]
    assert kind == "info" and "有 3 条问题需要核对" in text and "已改用各项之和" in text
