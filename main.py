"""Nianbao (年报): compile the annual government information disclosure report.

Without a subcommand the desktop app starts; with one, the command line runs it and exits.
This module makes the one engine and session factory and passes them down.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Entry point for ``uv run main.py``; returns the process exit code."""
    from cli.arguments import parse_args

    args = parse_args(sys.argv[1:] if argv is None else argv)
    if getattr(args, "version", False):
        from models.storage.about import about_text

        print(about_text(args.db))
        return 0
    from models.storage.about import log_file
    from models.storage.app_log import setup_logging

    setup_logging(log_file())
    if args.command is None:
        from gui.app import run_app

        return run_app(args.db)
    from cli.commands import run_command

    return run_command(args)


if __name__ == "__main__":
    sys.exit(main())
