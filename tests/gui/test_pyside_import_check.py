"""PySide6's per-import check reads files without keeping them in linecache."""

from __future__ import annotations

import linecache
import sys
from pathlib import Path

import pytest

from gui import pyside_import_check


@pytest.fixture
def module_dir(tmp_path: Path) -> Path:
    sys.path.insert(0, str(tmp_path))
    yield tmp_path
    sys.path.remove(str(tmp_path))


def test_imported_modules_are_classified_without_filling_linecache(module_dir: Path) -> None:
    import PySide6.QtCore  # noqa: F401  (the hook exists once PySide6 is imported)

    pyside_import_check.install()
    assert not pyside_import_check.install()  # once is enough
    (module_dir / "nianbao_uses_qt.py").write_text("import PySide6.QtCore\n", encoding="utf-8")
    (module_dir / "nianbao_plain.py").write_text("VALUE = 1\n", encoding="utf-8")
    exec("import nianbao_uses_qt, nianbao_plain")  # an import statement: PySide6's hook runs
    feature = sys.modules[pyside_import_check.FEATURE_MODULE]
    assert feature.pyside_feature_dict["nianbao_uses_qt"] == 0  # PySide6 is used: features apply
    assert feature.pyside_feature_dict["nianbao_plain"] == -1  # ignored by feature switching
    cached = {Path(name).name for name in linecache.cache}
    assert not {"nianbao_uses_qt.py", "nianbao_plain.py"} & cached


def test_modules_without_a_source_file_go_to_pysides_own_check() -> None:
    asked: list[str] = []

    def fallback(module: object) -> bool:
        asked.append(getattr(module, "__name__", ""))
        return False

    assert not pyside_import_check.source_mentions_pyside(sys, fallback)
    assert asked == ["sys"]
