"""Plain data for the rejection report (no SQLAlchemy): `reports.rejects.write_rejects` reads it.

One section per source sheet that has rejected or doubtful rows: the sheet's own headings,
then each such row's original cells, with its status and reason, so the sender can fix the
rows and send them again.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.roster_import.read import CellValue

STATUS_REJECTED = "bị từ chối"
STATUS_CONFIRM = "cần xác nhận"


@dataclass(frozen=True)
class RejectLine:
    row: int  # the source row number (1-based)
    status: str  # STATUS_REJECTED or STATUS_CONFIRM
    reason: str
    cells: tuple[CellValue, ...]  # the original cells, column A first


@dataclass(frozen=True)
class RejectSheet:
    name: str
    headings: tuple[str, ...]  # the source header, column A first
    lines: tuple[RejectLine, ...]


@dataclass(frozen=True)
class RejectsReport:
    source: str  # the roster's file name
    summary: tuple[tuple[str, str | int], ...]  # label, value: the counts that reconcile
    sheets: tuple[RejectSheet, ...]

    @property
    def line_count(self) -> int:
        return sum(len(s.lines) for s in self.sheets)
