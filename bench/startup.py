"""Start-up: launching the app until the main window with the last report open is painted, and
until that report accepts typing, against a bare PySide6 window (import, QApplication, one
QMainWindow, first paint), alternated in the same run. Also the app's peak memory with the
database open.

The app is launched by :mod:`bench.launch_app`, which runs it as ``main.py`` does and watches it
through :func:`gui.app.run_app`'s ``watch`` argument (:mod:`bench.paint_probe`).

**Accepts typing** (``typing_ready_ratio``): the median over the launch pairs of the app's time
until its last report accepts typing (the database open, the event loop free) over the bare
window's time to its first paint.

**The ratio** is the median of the ratios of launch pairs: the i-th launch of the app against
the i-th launch of the bare window, started one right after the other. On the benchmark machine
the CPU's speed changes from one moment to the next (by up to half, in spells of tens to
hundreds of milliseconds; ``docs/performance.md``, round 4), and a short process fits into a
fast spell more often than a long one: the bare window's median fell in a fast spell in some
runs and the app's not, and the ratio of the two medians then read up to 2.0 where the work
was 1.55 times as much. A pair shares the machine's state of that moment; the median over the
pairs ranged 1.54–1.63 over the same launches whose ratio of medians ranged 1.25–1.70. The
ratio of the medians is reported beside it (``ratio_of_medians``), and every launch's time.

**Instructions** (:func:`instructions`): the work to the first paint counted by callgrind, which
the machine's speed does not change; the ratio of the two counts is the figure's noise-free
cross-check.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.stats import median

REPO = Path(__file__).resolve().parent.parent
SETTINGS_FILE = "nianbao-settings.ini"
#: Where launched processes keep their bytecode (see :func:`child_env`).
PYCACHE = Path(tempfile.gettempdir()) / "nianbao-bench-pycache"


@dataclass(frozen=True)
class Launch:
    """One process: seconds from launch to first paint, its CPU seconds, peak memory in MiB,
    and seconds from launch until the window has its database (edits are saved)."""

    seconds: float
    cpu_seconds: float
    peak_mib: float
    ready_seconds: float


def child_env(cache_dir: Path) -> dict[str, str]:
    """The environment of a launched process: bytecode cached as on a user's machine.

    An installed app runs from ``.pyc`` files; with ``PYTHONDONTWRITEBYTECODE`` set (as in this
    development sandbox) every launch would compile SQLAlchemy and the app from source, which
    triples the start-up time. The cache goes to ``cache_dir``, not into the source tree.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("PYTHONPATH", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache_dir)
    return env


def _env(data_dir: Path) -> dict[str, str]:
    env = child_env(PYCACHE)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["NIANBAO_DATA_DIR"] = str(data_dir)
    return env


def _launch(argv: list[str], env: dict[str, str]) -> Launch:
    started = time.time()
    done = subprocess.run(
        argv, env=env, cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    painted = peak = cpu = ready = None
    for line in done.stdout.splitlines():
        if line.startswith("FIRST_PAINT "):
            painted = float(line.split()[1])
        elif line.startswith("FIRST_PAINT_CPU "):
            cpu = float(line.split()[1])
        elif line.startswith("READY "):
            ready = float(line.split()[1])
        elif line.startswith("PEAK_RSS_KB "):
            peak = int(line.split()[1])
    if painted is None or peak is None or cpu is None or ready is None:
        raise RuntimeError(f"no first paint from {argv}: {done.stdout[-500:]}{done.stderr[-2000:]}")
    return Launch(painted - started, cpu, peak / 1024, ready - started)


def _settings(data_dir: Path, unit: str, year: int) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / SETTINGS_FILE).write_text(
        f"[session]\nlast_report={year}\\t{unit}\n", encoding="utf-8"
    )


@dataclass(frozen=True)
class _Setup:
    """A copy of the database, a data folder whose settings name the last report, the launched
    processes' environment, and the command lines of the app and of the bare window."""

    data_dir: Path
    env: dict[str, str]
    app_argv: list[str]
    bare_argv: list[str]


@contextmanager
def _setup(db_path: Path, unit: str, year: int) -> Iterator[_Setup]:
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-") as tmp:
        work = Path(tmp)
        db_copy = work / db_path.name
        shutil.copy2(db_path, db_copy)
        data_dir = work / "data"
        _settings(data_dir, unit, year)
        python = sys.executable
        yield _Setup(
            data_dir,
            _env(data_dir),
            [python, str(REPO / "bench" / "launch_app.py"), "--db", str(db_copy)],
            [python, str(REPO / "bench" / "bare_window.py")],
        )


def measure(
    db_path: Path, unit: str, year: int, runs: int = 7, label: str = "app"
) -> dict[str, float]:
    """Median start-up of the app on ``db_path`` with ``unit``/``year`` as the last report.

    Returns seconds of app and bare window, their ratio, and the app's peak memory (MiB).
    """
    with _setup(db_path, unit, year) as setup:
        env, app_argv, bare_argv = setup.env, setup.app_argv, setup.bare_argv
        _launch(app_argv, env)  # warm-up: file cache, today's automatic backup
        _launch(bare_argv, env)
        app_runs: list[Launch] = []
        bare_runs: list[Launch] = []
        pair = [(app_argv, app_runs), (bare_argv, bare_runs)]
        for i in range(runs):  # the order alternates too: each launch can warm the next
            for argv, launches in pair if i % 2 == 0 else pair[::-1]:
                launches.append(_launch(argv, env))
        settings = (setup.data_dir / SETTINGS_FILE).read_text(encoding="utf-8")
        if str(year) not in settings:
            raise RuntimeError(f"{label}: the last report was not reopened")
    app_s = median([r.seconds for r in app_runs])
    bare_s = median([r.seconds for r in bare_runs])
    pair_ratio = median([a.seconds / b.seconds for a, b in zip(app_runs, bare_runs, strict=True)])
    app_cpu = median([r.cpu_seconds for r in app_runs])
    bare_cpu = median([r.cpu_seconds for r in bare_runs])
    app_ready = median([r.ready_seconds for r in app_runs])
    typing_pairs = [a.ready_seconds / b.seconds for a, b in zip(app_runs, bare_runs, strict=True)]
    return {
        "app_ms": app_s * 1000,
        "app_ready_ms": app_ready * 1000,
        "ready_ratio": app_ready / bare_s,
        "typing_ready_ratio": median(typing_pairs),
        "bare_ms": bare_s * 1000,
        "ratio": pair_ratio,
        "ratio_of_medians": app_s / bare_s,
        "app_ms_all": [round(r.seconds * 1000, 1) for r in app_runs],
        "bare_ms_all": [round(r.seconds * 1000, 1) for r in bare_runs],
        "app_cpu_ms": app_cpu * 1000,
        "bare_cpu_ms": bare_cpu * 1000,
        "cpu_ratio": app_cpu / bare_cpu,
        "app_peak_mib": max(r.peak_mib for r in app_runs),
        "bare_peak_mib": max(r.peak_mib for r in bare_runs),
    }


def _instructions(argv: list[str], env: dict[str, str], out_dir: Path) -> int:
    """Instructions ``argv`` runs until its window's first paint (callgrind's count)."""
    out_file = out_dir / "callgrind.out"
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out_file}", *argv],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise RuntimeError(f"callgrind failed on {argv}: {done.stderr[-2000:]}")
    return int(found.group(1))


def instructions(db_path: Path, unit: str, year: int) -> dict[str, float]:
    """Instructions to the first paint of the app and of the bare window, and their ratio.

    Counted by valgrind's callgrind, which counts instructions, not time: the same count for the
    same program and input whatever the machine is doing. Each process quits at its first paint
    (``NIANBAO_BENCH_EXIT_AT_PAINT``); the app once more until its last report accepts typing
    (``NIANBAO_BENCH_EXIT_AT_READY``), against the bare window's first paint. Empty when valgrind
    is not installed.
    """
    if shutil.which("valgrind") is None:
        return {}
    with _setup(db_path, unit, year) as setup:
        env = dict(setup.env)
        _launch(setup.app_argv, env)  # bytecode cached, today's backup made, as when timed
        env["NIANBAO_BENCH_EXIT_AT_PAINT"] = "1"
        app = _instructions(setup.app_argv, env, setup.data_dir)
        bare = _instructions(setup.bare_argv, env, setup.data_dir)
        del env["NIANBAO_BENCH_EXIT_AT_PAINT"]
        env["NIANBAO_BENCH_EXIT_AT_READY"] = "1"
        ready = _instructions(setup.app_argv, env, setup.data_dir)
    return {
        "app_instructions": app,
        "bare_instructions": bare,
        "instructions_ratio": app / bare,
        "ready_instructions": ready,
        "ready_instructions_ratio": ready / bare,
    }
