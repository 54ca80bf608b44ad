"""Dialogs of other parts of the app, imported only when the clerk asks for them."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from gui.dialogs import Dialogs

#: (module, function, menu text) of each feature dialog.
FEATURES: dict[str, tuple[str, str, str]] = {
    "import": ("gui.import_dialog", "open_import_dialog", "导入已发布的年报"),
    "import_url": ("gui.import_dialog", "open_url_import_dialog", "从网址导入已发布的年报"),
    "compare": ("gui.compare_view", "open_compare_dialog", "与上年比较"),
    "aggregate": ("gui.aggregate_view", "open_aggregate_dialog", "汇总"),
    "versions": ("gui.signoff_view", "open_versions_dialog", "定稿与版本"),
    "restore": ("gui.restore_dialog", "open_restore_dialog", "恢复备份"),
    "connection": ("gui.connection_dialog", "open_connection_dialog", "数据库连接"),
}


class FeatureMissing(Exception):
    """The feature is not part of this build."""


def feature_function(name: str) -> Callable[..., Any]:
    """The entry function of a feature dialog.

    Raises:
        FeatureMissing: its module is not present (yet).
    """
    module_name, function, _label = FEATURES[name]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name is not None and module_name.startswith(error.name):
            raise FeatureMissing(name) from error
        raise
    entry = getattr(module, function, None)
    if entry is None:
        raise FeatureMissing(name)
    return entry  # type: ignore[no-any-return]


def run_feature(name: str, dialogs: Dialogs, parent: QWidget, *args: Any) -> Any:
    """Open a feature dialog; a missing one gets a polite message and ``None``."""
    try:
        entry = feature_function(name)
    except FeatureMissing:
        label = FEATURES[name][2]
        dialogs.info(parent, label, f"“{label}”功能尚未包含在本版本中，敬请期待。")
        return None
    return entry(parent, *args)
