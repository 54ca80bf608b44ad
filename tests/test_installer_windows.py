"""Windows, checked on Linux: the version resource's data and the Inno Setup script's paths."""

from __future__ import annotations

import ast
import re

import pytest

from installer.manifest import ROOT
from installer.windows import version_resource, version_strings, version_tuple
from models.storage.about import APP_NAME, VERSION

ISS = ROOT / "installer" / "nianbao.iss"
BUNDLE = ROOT / "dist" / "nianbao"


def _iss() -> str:
    return ISS.read_text(encoding="utf-8-sig")


def _defines() -> dict[str, str]:
    return dict(re.findall(r'^#define (\w+) "([^"]*)"', _iss(), re.MULTILINE))


def _expand(text: str) -> str:
    for name, value in _defines().items():
        text = text.replace("{#" + name + "}", value)
    return text


def test_version_numbers() -> None:
    assert version_tuple("0.1.0") == (0, 1, 0, 0)
    assert version_tuple("2.3.4.5") == (2, 3, 4, 5)
    with pytest.raises(ValueError, match="Windows"):
        version_tuple("1.2.3.4.5")
    with pytest.raises(ValueError):
        version_tuple("1.70000")


def test_version_resource_is_a_valid_expression_with_the_program_s_data() -> None:
    text = version_resource()
    tree = ast.parse(text, mode="eval")  # PyInstaller evaluates it as Python
    assert isinstance(tree.body, ast.Call) and getattr(tree.body.func, "id", "") == "VSVersionInfo"
    assert f"filevers={version_tuple(VERSION)}" in text
    strings = version_strings()
    assert strings["ProductName"] == APP_NAME == "年报"
    assert strings["ProductVersion"] == VERSION
    for key, value in strings.items():
        assert f"StringStruct({key!r}, {value!r})" in text
    assert "0x0804, 1200" in text  # Simplified Chinese, Unicode


def test_inno_setup_script_is_per_user_with_a_start_menu_entry() -> None:
    text = _iss()
    assert _defines()["AppVersion"] == VERSION
    assert _defines()["AppName"] == APP_NAME
    assert re.search(r"^PrivilegesRequired=lowest$", text, re.MULTILINE)
    assert "{autoprograms}\\{#AppName}" in text  # Start menu → 年报
    assert "ChineseSimplified.isl" in text
    assert _iss().startswith("; Inno Setup")
    assert ISS.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Inno reads 年报 right


def test_files_the_script_names_beside_it_exist() -> None:
    text = _expand(_iss())
    icon = re.search(r"^SetupIconFile=(.+)$", text, re.MULTILINE)
    assert icon is not None
    assert (ISS.parent / icon[1].replace("\\", "/")).resolve().is_file()
    assert (ROOT / "resources" / "icons" / "nianbao.ico").read_bytes()[:4] == b"\0\0\1\0"


def _app_paths() -> set[str]:
    return set(re.findall(r'\{app\}\\([^"\s;]+)', _expand(_iss())))


@pytest.mark.skipif(not BUNDLE.is_dir(), reason="bundle not built (installer/build.sh)")
def test_paths_in_the_installed_folder_exist_in_the_bundle() -> None:
    """The Linux bundle has the Windows layout; only the program lacks ``.exe``."""
    paths = _app_paths()
    assert {"nianbao.exe", "_internal\\resources\\icons\\nianbao.ico"} <= paths
    for path in paths:
        relative = path.replace("\\", "/").removesuffix(".exe")
        assert (BUNDLE / relative).is_file(), path
    source = re.search(r'^Source: "([^"]+)\\\*"', _expand(_iss()), re.MULTILINE)
    assert source is not None
    assert (ISS.parent / source[1].replace("\\", "/")).resolve() == BUNDLE.resolve()
