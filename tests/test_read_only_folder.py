"""A database in a folder the clerk cannot write to can be read, exported and backed up
elsewhere; a change is refused in Chinese (issue 17, deliver 5).

Root ignores file permissions, so each command runs in a forked child that becomes ``nobody``
when the tests run as root (the modules are imported before the fork: ``nobody`` may not read
the virtual environment).
"""

from __future__ import annotations

import contextlib
import ctypes  # noqa: F401  (needed on the refusal's path; nobody cannot import it after the fork)
import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import models.storage.server_access  # noqa: F401  (the refusal's path, imported before the fork)
from main import main
from models.storage.database import open_database
from models.storage.repository import save_report
from tests.conftest import exchange_dict, load_sample

UNIT = "沭阳县发展和改革局"


def _run_as_unprivileged_user(args: list[str]) -> tuple[int, str]:
    """``main(args)`` in a forked child (as ``nobody`` when root); exit code and output."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 99
        out = io.StringIO()
        try:
            os.close(read_end)
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                code = main(args)
        except BaseException as error:  # a traceback is a failure of the test
            out.write(f"UNCAUGHT {error!r}")
        os.write(write_end, out.getvalue().encode("utf-8"))
        os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        output = pipe.read().decode("utf-8")
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), output


@pytest.fixture
def read_only_db() -> Iterator[tuple[Path, Path]]:
    base = Path(tempfile.mkdtemp(prefix="nianbao-ro-"))
    folder, out = base / "ro", base / "out"
    try:
        base.chmod(0o755)
        folder.mkdir()
        out.mkdir()
        out.chmod(0o777)
        db = open_database(str(folder / "nianbao.sqlite3"))
        with db.sessions.begin() as session:
            save_report(session, load_sample("shuyang-fgj-2023.json"))
        db.close()
        scratch = base / "scratch"  # the same commands once as ourselves: imports them all
        scratch.mkdir()
        shutil.copyfile(folder / "nianbao.sqlite3", scratch / "n.sqlite3")
        for args in _commands(scratch / "n.sqlite3", scratch):
            with (
                contextlib.redirect_stdout(io.StringIO()),
                contextlib.redirect_stderr(io.StringIO()),
            ):
                main(args)
        folder.chmod(0o555)
        yield folder / "nianbao.sqlite3", out
    finally:
        folder.chmod(0o755)
        shutil.rmtree(base)


def _commands(db: Path, out: Path) -> list[list[str]]:
    source = out / "in.json"
    if not source.exists():
        source.write_text(json.dumps(exchange_dict("shuyang-fgj-2023.json")), encoding="utf-8")
    return [
        ["--db", str(db), "list"],
        ["--db", str(db), "export", "--unit", UNIT, "--year", "2023", "-o", str(out / "a.docx")],
        ["--db", str(db), "backup", "-o", str(out / "b.sqlite3")],
        ["--db", str(db), "check", "--unit", UNIT, "--year", "2023"],
        ["--db", str(db), "import", "--replace", str(source)],
    ]


def test_a_database_in_a_read_only_folder_is_read_exported_and_backed_up(
    read_only_db: tuple[Path, Path],
) -> None:
    db, out = read_only_db
    before = db.read_bytes()
    listing, export, backup, check, write = _commands(db, out)
    code, output = _run_as_unprivileged_user(listing)
    assert code == 0 and UNIT in output, output
    code, output = _run_as_unprivileged_user(export)
    assert code == 0 and (out / "a.docx").read_bytes().startswith(b"PK"), output
    code, output = _run_as_unprivileged_user(backup)
    assert code == 0 and (out / "b.sqlite3").stat().st_size > 0, output
    assert "只读" in output  # the notice is shown
    code, output = _run_as_unprivileged_user(check)
    assert code in (0, 1) and "UNCAUGHT" not in output, output
    code, output = _run_as_unprivileged_user(write)
    assert code != 0 and "只读" in output and "UNCAUGHT" not in output, output
    assert "Traceback" not in output
    assert db.read_bytes() == before
    assert sorted(p.name for p in db.parent.iterdir()) == ["nianbao.sqlite3"]
