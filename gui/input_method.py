"""Chinese input with fcitx (UOS, Kylin): talk to fcitx5 through its IBus-compatible frontend.

Qt finds input methods through plugins. PySide6's wheels ship the ``ibus`` and ``compose``
plugins, not fcitx's; on a desktop set up for fcitx (``QT_IM_MODULE=fcitx``) Qt then finds no
plugin and the clerk cannot type 汉字. fcitx5 also answers on the IBus D-Bus interface (its
``ibusfrontend`` addon, on by default), so when fcitx is the desktop's input method and this Qt
has no fcitx plugin, the IBus plugin is chosen instead, through the IBus *portal* interface
(``IBUS_USE_PORTAL=1``): fcitx5 serves ``org.freedesktop.portal.IBus`` on the session bus,
while the address file it writes for plain IBus clients names no bus (seen with fcitx5 5.0.21:
``IBUS_ADDRESS=`` empty, keys then reach the field untranslated). A fcitx plugin built for
this very Qt, if one is put into the bundle's ``platforminputcontexts``, is used as it is.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, MutableMapping
from pathlib import Path

FCITX_NAMES = ("fcitx", "fcitx5")


def fcitx_is_the_input_method(env: MutableMapping[str, str]) -> bool:
    """Whether the desktop session chose fcitx (the variables im-config and fcitx5 set)."""
    chosen = {env.get("QT_IM_MODULE", ""), env.get("GTK_IM_MODULE", "")}
    chosen |= set(env.get("QT_IM_MODULES", "").split(";"))
    return bool(chosen & set(FCITX_NAMES)) or env.get("XMODIFIERS", "") in (
        "@im=fcitx",
        "@im=fcitx5",
    )


def plugin_names(plugin_dirs: Iterable[Path]) -> set[str]:
    """The input-context plugins found (names such as ``libibusplatforminputcontextplugin``)."""
    names: set[str] = set()
    for folder in plugin_dirs:
        contexts = folder / "platforminputcontexts"
        if contexts.is_dir():
            names |= {p.stem.lower() for p in contexts.iterdir()}
    return names


def choose_input_method(env: MutableMapping[str, str], plugin_dirs: Iterable[Path]) -> str | None:
    """Use Qt's IBus plugin through fcitx's portal when fcitx is wanted but Qt has no plugin for it.

    Returns the module chosen, or ``None`` when nothing was changed.
    """
    if not fcitx_is_the_input_method(env):
        return None
    names = plugin_names(plugin_dirs)
    if any("fcitx" in name for name in names):
        return None
    if not any("ibus" in name for name in names):
        return None
    env["QT_IM_MODULE"] = "ibus"
    env["QT_IM_MODULES"] = "ibus;compose"
    env["IBUS_USE_PORTAL"] = "1"
    return "ibus"


def qt_plugin_dirs() -> list[Path]:
    """Where this Qt looks for plugins (without making a QApplication)."""
    from PySide6.QtCore import QLibraryInfo

    return [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))]


def use_fcitx_through_ibus() -> str | None:
    """Before the QApplication is made: :func:`choose_input_method` on this process."""
    return choose_input_method(os.environ, qt_plugin_dirs())
