"""Time importing the published-report fixtures (target: each under 5 s on a 2-core machine).

Run: ``uv run python bench/bench_import_published.py``
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from importers.published import import_published  # noqa: E402

TARGET_S = 5.0


def main() -> int:
    folder = REPO / "tests" / "fixtures" / "published"
    slow = 0
    for path in sorted(folder.iterdir()):
        if path.suffix not in (".docx", ".html", ".pdf", ".txt"):
            continue
        started = time.perf_counter()
        import_published(path)
        took = time.perf_counter() - started
        slow += took > TARGET_S
        print(f"{path.name:45} {took:6.2f} s{'  SLOW' if took > TARGET_S else ''}")
    return 1 if slow else 0


if __name__ == "__main__":
    raise SystemExit(main())
