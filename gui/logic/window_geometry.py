"""Where the first window goes and how its panes share it, from the screen's available area.

Qt-free: rectangles are ``(x, y, width, height)`` tuples in logical pixels (what Qt's
``QScreen.availableGeometry()`` gives, after the scale factor). A 1920×1080 laptop at 150 %
scaling has about 1280×680 of them once the task bar is taken off; the window used to open at
1500×920 whatever the screen, running off its right and bottom edges.
"""

from __future__ import annotations

Rect = tuple[int, int, int, int]

PREFERRED = (1500, 920)
MARGIN = 0.04  # of the available width and height, left around a window that would fill it
NAVIGATOR = (150, 230)  # the navigator's narrowest and widest
EDITOR_MIN = 420  # the editor keeps a readable width (a table grid, a line of text)
RIGHT_SHARE = 0.36  # the preview and checks take about a third


TITLE_BAR = 32  # the window manager's title bar above the client area (about)


def first_geometry(available: Rect) -> Rect:
    """The first window's client area: the preferred size where it fits, centred in ``available``.

    Room is left for the title bar above it, so the whole frame stays on the screen.
    """
    x, y, width, height = available
    w = min(PREFERRED[0], int(width * (1 - MARGIN)))
    h = min(PREFERRED[1], int(height * (1 - MARGIN)) - TITLE_BAR)
    top = y + TITLE_BAR + (height - TITLE_BAR - h) // 2
    return (x + (width - w) // 2, top, w, h)


def fits(frame: Rect, available: Rect, slack: int = 8) -> bool:
    """Whether a saved window frame still lies inside the available area (screens change).

    ``slack`` allows for window frames drawn a few pixels outside (maximized windows).
    """
    fx, fy, fw, fh = frame
    x, y, width, height = available
    return (
        fx >= x - slack
        and fy >= y - slack
        and fx + fw <= x + width + slack
        and fy + fh <= y + height + slack
        and fw > 0
        and fh > 0
    )


def pane_sizes(width: int) -> list[int]:
    """Widths of navigator, editor and preview for a window ``width`` wide.

    The editor gets at least :data:`EDITOR_MIN` while the window has room for it; the navigator
    narrows first, then the preview.
    """
    navigator = max(NAVIGATOR[0], min(NAVIGATOR[1], int(width * 0.16)))
    right = int(width * RIGHT_SHARE)
    editor = width - navigator - right
    if editor < EDITOR_MIN:
        right = max(width // 4, width - navigator - EDITOR_MIN)
        editor = width - navigator - right
    return [navigator, editor, right]
