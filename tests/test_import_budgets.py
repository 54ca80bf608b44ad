"""Every importer refuses a small hostile file within 5 s and 200 MB (issue 17, deliver 2).

Each file is generated here (``tests/hostile_files.py``), written to disk and read by the real
importer in a fresh subprocess, which reports the refusal, the seconds spent in the importer
(after its libraries are imported, which takes a second or two on a loaded machine) and
its own peak resident memory (``VmHWM`` of the child, so nothing else counts). The limits
live in ``importers/budget.py``; before it, these files took 48 s to over 120 s and up to
3.25 GB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests import hostile_files as hostile

REPO = Path(__file__).resolve().parent.parent
SECONDS = 5.0
MEGABYTES = 200

_CHILD = """
import json, sys, time
path, suffix = sys.argv[1], sys.argv[2]
if suffix == ".xlsx":
    from importers.xlsx_reader import read_xlsx as read
    refusals = (ValueError,)
else:
    from importers.published import ImportRefused, import_published
    from pathlib import Path
    read = lambda p: import_published(Path(p))
    refusals = (ImportRefused,)
import importlib
readers = {".docx": "read_docx", ".html": "read_html", ".pdf": "read_pdf", ".txt": "read_text"}
if suffix in readers:
    importlib.import_module("importers." + readers[suffix])
started = time.perf_counter()  # the readers' libraries are loaded: this is the reading alone
try:
    if suffix == ".xlsx":
        read(open(path, "rb").read())
    else:
        read(path)
    outcome, message = "accepted", ""
except refusals as error:
    outcome, message = "refused", str(error)
seconds = time.perf_counter() - started
# VmHWM: this process's peak resident memory since exec (ru_maxrss would include the
# high-water mark of the forked pytest process, which exec does not reset).
status = open("/proc/self/status").read().split("VmHWM:")[1]
peak = int(status.split()[0]) / 1024
print(json.dumps({"outcome": outcome, "message": message, "seconds": seconds, "mb": peak}))
"""

CASES: dict[str, tuple[str, Callable[[], bytes], str]] = {
    "html-4000-headings": (".html", lambda: hostile.html_headings(4_000), "章节标题过多"),
    "html-200000-tags": (".html", lambda: hostile.html_tags(200_000), "标签过多"),
    "docx-gridspan-100000000": (".docx", lambda: hostile.docx_grid_span(100_000_000), "横跨"),
    "docx-5000-vmerge-rows": (".docx", lambda: hostile.docx_vmerge_rows(5_000), "表格行过多"),
    "pdf-flate-200mb": (".pdf", lambda: hostile.pdf_flate_bomb(200), "解压后超过"),
    "pdf-lzw-100mb": (
        ".pdf",
        lambda: hostile.pdf_lzw_bomb(100),
        "以 LZWDecode 压缩的内容解压后超过 4 MB",
    ),
    "pdf-asciihex-flate-200mb": (
        ".pdf",
        lambda: hostile.pdf_hex_flate_bomb(200),
        "以 FlateDecode 压缩的内容解压后超过 48 MB",
    ),
    "pdf-ascii85-flate-200mb": (
        ".pdf",
        lambda: hostile.pdf_ascii85_flate_bomb(200),
        "以 FlateDecode 压缩的内容解压后超过 48 MB",
    ),
    "pdf-ascii85-zeros-12mb": (
        ".pdf",
        lambda: hostile.pdf_ascii85_zeros(12),
        "以 ASCII85Decode 压缩的内容解压后超过 4 MB",
    ),
    "pdf-runlength-100mb": (
        ".pdf",
        lambda: hostile.pdf_run_length_bomb(100),
        "以 RunLengthDecode 压缩的内容解压后超过 4 MB",
    ),
    "pdf-runlength-behind-false-endstream": (
        ".pdf",
        lambda: hostile.pdf_false_endstream(100),
        "以 RunLengthDecode 压缩的内容解压后超过 4 MB",
    ),
    "pdf-150000-pages": (".pdf", lambda: hostile.pdf_pages(150_000), "过多"),
    "pdf-5000-pages": (".pdf", lambda: hostile.pdf_pages(5_000), "页面目录过大"),
    "pdf-200000-text-operators": (
        ".pdf",
        lambda: hostile.pdf_text_operators(200_000),
        "文字操作过多",
    ),
    "text-250000-heading-lines": (
        ".txt",
        lambda: hostile.text_headings(250_000),
        "文字行过多",
    ),
    "text-19000-heading-lines": (
        ".txt",
        lambda: hostile.text_headings(19_000),
        "像章节标题的行过多",
    ),
    "xlsx-500k-cells": (".xlsx", lambda: hostile.xlsx_cells(500, 1_000), "疑似压缩炸弹"),
}


def _run(path: Path, suffix: str) -> dict[str, object]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), suffix],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_file_is_refused_quickly_and_in_little_memory(case: str, tmp_path: Path) -> None:
    suffix, make, reason = CASES[case]
    path = tmp_path / f"hostile{suffix}"
    path.write_bytes(make())
    assert path.stat().st_size < 16 * 2**20, "small files only: the size cap is not the point"
    result = _run(path, suffix)
    assert result["outcome"] == "refused", result
    assert reason in str(result["message"]), result
    assert float(str(result["seconds"])) <= SECONDS, result
    assert float(str(result["mb"])) <= MEGABYTES, result


def test_a_real_report_still_imports_under_the_same_budgets(tmp_path: Path) -> None:
    """The budgets leave real reports alone: a sample HTML page imports in the child too."""
    samples = REPO / "tests" / "fixtures" / "published"
    page = next(iter(sorted(samples.glob("*.html"))), None)
    if page is None:
        pytest.skip("no published HTML sample in tests/fixtures/published")
    result = _run(page, ".html")
    assert result["outcome"] == "accepted", result
    assert float(str(result["mb"])) <= MEGABYTES, result
