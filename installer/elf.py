"""The newest glibc an ELF file needs: the highest ``GLIBC_x.y`` of its version requirements.

A program or library built against a newer glibc records, in its ``.gnu.version_r`` section,
the versions of the glibc symbols it uses; the dynamic loader refuses to start it on an older
glibc. Reading that section tells, without running anything, which systems the bundle fits.

Usage: ``python -m installer.elf FOLDER`` prints the highest version and the files needing it.
"""

from __future__ import annotations

import re
import struct
import sys
from pathlib import Path

_SHT_GNU_VERNEED = 0x6FFFFFFE
_GLIBC = re.compile(r"^GLIBC_(\d+)\.(\d+)(?:\.(\d+))?$")


def is_elf(path: Path) -> bool:
    """Whether ``path`` is a regular file starting with the ELF magic."""
    if path.is_symlink() or not path.is_file():
        return False
    with path.open("rb") as handle:
        return handle.read(4) == b"\x7fELF"


def needed_versions(path: Path) -> set[str]:
    """The symbol versions (``GLIBC_2.17``, ``GLIBCXX_3.4`` …) an ELF file requires."""
    data = path.read_bytes()
    if data[4] != 2:  # 64-bit only: the bundle is x86_64 or arm64
        raise ValueError(f"{path}: not a 64-bit ELF file")
    end = "<" if data[5] == 1 else ">"
    (shoff,) = struct.unpack_from(end + "Q", data, 0x28)
    shentsize, shnum = struct.unpack_from(end + "HH", data, 0x3A)
    sections = []
    for i in range(shnum):
        fields = struct.unpack_from(end + "IIQQQQIIQQ", data, shoff + i * shentsize)
        sections.append(fields)
    found: set[str] = set()
    for _name, kind, _flags, _addr, offset, _size, link, info, _align, _entsize in sections:
        if kind != _SHT_GNU_VERNEED:
            continue
        strings = sections[link][4]
        entry = offset
        for _ in range(info):  # info = number of Verneed entries
            _version, count, _file, aux, next_entry = struct.unpack_from(end + "HHIII", data, entry)
            item = entry + aux
            for _ in range(count):
                _hash, _flags2, _other, name, next_aux = struct.unpack_from(
                    end + "IHHII", data, item
                )
                stop = data.index(b"\0", strings + name)
                found.add(data[strings + name : stop].decode("ascii"))
                item += next_aux
            entry += next_entry
            if next_entry == 0:
                break
    return found


def glibc_version(names: set[str]) -> tuple[int, ...]:
    """The highest ``GLIBC_x.y`` among ``names`` as a tuple (``()`` if none)."""
    versions = [
        tuple(int(g) for g in m.groups() if g is not None)
        for m in (_GLIBC.match(n) for n in names)
        if m
    ]
    return max(versions, default=())


def highest_glibc(folder: Path) -> tuple[tuple[int, ...], list[Path]]:
    """The highest glibc version any ELF file under ``folder`` needs, and the files needing it."""
    best: tuple[int, ...] = ()
    files: list[Path] = []
    for path in sorted(folder.rglob("*")):
        if not is_elf(path):
            continue
        version = glibc_version(needed_versions(path))
        if version > best:
            best, files = version, [path]
        elif version == best and version:
            files.append(path)
    return best, files


def main(argv: list[str]) -> int:
    best, files = highest_glibc(Path(argv[0]))
    print("GLIBC_" + ".".join(map(str, best)))
    for path in files:
        print(f"  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
