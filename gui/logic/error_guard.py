"""The last guard against a traceback reaching the clerk.

An unexpected exception inside a Qt slot would otherwise only print a traceback to a console
the clerk never sees (or, in a windowed build, nowhere). The guard writes the traceback to a
log file in the data folder and tells the clerk, in Chinese, what happened and where the details
are. Edits already saved are unaffected: every edit is committed within a second.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType

LOG_NAME = "errors.log"

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def error_message(log: Path) -> str:
    """What the clerk is told after an unexpected error."""
    return (
        "程序遇到一个意外错误，刚才的操作可能没有完成。已保存的内容不受影响。\n"
        f"详细信息已记录在 {log}，如问题反复出现，请把此文件发给技术支持。"
    )


def install_error_guard(show: Callable[[str], None], log_dir: Path) -> Callable[[], None]:
    """Replace ``sys.excepthook`` with the guard; returns a function that restores the old one.

    Args:
        show: tells the clerk (a message box in the app, a fake in tests).
        log_dir: where ``errors.log`` is appended to.
    """
    previous = sys.excepthook
    log = log_dir / LOG_NAME
    showing = False

    def guard(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        nonlocal showing
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, error, tb)
            return
        logging.getLogger("nianbao").error("意外错误", exc_info=(kind, error, tb))
        try:
            log_dir.mkdir(parents=True, exist_ok=True)
            with log.open("a", encoding="utf-8") as handle:
                handle.write(f"--- {datetime.now().isoformat(timespec='seconds')}\n")
                handle.write("".join(traceback.format_exception(kind, error, tb)))
        except OSError:
            pass  # the message below still tells the clerk
        if showing:  # an error while showing the message: do not loop
            return
        showing = True
        try:
            show(error_message(log))
        finally:
            showing = False

    sys.excepthook = guard

    def restore() -> None:
        sys.excepthook = previous

    return restore
