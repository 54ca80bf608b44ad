"""``main.py import URL`` and ``main.py import ADDRESSES.txt``: published reports fetched from
their web addresses (one address, or a text file with one address a line)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cli.commands import EXIT_FAILED, EXIT_OK, CommandError

if TYPE_CHECKING:
    from models.storage.database import Database

#: Most addresses read from one list file.
MAX_ADDRESSES = 500


def addresses(target: str) -> list[str] | None:
    """The web addresses ``target`` names: itself, or the lines of a ``.txt`` list of
    addresses; ``None`` when it is neither (a report file)."""
    from importers.fetch_url import is_url

    if is_url(target):
        return [target.strip()]
    path = Path(target)
    if path.suffix.lower() != ".txt" or not path.is_file() or path.stat().st_size > 200_000:
        return None
    try:
        lines = [line.strip() for line in path.read_text(encoding="utf-8-sig").splitlines()]
    except (OSError, UnicodeDecodeError):
        return None
    lines = [line for line in lines if line and not line.startswith("#")]
    if not lines or not all(is_url(line) for line in lines):
        return None
    if len(lines) > MAX_ADDRESSES:
        raise CommandError(f"网址列表过长（{len(lines)} 个，最多 {MAX_ADDRESSES} 个）")
    return lines


def import_addresses(db: Database, urls: list[str], replace: bool) -> int:
    """Import each address; a failed one is reported and the others go on."""
    from importers.errors import ImportRefused
    from importers.fetch_url import import_url
    from models.domain.published_errors import from_discrepancies
    from models.storage.published_store import store_published_errors
    from models.storage.repository import AlreadyExistsError, save_report

    failed = 0
    for url in urls:
        try:
            result = import_url(url)
            report = result.report
            with db.sessions.begin() as session:
                report_id = save_report(session, report, replace=replace)
                kept = from_discrepancies(result.discrepancies, result.parent_totals)
                store_published_errors(session, report_id, kept)
        except ImportRefused as error:
            failed += 1
            sys.stderr.write(f"{url} 未导入：{error}\n")
            continue
        except AlreadyExistsError as error:
            failed += 1
            sys.stderr.write(f"{url} 未导入：{error}（如需替换请加 --replace）\n")
            continue
        sys.stdout.write(
            f"已导入“{report.unit}”{report.year}年报告（{report.spec.short_name}），来自 {url}\n"
        )
        for line in result.problems:
            sys.stdout.write(f"  问题：{line}\n")
        for d in result.discrepancies:
            sys.stdout.write(f"  合计不符：{d.describe()}\n")
    if len(urls) > 1:
        sys.stdout.write(
            f"共 {len(urls)} 个网址，导入 {len(urls) - failed} 个，未导入 {failed} 个。\n"
        )
    return EXIT_FAILED if failed else EXIT_OK
