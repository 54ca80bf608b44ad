"""Statutory deadlines by unit level (spec §2.2)."""

from __future__ import annotations

from datetime import date

import pytest

from models.domain.deadlines import deadline_for, deadline_info, deadline_line
from models.storage.database import Database
from models.storage.unit_tree import level_of, set_level, set_parent


@pytest.mark.parametrize(
    ("level", "due"),
    [
        ("department", date(2025, 1, 31)),
        ("township", date(2025, 1, 31)),
        ("county", date(2025, 2, 20)),
        ("city", date(2025, 3, 10)),
        ("province", date(2025, 3, 31)),
        ("government", date(2025, 3, 31)),
    ],
)
def test_deadline_by_level(level: str, due: date) -> None:
    assert deadline_for(level, 2024) == due


def test_unknown_level_has_no_deadline() -> None:
    assert deadline_for(None, 2024) is None
    assert deadline_for("village", 2024) is None
    assert "未设置单位层级" in deadline_line(None, 2024, date(2025, 1, 1))


def test_days_left_today_and_overdue() -> None:
    info = deadline_info("department", 2024, date(2025, 1, 26))
    assert info is not None and info.days_left == 5 and not info.overdue
    assert info.describe() == "法定发布期限（政府部门）：2025年1月31日（还剩 5 天）"
    assert "今天截止" in deadline_line("department", 2024, date(2025, 1, 31))
    late = deadline_line("county", 2024, date(2025, 2, 23))
    assert late == "法定发布期限（县级汇总）：2025年2月20日（已逾期 3 天）"
    assert "已定稿" in deadline_line("county", 2024, date(2025, 2, 23), final=True)


def test_levels_are_stored_on_units(db: Database) -> None:
    with db.sessions.begin() as s:
        set_parent(s, "某局", "某区", "department")
        set_level(s, "某区", "county")
    with db.sessions.begin() as s:
        assert level_of(s, "某局") == "department"
        assert level_of(s, "某区") == "county"
        set_level(s, "某区", None)
        assert level_of(s, "某区") is None
        assert level_of(s, "没有这个单位") is None
