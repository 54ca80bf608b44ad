"""Qt's own warnings into the program's log (a windowed build has no console to print them to)."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

_LEVELS = {
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}
_log = logging.getLogger("nianbao.qt")


def _handle(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    level = _LEVELS.get(kind)
    if level is not None:
        _log.log(level, message)
    if sys.stderr is not None:  # still printed where there is a console (None when windowed)
        sys.stderr.write(message + "\n")


def route_qt_messages_to_log() -> None:
    """Install the handler: Qt's warnings and errors go to ``nianbao.log`` as well."""
    qInstallMessageHandler(_handle)
