"""Working beside other clerks on a shared database: a save conflict put to the clerk.

The logic is in :mod:`gui.logic.sync`; others' changes are pulled by
:meth:`gui.workbench.Workbench.pull_changes`.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from gui.chrome import Chrome
from gui.dialogs import Dialogs
from gui.editor_pane import EditorPane
from gui.logic.session import EditSession

EXCERPT_CHARS = 400


def _excerpt(value: object) -> str:
    text = "（空白）" if value in (None, "") else str(value)
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS] + "……"


class ConflictResolver:
    """Shows a save conflict with both values; the clerk keeps theirs or takes the other one."""

    def __init__(
        self,
        parent: QWidget,
        session: EditSession,
        editor_pane: EditorPane,
        chrome: Chrome,
        dialogs: Dialogs,
    ) -> None:
        self._parent = parent
        self._session = session
        self._editor_pane = editor_pane
        self._chrome = chrome
        self._dialogs = dialogs

    def resolve(self) -> bool:
        """Put the last save's conflict to the clerk (both values); whether there was one."""
        conflict = self._session.saver.take_conflict()
        editor = self._session.editor
        if conflict is None or editor is None or editor.tracked is None:
            return False
        text = f"{conflict.describe()}。"
        if isinstance(conflict.mine, str) or isinstance(conflict.theirs, str):
            text += (
                f"\n\n您的版本：\n{_excerpt(conflict.mine)}"
                f"\n\n对方的版本：\n{_excerpt(conflict.theirs)}"
            )
        from gui.logic.sync import resolve_conflict  # storage: comes with the database

        choice = self._dialogs.choose(
            self._parent, "与他人的修改冲突", text, ["保留我的修改", "采用对方的修改"]
        )
        target = resolve_conflict(editor, editor.tracked, conflict, keep_mine=choice == 0)
        self._chrome.message("已保留您的修改" if choice == 0 else "已采用对方的修改", 6000)
        self._editor_pane.show_target(target)
        return True
