"""The message after an import: every problem counted, printed totals replaced said plainly."""

from __future__ import annotations

from collections.abc import Sequence

from models.domain.exchange import Discrepancy


def import_summary(
    unit: str, year: int, problems: Sequence[str], discrepancies: Sequence[Discrepancy]
) -> str:
    """「已导入……」 with the count of everything the review listed.

    The review lists the problems (a missing date, cells not found) and the printed totals that
    disagree with the sums of their parts; the message used to count only the first kind (「有 1
    条问题需要核对」 after a review listing 3). A total is never stored: the report holds the sums,
    which the message says, with the printed figures it replaced.
    """
    text = f"已导入“{unit}”{year}年报告"
    count = len(problems) + len(discrepancies)
    if not count:
        return text + "。"
    text += f"，有 {count} 条问题需要核对"
    if discrepancies:
        replaced = "；".join(
            f"{d.place or d.key}印为 {'空白' if d.printed is None else d.printed}，"
            f"现为各项之和 {'空白' if d.computed is None else d.computed}"
            for d in discrepancies[:5]
        )
        more = f"等 {len(discrepancies)} 处" if len(discrepancies) > 5 else ""
        text += (
            f"。其中 {len(discrepancies)} 个印出的合计与各项之和不符，"
            f"已改用各项之和（{replaced}{more}）"
        )
    return text + "。"
