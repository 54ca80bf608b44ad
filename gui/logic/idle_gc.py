"""Python's garbage collector: its middle generation in pauses of the typing, the others as usual.

CPython collects a generation when enough collections of the one below have run: the middle
generation after 10 young collections, the oldest after 10 middle ones. A middle collection
visits every object that survived a young one — the preview's layout of the last edit, the
last save's ORM objects — and took 2–8 ms here; it ran wherever the allocation that tipped it
happened, inside a keystroke or on the autosave thread while a key waited for the interpreter
lock (the slowest cell keys of the typing bench). Once the app works
(:func:`gui.app.settle_after_start`) the middle generation is no longer collected
automatically, only when :func:`collect_if_due` is called in a pause of the typing; the
youngest generation and the oldest stay as they were. Automatic middle collections come back
after :data:`AUTOMATIC_LIMIT` young ones, should no pause come for that long.
"""

from __future__ import annotations

import gc

#: Python's own thresholds (``gc.get_threshold()`` by default): young, middle, old.
YOUNG_THRESHOLD = 700
MIDDLE_EVERY = 10
OLD_EVERY = 10
#: Young collections after which the middle generation is collected automatically all the same.
AUTOMATIC_LIMIT = 200


def defer_middle_generation() -> None:
    """Leave the middle generation to :func:`collect_if_due` (see the module's docstring)."""
    gc.set_threshold(YOUNG_THRESHOLD, AUTOMATIC_LIMIT, OLD_EVERY)


def collect_if_due() -> bool:
    """Collect the middle generation if Python would have by now; returns whether it did.

    The oldest generation is left to Python, which collects it after enough middle collections
    (and only when enough long-lived objects have piled up).
    """
    if gc.get_count()[1] < MIDDLE_EVERY:
        return False
    gc.collect(1)
    return True
