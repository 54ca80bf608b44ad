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
