"""The few ``Qt`` enum values the first frame needs, set without building the ``Qt`` namespace.

The first use of ``PySide6.QtCore.Qt`` makes PySide6 build every enum of that namespace as a
Python enum class: 94 classes with 1,195 members, 25–40 ms on the benchmark machine. That is a
tenth of the time a bare PySide6 window takes to its first paint, and it was the largest single
start-up cost the app had that the bare window has not (``docs/performance.md``, round 4). The
first frame needs only a handful of those values, so the widgets built before it set them by
number, through Qt's property system (Qt converts an ``int`` to the property's enum type), and
modules on the way to the first paint do not import ``Qt`` at module level. Code that runs later
uses ``Qt`` as usual.

The numbers are Qt's own and part of its binary interface; ``tests/gui/test_qt_before_paint.py``
compares each with its enum, and ``tests/gui/test_first_paint.py`` checks that the launched app
paints its first frame without the namespace.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

#: ``Qt.Orientation.Vertical``.
VERTICAL = 0x2
#: ``Qt.AlignmentFlag.AlignCenter``.
ALIGN_CENTER = 0x84
#: ``Qt.ToolButtonStyle.ToolButtonTextOnly``.
TOOL_BUTTON_TEXT_ONLY = 1
#: ``Qt.ItemDataRole.DisplayRole``.
DISPLAY_ROLE = 0
#: ``Qt.ItemDataRole.UserRole``: the first item data role an application may use for its own.
USER_ROLE = 0x100


def set_enum_property(target: QObject, name: str, value: int) -> None:
    """Set ``target``'s enum property ``name`` to Qt's ``value``.

    Raises:
        ValueError: ``target`` has no such property or refused the value (``setProperty`` would
            otherwise quietly add a dynamic property of that name).
    """
    if not target.setProperty(name, value):
        raise ValueError(f"{type(target).__name__} has no enum property {name!r} for {value}")
