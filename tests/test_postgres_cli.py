"""The server administration subcommands, run as real processes (and refused on SQLite)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cli.server import PASSWORD_ENV
from models.domain.report import ReportData
from models.storage.database import open_database
from models.storage.repository import save_report
from tests.conftest import REPO, sample_path
from tests.pg_support import (
    admin_execute,
    new_schema,
    pg_admin_url,
    requires_pg,
    unique_name,
    url_for_login,
)


def run(db: str, *args: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop(PASSWORD_ENV, None)
    if password is not None:
        env[PASSWORD_ENV] = password
    return subprocess.run(
        [sys.executable, str(REPO / "main.py"), "--db", db, *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )


def test_server_commands_are_refused_on_sqlite(tmp_path: Path) -> None:
    db = str(tmp_path / "local.sqlite3")
    for args in (["server-setup"], ["grant", "--login", "a", "--unit", "单位"]):
        done = run(db, *args)
        assert done.returncode == 2
        assert done.stderr.startswith("错误：此命令只用于 PostgreSQL")
        assert done.stderr.count("\n") == 1


@requires_pg
def test_setup_grant_list_revoke_and_a_clerk_sees_only_its_unit(
    shuyang: ReportData, stcsm: ReportData
) -> None:
    admin = new_schema(pg_admin_url())
    database = open_database(admin)  # migrates the empty schema
    with database.sessions.begin() as session:
        save_report(session, shuyang)
        save_report(session, stcsm)
    database.close()
    login = unique_name("cli_clerk")
    grant = ["grant", "--login", login, "--unit", shuyang.unit, "--create-login"]
    try:
        done = run(admin, "server-setup")
        assert done.returncode == 0, done.stderr
        assert "reports" in done.stdout and "cell_values" in done.stdout
        done = run(admin, *grant)
        assert done.returncode == 2 and PASSWORD_ENV in done.stderr  # no terminal, no password
        done = run(admin, *grant, "--parent", "沭阳县人民政府", password="s3cret")
        assert done.returncode == 0, done.stderr
        assert "可编辑" in done.stdout
        assert f"{login}\t{shuyang.unit}\t可编辑" in run(admin, "access").stdout

        clerk = url_for_login(admin, login, "s3cret")
        mine = run(clerk, "list")
        assert mine.returncode == 0, mine.stderr
        assert shuyang.unit in mine.stdout and stcsm.unit not in mine.stdout
        not_owner = run(clerk, "server-setup")
        assert not_owner.returncode == 2 and "管理账号" in not_owner.stderr
        refused = run(clerk, "import", str(sample_path("shanghai-stcsm-2024.json")))
        assert refused.returncode == 2
        assert refused.stderr.startswith("错误：当前登录没有这项操作的权限")
        assert refused.stderr.count("\n") == 1

        assert run(admin, "revoke", "--login", login, "--unit", shuyang.unit).returncode == 0
        assert run(clerk, "list").stdout.strip() == "数据库中还没有报告。"
    finally:
        admin_execute(pg_admin_url(), f'DROP ROLE IF EXISTS "{login}"')
