"""Writing export files safely: a temporary file in the target folder, then an atomic replace,
so a failed export never damages the previous file."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from models.domain.errors import KnownError


class ExportWriteError(KnownError, OSError):
    """The file could not be written; ``str(error)`` is one clear line in Chinese."""


def _message(error: OSError, target: Path) -> str:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"磁盘空间不足，无法写入 {target}（原文件未改动）"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            f"没有权限写入 {target}：文件夹只读，"
            "或文件正被其他程序（如 Word、WPS）打开（原文件未改动）"
        )
    if error.errno == errno.ENOENT:
        return f"文件夹不存在：{target.parent}"
    if error.errno == errno.EISDIR:
        return f"{target} 是一个文件夹，不能作为导出文件"
    return f"无法写入 {target}：{error.strerror or error}（原文件未改动）"


def _new_file_mode() -> int:
    """0666 less the process umask (0644 under the usual 022), as ``open()`` would create.

    The umask is read from ``/proc/self/status`` where there is one; setting it to read it
    (``os.umask``) is the fallback, for a moment, on systems without ``/proc``.
    """
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_bytes_atomically(target: Path, payload: bytes) -> None:
    """Write ``payload`` to ``target`` through a temporary file and :func:`os.replace`.

    Raises:
        ExportWriteError: the folder is missing or read-only, the target is locked, the disk
            is full; the previous file (if any) is intact.
    """
    target = Path(target)
    tmp_name: str | None = None
    try:
        if target.is_dir():
            raise IsADirectoryError(errno.EISDIR, "is a directory", str(target))
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        if os.name == "posix":  # mkstemp makes 0600; the file gets what the umask gives
            os.fchmod(fd, _new_file_mode())
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
        tmp_name = None
    except OSError as error:
        raise ExportWriteError(_message(error, target)) from error
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
