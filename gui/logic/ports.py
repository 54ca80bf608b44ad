"""What the feature presenters need from the dialogs interface, without Qt.

:class:`gui.dialogs.Dialogs` (the real message boxes and file pickers, or the tests' fake) fits
this protocol; a presenter passes its view as the ``parent`` of every question, so the view
(a dialog) stays the owner of the message box. Only the methods the feature dialogs use are
listed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol


class Messages(Protocol):
    """Messages, questions and file pickers (``parent`` is the view asking)."""

    def info(self, parent: Any, title: str, text: str) -> None:
        """Tell the clerk something."""

    def error(self, parent: Any, title: str, text: str) -> None:
        """Tell the clerk something went wrong (in plain Chinese)."""

    def confirm(self, parent: Any, title: str, text: str, ok: str) -> bool:
        """Ask yes/no; ``ok`` is the label of the button that goes ahead."""

    def save_path(self, parent: Any, title: str, suggested: Path, file_filter: str) -> Path | None:
        """Ask where to save a file (``None``: cancelled)."""

    def exported(self, parent: Any, path: Path) -> None:
        """Say where the exported file went and offer to open its folder."""
