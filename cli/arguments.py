"""Command-line arguments of ``main.py``."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from types import ModuleType
from typing import Any

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
    parser.add_argument(
        "--version", action="store_true", help="显示版本、数据文件夹、数据库和日志文件的位置"
    )


def build_parser() -> argparse.ArgumentParser:
    """The parser for every subcommand; no subcommand starts the GUI."""
    return _build(None)[0]


def _build(only: str | None) -> tuple[argparse.ArgumentParser, bool]:
    """The parser, with every subcommand or ``only`` that one; and whether ``only`` exists.

    Building the parser of one subcommand instead of some twenty (~0.5 ms each) shortens every
    command; a command line naming it parses exactly as with the full parser.
    """
    parser = _Parser(prog="main.py", description="年报：政府信息公开工作年度报告编制工具")
    _add_app_options(parser)
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    one = None if only is None else _OneCommand(sub, only)
    for module in feature_modules():
        module.add_parsers(sub if one is None else one)
    return parser, one is None or one.found


class _Ignored:
    """Stands in for the parser of a subcommand that is not built: accepts and ignores calls."""

    def __getattr__(self, _name: str) -> Callable[..., _Ignored]:
        return lambda *_args, **_kwargs: self


class _OneCommand:
    """Stands in for the subparsers action; builds the parser of the command ``name`` only."""

    def __init__(self, sub: argparse._SubParsersAction, name: str) -> None:  # type: ignore[type-arg]
        self._sub = sub
        self._name = name
        self.found = False

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser | _Ignored:
        if name != self._name or kwargs.get("aliases"):
            return _Ignored()
        self.found = True
        parser: argparse.ArgumentParser = self._sub.add_parser(name, **kwargs)
        return parser


def _app_options(argv: list[str]) -> tuple[argparse.Namespace, list[str]] | None:
    """The desktop app's options in ``argv`` and the rest, or ``None`` if they are not valid."""
    parser = _AppParser(prog="main.py", add_help=False)
    _add_app_options(parser)
    try:
        return parser.parse_known_args(argv)
    except _NotJustTheApp:
        return None


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Parse ``argv``.

    Without a subcommand (the desktop app) only the app's own options are parsed, so that no
    feature module — and not SQLAlchemy, which they use — is imported before the first window.
    """
    split = _app_options(argv)
    if split is not None and not split[1]:
        return argparse.Namespace(**vars(split[0]), command=None)
    if split is not None and not split[1][0].startswith("-"):  # names a subcommand
        parser, found = _build(split[1][0])
        if found:  # else the full parser tells "invalid choice" with every command
            return parser.parse_args(argv)
    return build_parser().parse_args(argv)
