"""Plain, frozen data of the papers built by models.papers.badges, attendance_summary,
requests, certificates and contracts: badges and desk cards, the attendance summary, payment
and advance requests, certificates, lecturer contracts and their acceptance. Pure standard
library, so that `reports` may import it (tests/test_layering.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from models.papers.data import PaperHeading, UnitInfo

BADGES_TITLE = "THẺ HỌC VIÊN"
BadgeKind = Literal["badge", "desk"]
#: Cards per A4 sheet: badges 2 × 5 (90 × 54 mm, a name-badge holder's size); desk cards 2 × 4.
CARDS_PER_PAGE: dict[BadgeKind, int] = {"badge": 10, "desk": 8}


def check_in_payload(cccd: str | None) -> str:
    """The QR code's text: the 12-digit CCCD the check-in box accepts as typed ("" = no code)."""
    digits = (cccd or "").strip()
    return digits if len(digits) == 12 and digits.isdigit() and digits.isascii() else ""


@dataclass(frozen=True, slots=True)
class Badge:
    full_name: str
    qr: str  # check_in_payload(cccd); "" prints no code
    position: str = ""  # "Trưởng bản, Bản Nà Tăm, Xã Bình Lư"
    activity_code: str = ""
    activity_title: str = ""


@dataclass(frozen=True, slots=True)
class BadgeSheet:
    unit: UnitInfo
    title: str  # the class's or the plan's title, printed on every card
    badges: tuple[Badge, ...]
    kind: BadgeKind = "badge"
    warnings: tuple[str, ...] = ()  # for the screen or the console, not printed

    def __post_init__(self) -> None:
        if self.kind not in CARDS_PER_PAGE:
            raise ValueError(f"kind must be 'badge' or 'desk', not {self.kind!r}")
        object.__setattr__(self, "badges", tuple(self.badges))
        object.__setattr__(self, "warnings", tuple(self.warnings))

    @property
    def per_page(self) -> int:
        return CARDS_PER_PAGE[self.kind]


# --- attendance summary ------------------------------------------------------------------------

ATTENDANCE_SUMMARY_TITLE = "BẢNG TỔNG HỢP ĐIỂM DANH THEO BUỔI"


@dataclass(frozen=True, slots=True)
class AttendanceSessionRow:
    """One buổi: how many learners were present, absent, excused, or not marked yet."""

    label: str  # "Ngày 1 sáng"
    date: dt.date
    lecturer: str = ""
    present: int = 0
    absent: int = 0
    excused: int = 0
    unmarked: int = 0
    taught: bool = True

    @property
    def enrolled(self) -> int:
        return self.present + self.absent + self.excused + self.unmarked


@dataclass(frozen=True, slots=True)
class AttendanceSummary:
    unit: UnitInfo
    heading: PaperHeading
    learners: int  # enrolled learners
    rows: tuple[AttendanceSessionRow, ...]
    title: str = ATTENDANCE_SUMMARY_TITLE
    date: dt.date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "rows", tuple(self.rows))

    def total(self, what: Literal["present", "absent", "excused", "unmarked"]) -> int:
        return sum(int(getattr(r, what)) for r in self.rows)


# --- payment and advance requests --------------------------------------------------------------

PAYMENT_REQUEST_TITLE = "GIẤY ĐỀ NGHỊ THANH TOÁN"
ADVANCE_REQUEST_TITLE = "GIẤY ĐỀ NGHỊ TẠM ỨNG"
#: Thông tư 107/2017/TT-BTC, Phụ lục I (chứng từ kế toán, hành chính sự nghiệp).
PAYMENT_REQUEST_FORM = "C37-HD"
ADVANCE_REQUEST_FORM = "C32-HD"
RequestKind = Literal["payment", "advance"]


@dataclass(frozen=True, slots=True)
class RequestLine:
    """One budget line asked for: its content, budget sub-item (tiểu mục) and amount."""

    item: str
    amount: int
    budget_code: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise TypeError("amount must be whole đồng (int)")


@dataclass(frozen=True, slots=True)
class PaymentRequest:
    """Giấy đề nghị thanh toán (from the settlement) or tạm ứng (from the estimate)."""

    unit: UnitInfo
    kind: RequestKind
    requester: str  # "Họ và tên người đề nghị"
    department: str  # "Bộ phận (hoặc địa chỉ)"
    purpose: str  # "Nội dung thanh toán / Lý do tạm ứng"
    lines: tuple[RequestLine, ...]
    classification: str = ""  # chapter, sector, programme of the plan
    advanced: int = 0  # already advanced, deducted from a payment request
    date: dt.date | None = None
    scope_code: str = ""  # class or plan code, for file names

    def __post_init__(self) -> None:
        if self.kind not in ("payment", "advance"):
            raise ValueError(f"kind must be 'payment' or 'advance', not {self.kind!r}")
        object.__setattr__(self, "lines", tuple(self.lines))

    @property
    def title(self) -> str:
        return PAYMENT_REQUEST_TITLE if self.kind == "payment" else ADVANCE_REQUEST_TITLE

    @property
    def form(self) -> str:
        return PAYMENT_REQUEST_FORM if self.kind == "payment" else ADVANCE_REQUEST_FORM

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def due(self) -> int:
        """What is asked for now: the total less any advance already received."""
        return self.total - self.advanced


# --- certificates ------------------------------------------------------------------------------

CERTIFICATE_TITLE = "GIẤY CHỨNG NHẬN"


@dataclass(frozen=True, slots=True)
class CertificateEntry:
    """One learner's certificate; `number` is theirs in the plan's register for good."""

    number: int
    number_text: str  # "0001/GCN-KH-TTDN-2023", as printed
    full_name: str
    issued_on: dt.date
    birth_year: int | None = None
    gender: Literal["M", "F"] | None = None
    position: str = ""  # "Trưởng bản, Bản Nà Tăm, Xã Bình Lư"
    activity_title: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    venue: str = ""
    attended: int = 0  # buổi present
    taught: int = 0  # buổi taught


@dataclass(frozen=True, slots=True)
class CertificateSheet:
    unit: UnitInfo
    plan_title: str
    plan_code: str
    min_attendance: int  # %
    entries: tuple[CertificateEntry, ...]  # in register order
    new: int = 0  # numbers given by this build
    title: str = CERTIFICATE_TITLE

    def __post_init__(self) -> None:
        object.__setattr__(self, "entries", tuple(self.entries))


# --- lecturer contracts and their acceptance ----------------------------------------------------

CONTRACT_TITLE = "HỢP ĐỒNG THUÊ KHOÁN CHUYÊN MÔN"
ACCEPTANCE_TITLE = "BIÊN BẢN NGHIỆM THU VÀ THANH LÝ HỢP ĐỒNG"
ContractKind = Literal["contract", "acceptance"]


@dataclass(frozen=True, slots=True)
class LecturerContract:
    """One lecturer's teaching in one class: the fee from the settlement (buổi taught × the
    tier's rate), the personal income tax withheld and what is paid out."""

    full_name: str
    title: str  # chức danh, cơ quan
    cccd: str
    tax_code: str
    tax_commitment: bool  # gave mẫu 08/CK-TNCN: nothing withheld
    sessions: int
    rate: int
    gross: int
    withheld: int

    @property
    def net(self) -> int:
        return self.gross - self.withheld


@dataclass(frozen=True, slots=True)
class ContractSet:
    """The contracts (or the acceptance records) of one class, one per lecturer."""

    unit: UnitInfo
    heading: PaperHeading
    kind: ContractKind
    lecturers: tuple[LecturerContract, ...]
    date: dt.date | None = None  # contract: the first day; acceptance: the last day

    def __post_init__(self) -> None:
        if self.kind not in ("contract", "acceptance"):
            raise ValueError(f"kind must be 'contract' or 'acceptance', not {self.kind!r}")
        object.__setattr__(self, "lecturers", tuple(self.lecturers))

    @property
    def title(self) -> str:
        return CONTRACT_TITLE if self.kind == "contract" else ACCEPTANCE_TITLE

    @property
    def total(self) -> int:
        return sum(c.gross for c in self.lecturers)
