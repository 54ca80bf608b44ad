"""What the navigator's context menu offers on a unit or a year (Qt-free)."""

from __future__ import annotations

from dataclasses import dataclass

NEW_NEXT_YEAR = "new_next_year"
EXPORT = "export"
RENAME_UNIT = "rename_unit"
DELETE_YEAR = "delete_year"
SET_LEVEL = "set_level"


@dataclass(frozen=True)
class MenuEntry:
    """One line of the menu: the command, its label, and the report it acts on."""

    command: str
    label: str
    unit: str
    year: int


def menu_entries(unit: str, year: int | None, years: list[int]) -> list[MenuEntry]:
    """The entries for a right-click on ``unit`` (``year`` ``None``) or on one of its years.

    Args:
        unit: the unit clicked (or the unit of the year clicked).
        year: the year clicked, ``None`` on the unit's own line.
        years: the years of the unit's stored reports.

    新建下一年度 starts from the newest year (on a unit) or from the year clicked; it is not
    offered when that next year is stored already.
    """
    entries: list[MenuEntry] = []
    base = year if year is not None else (max(years) if years else None)
    if base is not None and base + 1 not in years:
        entries.append(
            MenuEntry(
                NEW_NEXT_YEAR, f"新建 {base + 1} 年度报告（从 {base} 年带入）", unit, base + 1
            )
        )
    if year is not None:
        entries.append(MenuEntry(EXPORT, "导出…", unit, year))
    entries.append(MenuEntry(RENAME_UNIT, "重命名单位…", unit, year or 0))
    entries.append(MenuEntry(SET_LEVEL, "设置单位层级（法定发布期限）…", unit, year or 0))
    if year is not None:
        entries.append(MenuEntry(DELETE_YEAR, f"删除此年度报告（{year} 年）…", unit, year))
    return entries
