"""The built Linux bundle (``installer/build.sh`` → ``dist/nianbao``): old glibc, works frozen.

Skipped when the bundle has not been built; ``.ci/run`` builds it before the tests.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from installer.elf import glibc_version, highest_glibc, is_elf, needed_versions
from installer.manifest import ROOT
from installer.smoke import command_line, window

BUNDLE = ROOT / "dist" / "nianbao"
PROGRAM = BUNDLE / "nianbao"
#: The oldest glibc the bundle must run on: UOS V20's (Kylin V10 SP1 has 2.31).
GLIBC_LIMIT = (2, 28)

built = pytest.mark.skipif(not PROGRAM.is_file(), reason="bundle not built (installer/build.sh)")


def test_glibc_versions_are_read_from_elf_files() -> None:
    """The reader itself, on a library of this machine (needs a newer glibc than 2.2.5)."""
    import _ctypes

    library = Path(_ctypes.__file__)
    assert is_elf(library)
    names = needed_versions(library)
    assert "GLIBC_2.2.5" in names
    assert glibc_version(names) >= (2, 2, 5)
    assert glibc_version({"GLIBC_2.28", "GLIBC_2.3.4", "GLIBCXX_3.4.29"}) == (2, 28)
    assert not is_elf(ROOT / "main.py")


@built
def test_every_elf_file_fits_the_oldest_glibc() -> None:
    best, files = highest_glibc(BUNDLE)
    assert best, "no ELF file read"
    assert best <= GLIBC_LIMIT, f"GLIBC_{'.'.join(map(str, best))} needed by {files[:5]}"


@built
def test_the_frozen_command_line_imports_lists_and_exports(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    steps = command_line(PROGRAM, tmp_path / "data", out)
    assert any(step.startswith("export .docx") for step in steps)
    assert any(step.startswith("export .xlsx") for step in steps)


@built
@pytest.mark.skipif(
    shutil.which("Xvfb") is None or shutil.which("xdotool") is None,
    reason="Xvfb or xdotool is not installed; .ci/run installs them",
)
def test_the_frozen_window_shows_and_closes(tmp_path: Path) -> None:
    assert "exit code 0" in window(PROGRAM, tmp_path / "data")
