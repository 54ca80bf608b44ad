"""Every editable field of a report as data: what it is called, what kind it is, where it is stored.

An edit names its field with a :class:`Target`: a cell of a table (``Target.cell("t3.…")``), a
text field (the title, the preamble, a text chapter, the signing unit) or the signing date. The
editor, the undo history, autosave, the revision-checked writes and the widgets all use it; code
that needs to know more about a field asks the :class:`FieldRegistry` of the report's edition
(:func:`fields_of`), which is built from the edition file (its text chapters and table cells)
plus the fixed fields every report has (title, preamble, signature).

Each field has one Chinese name, used in undo labels, conflict messages, check messages and
version comparisons alike: the chapters are named by their headings in the edition file, the
fixed fields by :data:`FIXED_LABELS` (the preamble is 开头, the name the editor shows, called the
"opening paragraph" in ``spec/official-format.md`` §7; the signature is 落款).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from functools import cache

from models.domain.editions import Edition, edition_ids, load_edition


class Kind(Enum):
    """What kind of value a field holds."""

    CELL = "cell"  #: a number (or blank) in a table
    TEXT = "text"  #: a text
    DATE = "date"  #: a date (or none)


class Stored(Enum):
    """Where a field is stored (see :mod:`models.storage.orm`)."""

    REPORT_ROW = "reports"  #: a column of the report's row (title, preamble, signature)
    CHAPTER_ROW = "chapter_texts"  #: a row of its own per report (a text chapter)
    CELL_ROW = "cell_values"  #: a row of its own per report, absent when blank (a table cell)


@dataclass(frozen=True, slots=True)
class Target:
    """What an edit touches: one field of the open report.

    Attributes:
        kind: cell, text or date.
        name: the cell key (``t3.granted.natural_person``) or field name (``preamble``).
    """

    kind: Kind
    name: str

    @staticmethod
    def cell(key: str) -> Target:
        """The target of a table cell."""
        return Target(Kind.CELL, key)

    @staticmethod
    def text(name: str) -> Target:
        """The target of a text field or text chapter."""
        return Target(Kind.TEXT, name)

    @property
    def is_cell(self) -> bool:
        """Whether the target is a table cell."""
        return self.kind is Kind.CELL


#: The signing date, the one date field.
SIGNATURE_DATE = Target(Kind.DATE, "signature_date")

#: Text fields stored as columns of the report row.
ROW_TEXT_FIELDS = ("title", "preamble", "signature_unit")

#: The fields every report has whatever its edition, with their one Chinese name.
FIXED_LABELS = {
    "title": "标题",
    "preamble": "开头",
    "signature_unit": "落款单位",
    "signature_date": "落款日期",
}


@dataclass(frozen=True, slots=True)
class Field:
    """One editable field.

    Attributes:
        key: the field name or cell key (:attr:`Target.name`).
        label: its one Chinese name.
        kind: cell, text or date.
        stored: where it is stored.
    """

    key: str
    label: str
    kind: Kind
    stored: Stored

    @property
    def target(self) -> Target:
        """The edit target of the field."""
        return Target(self.kind, self.key)


class FieldRegistry:
    """The editable fields of one edition, in the order of the document."""

    def __init__(self, edition: Edition) -> None:
        self.edition = edition
        fixed = {
            name: Field(name, FIXED_LABELS[name], Kind.TEXT, Stored.REPORT_ROW)
            for name in ROW_TEXT_FIELDS
        }
        fields: list[Field] = [fixed["title"], fixed["preamble"]]
        for chapter in edition.chapters:
            if chapter.kind == "text":
                fields.append(Field(chapter.key, chapter.heading, Kind.TEXT, Stored.CHAPTER_ROW))
        fields.append(fixed["signature_unit"])
        fields.append(
            Field("signature_date", FIXED_LABELS["signature_date"], Kind.DATE, Stored.REPORT_ROW)
        )
        self._texts = {f.key: f for f in fields}
        #: Text fields (title, preamble, chapters, signing unit), in document order.
        self.text_names = tuple(f.key for f in fields if f.kind is Kind.TEXT)
        #: The text chapters (stored in rows of their own).
        self.chapter_names = tuple(f.key for f in fields if f.stored is Stored.CHAPTER_ROW)

    def __iter__(self) -> Iterator[Field]:
        """The text and date fields, then the input cells of the tables."""
        yield from self._texts.values()
        for key in self.edition.inputs:
            yield self.field(Target.cell(key))

    def field(self, target: Target) -> Field:
        """The field an edit target names.

        Raises:
            KeyError: the edition has no such field (a bug in the caller).
        """
        if target.kind is Kind.CELL:
            if target.name not in self.edition.inputs:
                raise KeyError(target.name)
            return Field(target.name, self.cell_label(target.name), Kind.CELL, Stored.CELL_ROW)
        found = self._texts[target.name]
        if found.kind is not target.kind:
            raise KeyError(target.name)
        return found

    def label(self, name: str) -> str:
        """The Chinese name of a text or date field (``preamble`` → 开头)."""
        return self._texts[name].label

    def is_text(self, name: str) -> bool:
        """Whether ``name`` is a text field."""
        return name in self.text_names

    def cell_label(self, key: str) -> str:
        """A cell in words: its row and column labels."""
        place = self.edition.place(key)
        return f"{place.row} {place.column}".strip()

    def target_of_item(self, item: str) -> Target:
        """The edit target of a stored item name (a field name, ``signature_date`` or a key)."""
        if item == SIGNATURE_DATE.name:
            return SIGNATURE_DATE
        return Target.text(item) if item in self._texts else Target.cell(item)


@cache
def fields_of(edition_id: str) -> FieldRegistry:
    """The field registry of an edition (built once)."""
    return FieldRegistry(load_edition(edition_id))


def field_label(name: str) -> str:
    """The Chinese name of a text or date field, for code that has no edition at hand.

    The fixed fields and the chapter headings are the same in every edition; the newest
    edition's registry answers.
    """
    return fields_of(edition_ids()[-1]).label(name)


def text_field_names() -> tuple[str, ...]:
    """The text fields of every edition (title, preamble, chapters, signing unit)."""
    return fields_of(edition_ids()[-1]).text_names
