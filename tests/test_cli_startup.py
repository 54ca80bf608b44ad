"""The desktop app parses its arguments without importing feature modules or SQLAlchemy."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Callable

import pytest

from cli.arguments import parse_args
from tests.conftest import REPO

_PROBE = """
import sys
from collections.abc import Callable
import cli.arguments as arguments
args = arguments.parse_args(sys.argv[1:])
assert args.command is None, args
heavy = ("sqlalchemy", *arguments.FEATURES)
loaded = sorted(n for n in sys.modules if n.split(".")[0] in heavy or n in heavy)
assert not loaded, loaded
print(args.db)
"""


@pytest.mark.parametrize(
    ("argv", "db"), [([], "None"), (["--db", "x.sqlite3"], "x.sqlite3"), (["--db=y"], "y")]
)
def test_app_arguments_import_neither_features_nor_sqlalchemy(argv: list[str], db: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == db


def test_app_arguments_match_the_full_parser() -> None:
    from cli.arguments import build_parser

    for argv in ([], ["--db", "x"], ["--db=x"]):
        assert parse_args(argv) == build_parser().parse_args(argv)


def test_subcommands_still_parse_through_the_full_parser() -> None:
    args = parse_args(["--db", "x", "export", "--unit", "单位", "--year", "2023", "-o", "a.docx"])
    assert (args.db, args.command, args.unit, args.year, args.fonts) == (
        "x",
        "export",
        "单位",
        2023,
        "standard",
    )


@pytest.mark.parametrize("argv", [["--db"], ["--bogus"], ["nosuchcommand"]])
def test_bad_arguments_get_the_usage_error(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as raised:
        parse_args(argv)
    assert raised.value.code == 2
    assert capsys.readouterr().err.startswith("参数错误：")


def test_help_lists_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        parse_args(["--help"])
    assert raised.value.code == 0
    out = capsys.readouterr().out
    for command in ("new", "import", "check", "export", "list", "restore"):
        assert command in out


def _commands() -> list[str]:
    from cli.arguments import build_parser

    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(action.choices)


def _outcome(
    parse: Callable[[list[str]], argparse.Namespace],
    argv: list[str],
    capsys: pytest.CaptureFixture[str],
) -> tuple[object, str, str]:
    try:
        result: object = parse(argv)
    except SystemExit as done:
        result = ("exit", done.code)
    out, err = capsys.readouterr()
    return result, out, err


def test_every_command_parses_as_with_the_full_parser(capsys: pytest.CaptureFixture[str]) -> None:
    """Only the named command's parser is built; its help and its errors are the same."""
    from cli.arguments import build_parser

    commands = _commands()
    assert {"new", "import", "check", "export", "list", "restore", "grant"} <= set(commands)
    for command in commands:
        for argv in ([command, "--help"], ["--db", "x.db", command], [command, "--no-such"]):
            mine = _outcome(parse_args, argv, capsys)
            full = _outcome(build_parser().parse_args, argv, capsys)
            assert mine == full, argv


@pytest.mark.parametrize(
    "argv",
    [
        ["--db", "x", "export", "--unit", "单位", "--year", "2023", "-o", "a.docx"],
        ["export", "--unit", "单位", "--year", "2023", "-o", "a.pdf", "--fonts", "windows"],
        ["export", "--unit", "单位", "--year", "二〇二三", "-o", "a.pdf"],
        ["export", "--db", "x", "--unit", "单位", "--year", "2023", "-o", "a.pdf"],
        ["check", "--unit", "单位", "--year", "2023", "--json"],
        ["import", "a.json", "--replace"],
        ["new", "--unit", "单位", "--year", "2024", "--no-carry"],
        ["--db", "list"],
        ["--db", "x", "list", "extra"],
        ["expor", "--unit", "单位"],
        ["--db=x", "backup", "-o", "b.sqlite3"],
    ],
)
def test_command_lines_parse_as_with_the_full_parser(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from cli.arguments import build_parser

    assert _outcome(parse_args, argv, capsys) == _outcome(build_parser().parse_args, argv, capsys)


def test_a_named_command_builds_only_its_own_parser() -> None:
    from cli.arguments import _build

    parser, found = _build("export")
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert found and list(action.choices) == ["export"]
    assert _build("expor")[1] is False  # unknown: the full parser reports it
