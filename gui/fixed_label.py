"""Status-bar labels whose new text does not relay the window out.

A label that changes its text asks its parent's layout to be redone (its size hint changed),
and in the status bar that relays the whole main window out and repaints it: the save state
changes on the first edit after every save, inside the keystroke. A label whose minimum and
maximum size are equal does not ask (``QWidget::updateGeometry`` skips fixed-size widgets),
so the label keeps a fixed size that fits its usual texts and only grows for a longer one.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

#: The widest of the save state's usual texts (``已保存 HH:MM:SS``; ``正在保存…`` is shorter).
SAVE_SAMPLE = "已保存 00:00:00"


def show_fixed(label: QLabel, text: str, sample: str = SAVE_SAMPLE) -> None:
    """Show ``text`` in ``label`` at a fixed size that fits it and ``sample``."""
    metrics = label.fontMetrics()
    pad = 2 * (label.margin() + label.frameWidth()) + metrics.horizontalAdvance(" ")
    width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(text)) + pad
    if label.minimumWidth() != width or label.maximumWidth() != width:
        label.setFixedWidth(width)
    height = metrics.height() + 2 * (label.margin() + label.frameWidth())
    if label.minimumHeight() != height or label.maximumHeight() != height:
        label.setFixedHeight(height)
    label.setText(text)
