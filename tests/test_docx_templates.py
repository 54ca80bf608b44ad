"""The Word writer's templates: the shipped ones are current and give the very bytes a built one
gives."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import docx
import pytest

from exporters import docx_support, docx_writer
from exporters.document import build_document
from exporters.fonts import get_profile, profiles
from models.domain.report import ReportData
from tests.conftest import load_sample


@pytest.mark.parametrize("profile_id", sorted(profiles()))
def test_shipped_templates_are_current(profile_id: str) -> None:
    """If this fails, rebuild them: ``uv run python -c "from exporters.docx_writer import
    rebuild_templates; rebuild_templates()"`` (after changing the writer, layout, a profile or
    python-docx)."""
    shipped = docx_support.shipped_template(get_profile(profile_id), docx.__version__)
    assert shipped is not None, "the shipped template is missing or stale"
    assert shipped == docx_writer.build_template(profile_id)


@pytest.mark.parametrize("profile_id", sorted(profiles()))
@pytest.mark.parametrize("sample", ["shuyang-fgj-2023.json", "shanghai-stcsm-2024.json"])
def test_shipped_and_built_templates_give_the_same_document(
    profile_id: str, sample: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    report: ReportData = load_sample(sample)
    document = build_document(report)
    profile = get_profile(profile_id)
    shipped = docx_writer.write_docx(document, profile)
    monkeypatch.setattr(docx_writer, "_template", docx_writer.build_template)
    assert docx_writer.write_docx(document, profile) == shipped


def _copy_templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    shutil.copytree(docx_support.TEMPLATES_DIR, folder)
    return folder


def test_a_stale_or_damaged_template_is_not_used(tmp_path: Path) -> None:
    profile = get_profile("standard")
    folder = _copy_templates(tmp_path)
    assert docx_support.shipped_template(profile, docx.__version__, folder) is not None
    assert docx_support.shipped_template(profile, "0.0.1", folder) is None  # other python-docx
    other = dataclasses.replace(profile, latin="DejaVu Serif")
    assert docx_support.shipped_template(other, docx.__version__, folder) is None  # edited
    data = (folder / "standard.docx").read_bytes()
    (folder / "standard.docx").write_bytes(data[:-10])  # damaged
    assert docx_support.shipped_template(profile, docx.__version__, folder) is None
    (folder / "standard.docx").write_bytes(data)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    del manifest["standard"]
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert docx_support.shipped_template(profile, docx.__version__, folder) is None
    (folder / "manifest.json").unlink()
    assert docx_support.shipped_template(profile, docx.__version__, folder) is None


def test_write_templates_round_trip(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    all_profiles = list(profiles().values())
    docx_support.write_templates(all_profiles, docx_writer.build_template, "9.9", folder)
    for profile in all_profiles:
        built = docx_writer.build_template(profile.id)
        assert docx_support.shipped_template(profile, "9.9", folder) == built
        assert docx_support.shipped_template(profile, docx.__version__, folder) is None


def test_the_recipe_names_every_layout_size_the_writer_uses() -> None:
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(docx_writer))
    imported = {
        alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module == "exporters.layout"
        for alias in node.names
    }
    assert imported == set(docx_support.RECIPE_LAYOUT_VALUES)
