"""The desktop app parses its arguments without importing feature modules or SQLAlchemy."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from cli.arguments import parse_args
from tests.conftest import REPO

_PROBE = """
import sys
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
