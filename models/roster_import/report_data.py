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
STATUS_SKIPPED = "bỏ qua"
# Why a row that is not a person was skipped, in the sender's words.
SKIP_REASONS = {
    "numbering": "dòng đánh số cột",
    "total": "dòng tổng cộng",
    "subtotal": "dòng cộng",
    "signature": "phần ký tên, ngày tháng",
    "header": "dòng tiêu đề lặp lại",
    "section": "dòng tên mục",
    "note": "dòng ghi chú",
    "numbered_blank": "dòng chỉ có số thứ tự",
    "title": "dòng trên dòng tiêu đề (tên đơn vị, tên danh sách)",
}


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
    # Rows that are not people (totals, signatures, numbering…), listed so the sender sees
    # every row was read; not counted in line_count (nothing to correct there).
    skipped: tuple[RejectLine, ...] = ()


@dataclass(frozen=True)
class RejectsReport:
    source: str  # the roster's file name
    summary: tuple[tuple[str, str | int], ...]  # label, value: the counts that reconcile
    sheets: tuple[RejectSheet, ...]

    @property
    def line_count(self) -> int:
        return sum(len(s.lines) for s in self.sheets)
