"""Undo/redo of edits to the open report, with consecutive keystrokes merged into one step."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from models.domain.fields import Target
from models.domain.values import CellValue

__all__ = ["Command", "Edit", "FieldValue", "History", "Target"]

FieldValue = CellValue | date | None

#: Keystrokes in the same field this close together (seconds) form one undo step.
MERGE_WINDOW_S = 2.0
HISTORY_LIMIT = 1000


@dataclass(frozen=True)
class Edit:
    """One field changing from ``before`` to ``after``."""

    target: Target
    before: FieldValue
    after: FieldValue


@dataclass(frozen=True)
class Command:
    """One undo step: one or more edits done together (a paste is one command).

    Attributes:
        label: what the step did, in Chinese (for 撤销“…”).
        edits: the edits, applied in order (undone in reverse order).
        merge_key: steps with the same key close together in time merge (typing).
        at: monotonic time of the last edit in the step.
    """

    label: str
    edits: tuple[Edit, ...]
    merge_key: Target | None = None
    at: float = 0.0


class History:
    """A linear undo/redo history."""

    def __init__(self, merge_window: float = MERGE_WINDOW_S, limit: int = HISTORY_LIMIT) -> None:
        self._undo: list[Command] = []
        self._redo: list[Command] = []
        self._merge_window = merge_window
        self._limit = limit
        self._sealed = False

    def push(self, command: Command) -> None:
        """Record a step done by the clerk; merges typing into the previous step if it can."""
        self._redo.clear()
        top = self._undo[-1] if self._undo else None
        if (
            top is not None
            and not self._sealed
            and command.merge_key is not None
            and top.merge_key == command.merge_key
            and len(top.edits) == 1
            and len(command.edits) == 1
            and command.at - top.at <= self._merge_window
        ):
            merged = Edit(top.edits[0].target, top.edits[0].before, command.edits[0].after)
            self._undo.pop()
            if merged.before != merged.after:
                self._undo.append(replace(top, edits=(merged,), at=command.at))
            return
        self._sealed = False
        self._undo.append(command)
        if len(self._undo) > self._limit:
            del self._undo[0]

    def seal(self) -> None:
        """End the current typing run: the next keystroke starts a new undo step."""
        self._sealed = True

    def undo(self) -> Command | None:
        """Take the last step off the undo list (the caller restores its ``before`` values)."""
        if not self._undo:
            return None
        command = self._undo.pop()
        self._redo.append(command)
        self._sealed = True
        return command

    def redo(self) -> Command | None:
        """Take the last undone step (the caller applies its ``after`` values again)."""
        if not self._redo:
            return None
        command = self._redo.pop()
        self._undo.append(command)
        self._sealed = True
        return command

    @property
    def undo_label(self) -> str | None:
        """Label of the step :meth:`undo` would revert."""
        return self._undo[-1].label if self._undo else None

    @property
    def redo_label(self) -> str | None:
        """Label of the step :meth:`redo` would repeat."""
        return self._redo[-1].label if self._redo else None

    def clear(self) -> None:
        """Forget everything (another report was opened)."""
        self._undo.clear()
        self._redo.clear()
