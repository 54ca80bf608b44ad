"""The app as ``main.py`` starts it, watched by :mod:`bench.paint_probe` (start-up bench).

Run as a script by :mod:`bench.startup`: ``python bench/launch_app.py --db PATH``. The probe is
given to :func:`gui.app.run_app` (its ``watch`` argument); the app itself has no benchmark code.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.paint_probe import install
from gui.app import run_app


def main(argv: list[str]) -> int:
    """Run the app on ``--db PATH`` until the probe closes it."""
    return run_app(argv[argv.index("--db") + 1], watch=install)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
