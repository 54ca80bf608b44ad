"""List the modules PyInstaller put into the bundle's archive (from its ``PYZ-00.toc``).

Run by ``installer/build.sh`` inside the build root; the list (``dist/nianbao-modules.txt``) lets
``tests/test_installer_manifest.py`` check that no module of the program was left out.
Usage: ``python installer/toc_modules.py WORKDIR/PYZ-00.toc``.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

KINDS = ("PYMODULE", "PYSOURCE")


def modules(toc: object) -> set[str]:
    """The names of every (name, path, kind) entry of a module kind, at any depth."""
    found: set[str] = set()
    if isinstance(toc, (tuple, list)):
        if len(toc) == 3 and isinstance(toc[0], str) and toc[2] in KINDS:
            found.add(toc[0])
        else:
            for item in toc:
                found |= modules(item)
    return found


if __name__ == "__main__":
    text = Path(sys.argv[1]).read_text(encoding="utf-8")
    print("\n".join(sorted(modules(ast.literal_eval(text)))))
