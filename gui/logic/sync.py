"""Working beside other clerks on a shared database: conflicts and others' changes (Qt-free).

Saves go through :class:`models.storage.edit_sync.TrackedReport` (revision-checked). When another
clerk
changed the same item meanwhile, the save raises
:class:`~models.storage.concurrency.EditConflict`; the
window shows both values and the clerk keeps theirs or takes the other one
(:func:`resolve_conflict`). When the window is activated it pulls others' changes and shows
those of items it has no unsaved edit of (:func:`external_values`).
"""

from __future__ import annotations

from datetime import date

from gui.logic.editor import ReportEditor
from gui.logic.history import FieldValue, Target
from models.domain.fields import SIGNATURE_DATE
from models.storage.concurrency import EditConflict
from models.storage.edit_sync import TrackedReport
from models.storage.report_changes import ReportChanges


def conflict_target(editor: ReportEditor, conflict: EditConflict) -> Target:
    """The edit target a conflict is about."""
    if conflict.item == SIGNATURE_DATE.name:
        return SIGNATURE_DATE
    if conflict.item in editor.spec.inputs:
        return Target.cell(conflict.item)
    return Target.text(conflict.item)


def resolve_conflict(
    editor: ReportEditor, tracked: TrackedReport, conflict: EditConflict, keep_mine: bool
) -> Target:
    """Apply the clerk's choice: keep mine (the next save overwrites) or take theirs (shown now)."""
    target = conflict_target(editor, conflict)
    if keep_mine:
        tracked.keep_mine(conflict, target)
        editor.mark_pending(target)
    else:
        theirs = tracked.take_theirs(conflict, target)
        editor.drop_pending(target)
        editor.apply_external({target: theirs})
    return target


def external_values(editor: ReportEditor, changes: ReportChanges) -> dict[Target, FieldValue]:
    """Others' changes that differ from what the window shows, leaving unsaved edits alone."""
    if not changes.changed:
        return {}
    pending = editor.pending_targets()
    out: dict[Target, FieldValue] = {}
    for key, stamped in changes.cells.items():
        out[Target.cell(key)] = stamped.value
    for key in list(editor.data.values):
        if key not in changes.present_cells:
            out[Target.cell(key)] = None
    for name, stamped in changes.texts.items():
        out[Target.text(name)] = "" if stamped.value is None else str(stamped.value)
    if "signature_date" in changes.fields:
        when = changes.fields["signature_date"]
        out[SIGNATURE_DATE] = when if isinstance(when, date) else None
    return {
        target: value
        for target, value in out.items()
        if target not in pending
        and (not target.is_cell or target.name in editor.spec.inputs)
        and editor.value(target) != value
    }
