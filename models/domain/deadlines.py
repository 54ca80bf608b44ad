"""Statutory publication deadlines of the annual report, by the level of the reporting body.

《中华人民共和国政府信息公开条例》第四十九条、第五十条 and the notices 国办公开办函〔2019〕60号 /
〔2021〕30号 (spec §2.2): departments of governments at county level and above publish by 1月31日,
townships "参照" the same rule; the 主管部门 of a county government publishes the 汇总 report by
2月20日, of a prefecture-level city by 3月10日, of a province by 3月31日; local governments at
county level and above publish their 本级政府 report by 3月31日. All dates fall in the year after
the report year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

DEPARTMENT = "department"
TOWNSHIP = "township"
COUNTY = "county"
CITY = "city"
PROVINCE = "province"
GOVERNMENT = "government"

#: Level → (label in Chinese, month, day) of the deadline in the year after the report year.
LEVELS: dict[str, tuple[str, int, int]] = {
    DEPARTMENT: ("政府部门", 1, 31),
    TOWNSHIP: ("乡镇（街道）", 1, 31),
    COUNTY: ("县级汇总", 2, 20),
    CITY: ("设区的市级汇总", 3, 10),
    PROVINCE: ("省级汇总", 3, 31),
    GOVERNMENT: ("本级人民政府", 3, 31),
}


@dataclass(frozen=True)
class DeadlineInfo:
    """The deadline of one report and how far away it is.

    Attributes:
        level: the unit's level key, e.g. ``county``.
        due: the last day to publish.
        days_left: days from ``today`` to ``due`` (negative when overdue).
    """

    level: str
    due: date
    days_left: int

    @property
    def overdue(self) -> bool:
        """Whether the deadline has passed."""
        return self.days_left < 0

    def describe(self, final: bool = False) -> str:
        """One line in Chinese for the status bar.

        Example: ``法定发布期限（政府部门）：2025年1月31日（还剩 5 天）``.
        """
        label = LEVELS[self.level][0]
        when = f"{self.due.year}年{self.due.month}月{self.due.day}日"
        if final:
            state = "已定稿"
        elif self.days_left > 0:
            state = f"还剩 {self.days_left} 天"
        elif self.days_left == 0:
            state = "今天截止"
        else:
            state = f"已逾期 {-self.days_left} 天"
        return f"法定发布期限（{label}）：{when}（{state}）"


def level_label(level: str | None) -> str:
    """The Chinese name of a level (empty for an unknown or unset level)."""
    return LEVELS[level][0] if level in LEVELS else ""


def deadline_for(level: str | None, year: int) -> date | None:
    """The last day to publish the report of ``year`` for ``level`` (``None`` if unset)."""
    if level not in LEVELS:
        return None
    _label, month, day = LEVELS[level]
    return date(year + 1, month, day)


def deadline_info(level: str | None, year: int, today: date) -> DeadlineInfo | None:
    """The deadline with the days left counted from ``today``; ``None`` for an unset level."""
    due = deadline_for(level, year)
    if due is None or level is None:
        return None
    return DeadlineInfo(level, due, (due - today).days)


def deadline_line(level: str | None, year: int, today: date, final: bool = False) -> str:
    """The text shown for the open report, also when the unit's level is not set."""
    info = deadline_info(level, year, today)
    if info is None:
        return "法定发布期限：未设置单位层级（在左侧右键单击单位，选“设置单位层级”）"
    return info.describe(final)
