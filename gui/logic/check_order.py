"""The check panel's order and where a click on a finding goes (Qt-free)."""

from __future__ import annotations

from dataclasses import replace

from models.domain.findings import ERROR, Finding

TOTAL_SUFFIX = ".total"


def panel_order(findings: list[Finding]) -> list[Finding]:
    """Errors first, then warnings with a one-click fix, then the rest; stable within each."""

    def rank(finding: Finding) -> int:
        if finding.severity == ERROR:
            return 0
        return 1 if finding.fix_value is not None else 2

    return sorted(findings, key=rank)


def click_target(finding: Finding, findings: list[Finding]) -> Finding:
    """``finding`` with the cell a click should select.

    A finding about a total (the 总计 column of 表三's balance) goes where the first finding of
    the same check about a column the clerk types in goes: a total cannot be typed into.
    """
    if not finding.key or not finding.key.endswith(TOTAL_SUFFIX):
        return finding
    for other in findings:
        if other.id == finding.id and other.key and not other.key.endswith(TOTAL_SUFFIX):
            return replace(finding, key=other.key)
    return finding
