"""Known, explainable failures apart from bugs.

A :class:`KnownError` is a failure the program expects and can explain: a report that is not
stored, a final report, a number that is not a number, a database that is locked or gone for a
moment. ``str(error)`` is a message in Chinese for the clerk, and the code that catches it shows
that message and carries on. Anything else that escapes (a ``KeyError``, an ``AssertionError``,
an ``AttributeError``...) is a bug: nobody catches it on purpose, it reaches the error guard
(:mod:`gui.logic.error_guard`), which logs the traceback and tells the clerk where it is.

The classes of the layers derive from these (``NotFoundError``, ``ReportFrozenError``,
``CellInputError``...); the domain defines the bases so that every layer can use them.
"""

from __future__ import annotations


class KnownError(Exception):
    """A known, explainable failure; ``str(error)`` is the Chinese message for the clerk."""


class StorageError(KnownError):
    """The database could not be read or written just now (locked, full, connection lost).

    Trying again later may succeed: autosave keeps the edits and retries.
    """
