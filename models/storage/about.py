"""What the program tells about itself: version, data folder, database, log (关于, --version).

Kept free of SQLAlchemy and Qt so that ``main.py --version`` and the 关于 dialog cost nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

from models.storage.database_files import default_data_dir, sqlite_file_of

#: The program's version; a test keeps it equal to ``pyproject.toml``'s. The installers
#: (``installer/``) read it from here.
VERSION = "0.1.0"
APP_NAME = "年报"
LOG_NAME = "nianbao.log"

_PASSWORD = re.compile(r"(?P<head>://[^/:@]+:)[^@/]*@")


def log_file() -> Path:
    """The rotating log of warnings and errors, in the data folder."""
    return default_data_dir() / LOG_NAME


def database_label(db_arg: str | None) -> str:
    """The database ``--db`` names, for people: a file path, or a server URL without password."""
    path = sqlite_file_of(db_arg)
    if path is not None:
        return str(path)
    assert db_arg is not None
    return _PASSWORD.sub(r"\g<head>***@", db_arg)


def about_lines(db_arg: str | None) -> list[tuple[str, str]]:
    """(label, value) pairs shown by ``--version`` and 帮助 → 关于."""
    return [
        ("版本", VERSION),
        ("数据文件夹", str(default_data_dir())),
        ("数据库", database_label(db_arg)),
        ("日志", str(log_file())),
    ]


def about_text(db_arg: str | None) -> str:
    """The lines of ``main.py --version``."""
    rows = about_lines(db_arg)
    return "\n".join([f"{APP_NAME} {VERSION}", *(f"{label}：{value}" for label, value in rows[1:])])
