"""What the row parser produces: person data, skipped rows and the issues found, with the
limits person data must respect (the columns of models.entities.tables.Person).

Plain frozen data: the planning step deduplicates it, the preview shows it, applying writes it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from models.roster_import.cells import (
    GenderCode,
)
from models.roster_import.headers import Field
from models.roster_import.read import CellValue

SkipKind = Literal[
    "numbering",
    "total",
    "subtotal",
    "signature",
    "header",
    "section",
    "note",
    "numbered_blank",
    "title",
]

# Column widths of the person table (models.entities.Person): longer text is rejected.
MAX_LENGTH: Final[Mapping[str, int]] = {
    "full_name": 255,
    "ethnicity": 64,
    "position": 255,
    "village": 128,
    "commune": 128,
    "district": 128,
    "province": 64,
    "note": 1000,
}
TEXT_FIELDS: Final = (
    (Field.ETHNICITY, "ethnicity"),
    (Field.POSITION, "position"),
    (Field.VILLAGE, "village"),
    (Field.COMMUNE, "commune"),
    (Field.DISTRICT, "district"),
    (Field.PROVINCE, "province"),
    (Field.NOTE, "note"),
)
MIN_AGE: Final = 15
OLDEST_YEAR: Final = 1900


@dataclass(frozen=True)
class Issue:
    """A rejection reason or a warning, at the spreadsheet's own row and column letter."""

    sheet: str
    row: int | None
    column: str
    message: str

    def as_json(self, key: str = "reason") -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, key: self.message}


@dataclass(frozen=True)
class SkippedRow:
    sheet: str
    row: int
    kind: SkipKind
    text: str  # the row's first words, to recognise it

    def as_json(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "kind": self.kind, "text": self.text}


@dataclass(frozen=True)
class PersonData:
    """A person as the roster gives it, clean and validated."""

    full_name: str
    gender: GenderCode | None = None
    birth_year: int | None = None
    ethnicity: str = ""
    position: str = ""
    village: str = ""
    commune: str = ""
    district: str = ""
    province: str = ""
    cccd: str | None = None
    phone: str = ""
    note: str = ""

    def as_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class PersonRow:
    """A person row: its original cells, and the person or the reasons it is rejected."""

    sheet: str
    row: int
    cells: tuple[CellValue, ...]
    person: PersonData | None  # None: rejected, see errors
    errors: tuple[Issue, ...]
    warnings: tuple[Issue, ...]
    repairs: tuple[str, ...]  # one entry per repaired cell and kind


@dataclass(frozen=True)
class SheetRows:
    persons: tuple[PersonRow, ...]
    skipped: tuple[SkippedRow, ...]
    rows_read: int  # non-blank rows of the sheet except the header's own rows
