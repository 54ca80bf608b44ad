"""The 汇总 dialog's presenter (Qt-free): what to read, compute, write and show, and when.

The dialog (:class:`gui.aggregate_view.AggregateDialog`) builds the widgets, implements
:class:`AggregateView` and forwards its buttons here; the database work is the
:class:`SummaryServices` given (:class:`models.services.summaries.SummaryService` in the app),
the questions go through :class:`~gui.logic.ports.Messages`. Tests drive the presenter with
fakes of all three.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

from gui.logic.across_presenters import (
    ChildStatus,
    Row,
    child_statuses,
    contribution_rows,
    state_banner,
    summary_problems,
    summary_rows,
)
from gui.logic.ports import Messages
from models.domain.errors import KnownError
from models.domain.report import ReportData
from models.domain.summary import ApplyResult, Summary, SummaryState

UP_TO_DATE = "汇总结果与各下级报告一致。"
NOTHING_FOUND = "所选单位的报告都已纳入，未发现错误。"


class ParsedReport(Protocol):
    """A child's file read from a folder."""

    @property
    def report(self) -> ReportData:
        """The report the file holds."""


class StoredFolder(Protocol):
    """What storing a folder did."""

    @property
    def imported(self) -> list[str]:
        """One line per imported file."""

    @property
    def refused(self) -> list[tuple[str, str]]:
        """(file, reason) of each refused file."""


P = TypeVar("P", bound=ParsedReport)


class SummaryServices(Protocol[P]):
    """The database work of the 汇总 dialog (:class:`models.services.summaries.SummaryService`)."""

    def children_and_state(
        self, parent: str, year: int
    ) -> tuple[list[str], SummaryState | None]: ...
    def children(self, parent: str) -> list[str]: ...
    def state(self, parent: str, year: int) -> SummaryState | None: ...
    def compute(
        self, parent: str, year: int, chosen: Sequence[str], include_own: bool
    ) -> Summary: ...
    def would_overwrite(self, summary: Summary) -> tuple[str, ...]: ...
    def apply(self, summary: Summary) -> ApplyResult: ...
    def add_child(self, name: str, parent: str) -> None: ...
    def read_folder(self, folder: Path) -> tuple[list[P], list[tuple[str, str]]]: ...
    def store_folder(self, parsed: list[P], parent: str) -> StoredFolder: ...
    def save_collection_workbook(self, target: Path, year: int, parent: str) -> None: ...


class AggregateView(Protocol):
    """What the presenter shows and reads in the dialog."""

    def show_children(self, rows: list[ChildStatus]) -> None:
        """Fill the list of subordinate units."""

    def child_names(self) -> list[str]:
        """The units listed."""

    def chosen(self) -> list[str]:
        """The units ticked."""

    def include_own(self) -> bool:
        """Whether 加上本级报告 is ticked."""

    def set_include_own(self, on: bool) -> None:
        """Tick or untick 加上本级报告."""

    def show_summary(self, rows: list[Row]) -> None:
        """Fill the summary table."""

    def show_contributions(self, rows: list[Row]) -> None:
        """Fill the table of one cell's contributions."""

    def show_problems(self, text: str) -> None:
        """Show the missing and erroneous reports."""

    def show_banner(self, text: str, stale: bool) -> None:
        """Show the state of the stored summary (``stale``: highlighted)."""


class AggregatePresenter:
    """The 汇总 of (unit, year)."""

    def __init__(
        self,
        services: SummaryServices[Any],
        view: AggregateView,
        messages: Messages,
        unit: str,
        year: int,
        choose_folder: Callable[[], Path | None],
    ) -> None:
        self.services, self.view, self.messages = services, view, messages
        self.unit, self.year = unit, year
        self.choose_folder = choose_folder
        self.summary: Summary | None = None
        self.state: SummaryState | None = None
        self.problems = ""

    def load(self) -> None:
        """Read the units and the stored summary, and compute the summary to show."""
        children, self.state = self.services.children_and_state(self.unit, self.year)
        chosen = list(self.state.children) if self.state else children
        if self.state is not None:
            self.view.set_include_own(self.state.include_own)
        self.view.show_children(child_statuses(children, chosen, None))
        self.preview()
        self._show_banner()

    def _show_banner(self) -> None:
        text = state_banner(self.state)
        if not self.view.child_names():
            text = f"“{self.unit}”还没有下级单位：请在左下方添加，或导入下级单位文件夹。" + text
        stale = self.state is not None and (self.state.stale or bool(self.state.new_children))
        self.view.show_banner(text or UP_TO_DATE, stale)

    def _show_problems(self, text: str) -> None:
        self.problems = text
        self.view.show_problems(text)

    def preview(self) -> None:
        """Compute the summary of the chosen units (nothing is stored)."""
        chosen = self.view.chosen()
        try:
            summary = self.services.compute(self.unit, self.year, chosen, self.view.include_own())
        except KnownError as error:  # nothing to sum: the message says why
            self.summary = None
            self.view.show_summary([])
            self.view.show_contributions([])
            self._show_problems(str(error) if self.view.child_names() else "")
            return
        self.summary = summary
        self.view.show_children(child_statuses(self.view.child_names(), chosen, summary))
        self.view.show_summary(summary_rows(summary))
        self.view.show_contributions([])
        self._show_problems("\n".join(summary_problems(summary) or [NOTHING_FOUND]))

    def contributions(self, key: str | None) -> None:
        """Show each summed unit's value in cell ``key`` (``None``: no row chosen)."""
        rows = contribution_rows(self.summary, key) if self.summary and key else []
        self.view.show_contributions(rows)

    def check_for_changes(self) -> bool:
        """Re-read the stored summary's state; refresh the view if what changed is new."""
        state = self.services.state(self.unit, self.year)
        before = (self.state.changed, self.state.new_children) if self.state else None
        after = (state.changed, state.new_children) if state else None
        if before == after:
            return False
        self.state = state
        self.preview()
        self._show_banner()
        return True

    def refresh_state(self) -> None:
        """Look again at the children's reports (on demand) and say what changed."""
        self.state = self.services.state(self.unit, self.year)
        self.preview()
        self._show_banner()

    def apply(self) -> bool:
        """Write the sums into the parent's report after a confirmation; texts stay."""
        self.preview()
        summary = self.summary
        if summary is None:
            self.messages.error(self.view, "汇总", self.problems or "没有可汇总的报告。")
            return False
        summed = len([u for u in summary.units if summary.sources.get(u)])
        question = (
            f"把 {summed} 个单位报告的表格数字汇总写入“{self.unit}”{self.year}年报告？"
            "文字章节不会改动。"
        )
        typed = self.services.would_overwrite(summary)
        if typed:
            question += f"\n报告中手工填写的 {len(typed)} 个单元格将被汇总值覆盖。"
        if summary.missing or summary.erroneous or summary.skipped:
            question += "\n注意：" + "；".join(summary_problems(summary)[:3])
        if not self.messages.confirm(self.view, "写入汇总", question, "写入汇总"):
            return False
        try:
            self.services.apply(summary)
        except KnownError as error:  # the parent's report is final
            self.messages.error(self.view, "汇总", str(error))
            return False
        self.refresh_state()
        return True

    def add_child(self, name: str) -> bool:
        """Put the unit ``name`` under this one; returns whether it was added."""
        name = name.strip()
        if not name:
            return False
        try:
            self.services.add_child(name, self.unit)
        except KnownError as error:
            self.messages.error(self.view, "添加下级单位", str(error))
            return False
        names = [*self.view.child_names(), name]
        chosen = [*self.view.chosen(), name]
        self.view.show_children(child_statuses(sorted(set(names)), chosen, None))
        self.refresh_state()
        return True

    def import_folder(self) -> None:
        """Import a folder of children's .json / .xlsx files as their reports."""
        folder = self.choose_folder()
        if folder is None:
            return
        try:
            parsed, refused = self.services.read_folder(folder)
        except ValueError as error:  # an unreadable folder (the message says why)
            self.messages.error(self.view, "导入文件夹", str(error))
            return
        if parsed and not self.messages.confirm(
            self.view,
            "导入文件夹",
            f"导入 {len(parsed)} 个有效文件（{len(refused)} 个无效文件不导入）。"
            "同一单位同一年度已有的报告将被替换（已定稿的除外），导入的单位设为本单位的下级。",
            "导入",
        ):
            return
        outcome = self.services.store_folder(parsed, self.unit)
        refused = refused + outcome.refused
        lines = [f"已导入 {len(outcome.imported)} 个文件。", *outcome.imported]
        if refused:
            lines.append(f"未导入 {len(refused)} 个文件：")
            lines.extend(f"{name}：{reason}" for name, reason in refused)
        tell = self.messages.error if refused else self.messages.info
        tell(self.view, "导入文件夹", "\n".join(lines))
        children = self.services.children(self.unit)
        chosen = sorted(set(self.view.chosen()) | {p.report.unit for p in parsed})
        self.view.show_children(child_statuses(children, chosen, None))
        self.refresh_state()

    def save_template(self, home: Path) -> Path | None:
        """Save a blank collection workbook for the departments (suggested in ``home``)."""
        suggested = home / f"{self.unit}{self.year}年政府信息公开年报数据采集表.xlsx"
        target = self.messages.save_path(
            self.view, "生成空白采集表", suggested, "Excel 工作簿 (*.xlsx)"
        )
        if target is None:
            return None
        try:
            self.services.save_collection_workbook(target, self.year, self.unit)
        except KnownError as error:
            self.messages.error(self.view, "生成空白采集表", str(error))
            return None
        self.messages.exported(self.view, target)
        return target
