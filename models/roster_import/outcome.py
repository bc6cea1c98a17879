"""What an import plans and what it did: every row's fate, the preview, the result, the report.

    with db.write() as session:
        preview = plan_import(session, path, ImportOptions(sheets=("Xã Quài Tở",)))  # .plan
        result = apply_import(session, preview, {RowRef("Xã Quài Tở", 12): "merge"},
                              activity_id=activity.id)  # .apply

Every person row ends with one fate: imported (a new person), duplicate (same CCCD as an
earlier row or a person already in the database: merged), possible duplicate (same name,
birth year and commune: held until decided, "merge" or "new"), or rejected with reasons
naming sheet, row and column. person_rows == imported + duplicates + possible_duplicates +
rejected, always. This module holds those outcome types, their JSON and the rejects report;
planning is models.roster_import.plan, writing models.roster_import.apply.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from models.roster_import.parsed import Issue, PersonData, SkippedRow
from models.roster_import.read import CellValue
from models.roster_import.report_data import (
    SKIP_REASONS,
    STATUS_CONFIRM,
    STATUS_REJECTED,
    STATUS_SKIPPED,
    RejectLine,
    RejectSheet,
    RejectsReport,
)

Fate = Literal["new", "duplicate", "possible_duplicate", "rejected"]
Decision = Literal["hold", "merge", "new"]
DECISIONS: tuple[Decision, ...] = ("hold", "merge", "new")


@dataclass(frozen=True, order=True)
class RowRef:
    """A row of the source file: sheet name and the spreadsheet's own row number."""

    sheet: str
    row: int

    def as_json(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row}

    def describe(self) -> str:
        return f"dòng {self.row} trang tính «{self.sheet}»"


@dataclass(frozen=True)
class Match:
    """What a duplicate is the same as: an earlier row of the file, or a person in the database."""

    full_name: str
    row: RowRef | None = None
    person_id: int | None = None

    def as_json(self) -> dict[str, Any]:
        if self.row is not None:
            return {**self.row.as_json(), "full_name": self.full_name}
        return {"person_id": self.person_id, "full_name": self.full_name}

    def describe(self) -> str:
        if self.row is not None:
            return f"{self.row.describe()} ({self.full_name})"
        return f"người đã có trong cơ sở dữ liệu (mã {self.person_id}: {self.full_name})"


@dataclass(frozen=True)
class RowPlan:
    """One person row and its fate."""

    ref: RowRef
    fate: Fate
    cells: tuple[CellValue, ...]
    person: PersonData | None
    errors: tuple[Issue, ...] = ()
    warnings: tuple[Issue, ...] = ()
    match: Match | None = None
    repairs: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        """Why the row is not imported as a new person ("" when it is)."""
        if self.fate == "rejected":
            return "; ".join(
                f"cột {e.column}: {e.message}" if e.column else e.message for e in self.errors
            )
        if self.match is not None:
            what = "trùng số CCCD với" if self.fate == "duplicate" else "có thể trùng với"
            return f"{what} {self.match.describe()}"
        return ""

    def as_json(self) -> dict[str, Any]:
        doc: dict[str, Any] = {**self.ref.as_json(), "fate": self.fate}
        if self.person is not None:
            doc["person"] = self.person.as_json()
        if self.match is not None:
            doc["match"] = self.match.as_json()
        if self.reason:
            doc["reason"] = self.reason
        return doc


@dataclass(frozen=True)
class SheetInfo:
    name: str
    header_rows: tuple[int, ...]  # () when no header was found: the sheet is not read
    columns: Mapping[str, str]  # field -> column letter
    headings: tuple[str, ...]
    rows_read: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "header_rows": list(self.header_rows),
            "columns": dict(self.columns),
            "rows_read": self.rows_read,
        }


@dataclass(frozen=True)
class ImportOptions:
    """sheets: names to read (all when empty); mapping: field -> column letter or heading
    text, overriding what was detected; header_row: 1-based, to skip detection."""

    sheets: tuple[str, ...] = ()
    mapping: Mapping[str, str] = field(default_factory=dict)
    header_row: int | None = None
    current_year: int | None = None  # for the plausibility of birth years; today by default


def _fate_counts(rows: Sequence[RowPlan]) -> Counter[str]:
    return Counter(r.fate for r in rows)


@dataclass(frozen=True)
class ImportPreview:
    """The analysis of a roster file: every row's fate; nothing has been written."""

    source: str
    sheets: tuple[SheetInfo, ...]
    rows: tuple[RowPlan, ...]  # person rows, in file order
    skipped: tuple[SkippedRow, ...]  # recognised non-person rows
    sheet_warnings: tuple[Issue, ...]
    database_state: tuple[int, int]

    @property
    def rows_read(self) -> int:
        return sum(s.rows_read for s in self.sheets)

    @property
    def person_rows(self) -> int:
        return len(self.rows)

    def count(self, fate: Fate) -> int:
        return sum(1 for r in self.rows if r.fate == fate)

    @property
    def repaired(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for r in self.rows:
            counts.update(r.repairs)
        return dict(sorted(counts.items()))

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return self.sheet_warnings + tuple(w for r in self.rows for w in r.warnings)

    @property
    def rejections(self) -> tuple[Issue, ...]:
        return tuple(e for r in self.rows if r.fate == "rejected" for e in r.errors)

    def possible_duplicates(self) -> tuple[RowPlan, ...]:
        return tuple(r for r in self.rows if r.fate == "possible_duplicate")

    def as_json(self) -> dict[str, Any]:
        return _document(self, self.count("new"), self.count("duplicate"), {})


@dataclass(frozen=True)
class ImportResult:
    """What apply_import wrote."""

    preview: ImportPreview
    decisions: Mapping[RowRef, Decision]  # for every possible duplicate
    created_ids: tuple[int, ...]  # new people, in file order
    enrolled: int  # new enrollments in the activity (0 without one)
    activity_id: int | None

    def decided(self, decision: Decision) -> int:
        return sum(1 for d in self.decisions.values() if d == decision)

    @property
    def imported(self) -> int:
        return self.preview.count("new") + self.decided("new")

    @property
    def duplicates(self) -> int:
        return self.preview.count("duplicate") + self.decided("merge")

    @property
    def possible_duplicates(self) -> int:
        return self.decided("hold")

    @property
    def rejected(self) -> int:
        return self.preview.count("rejected")

    def held(self) -> set[RowRef]:
        return {ref for ref, d in self.decisions.items() if d == "hold"}

    def as_json(self) -> dict[str, Any]:
        doc = _document(self.preview, self.imported, self.duplicates, self.decisions)
        doc["enrolled"] = self.enrolled
        return doc

    def rejects_report(self) -> RejectsReport:
        return rejects_report(self.preview, self.held(), counts=self._counts())

    def _counts(self) -> tuple[int, int, int, int]:
        return self.imported, self.duplicates, self.possible_duplicates, self.rejected


def _document(
    preview: ImportPreview,
    imported: int,
    duplicates: int,
    decisions: Mapping[RowRef, Decision],
) -> dict[str, Any]:
    held = sum(1 for r in preview.possible_duplicates() if decisions.get(r.ref, "hold") == "hold")
    rejected = preview.count("rejected")
    person_rows = preview.person_rows
    reconciled = person_rows == imported + duplicates + held + rejected
    return {
        "file": preview.source,
        "sheets": [s.as_json() for s in preview.sheets],
        "rows_read": preview.rows_read,
        "person_rows": person_rows,
        "imported": imported,
        "duplicates": duplicates,
        "possible_duplicates": held,
        "rejected": rejected,
        "reconciled": reconciled,
        "summary": summary_line(preview, imported, duplicates, held, rejected),
        "skipped": [s.as_json() for s in preview.skipped],
        "repaired": preview.repaired,
        "warnings": [w.as_json("message") for w in preview.warnings],
        "rejections": [e.as_json() for e in preview.rejections],
        "duplicate_rows": [
            {**r.ref.as_json(), "of": r.match.as_json()}
            for r in preview.rows
            if r.fate == "duplicate" and r.match is not None
        ],
        "possible_duplicate_rows": [
            {
                **r.ref.as_json(),
                "full_name": r.person.full_name if r.person else "",
                "of": r.match.as_json() if r.match else None,
                "decision": decisions.get(r.ref, "hold"),
            }
            for r in preview.possible_duplicates()
        ],
    }


def summary_line(
    preview: ImportPreview, imported: int, duplicates: int, held: int, rejected: int
) -> str:
    total = imported + duplicates + held + rejected
    check = "khớp" if total == preview.person_rows else "KHÔNG KHỚP"
    return (
        f"{preview.source}: đọc {preview.rows_read} dòng, trong đó {preview.person_rows} dòng "
        f"người và {len(preview.skipped)} dòng khác bị bỏ qua; nhập mới {imported}, trùng (gộp) "
        f"{duplicates}, có thể trùng (cần xác nhận) {held}, bị từ chối {rejected}; "
        f"{imported} + {duplicates} + {held} + {rejected} = {total}: {check}."
    )


# --- the rejects report --------------------------------------------------------------------


def rejects_report(
    preview: ImportPreview,
    held: set[RowRef] | None = None,
    *,
    counts: tuple[int, int, int, int] | None = None,
) -> RejectsReport:
    """Rejected rows and possible duplicates left undecided (all of them when held is None)."""
    if held is None:
        held = {r.ref for r in preview.possible_duplicates()}
    if counts is None:
        counts = (
            preview.count("new"),
            preview.count("duplicate"),
            len(held),
            preview.count("rejected"),
        )
    headings = {s.name: s.headings for s in preview.sheets}
    lines: dict[str, list[RejectLine]] = {}
    for r in preview.rows:
        if r.fate == "rejected":
            status = STATUS_REJECTED
        elif r.fate == "possible_duplicate" and r.ref in held:
            status = STATUS_CONFIRM
        else:
            continue
        lines.setdefault(r.ref.sheet, []).append(RejectLine(r.ref.row, status, r.reason, r.cells))
    imported, duplicates, undecided, rejected = counts
    summary: tuple[tuple[str, str | int], ...] = (
        ("Tệp", preview.source),
        ("Số dòng đã đọc", preview.rows_read),
        ("Dòng người", preview.person_rows),
        ("Nhập mới", imported),
        ("Trùng (đã gộp)", duplicates),
        ("Có thể trùng (cần xác nhận)", undecided),
        ("Bị từ chối", rejected),
        ("Dòng khác bị bỏ qua", len(preview.skipped)),
        ("Đối chiếu", summary_line(preview, imported, duplicates, undecided, rejected)),
    )
    skipped: dict[str, list[RejectLine]] = {}
    for row in preview.skipped:
        reason = SKIP_REASONS.get(row.kind, row.kind)
        skipped.setdefault(row.sheet, []).append(
            RejectLine(row.row, STATUS_SKIPPED, reason, (row.text,))
        )
    names = list(dict.fromkeys([*lines, *skipped]))
    sheets = tuple(
        RejectSheet(
            name,
            headings.get(name, ()),
            tuple(lines.get(name, ())),
            tuple(skipped.get(name, ())),
        )
        for name in names
    )
    return RejectsReport(preview.source, summary, sheets)
