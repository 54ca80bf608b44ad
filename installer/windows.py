"""Windows: the version resource of ``nianbao.exe`` and the values the Inno Setup script uses.

The Windows build cannot be made or run on the Linux machines of CI; what can be checked there
is checked by ``tests/test_installer_windows.py``: the version resource's data, and that every
file the ``.iss`` script names exists in the bundle.
"""

from __future__ import annotations

from models.storage.about import APP_NAME, VERSION

COMPANY = "Nianbao"
DESCRIPTION = "年报：政府信息公开工作年度报告编制工具"
EXE_NAME = "nianbao"  # nianbao.exe (windowed); nianbao-cli.exe for the command line


def version_tuple(version: str = VERSION) -> tuple[int, int, int, int]:
    """``"0.1.0"`` → ``(0, 1, 0, 0)``: the four numbers of a Windows file version."""
    numbers = [int(part) for part in version.split(".")]
    if not 1 <= len(numbers) <= 4 or any(not 0 <= n <= 0xFFFF for n in numbers):
        raise ValueError(f"版本号“{version}”不能用作 Windows 文件版本")
    return (*numbers, *[0] * (4 - len(numbers)))  # type: ignore[return-value]


def version_strings(version: str = VERSION) -> dict[str, str]:
    """The string table of the version resource (what Explorer's 属性 → 详细信息 shows)."""
    return {
        "CompanyName": COMPANY,
        "FileDescription": DESCRIPTION,
        "FileVersion": version,
        "InternalName": EXE_NAME,
        "LegalCopyright": "MIT License",
        "OriginalFilename": f"{EXE_NAME}.exe",
        "ProductName": APP_NAME,
        "ProductVersion": version,
    }


def version_resource(version: str = VERSION) -> str:
    """PyInstaller's version file (a ``VSVersionInfo`` expression) for ``EXE(version=...)``.

    The string table is for Simplified Chinese (0x0804) in Unicode (code page 1200).
    """
    numbers = version_tuple(version)
    strings = ",\n".join(
        f"          StringStruct({key!r}, {value!r})"
        for key, value in version_strings(version).items()
    )
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3f, flags=0x0,
                    OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([
      StringTable('080404b0', [
{strings}
      ])
    ]),
    VarFileInfo([VarStruct('Translation', [0x0804, 1200])])
  ]
)
"""
