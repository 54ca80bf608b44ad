"""The open report: applying edits, undo/redo, derived totals, live checks, pending saves.

:class:`ReportEditor` is the presenter behind every editing widget. Widgets call its ``set_*``
methods and listen for :class:`Change` notifications; nothing here knows about Qt. Edits are
kept as *pending* until :mod:`gui.logic.autosave` writes them to the database.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from gui.logic.history import Command, Edit, FieldValue, History
from models.domain import derive
from models.domain.editions import Edition
from models.domain.fields import SIGNATURE_DATE, FieldRegistry, Kind, Target, fields_of
from models.domain.findings import Finding, count_by_severity
from models.domain.report import FINAL, ReportData
from models.domain.values import CellInputError, CellValue, format_value, parse_cell_text

if TYPE_CHECKING:  # the storage layer (SQLAlchemy) stays off the start-up path
    from models.domain.published_errors import PublishedError
    from models.services.reports import OpenedReport
    from models.storage.edit_sync import TrackedReport

FINAL_REASON = "本报告已定稿，不能修改；如需修改，请在“定稿与版本…”中重新打开。"


@dataclass(frozen=True)
class Change:
    """What changed in the open report, for the widgets to update.

    Attributes:
        targets: the fields and cells set.
        derived: derived cell keys whose value changed as a result.
        source: ``edit`` (the clerk typed it, the widget already shows it), ``undo``,
            ``redo`` or ``fix``.
    """

    targets: tuple[Target, ...]
    derived: tuple[str, ...] = ()
    source: str = "edit"


Listener = Callable[[Change], None]


class ReportEditor:
    """Presenter of one open report.

    Args:
        report_id: the stored report's id.
        data: the report as loaded (the editor owns and mutates it).
        previous: the same unit's report of the year before, for checks and reference.
        clock: monotonic clock (injected by tests to control keystroke merging).
        tracked: revisions the editor last saw (saves are revision-checked with it).
        published: what the imported published file printed wrongly (shown among the findings
            as 原文合计不符 until dismissed).
    """

    def __init__(
        self,
        report_id: int,
        data: ReportData,
        previous: ReportData | None = None,
        clock: Callable[[], float] = time.monotonic,
        tracked: TrackedReport | None = None,
        published: Sequence[PublishedError] = (),
    ) -> None:
        self.report_id = report_id
        self.published = [e for e in published if not e.dismissed]
        self.data = data
        self._previous = previous
        self._prev_values = _values_of(previous)
        self.tracked = tracked
        self.history = History()
        self._clock = clock
        self._listeners: list[Listener] = []
        self._pending: dict[Target, FieldValue] = {}
        self._derived = derive.compute_derived(self.spec, data.values)
        self._values: Mapping[str, CellValue | None] = {**data.values, **self._derived}
        self._findings: list[Finding] | None = None
        self.revision = 0
        #: When a key was last pressed in one of the report's fields (clock seconds; autosave
        #: starts its writes in a pause of the typing, see gui.scheduler.Scheduler).
        self.last_typed = -math.inf

    @classmethod
    def from_opened(cls, opened: OpenedReport) -> ReportEditor:
        """The editor of a report as the store opened it."""
        return cls(
            opened.report_id,
            opened.data,
            opened.previous,
            tracked=opened.tracked,
            published=opened.published,
        )

    # ----- reading -------------------------------------------------------------------------
    @property
    def previous(self) -> ReportData | None:
        """The same unit's report of the year before (for checks and reference)."""
        return self._previous

    @previous.setter
    def previous(self, report: ReportData | None) -> None:
        self._previous = report
        self._prev_values = _values_of(report)  # derived once, not on every check run
        self._findings = None

    def all_values(self) -> Mapping[str, CellValue | None]:
        """Inputs and totals of the current state, derived once per change (do not modify).

        The checks and the document builder take these instead of deriving the totals again.
        """
        return self._values

    @property
    def spec(self) -> Edition:
        """The edition of the open report."""
        return self.data.spec

    @property
    def fields(self) -> FieldRegistry:
        """The editable fields of the open report's edition."""
        return fields_of(self.spec.id)

    @property
    def read_only(self) -> bool:
        """A report that is 已定稿 cannot be edited here."""
        return self.data.status == FINAL

    @property
    def is_example(self) -> bool:
        """Whether this is the bundled example report (its unit is marked 示例)."""
        return self.data.unit.endswith("（示例）")

    def value(self, target: Target) -> FieldValue:
        """The current value of a field or input cell."""
        kind, name = target.kind, target.name
        if kind is Kind.CELL:
            return self.data.values.get(name)
        if kind is Kind.DATE:
            return self.data.signature_date
        if name in self.fields.chapter_names:
            return self.data.chapter(name)
        value: str = getattr(self.data, name)
        return value

    def cell_value(self, key: str) -> CellValue | None:
        """Value of an input or derived cell (``None`` is blank)."""
        if key in self.spec.derived:
            return self._derived.get(key)
        return self.data.values.get(key)

    def cell_text(self, key: str) -> str:
        """The cell as shown in the editor (blank is empty, not 0)."""
        return format_value(self.cell_value(key))

    def text(self, field: str) -> str:
        """The text of a text field."""
        value = self.value(Target.text(field))
        return value if isinstance(value, str) else ""

    def findings(self) -> list[Finding]:
        """The checks of the edition on the current state (cached until the next change)."""
        if self._findings is None:
            from models.domain.checks import run_checks  # first run after the window's first paint
            from models.domain.published_errors import open_findings

            self._findings = run_checks(
                self.data, self._previous, values=self._values, prev_values=self._prev_values
            ) + open_findings(self.spec, self.published, self.data.values)
        return self._findings

    def dismiss_published(self, key: str) -> None:
        """The clerk dismissed the published error of ``key`` (stored by the caller)."""
        self.published = [e for e in self.published if e.key != key]
        self._findings = None

    def counts(self) -> tuple[int, int]:
        """(errors, warnings) of the current state."""
        return count_by_severity(self.findings())

    def counts_text(self) -> str:
        """The status bar's line: 「错误 1 · 提醒 2」, then the tables not started if any."""
        from models.domain.basic_checks import not_started_label, tables_not_started

        errors, warnings = self.counts()
        pending = not_started_label(tables_not_started(self.data))
        return f"错误 {errors} · 提醒 {warnings}" + (f" · {pending}" if pending else "")

    def snapshot(self) -> ReportData:
        """A copy of the report for renderers (later edits do not change it)."""
        return self.data.copy()

    # ----- listening -----------------------------------------------------------------------
    def note_typing(self) -> None:
        """A key was pressed in a field whose edit reaches the report later (a cell's editor)."""
        self.last_typed = self._clock()

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener`` after every change."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        """Stop calling ``listener``."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    # ----- editing -------------------------------------------------------------------------
    def parse_cell(self, key: str, text: str) -> CellValue | None:
        """Parse what the clerk typed for input cell ``key``.

        Raises:
            CellInputError: the text is not valid for the cell, or the cell is not an input.
        """
        cell = self.spec.inputs.get(key)
        if cell is None:
            raise CellInputError(
                "合计由各项自动相加，不能直接填写" if key in self.spec.derived else "这里不能填写"
            )
        return parse_cell_text(text, cell.type)

    def set_cell_text(self, key: str, text: str) -> str | None:
        """Set an input cell from typed text; returns ``None`` or the reason it was refused."""
        if self.read_only:
            return FINAL_REASON
        try:
            value = self.parse_cell(key, text)
        except CellInputError as error:
            return str(error)
        self.set_cells({key: value})
        return None

    def set_cells(
        self, values: Mapping[str, CellValue | None], label: str = "", source: str = "edit"
    ) -> bool:
        """Set several input cells as one undo step; returns whether anything changed."""
        if self.read_only:
            return False
        edits = tuple(
            Edit(Target.cell(key), self.data.values.get(key), value)
            for key, value in values.items()
            if key in self.spec.inputs and self.data.values.get(key) != value
        )
        if not edits:
            return False
        if not label:
            label = (
                self.fields.cell_label(edits[0].target.name)
                if len(edits) == 1
                else f"{len(edits)} 个单元格"
            )
        self.history.seal()
        self.history.push(Command(label, edits, None, self._clock()))
        self.history.seal()
        self._apply(edits, after=True, source=source)
        return True

    def set_text(self, field: str, text: str) -> bool:
        """Set a text field (a keystroke); consecutive keystrokes merge into one undo step."""
        if self.read_only or not self.fields.is_text(field):
            return False
        before = self.text(field)
        if before == text or self.text_refusal(field, text) is not None:
            return False
        edit = Edit(Target.text(field), before, text)
        label = self.fields.label(field)
        self.history.push(Command(label, (edit,), edit.target, self._clock()))
        self._apply((edit,), after=True, source="edit")
        return True

    def text_refusal(self, field: str, text: str) -> str | None:
        """Why ``text`` cannot be typed into ``field`` (too long to be saved), else ``None``.

        The same limit the storage enforces: refused here, the keystroke or paste is undone
        in the field at once, instead of a save that fails until the text is shortened.
        """
        from models.domain.limits import text_problem

        problem = text_problem(field, text)
        return None if problem is None else f"{problem}，未输入"

    def set_signature_date(self, when: date | None) -> bool:
        """Set the date under the signature."""
        if self.read_only or when == self.data.signature_date:
            return False
        edit = Edit(SIGNATURE_DATE, self.data.signature_date, when)
        self.history.seal()
        label = self.fields.label(SIGNATURE_DATE.name)
        self.history.push(Command(label, (edit,), None, self._clock()))
        self._apply((edit,), after=True, source="edit")
        return True

    def apply_fix(self, finding: Finding) -> bool:
        """Apply a finding's one-click fix (an undoable step)."""
        if finding.key is None or finding.fix_value is None:
            return False
        return self.set_cells(
            {finding.key: finding.fix_value}, f"修正{self.fields.cell_label(finding.key)}", "fix"
        )

    def seal_typing(self) -> None:
        """End the current typing run (the clerk left the field)."""
        self.history.seal()

    def undo(self) -> Command | None:
        """Revert the last step; returns it (``None`` if there was nothing to undo)."""
        command = self.history.undo()
        if command is not None:
            self._apply(tuple(reversed(command.edits)), after=False, source="undo")
        return command

    def redo(self) -> Command | None:
        """Repeat the last undone step."""
        command = self.history.redo()
        if command is not None:
            self._apply(command.edits, after=True, source="redo")
        return command

    # ----- saving --------------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        """Whether edits wait to be written to the database."""
        return bool(self._pending)

    def take_pending(self) -> dict[Target, FieldValue]:
        """The edits waiting to be saved (latest value per field); the queue is emptied."""
        pending, self._pending = self._pending, {}
        return pending

    def pending_targets(self) -> set[Target]:
        """Targets with unsaved edits."""
        return set(self._pending)

    def mark_pending(self, target: Target) -> None:
        """Queue the current value of ``target`` to be saved (again)."""
        self._pending[target] = self.value(target)

    def drop_pending(self, target: Target) -> None:
        """Forget an unsaved edit (the clerk took another clerk's value instead)."""
        self._pending.pop(target, None)

    def apply_external(self, values: Mapping[Target, FieldValue]) -> None:
        """Show values another clerk saved: no undo step, nothing to save."""
        if not values:
            return
        edits = tuple(Edit(target, self.value(target), value) for target, value in values.items())
        pending = dict(self._pending)
        self._apply(edits, after=True, source="sync")
        self._pending = pending

    def restore_pending(self, pending: Mapping[Target, FieldValue]) -> None:
        """Put back edits whose save failed (newer edits of the same field win)."""
        for target, value in pending.items():
            self._pending.setdefault(target, value)

    # ----- internals -----------------------------------------------------------------------
    def _apply(self, edits: tuple[Edit, ...], after: bool, source: str) -> None:
        touched_cells = False
        for edit in edits:
            value = edit.after if after else edit.before
            kind, name = edit.target.kind, edit.target.name
            if kind is Kind.CELL:
                touched_cells = True
                if value is None:
                    self.data.values.pop(name, None)
                else:
                    assert not isinstance(value, date)
                    self.data.values[name] = value
            elif kind is Kind.DATE:
                assert value is None or isinstance(value, date)
                self.data.signature_date = value
            elif name in self.fields.chapter_names:
                self.data.chapters[name] = str(value or "")
            else:
                setattr(self.data, name, str(value or ""))
            self._pending[edit.target] = value
        derived: tuple[str, ...] = ()
        if touched_cells:
            fresh = derive.compute_derived(self.spec, self.data.values)
            derived = tuple(k for k, v in fresh.items() if self._derived.get(k) != v)
            self._derived = fresh
            self._values = {**self.data.values, **fresh}
        self._findings = None
        self.revision += 1
        self.last_typed = self._clock()
        change = Change(tuple(e.target for e in edits), derived, source)
        for listener in list(self._listeners):
            listener(change)


def _values_of(report: ReportData | None) -> Mapping[str, CellValue | None] | None:
    return None if report is None else derive.all_values(report.spec, report.values)
