"""The 定稿与版本 dialog's presenter (Qt-free): freeze, reopen, the level and what to show.

The dialog (:class:`gui.signoff_view.VersionsDialog`) implements :class:`VersionsView` and
forwards its buttons here; the database work is the :class:`SignoffServices` given
(:class:`models.services.versions.SignoffService` in the app); the questions go through
:class:`~gui.logic.ports.Messages`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Protocol

from gui.logic.across_presenters import Row, version_rows
from gui.logic.ports import Messages
from models.domain.errors import KnownError
from models.domain.versions import FreezeResult, SignoffState


class SignoffServices(Protocol):
    """The database work of the dialog (:class:`models.services.versions.SignoffService`)."""

    def state(self, unit: str, year: int, today: date | None = None) -> SignoffState: ...
    def deadline(self, unit: str, year: int, today: date | None = None) -> str: ...
    def set_level(self, unit: str, level: str | None) -> None: ...
    def freeze(self, unit: str, year: int, note: str) -> FreezeResult: ...
    def reopen(self, unit: str, year: int) -> None: ...
    def save_file(self, target: Path, data: bytes) -> None: ...


class VersionsView(Protocol):
    """What the presenter shows and reads in the dialog."""

    def show_status(self, text: str, final: bool) -> None:
        """Show the status line and enable 定稿 or 重新打开 accordingly."""

    def show_level(self, level: str | None) -> None:
        """Select the unit's level (without reporting it as a change)."""

    def show_deadline(self, text: str) -> None:
        """Show the publication deadline."""

    def show_versions(self, rows: list[Row]) -> None:
        """Fill the versions table."""

    def show_changes(self, heading: str, text: str) -> None:
        """Show what changed since the latest version."""

    def version_note(self) -> str:
        """The version note typed."""

    def clear_note(self) -> None:
        """Empty the version note."""


def changes_text(state: SignoffState) -> tuple[str, str]:
    """The heading and the lines of what changed since the latest frozen version."""
    diff = state.diff
    if diff.version is None:
        return "还没有定稿版本。", ""
    if diff.unchanged:
        return f"与第 {diff.version} 版相比没有修改。", ""
    return f"自第 {diff.version} 版定稿以来的修改：", "\n".join(diff.lines())


class SignoffPresenter:
    """定稿与版本 of (unit, year)."""

    def __init__(
        self,
        services: SignoffServices,
        view: VersionsView,
        messages: Messages,
        unit: str,
        year: int,
    ) -> None:
        self.services, self.view, self.messages = services, view, messages
        self.unit, self.year = unit, year
        self.final = False

    def refresh(self) -> None:
        """Read the report's status, versions and changes again.

        Raises:
            models.storage.repository.NotFoundError: the report is not stored.
        """
        state = self.services.state(self.unit, self.year)
        self.final = state.final
        status = "已定稿（修改前需先“重新打开”）" if state.final else "草稿"
        self.view.show_status(f"状态：{status}，共 {len(state.versions)} 个定稿版本", state.final)
        self.view.show_level(state.level)
        self.view.show_deadline(state.deadline)
        self.view.show_versions(version_rows(state.versions))
        self.view.show_changes(*changes_text(state))

    def level_chosen(self, level: str | None) -> None:
        """The clerk chose the unit's level: store it and show the new deadline."""
        self.services.set_level(self.unit, level)
        self.view.show_deadline(self.services.deadline(self.unit, self.year))

    def freeze(self, home: Path) -> bool:
        """Freeze after a confirmation; then offer to save the Word file whose hash was kept."""
        question = (
            f"把“{self.unit}”{self.year}年报告定稿？定稿后保存此版本的数值、文字和 Word 文件摘要，"
            "再修改需先“重新打开”。"
        )
        if not self.messages.confirm(self.view, "定稿", question, "定稿"):
            return False
        try:
            result = self.services.freeze(self.unit, self.year, self.view.version_note().strip())
        except KnownError as error:
            self.messages.error(self.view, "定稿", str(error))
            return False
        self.view.clear_note()
        self.refresh()
        if result.docx is not None:
            suggested = home / f"{self.unit}{self.year}年政府信息公开工作年度报告（定稿）.docx"
            target = self.messages.save_path(
                self.view, "保存定稿的 Word 文件", suggested, "Word 文档 (*.docx)"
            )
            if target is not None:
                try:
                    self.services.save_file(target, result.docx)
                except KnownError as error:
                    self.messages.error(self.view, "保存 Word 文件", str(error))
                else:
                    self.messages.exported(self.view, target)
        return True

    def reopen(self) -> bool:
        """Reopen after a confirmation; the frozen versions are kept."""
        question = "重新打开后可以修改报告；已定稿的版本仍然保留，可随时查看定稿后的修改。"
        if not self.messages.confirm(self.view, "重新打开", question, "重新打开"):
            return False
        try:
            self.services.reopen(self.unit, self.year)
        except KnownError as error:
            self.messages.error(self.view, "重新打开", str(error))
            return False
        self.refresh()
        return True
