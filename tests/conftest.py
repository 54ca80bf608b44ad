"""Shared fixtures. GUI tests run offscreen; warnings are errors (see pyproject)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from models.domain.exchange import parse_exchange
from models.domain.report import ReportData
from models.storage.database import Database, open_database

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SAMPLES = SHARED / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real per-user data folder."""
    monkeypatch.setenv("NIANBAO_DATA_DIR", str(tmp_path / "userdata"))


def sample_path(name: str) -> Path:
    """A file of ``shared/samples`` (falls back to the copy in ``tests/fixtures``)."""
    for folder in (SAMPLES, FIXTURES / "samples"):
        if (folder / name).exists():
            return folder / name
    raise FileNotFoundError(name)


def load_sample(name: str) -> ReportData:
    """A sample exchange file as report data (e.g. ``shuyang-fgj-2023.json``)."""
    return parse_exchange(sample_path(name).read_bytes()).report


@pytest.fixture
def shuyang() -> ReportData:
    """沭阳县发展和改革局 2023 (2021 edition), from the published web page."""
    return load_sample("shuyang-fgj-2023.json")


@pytest.fixture
def stcsm() -> ReportData:
    """上海市科委 2024 (2021 edition), reconstructed from a PDF text conversion."""
    return load_sample("shanghai-stcsm-2024.json")


def _backends() -> list[str]:
    backends = ["sqlite"]
    if os.environ.get("NIANBAO_TEST_PG_URL"):
        backends.append("postgresql")
    return backends


@pytest.fixture(params=_backends())
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A fresh, migrated database: a SQLite file, and PostgreSQL when NIANBAO_TEST_PG_URL is set."""
    if request.param == "sqlite":
        database = open_database(str(tmp_path / "test.sqlite3"))
    else:
        from tests.pg_support import fresh_pg_database

        database = fresh_pg_database(os.environ["NIANBAO_TEST_PG_URL"])
    try:
        yield database
    finally:
        database.close()


def exchange_dict(name: str) -> dict[str, object]:
    """A sample exchange file as a plain dict (to craft variants)."""
    data: dict[str, object] = json.loads(sample_path(name).read_text(encoding="utf-8"))
    return data
