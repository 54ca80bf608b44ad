"""Page-image geometry for scans (OpenCV): grey pages, deskewing, ruled tables, ink in a cell.

The table cells come from pdfplumber's own table geometry (the same code that finds the ruled
tables of a text PDF), fed with the ruling lines OpenCV finds in the image.
"""

from __future__ import annotations

from typing import Any

#: Largest skew corrected, in degrees (a page fed crooked into a scanner: 1–3°).
MAX_SKEW = 5.0
#: Skew below which the page is left as it is.
MIN_SKEW = 0.2
#: A ruling is at least this share of the page width (horizontal) or height (vertical) long.
_H_RULE = 1 / 30
_V_RULE = 1 / 60
#: Share of a ruling's window that must be ink.
_RULE_DENSITY = 0.85
#: Pixels within which rulings snap together and meet (lines a few pixels thick at 150 dpi).
_TOLERANCE = 6
#: Share of isolated dark pixels above which a page is speckled (a clean scan: under 0.01 %).
_SPECKS = 0.0005
#: A ruled table is at least this many cells (a box around a paragraph is not a table).
_MIN_CELLS = 4

Box = tuple[float, float, float, float]


def to_grey(array: Any) -> Any:
    """A 2-D uint8 grey image from a grey, RGB, BGRA or palette array."""
    import cv2
    import numpy

    image = numpy.ascontiguousarray(array)
    if image.ndim == 3 and image.shape[2] == 1:
        image = image[:, :, 0]
    if image.ndim == 3:
        code = cv2.COLOR_BGRA2GRAY if image.shape[2] == 4 else cv2.COLOR_BGR2GRAY
        image = cv2.cvtColor(image, code)
    return image.astype(numpy.uint8, copy=False)


def speckled(grey: Any) -> bool:
    """Whether the page is strewn with specks (dust, a copy of a copy): more than
    :data:`_SPECKS` of its pixels are dark with no dark neighbour."""
    import cv2
    import numpy

    dark = (grey < 128).astype(numpy.uint8)
    neighbours = cv2.filter2D(dark, -1, numpy.ones((3, 3), numpy.float32)) - dark
    return float(((dark == 1) & (neighbours == 0)).mean()) > _SPECKS


def despeckle(grey: Any) -> Any:
    """The page for the recogniser: specks taken out (a 3×3 median) when it is speckled."""
    import cv2

    return cv2.medianBlur(grey, 3) if speckled(grey) else grey


def _ink(grey: Any) -> Any:
    """Dark pixels as 255 on 0 (Otsu's threshold: works for clean and noisy scans alike)."""
    import cv2

    _, binary = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return binary


def skew_angle(grey: Any) -> float:
    """The page's skew in degrees (positive: turned anticlockwise), from the angle at which the
    rows of ink are sharpest (projection profile on a half-size image)."""
    import cv2
    import numpy

    small = cv2.resize(_ink(grey), None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    h, w = small.shape
    centre = (w / 2, h / 2)

    def sharpness(angle: float) -> float:
        matrix = cv2.getRotationMatrix2D(centre, angle, 1.0)
        turned = cv2.warpAffine(small, matrix, (w, h), flags=cv2.INTER_NEAREST)
        return float(numpy.var(turned.sum(axis=1, dtype=numpy.float64)))

    coarse = max(numpy.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.25), key=sharpness)
    fine = max(numpy.arange(coarse - 0.25, coarse + 0.26, 0.05), key=sharpness)
    return -float(fine)


def deskew(grey: Any) -> Any:
    """The page turned straight (white fills the corners)."""
    import cv2

    angle = skew_angle(grey)
    if abs(angle) < MIN_SKEW:
        return grey
    h, w = grey.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
    return cv2.warpAffine(
        grey, matrix, (w, h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_CONSTANT, borderValue=255
    )


def _rulings(binary: Any, horizontal: bool) -> list[dict[str, Any]]:
    """Long straight lines as pdfplumber edges (``x0``, ``x1``, ``top``, ``bottom``).

    A ruling is where a window of :data:`_H_RULE` of the page width (or :data:`_V_RULE` of its
    height) along the line is almost all ink: a few pixels knocked out by noise do not cut it,
    and no stroke of a character is that long.
    """
    import cv2
    import numpy

    h, w = binary.shape
    size = (max(int(w * _H_RULE), 10), 1) if horizontal else (1, max(int(h * _V_RULE), 10))
    density = cv2.blur((binary > 0).astype(numpy.float32), size)
    core = (density >= _RULE_DENSITY).astype(numpy.uint8) * 255
    lines = cv2.dilate(core, cv2.getStructuringElement(cv2.MORPH_RECT, size))
    count, _, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    edges: list[dict[str, Any]] = []
    for x, y, bw, bh, _ in stats[1:count]:
        if horizontal:
            mid = float(y + bh / 2)
            edges.append(_edge("h", float(x), float(x + bw), mid, mid))
        else:
            mid = float(x + bw / 2)
            edges.append(_edge("v", mid, mid, float(y), float(y + bh)))
    return edges


def _edge(orientation: str, x0: float, x1: float, top: float, bottom: float) -> dict[str, Any]:
    return {
        "orientation": orientation,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
    }


def ruled_tables(grey: Any) -> list[tuple[Box, list[Box]]]:
    """Every ruled table of the page: its box and its cells, top to bottom."""
    from pdfplumber.table import (
        cells_to_tables,
        edges_to_intersections,
        intersections_to_cells,
        merge_edges,
    )

    binary = _ink(grey)
    edges = _rulings(binary, True) + _rulings(binary, False)
    if not edges:
        return []
    t = _TOLERANCE
    merged = merge_edges(edges, t, t, t, t)
    cells = intersections_to_cells(edges_to_intersections(merged, t, t))
    out: list[tuple[Box, list[Box]]] = []
    for table in cells_to_tables(cells):
        if len(table) < _MIN_CELLS:
            continue
        box = (
            min(c[0] for c in table),
            min(c[1] for c in table),
            max(c[2] for c in table),
            max(c[3] for c in table),
        )
        out.append((box, [tuple(float(v) for v in c) for c in table]))  # type: ignore[misc]
    out.sort(key=lambda item: item[0][1])
    return out


def cell_image(grey: Any, cell: Box) -> Any:
    """The inside of a cell, its rulings left out."""
    x0, y0, x1, y1 = (int(v) for v in cell)
    inset = _TOLERANCE
    return grey[y0 + inset : y1 - inset, x0 + inset : x1 - inset]


def ink_share(grey: Any, cell: Box) -> float:
    """Share of a cell's inside (rulings and specks left out) covered by ink."""
    import cv2

    part = cell_image(grey, cell)
    if part.size == 0:
        return 0.0
    _, binary = cv2.threshold(part, 128, 255, cv2.THRESH_BINARY_INV)
    cleaned = cv2.morphologyEx(
        binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (2, 2))
    )
    return float(cleaned.mean() / 255)
