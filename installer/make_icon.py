"""Draw the program's icon (a red seal with 年) into ``resources/icons`` as PNG and ICO.

Run once when the design changes (``uv run python -m installer.make_icon``); the files are
committed, so building needs no fonts. Needs a bold CJK font (Noto Sans CJK on Linux).
"""

from __future__ import annotations

from PIL import Image, ImageDraw, ImageFont

from exporters.fonts import font_file
from installer.manifest import ROOT

ICONS = ROOT / "resources" / "icons"
SIZE = 256
RED = (196, 30, 36, 255)


def draw(size: int = SIZE) -> Image.Image:
    """The icon: 年 in white on a rounded red square."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((8, 8, size - 8, size - 8), radius=size // 6, fill=RED)
    face = font_file("Noto Sans CJK SC", bold=True)
    if face is None:
        raise SystemExit("需要 Noto Sans CJK 字体（fonts-noto-cjk）")
    font = ImageFont.truetype(str(face.path), int(size * 0.68), index=face.index)
    pen.text((size / 2, size / 2), "年", font=font, fill="white", anchor="mm")
    return image


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    image = draw()
    image.save(ICONS / "nianbao.png")
    image.save(ICONS / "nianbao.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (256, 256)])


if __name__ == "__main__":
    main()
