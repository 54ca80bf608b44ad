"""Skips for tests that need what only a prepared machine has (``.ci/run`` installs it)."""

from __future__ import annotations

import functools

import pytest


@functools.cache
def cjk_fonts_installed() -> bool:
    """Whether every role of the standard font profile resolves to an installed font file."""
    from exporters.fonts import get_profile, resolve_file

    profile = get_profile("standard")
    try:
        for family in profile.families.values():
            resolve_file(family)
        resolve_file(profile.latin)
    except ValueError:
        return False
    return True


needs_cjk_fonts = pytest.mark.skipif(
    not cjk_fonts_installed(), reason="no Chinese fonts (fonts-noto-cjk); .ci/run installs them"
)
