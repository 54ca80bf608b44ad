"""The export reference: a bare python-docx script that saves a one-paragraph document."""

from __future__ import annotations

import sys

from docx import Document


def main(path: str) -> int:
    """Write a one-paragraph .docx to ``path``."""
    document = Document()
    document.add_paragraph("政府信息公开工作年度报告")
    document.save(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
