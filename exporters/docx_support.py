"""Support for the Word writer that needs no python-docx: XML escaping and pre-built templates.

Building the empty template of a font profile from python-docx's default document (parsing and
trimming ≈ 0.8 MB of styles) takes ~30 ms, a large part of a one-shot ``main.py export``. The
templates are therefore built once by :func:`write_templates` and shipped in
``resources/docx_templates``, each with a *recipe*: a fingerprint of everything it is built
from (the writer's source, the page and type sizes it takes from the layout, the profile, the
python-docx version; not the rest of the layout module, which the preview changes often). A template
whose recipe no longer matches is ignored and the writer builds its template as before, so a
stale file can cost time but never change a document; ``tests/test_docx_templates.py`` fails
until they are rebuilt.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from exporters import layout
from exporters.fonts import FontProfile

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "resources" / "docx_templates"
MANIFEST = "manifest.json"
_EXPORTERS = Path(__file__).resolve().parent
#: The source files a template is built from (styles, page set-up).
RECIPE_SOURCES = (
    _EXPORTERS / "docx_writer.py",
    _EXPORTERS / "docx_runs.py",
    _EXPORTERS / "docx_fonts.py",
    Path(__file__),
)
#: The layout's sizes the writer uses (the names it imports from :mod:`exporters.layout`).
RECIPE_LAYOUT_VALUES = (
    "BODY_CONDENSE_PT",
    "BODY_PT",
    "LINE_PITCH_PT",
    "MARGIN_BOTTOM_MM",
    "MARGIN_LEFT_MM",
    "MARGIN_RIGHT_MM",
    "MARGIN_TOP_MM",
    "PAGE_H_MM",
    "PAGE_NUMBER_PT",
    "PAGE_W_MM",
    "TITLE_PT",
)


def recipe(profile: FontProfile, library_version: str) -> str:
    """The fingerprint of the template of ``profile`` built with python-docx ``library_version``.

    Raises:
        OSError: a source file cannot be read (e.g. an installation without sources).
    """
    digest = hashlib.sha256()
    digest.update(f"python-docx {library_version}\n{profile!r}\n".encode())
    sizes = {name: getattr(layout, name) for name in RECIPE_LAYOUT_VALUES}
    digest.update(f"{sizes!r}\n".encode())
    for path in RECIPE_SOURCES:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _file_name(profile_id: str) -> str:
    return f"{profile_id}.docx"


def shipped_template(
    profile: FontProfile, library_version: str, folder: Path = TEMPLATES_DIR
) -> bytes | None:
    """The pre-built template of ``profile``, or ``None`` when there is no current one."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        entry = manifest[profile.id]
        if entry["recipe"] != recipe(profile, library_version):
            return None
        data = (folder / _file_name(profile.id)).read_bytes()
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return data if hashlib.sha256(data).hexdigest() == entry["sha256"] else None


def write_templates(
    profiles: list[FontProfile],
    build: Callable[[str], bytes],
    library_version: str,
    folder: Path = TEMPLATES_DIR,
) -> None:
    """Build the template of every profile with ``build`` and store it with its recipe.

    :func:`exporters.docx_writer.rebuild_templates` calls it for every profile.
    """
    folder.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, dict[str, str]] = {}
    for profile in profiles:
        data = build(profile.id)
        (folder / _file_name(profile.id)).write_bytes(data)
        manifest[profile.id] = {
            "recipe": recipe(profile, library_version),
            "sha256": hashlib.sha256(data).hexdigest(),
        }
    text = json.dumps(manifest, indent=1, sort_keys=True) + "\n"
    (folder / MANIFEST).write_text(text, encoding="utf-8")
