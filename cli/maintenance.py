"""Maintenance subcommands: ``backup [-o FILE]``, ``backups`` and ``restore FILE``.

``restore`` runs before the database is opened (see ``WITHOUT_DATABASE``), so that it also works
when the database is corrupt and cannot be opened at all.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from cli.commands import EXIT_FAILED, EXIT_OK, CommandError

if TYPE_CHECKING:  # models.storage.database imports SQLAlchemy: only inside the handlers
    from models.storage.database import Database


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def _sqlite_path(url: str) -> Path:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if (
        parsed.get_backend_name() != "sqlite"
        or not parsed.database
        or parsed.database == ":memory:"
    ):
        raise CommandError(
            "只有 SQLite 数据库文件可以用本命令备份或恢复；服务器数据库请用服务器自带的工具"
        )
    return Path(parsed.database)


def cmd_backup(db: Database, args: argparse.Namespace) -> int:
    """Back the database up into its backups folder, or to ``-o FILE``."""
    from models.storage.backup import MANUAL, BackupError, describe_backup, export_copy, make_backup

    path = _sqlite_path(db.url)
    try:
        made = (
            export_copy(path, Path(args.output), args.overwrite)
            if args.output
            else make_backup(path, MANUAL)
        )
    except BackupError as error:
        raise CommandError(str(error)) from error
    _out(f"已备份到 {made}（{describe_backup(made).contents()}）")
    return EXIT_OK


def cmd_backups(db: Database, args: argparse.Namespace) -> int:
    """List the backups in the backups folder, newest first."""
    from models.storage.backup import backups_dir, list_backups

    path = _sqlite_path(db.url)
    backups = list_backups(path)
    if not backups:
        _out(f"还没有备份（备份文件夹：{backups_dir(path)}）")
    for info in backups:
        mark = "" if info.ok else "  [不可用]"
        _out(f"{info.describe()}{mark}\t{info.path}")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    """Restore ``FILE`` into the database; works even when the database is corrupt."""
    from models.storage.backup import BackupError, restore_backup
    from models.storage.database import DatabaseError, open_database, resolve_url

    try:
        path = _sqlite_path(resolve_url(args.db))
        result = restore_backup(path, Path(args.file))
        reopened = open_database(args.db)  # migrates an older backup, checks the result
        reopened.close()
    except (CommandError, BackupError, DatabaseError) as error:
        sys.stderr.write(f"错误：{error}\n")
        return EXIT_FAILED
    except Exception as error:
        sys.stderr.write(f"错误：恢复失败（{type(error).__name__}: {error}）\n")
        return EXIT_FAILED
    _out(f"已从 {Path(args.file).name} 恢复：{result.restored.contents()}。")
    if result.safety_backup is not None:
        _out(f"恢复前的数据已备份到 {result.safety_backup}")
    if result.moved_aside is not None:
        _out(f"损坏的数据库文件已保留为 {result.moved_aside}")
    return EXIT_OK


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the maintenance subcommands."""
    backup = sub.add_parser("backup", help="备份数据库（默认放入数据库旁的 backups 文件夹）")
    backup.add_argument("-o", "--output", help="备份到指定文件（已存在的文件不覆盖）")
    backup.add_argument("--overwrite", action="store_true", help="覆盖 -o 指定的已存在文件")
    sub.add_parser("backups", help="列出备份（日期和内容）")
    restore = sub.add_parser("restore", help="从备份文件恢复数据库（恢复前先备份当前数据）")
    restore.add_argument("file")


HANDLERS: dict[str, Callable[[Database, argparse.Namespace], int]] = {
    "backup": cmd_backup,
    "backups": cmd_backups,
}

#: Subcommands that run without opening the database first (``run_command`` calls them with
#: the arguments only; they report their own failures).
WITHOUT_DATABASE: dict[str, Callable[[argparse.Namespace], int]] = {"restore": cmd_restore}
