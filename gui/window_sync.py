"""Working beside other clerks on a shared database: save conflicts and others' changes.

Mixed into :class:`gui.main_window.MainWindow`; the logic is in :mod:`gui.logic.sync`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gui.main_window import MainWindow


EXCERPT_CHARS = 400


def _excerpt(value: object) -> str:
    text = "（空白）" if value in (None, "") else str(value)
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS] + "……"


class SharedEditing:
    """Conflicts shown with both values (the clerk chooses); others' edits pulled on focus."""

    def _resolve_conflict(self: MainWindow) -> bool:
        """Put a save conflict to the clerk (both values); returns whether there was one."""
        conflict = self.saver.take_conflict()
        editor = self.editor
        if conflict is None or editor is None or editor.tracked is None:
            return False
        text = f"{conflict.describe()}。"
        if isinstance(conflict.mine, str) or isinstance(conflict.theirs, str):
            text += (
                f"\n\n您的版本：\n{_excerpt(conflict.mine)}"
                f"\n\n对方的版本：\n{_excerpt(conflict.theirs)}"
            )
        from gui.logic.sync import resolve_conflict  # storage: off the start-up path

        choice = self.dialogs.choose(
            self, "与他人的修改冲突", text, ["保留我的修改", "采用对方的修改"]
        )
        target = resolve_conflict(editor, editor.tracked, conflict, keep_mine=choice == 0)
        self.statusBar().showMessage("已保留您的修改" if choice == 0 else "已采用对方的修改", 6000)
        self._show_target(target)
        return True

    def pull_changes(self: MainWindow) -> int:
        """Show what other clerks saved to the open report meanwhile; returns how many items."""
        editor = self.editor
        if editor is None or editor.tracked is None or self.saver.busy:
            return 0
        from sqlalchemy.exc import SQLAlchemyError  # storage stays off the start-up path

        from gui.logic.sync import external_values

        try:
            changes = self.store.pull(editor.tracked, editor.pending_targets())
        except (SQLAlchemyError, LookupError) as error:
            self.statusBar().showMessage(f"未能获取他人的修改：{error}", 6000)
            return 0
        status = changes.fields.get("status")
        if isinstance(status, str) and status != editor.data.status:
            self.flush_edits()
            self.reload_report()
            return 1
        values = external_values(editor, changes)
        editor.apply_external(values)
        if values:
            self.statusBar().showMessage(f"已载入其他人保存的 {len(values)} 处修改", 6000)
        return len(values)
