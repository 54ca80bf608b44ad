"""The Linux packages: the OCR add-on takes exactly the scan reader's libraries."""

from __future__ import annotations

from pathlib import Path

from installer.deb import OCR_ID, control, ocr_only_distributions, ocr_parts
from models.storage.about import VERSION


def test_the_add_on_holds_what_only_the_scan_reader_needs() -> None:
    ocr = ocr_only_distributions()
    assert {"rapidocr", "onnxruntime", "opencv-python-headless"} <= ocr
    assert "numpy" not in ocr  # see installer.deb.KEEP_IN_PROGRAM
    shared = {"pyside6-essentials", "sqlalchemy", "python-docx", "pdfplumber", "pillow", "lxml"}
    assert not ocr & shared  # the program reads every other format without the add-on


def test_the_bundle_s_ocr_folders_are_picked_from_its_internal_folder(tmp_path: Path) -> None:
    internal = tmp_path / "_internal"
    for name in ("cv2", "onnxruntime", "rapidocr", "numpy", "numpy.libs", "PySide6", "docx"):
        (internal / name).mkdir(parents=True)
    (internal / "base_library.zip").write_bytes(b"")
    picked = {path.name for path in ocr_parts(internal)}
    assert {"cv2", "onnxruntime", "rapidocr"} <= picked
    assert not picked & {"PySide6", "docx", "base_library.zip", "numpy", "numpy.libs"}


def test_the_add_on_requires_the_same_version_of_the_program() -> None:
    text = control(1000, ocr=True)
    assert f"Package: {OCR_ID}" in text
    assert f"Depends: cn.nianbao.app (= {VERSION})" in text
    assert f"Suggests: {OCR_ID}" in control(1000)
