"""The bundle's modules and data are derived from the code: nothing of the program is left out."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import shutil
from pathlib import Path

import pytest

from installer.manifest import ROOT, manifest, project_packages, qt_translation_files

BUNDLE = ROOT / "dist" / "nianbao"
MODULE_LIST = ROOT / "dist" / "nianbao-modules.txt"


def _walked_modules() -> set[str]:
    """Every module of the program, found by importing its packages and walking them."""
    out = {"main"}
    for name in project_packages():
        package = importlib.import_module(name)
        out.add(name)
        for info in pkgutil.walk_packages(package.__path__, name + "."):
            if ".migrations" not in info.name:
                out.add(info.name)
    return out


def _lazy_imports() -> set[str]:
    """Module names the program imports by string (``importlib.import_module``)."""
    from cli.arguments import FEATURES
    from importers.published import _READERS

    names = set(FEATURES)
    names |= {m for m, _f in _READERS.values()}
    for path in ROOT.glob("*/**/*.py"):
        if path.parts[len(ROOT.parts)] in {"tests", "bench", ".venv", "dist", "build"}:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", None) == "import_module"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                names.add(str(node.args[0].value))
    return names


def test_every_module_of_the_program_is_listed() -> None:
    listed = set(manifest().modules)
    assert _walked_modules() <= listed
    assert {"cli.maintenance", "cli.across", "cli.server", "exporters.xlsx_writer"} <= listed
    assert _lazy_imports() <= listed


def test_a_new_module_is_picked_up_without_editing_a_list(tmp_path: Path) -> None:
    for name in ("main.py", *project_packages()):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, tmp_path / name)
    shutil.copytree(ROOT / "resources", tmp_path / "resources")
    (tmp_path / "cli" / "brand_new.py").write_text('"""New."""\n', encoding="utf-8")
    (tmp_path / "resources" / "editions" / "2031.json").write_text("{}", encoding="utf-8")
    found = manifest(tmp_path)
    assert "cli.brand_new" in found.modules
    assert (tmp_path / "resources" / "editions" / "2031.json", "resources/editions") in found.data


def test_data_read_by_path_is_included() -> None:
    data = {(src.relative_to(ROOT).as_posix(), dest) for src, dest in manifest().data}
    for path in (ROOT / "resources").rglob("*"):
        if path.is_file():
            rel = path.relative_to(ROOT)
            assert (rel.as_posix(), rel.parent.as_posix()) in data
    versions = [p for p in (ROOT / "models" / "storage" / "migrations" / "versions").glob("*.py")]
    assert versions
    for path in versions:
        assert (path.relative_to(ROOT).as_posix(), "models/storage/migrations/versions") in data
    assert ("models/storage/migrations/env.py", "models/storage/migrations") in data
    assert ("exporters/docx_writer.py", "exporters") in data  # the Word templates' fingerprint


def test_qt_chinese_catalogue_is_found() -> None:
    files = qt_translation_files()
    assert all(src.is_file() for src, _dest in files)
    assert ("qtbase_zh_CN.qm", "PySide6/Qt/translations") in {(s.name, d) for s, d in files}


@pytest.mark.skipif(not MODULE_LIST.is_file(), reason="bundle not built (installer/build.sh)")
def test_the_built_bundle_holds_every_module() -> None:
    """The modules PyInstaller put into the bundle's archive (listed by installer/build.sh)."""
    bundled = set(MODULE_LIST.read_text(encoding="utf-8").split())
    missing = _walked_modules() - bundled
    assert not missing, f"not in the bundle: {sorted(missing)}"
    for src, dest in manifest().data:
        assert (BUNDLE / "_internal" / dest / src.name).is_file(), src
    docx_templates = BUNDLE / "_internal" / "docx" / "templates"
    assert (docx_templates / "default-footer.xml").is_file()
    assert (BUNDLE / "_internal" / "PySide6" / "Qt" / "translations" / "qtbase_zh_CN.qm").is_file()


def test_only_the_chinese_qt_catalogues_are_kept() -> None:
    from installer.manifest import keep_in_bundle

    assert keep_in_bundle("PySide6/Qt/translations/qtbase_zh_CN.qm")
    assert not keep_in_bundle("PySide6/Qt/translations/qtbase_de.qm")
    assert not keep_in_bundle("PySide6\\Qt\\translations\\qt_ja.qm")
    assert keep_in_bundle("resources/editions/2021.json")


def test_library_modules_are_found_without_importing_them() -> None:
    from installer.manifest import library_submodules

    found = library_submodules("psycopg_binary")  # importing it first would fail
    assert "psycopg_binary.pq" in found
    alembic = library_submodules("alembic")
    assert "alembic.ddl.postgresql" in alembic
    assert not any(".testing" in name for name in alembic)


def test_the_ocr_models_and_runtime_libraries_are_bundled() -> None:
    """Scans are read offline: RapidOCR's models and configuration and onnxruntime's libraries
    go into the bundle, found from the installed packages (the reader loads exactly these)."""
    from importers.ocr_engine import model_files
    from installer.manifest import ocr_binaries, ocr_data

    data = {(src.name, dest) for src, dest in ocr_data()}
    for model in model_files():
        assert model.is_file()
        assert (model.name, "rapidocr/models") in data
    assert ("config.yaml", "rapidocr") in data
    assert not any(src.suffix == ".py" for src, _dest in ocr_data())
    libraries = {(src.name, dest) for src, dest in ocr_binaries()}
    assert any(
        name.startswith("libonnxruntime") or name.startswith("onnxruntime")
        for name, dest in libraries
        if dest == "onnxruntime/capi"
    ), libraries
    assert any(name.startswith("onnxruntime_pybind11_state") for name, _dest in libraries)
