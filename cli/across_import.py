"""``import-folder``: read a folder, then store the valid files in one transaction."""

from __future__ import annotations

from pathlib import Path

from cli.commands import CommandError
from models.batch_import import BatchOutcome, read_folder, store_batch
from models.database import Database


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
