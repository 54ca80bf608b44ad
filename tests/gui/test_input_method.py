"""fcitx desktops: the IBus plugin is chosen when Qt has no fcitx plugin (gui.input_method)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gui.input_method import choose_input_method, fcitx_is_the_input_method, qt_plugin_dirs


def _plugins(tmp_path: Path, *names: str) -> list[Path]:
    folder = tmp_path / "plugins" / "platforminputcontexts"
    folder.mkdir(parents=True)
    for name in names:
        (folder / f"lib{name}platforminputcontextplugin.so").write_bytes(b"")
    return [tmp_path / "plugins"]


@pytest.mark.parametrize(
    "env",
    [
        {"QT_IM_MODULE": "fcitx"},
        {"QT_IM_MODULE": "fcitx5"},
        {"XMODIFIERS": "@im=fcitx"},
        {"GTK_IM_MODULE": "fcitx", "QT_IM_MODULE": ""},
    ],
)
def test_fcitx_without_its_plugin_goes_through_ibus(tmp_path: Path, env: dict[str, str]) -> None:
    assert fcitx_is_the_input_method(env)
    assert choose_input_method(env, _plugins(tmp_path, "ibus", "compose")) == "ibus"
    assert env["QT_IM_MODULE"] == "ibus"
    assert env["IBUS_USE_PORTAL"] == "1"  # fcitx5 serves the IBus portal interface


def test_a_fcitx_plugin_in_the_bundle_is_used_as_it_is(tmp_path: Path) -> None:
    env = {"QT_IM_MODULE": "fcitx"}
    assert choose_input_method(env, _plugins(tmp_path, "ibus", "fcitx5")) is None
    assert env == {"QT_IM_MODULE": "fcitx"}


def test_other_input_methods_are_left_alone(tmp_path: Path) -> None:
    for i, env in enumerate(({"QT_IM_MODULE": "ibus"}, {}, {"XMODIFIERS": "@im=ibus"})):
        before = dict(env)
        assert choose_input_method(env, _plugins(tmp_path / str(i), "ibus")) is None
        assert env == before


def test_this_qt_has_the_ibus_plugin() -> None:
    """The fallback needs PySide6's own IBus plugin (inside the bundle too)."""
    folder = qt_plugin_dirs()[0] / "platforminputcontexts"
    assert any("ibus" in p.name for p in folder.iterdir())
