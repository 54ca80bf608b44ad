"""Where the SQLite database lives and which schema revisions this program knows, without
SQLAlchemy.

Kept apart so that the paths that only need a file name or the head revision (the desktop
app's window before its first paint, ``--version``) do not pay for importing SQLAlchemy or
Alembic. The revision questions are answered from the migration files first; Alembic is
imported only for what that simple reading cannot tell.
"""

from __future__ import annotations

import ast
import functools
import os
import re
from pathlib import Path

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
DB_FILENAME = "nianbao.sqlite3"


def default_data_dir() -> Path:
    """The per-user data folder (``NIANBAO_DATA_DIR`` overrides it, e.g. for tests)."""
    override = os.environ.get("NIANBAO_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir  # only when needed: a few ms of every start

    return Path(user_data_dir("Nianbao", appauthor=False))


_SQLITE_URL = re.compile(r"^sqlite(?:\+\w+)?:///(?P<database>[^?#%]*)$")


def sqlite_file_of(db_arg: str | None) -> Path | None:
    """The SQLite file that ``--db`` names (a path, a ``sqlite:///`` URL or nothing).

    Mirrors :func:`models.storage.database.resolve_url`. Returns ``None`` for a server URL,
    in-memory SQLite, and URLs with a query, ``file:`` form or escapes (callers then take the full
    path through SQLAlchemy, which understands them all).
    """
    if not db_arg:
        return default_data_dir() / DB_FILENAME
    if "://" not in db_arg:
        return Path(db_arg).expanduser().resolve()
    match = _SQLITE_URL.match(db_arg)
    if match is None:
        return None
    database = match["database"]
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


_REVISION_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.+?)\s*$", re.MULTILINE)


@functools.cache
def scanned_revisions() -> tuple[frozenset[str], str | None]:
    """The revisions of the packaged migrations and their one head, read without Alembic.

    Importing Alembic takes longer than the rest of start-up, so
    :func:`models.storage.schema_upgrade.upgrade` first compares the database's stored revision
    with this head and imports Alembic only when they differ. Returns ``(frozenset(), None)`` if
    the files cannot be read that simply (Alembic decides).
    """
    known: set[str] = set()
    parents: set[str] = set()
    try:
        for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
            found = dict(_REVISION_LINE.findall(path.read_text(encoding="utf-8")))
            revision = ast.literal_eval(found["revision"])
            down = ast.literal_eval(found.get("down_revision", "None"))
            if not isinstance(revision, str):
                return frozenset(), None
            known.add(revision)
            downs = down if isinstance(down, tuple | list) else (down,)
            parents.update(d for d in downs if isinstance(d, str))
    except (OSError, KeyError, ValueError, SyntaxError):
        return frozenset(), None
    heads = known - parents
    return frozenset(known), (next(iter(heads)) if len(heads) == 1 else None)


def scanned_head() -> str | None:
    """The one head revision of the packaged migrations, or ``None`` if it cannot be told simply."""
    return scanned_revisions()[1]


def head_revision() -> str:
    """The newest schema revision this program knows."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    head = ScriptDirectory.from_config(cfg).get_current_head()
    assert head is not None
    return head


def is_known_revision(revision: str) -> bool:
    """Whether this program knows the schema revision ``revision``."""
    if revision in scanned_revisions()[0]:
        return True
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    try:
        return ScriptDirectory.from_config(cfg).get_revision(revision) is not None
    except Exception:  # alembic raises several kinds for an unknown id
        return False
