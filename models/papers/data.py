"""Plain, frozen inputs for the papers. `models.papers.build` builds them from the database;
`reports` only reads them.

Pure standard library (no SQLAlchemy), so that `reports` may import it. Text may arrive in
any Unicode normal form; the writers normalise to NFC. Money is whole đồng (int).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

__all__ = [
    "BUDGET_TITLE",
    "LECTURER_FEE_TITLE",
    "OUTREACH_PAYOUT_TITLE",
    "PAYOUT_COLUMNS",
    "PAYOUT_TITLE",
    "ROSTER_TITLE",
    "SETTLEMENT_TITLE",
    "SIGN_IN_TITLE",
    "BudgetRow",
    "BudgetSection",
    "BudgetSheet",
    "BudgetStatus",
    "Gender",
    "Half",
    "LecturerFeeRow",
    "LecturerFeeSheet",
    "PaperHeading",
    "PayoutColumn",
    "PayoutRow",
    "PayoutSheet",
    "RosterExport",
    "RosterRow",
    "SessionLabel",
    "SettlementActivity",
    "SettlementBook",
    "SettlementLine",
    "SignInPerson",
    "SignInSheet",
    "UnitInfo",
]

SIGN_IN_TITLE = "DANH SÁCH HỌC VIÊN KÝ ĐIỂM DANH"
PAYOUT_TITLE = "BẢNG KÊ CHI TIỀN CHO NGƯỜI THAM DỰ TẬP HUẤN"
OUTREACH_PAYOUT_TITLE = "BẢNG KÊ CHI TIỀN CHO NGƯỜI THAM DỰ BUỔI TRUYỀN THÔNG"
# Fees and the trip (travel, lodging, per-diem: TT 36/2018/TT-BTC Điều 5), tax withheld, net.
LECTURER_FEE_TITLE = "BẢNG THANH TOÁN THÙ LAO VÀ CÔNG TÁC PHÍ GIẢNG VIÊN"
BUDGET_TITLE = "DỰ TOÁN KINH PHÍ"
SETTLEMENT_TITLE = "QUYẾT TOÁN KINH PHÍ"
ROSTER_TITLE = "DANH SÁCH HỌC VIÊN"

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
    head_title: str = ""  # the head's office, e.g. "Giám đốc"; printed under the block title


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


def _money(value: int, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be whole đồng (int), not {type(value).__name__}")


@dataclass(frozen=True, slots=True)
class PaperHeading:
    """What every activity paper says under its title: the class, its dates and venue."""

    activity_title: str = ""
    activity_code: str = ""  # short code, used for file names
    start: dt.date | None = None
    end: dt.date | None = None
    venue: str = ""
    funding: str = ""  # "Nguồn kinh phí: …" (programme, decision); "" = not printed


# --- payout list -----------------------------------------------------------------------------

PayoutColumn = Literal["meal", "lodging", "travel", "per_diem"]
PAYOUT_COLUMNS: tuple[PayoutColumn, ...] = ("meal", "lodging", "travel", "per_diem")


@dataclass(frozen=True, slots=True)
class PayoutRow:
    """One participant's money, from the settlement (attendance), not from the estimate."""

    full_name: str
    position: str = ""  # "Chức vụ, đơn vị": position and village/commune or agency
    days: Decimal = Decimal(0)  # days attended; a buổi is half a day
    meal: int = 0  # tiền ăn
    lodging: int = 0  # tiền nghỉ
    travel: int = 0  # tiền đi lại
    per_diem: int = 0  # phụ cấp lưu trú (organisers from afar); a column only when used
    note: str = ""
    travel_km: int | None = None  # km the travel amount pays (round trip), when by the km

    def __post_init__(self) -> None:
        for name in PAYOUT_COLUMNS:
            _money(getattr(self, name), name)
        object.__setattr__(self, "days", Decimal(self.days))

    @property
    def total(self) -> int:
        return self.meal + self.lodging + self.travel + self.per_diem


@dataclass(frozen=True, slots=True)
class PayoutSheet:
    """Bảng kê chi tiền cho người tham dự tập huấn, one activity. Rows are in print order."""

    unit: UnitInfo
    heading: PaperHeading
    rows: tuple[PayoutRow, ...]
    title: str = PAYOUT_TITLE
    date: dt.date | None = None  # None prints blanks to fill by hand
    warnings: tuple[str, ...] = ()  # for the screen or the console, not printed
    audience: str = "học viên"  # "người tham dự" for outreach sessions
    basis: str = ""  # "Căn cứ: …": the rules the amounts are paid under
    travel_rate: int | None = None  # đồng per km of the travel column, when by the km
    petrol_price: int | None = None  # đồng per litre the rate was worked out from
    litres_per_km: str = ""  # "0,2" (TT 40/2017/TT-BTC Điều 5 khoản 2 điểm b)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rows", tuple(self.rows))
        object.__setattr__(self, "warnings", tuple(self.warnings))

    @property
    def meal(self) -> int:
        return sum(r.meal for r in self.rows)

    @property
    def lodging(self) -> int:
        return sum(r.lodging for r in self.rows)

    @property
    def travel(self) -> int:
        return sum(r.travel for r in self.rows)

    @property
    def per_diem(self) -> int:
        return sum(r.per_diem for r in self.rows)

    @property
    def total(self) -> int:
        return sum(r.total for r in self.rows)


# --- lecturer fees ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LecturerFeeRow:
    full_name: str
    title: str = ""  # chức danh, cơ quan
    tier: int | None = None  # 1..5 (TT 36/2018 Đ5 k2a)
    sessions: int = 0  # buổi taught
    rate: int = 0  # đồng per buổi
    amount: int = 0  # normally sessions × rate; a settled figure is printed as given
    note: str = ""
    withheld: int = 0  # personal income tax withheld from the fee (TT 111/2013 Đ25)
    travel: int = 0  # tiền đi lại (TT 40/2017 Đ5)
    lodging: int = 0  # tiền nghỉ (TT 40/2017 Đ7)
    per_diem: int = 0  # phụ cấp lưu trú (TT 40/2017 Đ6)
    cccd: str = ""
    tax_code: str = ""  # mã số thuế cá nhân
    travel_km: int | None = None  # km the travel amount pays (round trip), when by the km

    def __post_init__(self) -> None:
        for name in ("rate", "amount", "withheld", "travel", "lodging", "per_diem"):
            _money(getattr(self, name), name)

    @property
    def gross(self) -> int:
        """Fee, travel, lodging and per-diem: what the unit spends on this lecturer."""
        return self.amount + self.travel + self.lodging + self.per_diem

    @property
    def net(self) -> int:
        """What the lecturer receives: the gross less the tax withheld from the fee."""
        return self.gross - self.withheld


@dataclass(frozen=True, slots=True)
class LecturerFeeSheet:
    unit: UnitInfo
    heading: PaperHeading
    rows: tuple[LecturerFeeRow, ...]
    title: str = LECTURER_FEE_TITLE
    date: dt.date | None = None
    travel_rate: int | None = None  # đồng per km of the travel column, when by the km
    petrol_price: int | None = None
    litres_per_km: str = ""
    warnings: tuple[str, ...] = ()  # for the screen or the console, not printed

    def __post_init__(self) -> None:
        object.__setattr__(self, "rows", tuple(self.rows))
        object.__setattr__(self, "warnings", tuple(self.warnings))

    @property
    def fees(self) -> int:
        return sum(r.amount for r in self.rows)

    @property
    def total(self) -> int:
        """The gross: fees, travel, lodging and per-diem."""
        return sum(r.gross for r in self.rows)

    @property
    def withheld(self) -> int:
        return sum(r.withheld for r in self.rows)

    @property
    def net(self) -> int:
        return self.total - self.withheld


# --- budget estimate -------------------------------------------------------------------------

BudgetStatus = Literal["ok", "over", "overridden", "actual"]


@dataclass(frozen=True, slots=True)
class BudgetRow:
    """One line of the estimate and what it was checked against."""

    item: str  # nội dung chi
    source: str = ""  # legal source of the norm (căn cứ)
    unit: str = ""  # đơn vị tính
    quantity: int = 0
    rate: int = 0
    amount: int = 0  # quantity × rate
    status: BudgetStatus = "ok"
    cap: int | None = None  # the norm's cap per unit, when there is one
    needs_verification: bool = False  # the norm's figure is unconfirmed: "cần kiểm tra"
    note: str = ""  # override reason, document reference
    budget_code: str = ""  # tiểu mục of the budget classification

    def __post_init__(self) -> None:
        _money(self.rate, "rate")
        _money(self.amount, "amount")

    @property
    def status_text(self) -> str:
        text = {
            "ok": "Trong định mức",
            "over": "Vượt định mức",
            "overridden": "Vượt định mức (có lý do)",
            "actual": "Theo thực tế",
        }[self.status]
        return f"{text}; cần kiểm tra" if self.needs_verification else text


@dataclass(frozen=True, slots=True)
class BudgetSection:
    """The lines of one activity (or the plan-level lines: code "")."""

    title: str
    rows: tuple[BudgetRow, ...]
    code: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "rows", tuple(self.rows))

    @property
    def total(self) -> int:
        return sum(r.amount for r in self.rows)


@dataclass(frozen=True, slots=True)
class BudgetSheet:
    """Dự toán kinh phí of one activity (one section) or of a plan (a section per activity)."""

    unit: UnitInfo
    heading: PaperHeading  # for a plan: the plan's title in activity_title, its code
    sections: tuple[BudgetSection, ...]
    ceiling: int | None = None  # the funding decision's ceiling; None = not compared
    title: str = BUDGET_TITLE
    date: dt.date | None = None
    scope: Literal["activity", "plan"] = "activity"
    warnings: tuple[str, ...] = ()  # for the screen or the console, not printed
    classification: str = ""  # "Chương 412, loại–khoản 340-341, CTMTQG …" (the plan's codes)
    travel_basis: str = ""  # "Tiền đi lại: … đồng/km (0,2 lít/km × giá xăng … đồng/lít)"

    def __post_init__(self) -> None:
        object.__setattr__(self, "sections", tuple(self.sections))
        object.__setattr__(self, "warnings", tuple(self.warnings))

    @property
    def total(self) -> int:
        return sum(s.total for s in self.sections)


# --- settlement workbook ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SettlementLine:
    """Estimate against actual for one budget line of one activity.

    `payout_column` names the payout column whose total is this line's actual: the workbook
    then links the cell to that total with a formula, so an edited payout row flows through.
    """

    item: str
    estimate: int
    actual: int
    unit: str = ""
    payout_column: PayoutColumn | None = None
    note: str = ""

    def __post_init__(self) -> None:
        _money(self.estimate, "estimate")
        _money(self.actual, "actual")

    @property
    def variance(self) -> int:
        return self.actual - self.estimate


@dataclass(frozen=True, slots=True)
class SettlementActivity:
    code: str
    title: str
    lines: tuple[SettlementLine, ...]
    payouts: tuple[PayoutRow, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    venue: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "lines", tuple(self.lines))
        object.__setattr__(self, "payouts", tuple(self.payouts))

    @property
    def estimate(self) -> int:
        return sum(x.estimate for x in self.lines)

    @property
    def actual(self) -> int:
        return sum(x.actual for x in self.lines)


@dataclass(frozen=True, slots=True)
class SettlementBook:
    """Quyết toán of a plan: a summary sheet and one sheet per activity."""

    unit: UnitInfo
    plan_code: str
    plan_title: str
    activities: tuple[SettlementActivity, ...]
    plan_lines: tuple[SettlementLine, ...] = ()  # lines of no single activity
    ceiling: int | None = None
    funding: str = ""
    title: str = SETTLEMENT_TITLE
    date: dt.date | None = None
    warnings: tuple[str, ...] = ()  # for the screen or the console, not written

    def __post_init__(self) -> None:
        object.__setattr__(self, "activities", tuple(self.activities))
        object.__setattr__(self, "plan_lines", tuple(self.plan_lines))
        object.__setattr__(self, "warnings", tuple(self.warnings))

    @property
    def estimate(self) -> int:
        return sum(a.estimate for a in self.activities) + sum(x.estimate for x in self.plan_lines)

    @property
    def actual(self) -> int:
        return sum(a.actual for a in self.activities) + sum(x.actual for x in self.plan_lines)


# --- roster export ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RosterRow:
    full_name: str
    gender: Gender | None = None
    birth_year: int | None = None
    ethnicity: str = ""
    position: str = ""
    village: str = ""
    commune: str = ""
    district: str = ""
    province: str = ""
    cccd: str = ""  # text: 12 digits with the leading zero
    phone: str = ""
    salaried: bool = False
    distance_km: int | None = None
    activity_code: str = ""  # the class, when everyone is exported
    note: str = ""


@dataclass(frozen=True, slots=True)
class RosterExport:
    """A roster in the columns communes use, so a corrected list can be imported again."""

    title: str
    rows: tuple[RosterRow, ...]
    subtitle: str = ""  # class name, or "Tất cả học viên"
    with_activity: bool = False  # add a "Lớp" column (everyone exported)
    unit: UnitInfo = field(default_factory=lambda: UnitInfo(name=""))

    def __post_init__(self) -> None:
        object.__setattr__(self, "rows", tuple(self.rows))
