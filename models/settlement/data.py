"""The settlement as plain data: payout rows, lecturer rows, lines, and their JSON snapshot."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Any

from models.errors import TamperedError


@dataclass(frozen=True)
class PersonPayout:
    """One row of the payout list (bảng kê chi tiền)."""

    person_id: int
    cccd: str
    full_name: str
    position: str
    village: str
    commune: str
    role: str
    category: str
    half_days: int  # sessions attended
    days: str  # "1,5"
    nights: int
    meal: int
    lodging: int
    travel: int
    per_diem: int
    total: int

    def as_json(self) -> dict[str, object]:
        return {
            "cccd": self.cccd,
            "name": self.full_name,
            "position": self.position,
            "village": self.village,
            "commune": self.commune,
            "role": self.role,
            "days": self.days,
            "half_days": self.half_days,
            "nights": self.nights,
            "meal": self.meal,
            "lodging": self.lodging,
            "travel": self.travel,
            "per_diem": self.per_diem,
            "total": self.total,
        }


@dataclass(frozen=True)
class LecturerPayout:
    """One row of the lecturer fee list (bảng thanh toán thù lao giảng viên)."""

    lecturer_id: int
    full_name: str
    title: str
    agency: str
    tier: int
    sessions: int
    rate: int
    fee: int
    travel: int
    lodging: int
    per_diem: int
    total: int  # gross: fee, travel, lodging and per-diem
    withheld: int = 0  # personal income tax withheld from the fee (models.budget.rules)

    @property
    def gross(self) -> int:
        return self.total

    @property
    def net(self) -> int:
        """What the lecturer receives."""
        return self.total - self.withheld

    def as_json(self) -> dict[str, object]:
        return {
            "name": self.full_name,
            "tier": self.tier,
            "sessions": self.sessions,
            "rate": self.rate,
            "amount": self.fee,
            "travel": self.travel,
            "lodging": self.lodging,
            "per_diem": self.per_diem,
            "total": self.total,
            "gross": self.gross,
            "withheld": self.withheld,
            "net": self.net,
        }


@dataclass(frozen=True)
class SettlementLine:
    line_id: int | None  # None: paid from attendance with no line in the estimate
    activity_code: str
    key: str
    description: str
    norm_code: str
    source: str
    unit: str
    basis: str  # "attendance" | "document"
    estimate_quantity: int
    estimate_rate: int
    estimate_amount: int
    actual_quantity: int | None  # None for lines settled by document
    actual_rate: int | None
    actual_amount: int
    variance: int  # actual − estimate
    status: str  # the rate against its cap, as in the estimate
    document_ref: str
    missing_document: bool

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.line_id,
            "activity": self.activity_code or None,
            "key": self.key,
            "item": self.description,
            "norm_code": self.norm_code or None,
            "source": self.source,
            "unit": self.unit,
            "basis": self.basis,
            "estimate": self.estimate_amount,
            "estimate_quantity": self.estimate_quantity,
            "actual": self.actual_amount,
            "actual_quantity": self.actual_quantity,
            "rate": self.actual_rate,
            "variance": self.variance,
            "status": self.status,
            "document_ref": self.document_ref,
            "missing_document": self.missing_document,
        }


@dataclass(frozen=True)
class ActivitySettlement:
    activity_id: int
    code: str
    title: str
    start: dt.date
    end: dt.date
    locked: bool
    people: tuple[PersonPayout, ...]  # Vietnamese name order
    lecturers: tuple[LecturerPayout, ...]
    lines: tuple[SettlementLine, ...]
    estimate_total: int
    total: int
    total_in_words: str
    warnings: tuple[str, ...]

    @property
    def payout_total(self) -> int:
        return sum(p.total for p in self.people)


@dataclass(frozen=True)
class PlanSettlement:
    plan_id: int
    code: str
    title: str
    ceiling: int
    activities: tuple[ActivitySettlement, ...]
    plan_lines: tuple[SettlementLine, ...]
    estimate_total: int
    total: int
    remaining: int  # ceiling − total
    total_in_words: str
    warnings: tuple[str, ...]

    @property
    def lines(self) -> tuple[SettlementLine, ...]:
        return tuple(line for a in self.activities for line in a.lines) + self.plan_lines

    @property
    def people(self) -> tuple[PersonPayout, ...]:
        return tuple(p for a in self.activities for p in a.people)


def to_json(settlement: ActivitySettlement) -> str:
    data = asdict(settlement)
    data["start"], data["end"] = settlement.start.isoformat(), settlement.end.isoformat()
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def from_json(text: str) -> ActivitySettlement:
    data: dict[str, Any] = json.loads(text)
    return ActivitySettlement(
        activity_id=data["activity_id"],
        code=data["code"],
        title=data["title"],
        start=dt.date.fromisoformat(data["start"]),
        end=dt.date.fromisoformat(data["end"]),
        locked=True,
        people=tuple(PersonPayout(**p) for p in data["people"]),
        lecturers=tuple(LecturerPayout(**lp) for lp in data["lecturers"]),
        lines=tuple(SettlementLine(**line) for line in data["lines"]),
        estimate_total=data["estimate_total"],
        total=data["total"],
        total_in_words=data["total_in_words"],
        warnings=tuple(data["warnings"]),
    )


def checksum(snapshot: str) -> str:
    """sha256 of a lock snapshot (canonical JSON: sorted keys, as written)."""
    return hashlib.sha256(snapshot.encode("utf-8")).hexdigest()


def verified_snapshot(snapshot: str, expected: str) -> str:
    """A lock snapshot after checking it against the checksum stored with it."""
    if checksum(snapshot) != expected:
        raise TamperedError(
            "dữ liệu khóa sổ đã bị sửa ngoài chương trình (bản quyết toán đã khóa không khớp "
            "mã kiểm tra); không dùng được — báo quản trị, khôi phục bản sao lưu"
        )
    return snapshot
