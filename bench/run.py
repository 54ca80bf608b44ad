"""Run every benchmark and write the results: ``uv run python -m bench`` (see docs/performance.md).

Each figure is given with a reference measured in the same run, so it can be read on a noisy
machine: start-up against a bare PySide6 window, the export process against a bare python-docx
script, and every in-process time against a fixed pure-Python workload (``cpu_ref_ms``, about
measured before and after the run). The results file holds the machine, the load
average during the run, every figure, its target and whether it was met.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench import export, generate, keystrokes, scale, startup  # noqa: E402
from bench.stats import median  # noqa: E402

#: figure → (target, "max" means the figure must not exceed it).
TARGETS: dict[str, float] = {
    "startup.ratio": 2.5,
    "startup.typing_ready_ratio": 4.0,
    "typing.text_key_p99_ms": 8.0,
    "typing.cell_key_p99_ms": 8.0,
    "typing.text_preview_p95_ms": 50.0,
    "typing.cell_preview_p95_ms": 50.0,
    "export.docx_ms": 150.0,
    "export_process.ratio": 1.5,
    "scale.navigator_fill_ms": 100.0,
    "scale.open_max_ms": 50.0,
    "summary.summary_ms": 200.0,
    "size.db_mb": 20.0,
    "startup_scale.app_peak_mib": 150.0,
}


def cpu_reference_ms() -> float:
    """A fixed pure-Python workload (sorting, dict and string work), median of 5, in ms."""
    samples = []
    for _ in range(5):
        rng = random.Random(1)
        started = time.perf_counter()
        data = [rng.random() for _ in range(60_000)]
        data.sort()
        table = {f"t3.row{i}.col{i % 7}": i for i in range(40_000)}
        text = "".join(str(v) for v in table.values())
        json.loads(json.dumps(table))
        assert len(text) > 0
        samples.append((time.perf_counter() - started) * 1000)
    return median(samples)


def machine() -> dict[str, Any]:
    """What this machine is (for docs/performance.md)."""

    def sh(*argv: str) -> str:
        try:
            return subprocess.run(argv, capture_output=True, text=True, check=False).stdout.strip()
        except OSError:
            return ""

    cpu = ""
    for line in sh("lscpu").splitlines():
        if line.startswith("Model name:"):
            cpu = line.split(":", 1)[1].strip()
    import PySide6
    from PySide6 import QtCore

    return {
        "nproc": sh("nproc"),
        "memory": sh("free", "-h").splitlines()[1:2],
        "cpu": cpu,
        "python": platform.python_version(),
        "pyside6": PySide6.__version__,
        "qt": QtCore.qVersion(),
        "platform": os.environ.get("QT_QPA_PLATFORM", ""),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; returns 0 (the figures, met or not, are in the results file)."""
    parser = argparse.ArgumentParser(prog="python -m bench", description="年报性能测试")
    parser.add_argument("--quick", action="store_true", help="小数据库、每项一次（冒烟测试）")
    parser.add_argument("--data", default=str(REPO / "bench" / "_data"), help="测试数据库目录")
    parser.add_argument("--out", default=str(REPO / "bench" / "results" / "latest.json"))
    parser.add_argument(
        "--only", default="", help="只运行这些部分（逗号分隔：startup,typing,export,scale）"
    )
    args = parser.parse_args(argv)
    quick = args.quick
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    data = Path(args.data)
    if quick:
        dbs = generate.ensure_databases(data, units=2, years=2, summary_children=3)
    else:
        dbs = generate.ensure_databases(data)
    years = range(generate.FIRST_YEAR, generate.FIRST_YEAR + (2 if quick else generate.SCALE_YEARS))
    last_unit, last_year = dbs.scale_units[-1], years[-1]
    results: dict[str, Any] = {
        "machine": machine(),
        "started": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        "quick": quick,
        "load_before": os.getloadavg(),
        "cpu_ref_ms_before": cpu_reference_ms(),
    }
    runs = 1 if quick else 15  # launches of the app and of the bare window each, alternated

    def section(name: str, part: str, job: Callable[[], dict[str, Any]]) -> None:
        if only and part not in only:
            return
        started = time.perf_counter()
        print(f"[bench] {name} …", file=sys.stderr, flush=True)
        results[name] = job()
        results[name]["bench_s"] = round(time.perf_counter() - started, 1)
        print(f"[bench] {name}: {results[name]}", file=sys.stderr, flush=True)

    section(
        "startup",
        "startup",
        lambda: startup.measure(
            dbs.typing, generate.TYPING_UNIT, generate.TYPING_YEAR, runs, "typing"
        ),
    )
    section(
        "startup_instructions",
        "startup",
        lambda: startup.instructions(dbs.typing, generate.TYPING_UNIT, generate.TYPING_YEAR),
    )
    section(
        "startup_scale",
        "startup",
        lambda: startup.measure(dbs.scale, last_unit, last_year, runs, "scale"),
    )
    section(
        "typing",
        "typing",
        lambda: keystrokes.run(
            dbs.typing,
            generate.TYPING_UNIT,
            generate.TYPING_YEAR,
            chars=5 if quick else 120,
            cells=3 if quick else 40,
        ),
    )
    section(
        "export",
        "export",
        lambda: export.in_process(
            dbs.typing, generate.TYPING_UNIT, generate.TYPING_YEAR, 2 if quick else 15
        ),
    )
    section(
        "export_process",
        "export",
        lambda: export.as_process(
            dbs.typing, generate.TYPING_UNIT, generate.TYPING_YEAR, 1 if quick else 5
        ),
    )
    section(
        "scale",
        "scale",
        lambda: scale.gui(
            dbs.scale, dbs.scale_units, years, opens=3 if quick else 20, fills=1 if quick else 3
        ),
    )
    section(
        "summary",
        "scale",
        lambda: scale.summary(
            dbs.summary, generate.SUMMARY_PARENT, generate.SUMMARY_YEAR, 1 if quick else 5
        ),
    )
    section("cli_list", "scale", lambda: scale.cli_list(dbs.scale))
    section("size", "scale", lambda: scale.file_size(dbs.scale))
    results["cpu_ref_ms_after"] = cpu_reference_ms()
    results["load_after"] = os.getloadavg()
    ref = (results["cpu_ref_ms_before"] + results["cpu_ref_ms_after"]) / 2
    verdicts: dict[str, Any] = {}
    for figure, target in TARGETS.items():
        part, _, name = figure.partition(".")
        value = results.get(part, {}).get(name)
        if value is None:
            continue
        verdict: dict[str, Any] = {"value": round(value, 2), "target": target}
        verdict["met"] = bool(value <= target)
        if name.endswith("_ms"):
            verdict["x_cpu_ref"] = round(value / ref, 2)
        verdicts[figure] = verdict
    results["verdicts"] = verdicts
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"cpu_ref_ms {ref:.1f}  load {results['load_before']} → {results['load_after']}")
    for figure, verdict in verdicts.items():
        mark = "met" if verdict["met"] else "NOT met"
        extra = f"  ({verdict['x_cpu_ref']}× cpu_ref)" if "x_cpu_ref" in verdict else ""
        print(f"{figure:32} {verdict['value']:>10} ≤ {verdict['target']:<6} {mark}{extra}")
    counted = results.get("startup_instructions", {})
    if "instructions_ratio" in counted:
        ratio = counted["instructions_ratio"]
        print(f"{'startup.instructions_ratio':32} {ratio:>10.2f} (callgrind, no target)")
    print(f"results: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
