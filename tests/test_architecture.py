"""The core stays Qt-free: models/ and exporters/ import with PySide6 blocked."""

from __future__ import annotations

import os
import pkgutil
import shutil
import subprocess
import sys

from tests.conftest import REPO

CORE_PACKAGES = ["models", "exporters", "importers"]

BLOCKER = """
import importlib.abc, importlib.util, pkgutil, sys

class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6", "gui"):
            raise ImportError(f"Qt-free core imported {name}")
        return None

sys.meta_path.insert(0, Block())
count = 0
for package in sys.argv[1:]:
    try:
        root = importlib.import_module(package)
    except ModuleNotFoundError:
        continue
    for info in pkgutil.walk_packages(root.__path__, package + "."):
        importlib.import_module(info.name)
        count += 1
print(count)
"""


def test_core_imports_with_pyside6_blocked() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", "import importlib\n" + BLOCKER, *CORE_PACKAGES],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) >= 10


def test_models_are_split_into_domain_storage_and_services() -> None:
    def names(folder: str) -> set[str]:
        return {m.name for m in pkgutil.iter_modules([str(REPO / "models" / folder)])}

    top = {m.name for m in pkgutil.iter_modules([str(REPO / "models")])}
    assert top == {"domain", "storage", "services"}
    assert {"editions", "checks", "exchange", "derive", "values"} <= names("domain")
    assert {"orm", "repository", "database", "backup"} <= names("storage")
    assert {"aggregate", "signoff"} <= names("services")


def test_import_linter_contract_holds() -> None:
    done = subprocess.run(
        [shutil.which("lint-imports") or "lint-imports", "--no-cache"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "KEPT" in done.stdout


def test_the_gui_has_no_import_cycles() -> None:
    """No module of gui/ imports, directly or through others, a module that imports it back
    (function-level and type-checking imports count too: a cycle is a cycle to the reader)."""
    import grimp

    graph = grimp.build_graph("gui")
    cycles = sorted(
        (module, imported)
        for module in graph.modules
        for imported in graph.find_modules_directly_imported_by(module)
        if graph.chain_exists(importer=imported, imported=module)
    )
    assert cycles == []
