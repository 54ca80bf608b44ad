"""The hierarchy of units used by 汇总 reports: parents, children and levels."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.domain.deadlines import LEVELS
from models.domain.errors import KnownError
from models.domain.summary import OWN_SUFFIX as OWN_SUFFIX
from models.domain.summary import own_unit_name as own_unit_name
from models.storage.orm import Unit
from models.storage.repository import NotFoundError, get_or_create_unit, get_unit


class UnitTreeError(KnownError, ValueError):
    """A change to the hierarchy that cannot be made; the message is in Chinese."""


def require_unit(session: Session, name: str) -> Unit:
    """The unit called ``name``.

    Raises:
        NotFoundError: no such unit.
    """
    unit = get_unit(session, name)
    if unit is None:
        raise NotFoundError(f"没有名为“{name}”的单位")
    return unit


def children_of(session: Session, parent: str) -> list[str]:
    """Names of the direct subordinate units of ``parent``, sorted (empty if none)."""
    unit = get_unit(session, parent)
    if unit is None:
        return []
    stmt = select(Unit.name).where(Unit.parent_id == unit.id).order_by(Unit.name)
    return list(session.scalars(stmt))


def set_parent(session: Session, child: str, parent: str | None, level: str | None = None) -> Unit:
    """Put ``child`` under ``parent`` (``None`` detaches it), optionally setting its level.

    Both units are created if they do not exist yet, so a district can lay out its hierarchy
    before the first report arrives.

    Raises:
        UnitTreeError: the unit would become its own ancestor, or the level is unknown.
    """
    if level is not None and level not in LEVELS:
        raise UnitTreeError(f"未知的单位层级“{level}”（可用：{'、'.join(LEVELS)}）")
    unit = get_or_create_unit(session, child)
    if parent is not None:
        if parent == child:
            raise UnitTreeError(f"“{child}”不能作为自己的上级单位")
        upper = get_or_create_unit(session, parent)
        ancestor: Unit | None = upper
        while ancestor is not None:
            if ancestor.id == unit.id:
                raise UnitTreeError(
                    f"不能把“{child}”设为“{parent}”的下级：“{parent}”已经是它的下级单位"
                )
            ancestor = ancestor.parent
        unit.parent = upper
    else:
        unit.parent = None
    if level is not None:
        unit.level = level
    session.flush()
    return unit


def set_level(session: Session, name: str, level: str | None) -> None:
    """Set (or clear, with ``None``) the level of an existing unit.

    Raises:
        UnitTreeError: the level is unknown.
        NotFoundError: no such unit.
    """
    if level is not None and level not in LEVELS:
        raise UnitTreeError(f"未知的单位层级“{level}”（可用：{'、'.join(LEVELS)}）")
    require_unit(session, name).level = level
    session.flush()


def level_of(session: Session, name: str) -> str | None:
    """The level of the unit called ``name`` (``None`` if unset or no such unit)."""
    unit = get_unit(session, name)
    return None if unit is None else unit.level
