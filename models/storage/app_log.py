"""The program's log: warnings and errors go to a rotating ``nianbao.log`` in the data folder.

A windowed build (Windows, the .deb's desktop entry) has no console, so whatever is only
printed is lost; the log keeps it for support. Rotation bounds it: at most
:data:`MAX_BYTES` per file and :data:`BACKUPS` older files.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

MAX_BYTES = 1_000_000
BACKUPS = 3
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_MARK = "_nianbao_log"


def setup_logging(path: Path, level: int = logging.WARNING) -> logging.Handler | None:
    """Send records of ``level`` and above (and Python warnings) to the rotating file ``path``.

    Calling it again with the same path adds no second handler; with another path the log
    moves there. Returns the handler, or ``None`` when the log cannot be written (a read-only
    folder): the program then runs without a log, and records go nowhere rather than to
    stderr (Python's last-resort handler would print each one, tracebacks included, after the
    one line the command line has already said).
    """
    root = logging.getLogger()
    for old in list(root.handlers):
        mark = getattr(old, _MARK, None)
        if mark == str(path):
            return None if isinstance(old, logging.NullHandler) else old
        if mark is not None:  # another data folder (tests): the log follows it
            root.removeHandler(old)
            old.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )  # opened now, so that a log that cannot be written is found here, not at each record
    except OSError:
        silent = logging.NullHandler()
        setattr(silent, _MARK, str(path))
        root.addHandler(silent)
        return None
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter(_FORMAT))
    setattr(handler, _MARK, str(path))
    root.addHandler(handler)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    logging.captureWarnings(True)
    return handler
