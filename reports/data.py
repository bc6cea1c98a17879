"""Plain, frozen inputs for the papers. The core builds them; `reports` only reads them.

Text may arrive in any Unicode normal form; the PDF writers normalise to NFC when drawing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "SIGN_IN_TITLE",
    "Gender",
    "Half",
    "SessionLabel",
    "SignInPerson",
    "SignInSheet",
    "UnitInfo",
]

SIGN_IN_TITLE = "DANH SÁCH HỌC VIÊN KÝ ĐIỂM DANH"

Gender = Literal["M", "F"]
Half = Literal["sáng", "chiều"]


@dataclass(frozen=True, slots=True)
class UnitInfo:
    """The organising unit, printed top left, and its three signers."""

    name: str
    parent: str = ""
    qhns_code: str = ""
    address: str = ""
    place: str = ""  # for the date line: "Lai Châu, ngày … tháng … năm …"
    preparer: str = ""  # người lập biểu
    chief_accountant: str = ""  # kế toán trưởng
    head: str = ""  # thủ trưởng đơn vị


@dataclass(frozen=True, slots=True)
class SignInPerson:
    full_name: str
    birth_year: int | None = None
    gender: Gender | None = None
    ethnicity: str = ""
    position: str = ""
    village: str = ""
    commune: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        if self.gender not in ("M", "F", None):
            raise ValueError(f"gender must be 'M', 'F' or None, not {self.gender!r}")


@dataclass(frozen=True, slots=True)
class SessionLabel:
    """One buổi: a signature column headed "Ngày 1 sáng" with its date under it."""

    day_index: int  # 1-based day of the class
    half: Half
    date: dt.date | None = None

    def __post_init__(self) -> None:
        if self.half not in ("sáng", "chiều"):
            raise ValueError(f"half must be 'sáng' or 'chiều', not {self.half!r}")
        if self.day_index < 1:
            raise ValueError("day_index starts at 1")

    @property
    def label(self) -> str:
        return f"Ngày {self.day_index} {self.half}"


@dataclass(frozen=True, slots=True)
class SignInSheet:
    """One class's sign-in sheet. `people` are already in print order (the core sorts them)."""

    unit: UnitInfo
    title: str  # normally SIGN_IN_TITLE
    activity_title: str  # class name, e.g. "Lớp tập huấn … - Lớp 1"
    start: dt.date | None
    end: dt.date | None
    venue: str
    sessions: tuple[SessionLabel, ...]
    people: tuple[SignInPerson, ...]
    break_by_commune: bool = False
    date: dt.date | None = None  # date of the paper; None prints blanks to fill by hand
    activity_code: str = ""  # short code, used for file names

    def __post_init__(self) -> None:
        # Lists are accepted for convenience and frozen into tuples (hashable, picklable).
        object.__setattr__(self, "sessions", tuple(self.sessions))
        object.__setattr__(self, "people", tuple(self.people))
