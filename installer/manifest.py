"""What the frozen bundle must contain, derived from the code, never a hand list.

PyInstaller follows ``import`` statements; it cannot see the app's lazy
``importlib.import_module("cli.maintenance")`` and friends, nor files read by path (the editions,
the Alembic migrations, python-docx's templates, Qt's translations). This module walks the
project's package tree and its data folders, so a new module or resource is included without
anyone remembering to add it; ``tests/test_installer_manifest.py`` fails if one would be left out.

Nothing here imports PyInstaller: the spec (``installer/nianbao.spec``) and the tests both use it.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Folders at the top of the checkout that are not part of the program.
NOT_SHIPPED = frozenset({"tests", "bench", "installer", "docs", "build", "dist", ".venv"})
#: Folders of data read by path at run time, copied as they are (relative to the checkout).
DATA_TREES = ("resources", "models/storage/migrations")
#: Third-party packages reached only through ``importlib``/entry points, or whose data files
#: are read by path: (package, collect its submodules, collect its data files).
LIBRARIES: tuple[tuple[str, bool, bool], ...] = (
    ("sqlalchemy.dialects", True, False),  # the engine picks the dialect from the URL
    ("alembic", True, True),  # its DDL implementations and script templates
    ("psycopg", True, False),  # the server database
    ("psycopg_binary", True, False),  # psycopg's C speed-ups, found by name
    ("docx", False, True),  # templates/default-footer.xml and the rest
    ("pdfminer", False, True),  # the CJK character maps (cmap/*.pickle.gz) of PDF import
    ("openpyxl", False, True),
    ("fpdf", False, True),
    ("rapidocr", True, False),  # scans: its engines are chosen by name (data: ocr_data below)
    ("onnxruntime", True, False),  # the OCR models' runtime (its libraries: ocr_binaries)
)
#: Suffixes of the shared libraries a package loads itself (not through an import).
_LIBRARY_SUFFIXES = (".so", ".dll", ".dylib", ".pyd")
#: Qt's translation catalogues the app installs (see gui.translations), per locale.
QT_TRANSLATIONS = ("qtbase_zh_CN.qm", "qt_zh_CN.qm")
#: Parts of Qt or Python the app never uses; leaving them out keeps the package small.
EXCLUDES = (
    "tkinter",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtDBus",
    "PySide6.QtSvg",
    "PySide6.QtDesigner",
    "PySide6.QtUiTools",
    "PySide6.QtConcurrent",
    "pytest",
    "hypothesis",
    "mypy",
    "IPython",
)


@dataclass(frozen=True)
class Manifest:
    """The bundle's contents: modules to import by name and (source, destination) data files."""

    modules: tuple[str, ...]
    data: tuple[tuple[Path, str], ...]


def project_packages(root: Path = ROOT) -> list[str]:
    """The top-level packages of the program: folders of the checkout with an ``__init__.py``."""
    return sorted(
        p.name
        for p in root.iterdir()
        if p.is_dir() and p.name not in NOT_SHIPPED and (p / "__init__.py").is_file()
    )


def _is_data_tree(path: Path, root: Path) -> bool:
    rel = path.relative_to(root).as_posix()
    return any(rel == tree or rel.startswith(tree + "/") for tree in DATA_TREES)


def project_modules(root: Path = ROOT) -> list[str]:
    """Every module of the program's packages (data trees such as migrations excepted)."""
    out = ["main"] if (root / "main.py").is_file() else []
    for package in project_packages(root):
        for path in sorted((root / package).rglob("*.py")):
            if "__pycache__" in path.parts or _is_data_tree(path.parent, root):
                continue
            parts = path.relative_to(root).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out.append(".".join(parts))
    return out


def project_data(root: Path = ROOT) -> list[tuple[Path, str]]:
    """Data files read by path: the data trees, and source files a fingerprint is taken of."""
    out: list[tuple[Path, str]] = []
    for tree in DATA_TREES:
        for path in sorted((root / tree).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                out.append((path, path.parent.relative_to(root).as_posix()))
    # exporters.docx_support fingerprints its own source to trust the shipped Word templates
    from exporters.docx_support import RECIPE_SOURCES

    for path in RECIPE_SOURCES:
        relative = path.relative_to(ROOT)
        out.append((root / relative, relative.parent.as_posix()))
    return out


def qt_translation_files() -> list[tuple[Path, str]]:
    """Qt's zh_CN catalogues from the installed PySide6, placed where Qt looks in the bundle."""
    spec = importlib.util.find_spec("PySide6")
    assert spec is not None and spec.origin is not None
    folder = Path(spec.origin).parent / "Qt" / "translations"
    return [(folder / name, "PySide6/Qt/translations") for name in QT_TRANSLATIONS]


def keep_in_bundle(destination: str) -> bool:
    """Whether a file the freezer's hooks collected stays: of Qt's ~80 translation catalogues
    per language only the Chinese ones the app installs (the rest is 7 MB nobody loads)."""
    folder, _, name = destination.replace("\\", "/").rpartition("/")
    if folder == "PySide6/Qt/translations":
        return name in QT_TRANSLATIONS
    return True


def library_submodules(package: str) -> list[str]:
    """The modules of an installed package, found from its files without importing it.

    (Importing some of them in the freezer fails: ``psycopg_binary`` must follow ``psycopg``;
    ``alembic.testing`` needs pytest.) Test suites and ``testing`` helpers are left out.
    """
    spec = importlib.util.find_spec(package)
    if spec is None or spec.submodule_search_locations is None:
        return [package]
    out = [package]
    for folder in map(Path, spec.submodule_search_locations):
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".py", ".so", ".pyd") or "__pycache__" in path.parts:
                continue
            parts = path.relative_to(folder).parts
            if any(part in ("tests", "testing", "test") for part in parts[:-1]):
                continue
            stem = path.name.split(".")[0]
            names = [*parts[:-1]] if stem == "__init__" else [*parts[:-1], stem]
            if stem in ("tests", "testing", "conftest") or not all(n.isidentifier() for n in names):
                continue
            out.append(".".join([package, *names]))
    return sorted(set(out))


def _package_folder(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    assert spec is not None and spec.origin is not None, package
    return Path(spec.origin).parent


def ocr_data() -> list[tuple[Path, str]]:
    """RapidOCR's files read by path: the ONNX models and its YAML configuration, every file of
    the installed package that is not Python, placed where the package looks for them."""
    folder = _package_folder("rapidocr")
    out: list[tuple[Path, str]] = []
    for path in sorted(folder.rglob("*")):
        if (
            path.is_file()
            and "__pycache__" not in path.parts
            and path.suffix
            not in (
                ".py",
                ".pyi",
                ".pyc",
            )
        ):
            out.append((path, Path("rapidocr", path.parent.relative_to(folder)).as_posix()))
    return out


def ocr_binaries() -> list[tuple[Path, str]]:
    """onnxruntime's shared libraries (``capi/libonnxruntime*.so*``, the Python binding, the
    provider libraries), found in the installed package, placed where it loads them."""
    folder = _package_folder("onnxruntime")
    out: list[tuple[Path, str]] = []
    for path in sorted(folder.rglob("*")):
        name = path.name
        if path.is_file() and any(
            name.endswith(suffix) or f"{suffix}." in name for suffix in _LIBRARY_SUFFIXES
        ):
            out.append((path, Path("onnxruntime", path.parent.relative_to(folder)).as_posix()))
    return out


def manifest(root: Path = ROOT) -> Manifest:
    """The program's own modules and data files (libraries are added by the spec)."""
    return Manifest(tuple(project_modules(root)), tuple(project_data(root)))
