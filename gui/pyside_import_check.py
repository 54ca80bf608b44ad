"""Make PySide6's check of every imported module cheap (memory and start-up time).

Once PySide6 is imported, its ``__feature__`` import hook asks of every module imported after
it whether the module's source mentions "PySide6" (to scope ``from __feature__ import
snake_case``). It finds out with :func:`inspect.getsource`, which reads the whole file into
:mod:`linecache` and keeps it there: for this app, whose database layer (SQLAlchemy, about 150
modules) is imported after the first window, that is about 20 MB of source lines held for the
life of the process, and the reading is on the start-up path.

:func:`install` replaces that one check with the same test done on the file's bytes, without
keeping them. The answer is the same (the byte string ``PySide6`` in the source); modules
without a ``.py`` file still go to PySide6's own check. If a PySide6 version lays its hook out
differently, nothing is changed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

FEATURE_MODULE = "shibokensupport.feature"
CHECK_NAME = "_mod_uses_pyside"


def source_mentions_pyside(module: ModuleType, fallback: Callable[[ModuleType], bool]) -> bool:
    """Whether ``module``'s source file contains ``PySide6`` (read once, not cached)."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return fallback(module)
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return fallback(module)


def install() -> bool:
    """Swap in the cheap check (after PySide6 is imported); returns whether it was swapped."""
    feature = sys.modules.get(FEATURE_MODULE)
    original = getattr(feature, CHECK_NAME, None)
    if feature is None or not callable(original) or getattr(original, "cheap", False):
        return False

    def check(module: ModuleType) -> bool:
        return source_mentions_pyside(module, original)

    check.cheap = True  # type: ignore[attr-defined]
    setattr(feature, CHECK_NAME, check)
    return True
