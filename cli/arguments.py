"""Command-line arguments of ``main.py``."""

from __future__ import annotations

import argparse
import importlib
from types import ModuleType

#: Modules that add subcommands: each has ``add_parsers(sub)`` and ``HANDLERS``.
#: Keep heavy imports inside the handlers so that starting the GUI stays fast.
FEATURES = ("cli.commands", "cli.maintenance", "cli.across", "cli.server")


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors exit with code 2 and one line in Chinese."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"参数错误：{message}\n用法见 main.py --help\n")


def feature_modules() -> list[ModuleType]:
    """The imported subcommand modules."""
    return [importlib.import_module(name) for name in FEATURES]


class _NotJustTheApp(Exception):
    """The arguments are more than the desktop app's own options (or not valid ones)."""


class _AppParser(argparse.ArgumentParser):
    """The desktop app's own options only; anything else is left to the full parser."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _NotJustTheApp(message)


def _add_app_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", help="数据库：SQLite 文件路径或 SQLAlchemy URL（默认：用户数据目录）"
    )


def build_parser() -> argparse.ArgumentParser:
    """The parser for every subcommand; no subcommand starts the GUI."""
    parser = _Parser(prog="main.py", description="年报：政府信息公开工作年度报告编制工具")
    _add_app_options(parser)
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    for module in feature_modules():
        module.add_parsers(sub)
    return parser


def _app_only(argv: list[str]) -> argparse.Namespace | None:
    """``argv`` parsed when it holds only the desktop app's options, else ``None``."""
    parser = _AppParser(prog="main.py", add_help=False)
    _add_app_options(parser)
    try:
        known, rest = parser.parse_known_args(argv)
    except _NotJustTheApp:
        return None
    return None if rest else argparse.Namespace(**vars(known), command=None)


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Parse ``argv``.

    Without a subcommand (the desktop app) only the app's own options are parsed, so that no
    feature module — and not SQLAlchemy, which they use — is imported before the first window.
    """
    app = _app_only(argv)
    return app if app is not None else build_parser().parse_args(argv)
