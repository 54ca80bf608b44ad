"""Font profiles (which font family each typographic role uses) and their fallbacks.

Three profiles ship in ``resources/font_profiles.json``, each with a one-line description for
the export menu:

* ``standard`` (公文标准字体): 方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312, 宋体;
* ``windows`` (Windows 常用字体): 宋体, 仿宋, 黑体, 楷体 for workstations without the GB fonts;
* ``xinchuang`` (信创系统字体): 方正小标宋_GBK, 方正仿宋_GBK, 方正黑体_GBK, 方正楷体_GBK,
  方正书宋_GBK, the faces that UOS and Kylin desktops ship.

The file also describes each face for the Word file's font table (:class:`Face`: alternate
name, East Asian charset, family, pitch), so Word and WPS substitute the right kind of face
where one is missing.

The Word file names these families (Word/WPS on the clerk's machine draws them). The preview
and the PDF must draw with fonts that exist on *this* machine, so each family has a fallback
chain; the first one installed is used. On a Linux machine with only ``fonts-noto-cjk`` that
is Noto Serif CJK SC (仿宋, 楷体, 宋体; bold for 小标宋) and Noto Sans CJK SC (黑体); Latin
and digits use Liberation Serif in place of Times New Roman.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PROFILES_PATH = Path(__file__).resolve().parent.parent / "resources" / "font_profiles.json"
DEFAULT_PROFILE = "standard"


@dataclass(frozen=True)
class FontProfile:
    """The families of one profile by role: ``title``, ``body``, ``heading``, ``kai``, ``song``."""

    id: str
    label: str
    families: dict[str, str]
    bold_title: bool
    latin: str
    description: str = ""

    def family(self, role: str) -> str:
        """The family named in the document for a role."""
        return self.families[role]


@dataclass(frozen=True)
class Face:
    """What the Word file's font table says of a face (``w:font`` in ``fontTable.xml``).

    Attributes:
        name: the family name the document uses.
        alt: another name of the same or the closest face (``w:altName``), or "".
        charset: the Windows charset, hex: ``86`` GB2312 (Simplified Chinese), ``00`` ANSI.
        family: ``roman``, ``swiss``, ``modern``, ``script``, ``decorative`` or ``auto``.
        pitch: ``fixed`` or ``variable``.
        panose: the PANOSE-1 classification (20 hex digits) where known, else "".
    """

    name: str
    alt: str
    charset: str
    family: str
    pitch: str
    panose: str


@dataclass(frozen=True)
class FontFile:
    """A font file on this machine; ``index`` selects the face in a collection (.ttc)."""

    path: Path
    index: int
    bold: bool


#: Known file names of families: family → (regular file, face index, bold file or "").
_KNOWN_FILES: dict[str, tuple[str, int, str]] = {
    "Noto Serif CJK SC": ("NotoSerifCJK-Regular.ttc", 2, "NotoSerifCJK-Bold.ttc"),
    "Noto Sans CJK SC": ("NotoSansCJK-Regular.ttc", 2, "NotoSansCJK-Bold.ttc"),
    "AR PL UKai CN": ("ukai.ttc", 0, ""),
    "宋体": ("simsun.ttc", 0, ""),
    "SimSun": ("simsun.ttc", 0, ""),
    "黑体": ("simhei.ttf", 0, ""),
    "SimHei": ("simhei.ttf", 0, ""),
    "仿宋": ("simfang.ttf", 0, ""),
    "FangSong": ("simfang.ttf", 0, ""),
    "楷体": ("simkai.ttf", 0, ""),
    "KaiTi": ("simkai.ttf", 0, ""),
    "仿宋_GB2312": ("仿宋_GB2312.ttf", 0, ""),
    "楷体_GB2312": ("楷体_GB2312.ttf", 0, ""),
    "方正小标宋简体": ("FZXBSJW.TTF", 0, ""),
    "方正小标宋_GBK": ("FZXBSK.TTF", 0, ""),
    "方正仿宋_GBK": ("FZFSK.TTF", 0, ""),
    "方正黑体_GBK": ("FZHTK.TTF", 0, ""),
    "方正楷体_GBK": ("FZKTK.TTF", 0, ""),
    "方正书宋_GBK": ("FZSSK.TTF", 0, ""),
    "Times New Roman": ("times.ttf", 0, "timesbd.ttf"),
    "Liberation Serif": ("LiberationSerif-Regular.ttf", 0, "LiberationSerif-Bold.ttf"),
    "DejaVu Serif": ("DejaVuSerif.ttf", 0, "DejaVuSerif-Bold.ttf"),
}


@cache
def _raw() -> dict[str, object]:
    data: dict[str, object] = json.loads(PROFILES_PATH.read_text(encoding="utf-8"))
    return data


@cache
def profiles() -> dict[str, FontProfile]:
    """All font profiles by id."""
    out: dict[str, FontProfile] = {}
    for key, raw in _raw().items():
        if key in ("fallbacks", "faces") or not isinstance(raw, dict):
            continue
        out[key] = FontProfile(
            id=key,
            label=str(raw["label"]),
            families={str(k): str(v) for k, v in raw["families"].items()},
            bold_title=bool(raw.get("bold_title", False)),
            latin=str(raw.get("latin", "Times New Roman")),
            description=str(raw.get("description", "")),
        )
    return out


def face(name: str) -> Face:
    """The font-table entry of a family (a Chinese face of unknown detail: GB2312, auto)."""
    raw = _raw().get("faces", {})
    assert isinstance(raw, dict)
    entry = raw.get(name, {})
    return Face(
        name=name,
        alt=str(entry.get("alt", "")),
        charset=str(entry.get("charset", "86")),
        family=str(entry.get("family", "auto")),
        pitch=str(entry.get("pitch", "variable")),
        panose=str(entry.get("panose", "")),
    )


def get_profile(profile_id: str) -> FontProfile:
    """A profile by id.

    Raises:
        ValueError: unknown profile (message in Chinese, lists the choices).
    """
    found = profiles().get(profile_id)
    if found is None:
        names = "、".join(f"{p.id}（{p.label}）" for p in profiles().values())
        raise ValueError(f"未知的字体方案“{profile_id}”，可用：{names}")
    return found


def fallback_chain(family: str) -> list[tuple[str, bool]]:
    """The family and its fallbacks, in order, each with whether to draw it bold."""
    raw = _raw().get("fallbacks", {})
    assert isinstance(raw, dict)
    out: list[tuple[str, bool]] = [(family, False)]
    for entry in raw.get(family, []):
        name, _, flag = str(entry).partition(":")
        out.append((name, flag == "bold"))
    return out


def pick_family(family: str, available: Callable[[str], bool]) -> tuple[str, bool]:
    """The first family of the fallback chain that ``available`` accepts (else the last)."""
    chain = fallback_chain(family)
    for name, bold in chain:
        if available(name):
            return name, bold
    return chain[-1]


def _font_dirs() -> list[Path]:
    home = Path.home()
    dirs = [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".local" / "share" / "fonts",
        home / ".fonts",
        Path("/Library/Fonts"),
        Path("/System/Library/Fonts"),
        home / "Library" / "Fonts",
    ]
    windir = os.environ.get("WINDIR")
    if windir:
        dirs.append(Path(windir) / "Fonts")
    local = os.environ.get("LOCALAPPDATA")
    if local:
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return [d for d in dirs if d.is_dir()]


@cache
def _file_index() -> dict[str, Path]:
    """Lower-cased file name → path of every font file in the usual folders."""
    out: dict[str, Path] = {}
    for folder in _font_dirs():
        for root, _dirs, files in os.walk(folder):
            for name in files:
                if name.lower().endswith((".ttf", ".ttc", ".otf")):
                    out.setdefault(name.lower(), Path(root) / name)
    return out


def font_file(family: str, bold: bool = False) -> FontFile | None:
    """The file of a family on this machine (bold face if there is one), or None."""
    known = _KNOWN_FILES.get(family)
    if known is None:
        return None
    regular, index, bold_name = known
    index_map = _file_index()
    if bold and bold_name and bold_name.lower() in index_map:
        return FontFile(index_map[bold_name.lower()], index, True)
    path = index_map.get(regular.lower())
    return None if path is None else FontFile(path, index, False)


def resolve_family(family: str, bold: bool = False) -> tuple[str, FontFile]:
    """The family of the fallback chain that draws ``family`` here, and its file.

    Raises:
        ValueError: no font of the chain is installed (message in Chinese).
    """
    for name, chain_bold in fallback_chain(family):
        found = font_file(name, bold or chain_bold)
        if found is not None:
            return name, found
    raise ValueError(f"本机没有可用于“{family}”的字体，请安装 Noto CJK 字体（fonts-noto-cjk）")


def resolve_file(family: str, bold: bool = False) -> FontFile:
    """The installed file to draw ``family`` with, following the fallback chain.

    Raises:
        ValueError: no font of the chain is installed (message in Chinese).
    """
    return resolve_family(family, bold)[1]


def glyph_candidates(family: str, drawn_with: str) -> list[tuple[str, bool]]:
    """The families to try, in order, for a character that ``drawn_with`` (the face drawing
    ``family`` here) lacks: the rest of the family's fallback chain, then the general CJK
    faces of ``resources/font_profiles.json`` (``glyph_fallbacks``); each with its bold flag.

    The PDF writer and the preview both take the first one that has the glyph, so they draw
    every character with the same face.
    """
    chain = fallback_chain(family)
    names = [name for name, _ in chain]
    start = names.index(drawn_with) + 1 if drawn_with in names else 0
    general = _raw().get("glyph_fallbacks", [])
    assert isinstance(general, list)
    rest = [(str(name), False) for name in general if name not in names]
    return [entry for entry in chain[start:] if entry[0] != drawn_with] + rest


def choose_face(
    family: str, drawn_with: str, bold: bool, has_glyph: Callable[[str, bool], bool]
) -> tuple[str, bool] | None:
    """The first of :func:`glyph_candidates` for which ``has_glyph(name, bold)`` holds (the
    character's fallback face and whether bold), or None where no installed face has it."""
    for name, chain_bold in glyph_candidates(family, drawn_with):
        if has_glyph(name, bold or chain_bold):
            return name, bold or chain_bold
    return None
