"""Markdown table of benchmark results: ``python -m bench.report [BEFORE.json] AFTER.json``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from bench.run import TARGETS

#: figure → (label, unit, reference figure shown beside it)
LABELS: dict[str, tuple[str, str, str | None]] = {
    "startup.ratio": ("Start-up, last report open ÷ bare window (wall, pairs)", "×", None),
    "startup.ratio_of_medians": ("Start-up ÷ bare window (wall, ratio of medians)", "×", None),
    "startup.cpu_ratio": ("Start-up ÷ bare window (CPU time)", "×", None),
    "startup_instructions.instructions_ratio": (
        "Start-up ÷ bare window (instructions, callgrind)",
        "×",
        None,
    ),
    "startup_instructions.ready_instructions_ratio": (
        "Until the report accepts typing ÷ bare window's first paint (instructions)",
        "×",
        None,
    ),
    "startup.app_ms": ("Start-up, app (wall)", "ms", "startup.bare_ms"),
    "startup.typing_ready_ratio": (
        "Start-up until the last report accepts typing ÷ bare window's first paint (pairs)",
        "×",
        None,
    ),
    "startup.ready_ratio": ("Start-up until the report accepts typing ÷ bare (medians)", "×", None),
    "startup.app_ready_ms": ("Start-up until the last report accepts typing (wall)", "ms", None),
    "startup_scale.ratio": ("Start-up on the 1000-report database ÷ bare", "×", None),
    "startup_scale.app_ms": ("Start-up on the 1000-report database", "ms", "startup_scale.bare_ms"),
    "typing.text_key_p99_ms": ("Keystroke in a text chapter, p99", "ms", None),
    "typing.cell_key_p99_ms": ("Keystroke in a table cell, p99", "ms", None),
    "typing.text_preview_p95_ms": ("Text edit → preview repainted, p95", "ms", None),
    "typing.cell_preview_p95_ms": ("Cell edit → preview repainted, p95", "ms", None),
    "typing.preview_redraw_p95_ms": ("Preview redraw (document + layout), p95", "ms", None),
    "export.docx_ms": ("Report → .docx in-process", "ms", None),
    "export_process.ratio": ("`main.py export` ÷ bare python-docx script", "×", None),
    "scale.navigator_fill_ms": ("Navigator filled (1000 reports)", "ms", None),
    "scale.navigator_counts_done_ms": ("Navigator: all counts shown", "ms", None),
    "scale.navigator_slice_max_ms": ("Navigator: longest counting slice", "ms", None),
    "scale.open_p95_ms": ("Report opened, p95", "ms", None),
    "scale.open_max_ms": ("Report opened, slowest of 20", "ms", None),
    "scale.open_first_ms": ("Report opened: the first of the window", "ms", None),
    "scale.open_max_after_first_ms": ("Report opened: slowest of the other 19", "ms", None),
    "summary.summary_ms": ("汇总 over 60 children", "ms", None),
    "cli_list.cli_list_ms": ("`list` over 1000 reports (in-process)", "ms", None),
    "size.db_mb": ("Database file, 1000 reports", "MB", None),
    "startup_scale.app_peak_mib": ("Peak memory, 1000-report database open", "MiB", None),
}


def _get(results: dict[str, Any], figure: str) -> float | None:
    part, _, name = figure.partition(".")
    value = results.get(part, {}).get(name)
    return float(value) if isinstance(value, int | float) else None


def _fmt(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.2f}" if abs(value) < 10 else f"{value:.0f}"


def table(before: dict[str, Any] | None, after: dict[str, Any]) -> str:
    """The figures as a Markdown table (before, after, reference, target, met)."""
    head = "| Figure | Before | After | Target | Met |\n|---|---:|---:|---:|:---:|"
    if before is None:
        head = "| Figure | Value | Target | Met |\n|---|---:|---:|:---:|"
    lines = [head]
    ref_after = (after["cpu_ref_ms_before"] + after["cpu_ref_ms_after"]) / 2
    for figure, (label, unit, reference) in LABELS.items():
        value = _get(after, figure)
        if value is None:
            continue
        target = TARGETS.get(figure)
        met = "" if target is None else ("yes" if value <= target else "**no**")
        shown = f"{_fmt(value)} {unit}"
        if reference is not None and _get(after, reference) is not None:
            shown += f" (bare {_fmt(_get(after, reference))})"
        goal = "" if target is None else f"≤ {_fmt(target)} {unit}"
        if before is None:
            lines.append(f"| {label} | {shown} | {goal} | {met} |")
        else:
            old = _get(before, figure)
            was = "—" if old is None else f"{_fmt(old)} {unit}"
            if reference is not None and _get(before, reference) is not None:
                was += f" (bare {_fmt(_get(before, reference))})"
            lines.append(f"| {label} | {was} | {shown} | {goal} | {met} |")
    lines.append("")
    lines.append(
        f"CPU reference workload in the after run: {ref_after:.0f} ms; load average "
        f"{after['load_before'][0]:.1f} → {after['load_after'][0]:.1f}."
    )
    if before is not None:
        ref_before = (before["cpu_ref_ms_before"] + before["cpu_ref_ms_after"]) / 2
        lines.append(
            f"Before run: CPU reference {ref_before:.0f} ms; load average "
            f"{before['load_before'][0]:.1f} → {before['load_after'][0]:.1f}."
        )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Print the table for one or two results files."""
    files = [json.loads(Path(a).read_text(encoding="utf-8")) for a in argv]
    if not files:
        print(__doc__)
        return 2
    before = files[0] if len(files) == 2 else None
    print(table(before, files[-1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
