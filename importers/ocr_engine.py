"""Local OCR of one page image with RapidOCR (PP-OCR ONNX models shipped inside its wheel).

Imported only when a scan is read: ``rapidocr``, ``onnxruntime`` and OpenCV take a few seconds
and a few hundred MB to load, which the app's start and every other import never pay.

Nothing is ever downloaded: the three model files are passed by path from the installed
package, and RapidOCR reads the recognition alphabet from the ONNX file itself, so its download
code (used only when a path is missing) is never reached. :func:`model_files` is also what the
installer bundles.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

#: Detection input: the page is scaled so that its longer side is at most this many pixels.
#: 960 reads every line of a 150 dpi A4 page (text 10–16 px high at that scale) at half the
#: time of RapidOCR's default (736 px on the shorter side, i.e. about 1040 px on the longer).
DETECT_SIDE = 960
#: Model files inside the ``rapidocr`` package (detection, recognition, orientation).
MODELS = {
    "Det": "PP-OCRv6_det_small.onnx",
    "Rec": "PP-OCRv6_rec_small.onnx",
    "Cls": "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
}


@dataclass(frozen=True)
class OcrBox:
    """One text line found on the page.

    Attributes:
        text: the recognised text.
        score: the recogniser's confidence, 0–1.
        x0, top, x1, bottom: the axis-aligned box, in pixels of the page image.
    """

    text: str
    score: float
    x0: float
    top: float
    x1: float
    bottom: float


def package_dir() -> Path:
    """The installed ``rapidocr`` package (its models and config files)."""
    import rapidocr

    return Path(rapidocr.__file__).resolve().parent


def model_files() -> list[Path]:
    """The model files the reader uses, from the installed package."""
    models = package_dir() / "models"
    return [models / name for name in MODELS.values()]


@lru_cache(maxsize=1)
def _engine() -> Any:
    """The RapidOCR engine (loading the models takes 2–3 s; kept for the next page or file)."""
    from rapidocr import RapidOCR

    models = package_dir() / "models"
    params: dict[str, object] = {
        "Global.use_cls": False,  # pages are upright; deskewing is done before
        "Global.log_level": "error",
        "Det.limit_side_len": DETECT_SIDE,
        "Det.limit_type": "max",
    }
    for stage, name in MODELS.items():
        path = models / name
        if not path.is_file():  # never let RapidOCR fetch a missing model
            raise FileNotFoundError(f"OCR model missing: {path}")
        params[f"{stage}.model_path"] = str(path)
    return RapidOCR(params=params)


def recognise(image: Any) -> list[OcrBox]:
    """The text lines of ``image`` (a grey or colour numpy array), top to bottom."""
    # Every call names its stages: RapidOCR keeps the last call's choice (see read_line).
    result = _engine()(image, use_det=True, use_cls=False, use_rec=True)
    if result.boxes is None or result.txts is None:
        return []
    out: list[OcrBox] = []
    for box, text, score in zip(result.boxes, result.txts, result.scores, strict=True):
        xs = [float(p[0]) for p in box]
        ys = [float(p[1]) for p in box]
        out.append(OcrBox(str(text), float(score), min(xs), min(ys), max(xs), max(ys)))
    out.sort(key=lambda b: (b.top, b.x0))
    return out


def read_line(image: Any) -> tuple[str, float]:
    """Recognise ``image`` as one line of text, without detection (a table cell in which
    detection found nothing though it has ink): the text and its confidence."""
    result = _engine()(image, use_det=False, use_cls=False, use_rec=True)
    if not result.txts:
        return "", 0.0
    return str(result.txts[0]), float(result.scores[0])
