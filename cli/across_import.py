"""``import-folder``: read a folder, then store the valid files in one transaction."""

from __future__ import annotations

import sys
from pathlib import Path

from cli.commands import CommandError
from models.services.batch_import import BatchOutcome, read_file, read_folder, store_batch
from models.storage.database import Database


def import_folder(db: Database, folder: Path, replace: bool, parent: str | None) -> BatchOutcome:
    """Import every valid file of ``folder``; the refused ones are listed in the outcome."""
    try:
        parsed, refused = read_folder(folder)
    except ValueError as error:
        raise CommandError(str(error)) from error
    with db.sessions.begin() as session:
        outcome = store_batch(session, parsed, replace, parent)
    outcome.refused[:0] = refused
    return outcome


def import_xlsx(db: Database, path: Path, replace: bool) -> int:
    """``import FILE.xlsx``: a tables workbook or a returned 采集表.

    A new report is created with the numbers; an existing one is updated only with
    ``replace``, and then only its tables (its texts stay), never when final.
    """
    try:
        parsed = read_file(path)
    except ValueError as error:
        raise CommandError(f"文件 {path.name} 无效，未导入：{error}") from error
    with db.sessions.begin() as session:
        outcome = store_batch(session, [parsed], replace)
    if outcome.refused:
        raise CommandError(f"{outcome.refused[0][1]}，未导入")
    sys.stdout.write(f"已导入：{outcome.imported[0]}\n")
    for note in outcome.notes:
        sys.stdout.write(f"  {note}\n")
    return 0
