"""Check-in (điểm danh bằng máy quét): the text a USB scanner types, turned into a mark.

A chip-based CCCD carries a QR code whose text is
``CCCD|old CMND|Họ và tên|ddmmyyyy|Giới tính|Địa chỉ|ddmmyyyy`` (the last date is the issue
date). A USB scanner types it like a keyboard, followed by Enter. Staff without a scanner type
the 12-digit number instead; a number copied from Excel may have lost its leading zero (11
digits). `parse_scan` recognises all of these and says why anything else is refused;
`check_in` marks the person present at one buổi through models.attendance.marks, so the write, its
log and the lock check are the same as everywhere else.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.attendance.marks import (
    AttendanceGrid,
    AttendanceRow,
    attendance_grid,
    set_attendance_by_person,
    set_mark,
)
from models.entities.enums import Presence
from models.entities.tables import Activity, Enrollment, Person
from models.errors import MoneyError
from models.guard import require_unlocked
from models.lookup import get_activity
from models.text.vntext import collapse_spaces, nfc, search_key

ScanKind = Literal["qr", "number", "invalid"]
CheckInStatus = Literal["present", "already", "not_enrolled", "invalid"]

# Separators people type inside a number ("012 166 565 316", "012.166.565.316").
_NUMBER_SEPARATORS = re.compile(r"[\s.\-]")


@dataclass(frozen=True)
class ScanResult:
    kind: ScanKind
    cccd: str = ""  # 12 digits when kind != "invalid"
    full_name: str = ""  # from a QR code only
    birth_date: dt.date | None = None  # from a QR code only
    reason: str = ""  # why the text was refused (kind == "invalid")

    @property
    def valid(self) -> bool:
        return self.kind != "invalid"


@dataclass(frozen=True)
class CheckInResult:
    status: CheckInStatus
    cccd: str = ""
    full_name: str = ""  # the database's name; the QR name for someone unknown
    session_number: int = 0
    session_label: str = ""  # "Ngày 1 sáng"
    previous: str | None = None  # the mark before ("absent" for someone who came late)
    known: bool = True  # for "not_enrolled": False when nobody in the database has this CCCD
    other_classes: tuple[str, ...] = ()  # for "not_enrolled": the classes they are in
    reason: str = ""  # for "invalid"


def _invalid(reason: str) -> ScanResult:
    return ScanResult(kind="invalid", reason=reason)


def _cccd(digits: str) -> str | None:
    """12 digits as they are; 11 digits lost their leading zero (Excel); else None."""
    if len(digits) == 12:
        return digits
    if len(digits) == 11:
        return "0" + digits
    return None


def _date(text: str) -> dt.date | None:
    text = text.strip()
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return dt.date(int(text[4:]), int(text[2:4]), int(text[:2]))
    except ValueError:
        return None


def parse_scan(text: str) -> ScanResult:
    """The CCCD (and, from a QR code, the name and birth date) in what the scanner typed."""
    text = nfc(text).strip()
    if not text:
        return _invalid("chưa có gì để điểm danh: quét mã QR trên CCCD hoặc gõ số CCCD")
    if "|" in text:
        return _parse_qr(text)
    number = _NUMBER_SEPARATORS.sub("", text)
    if not (number.isdigit() and number.isascii()):
        return _invalid(f"“{_short(text)}” không phải mã QR trên CCCD hay số CCCD (12 chữ số)")
    if len(number) == 9:
        return _invalid(f"{number} là số CMND cũ (9 chữ số); cần số CCCD 12 chữ số")
    cccd = _cccd(number)
    if cccd is None:
        return _invalid(f"số CCCD có 12 chữ số; {number} có {len(number)} chữ số")
    return ScanResult(kind="number", cccd=cccd)


def _parse_qr(text: str) -> ScanResult:
    """`CCCD|old CMND|Họ và tên|ddmmyyyy|Giới tính|Địa chỉ|ddmmyyyy`."""
    fields = text.split("|")
    first = fields[0].strip()
    cccd = _cccd(first) if first.isdigit() and first.isascii() else None
    if cccd is None:
        return _invalid("mã QR này không phải của thẻ CCCD (phần đầu không phải số CCCD 12 chữ số)")
    name = collapse_spaces(fields[2]) if len(fields) > 2 else ""
    born = _date(fields[3]) if len(fields) > 3 else None
    return ScanResult(kind="qr", cccd=cccd, full_name=name, birth_date=born)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_in(
    session: Session, activity_id: int, session_no: int, text: str, *, by: str
) -> CheckInResult:
    """Mark the scanned person present at buổi `session_no` of the activity.

    "present": recorded now; "already": was present, nothing written; "not_enrolled": not on
    this class's list (nothing written); "invalid": the text is not a CCCD. A locked activity
    or a buổi that does not exist raises MoneyError.
    """
    activity = get_activity(session, activity_id)
    require_unlocked(activity)
    grid = attendance_grid(session, activity_id)
    if not grid.sessions:
        raise MoneyError(f"hoạt động {activity.code} chưa có buổi học nào")
    if not 1 <= session_no <= len(grid.sessions):
        raise MoneyError(
            f"hoạt động {activity.code} không có buổi {session_no} (có {len(grid.sessions)} buổi)"
        )
    info = grid.sessions[session_no - 1]
    scan = parse_scan(text)
    if not scan.valid:
        return CheckInResult(
            status="invalid",
            session_number=session_no,
            session_label=info.label,
            reason=scan.reason,
        )
    row = next((r for r in grid.rows if r.cccd == scan.cccd), None)
    if row is None:
        return _not_enrolled(session, activity, scan, session_no, info.label)
    return _mark_row(session, grid, row, session_no, by=by)


def _mark_row(
    session: Session, grid: AttendanceGrid, row: AttendanceRow, session_no: int, *, by: str
) -> CheckInResult:
    info = grid.sessions[session_no - 1]
    previous = row.marks[session_no - 1]
    result = CheckInResult(
        status="already",
        cccd=row.cccd,
        full_name=row.full_name,
        session_number=session_no,
        session_label=info.label,
        previous=previous,
    )
    if previous == Presence.PRESENT.value:
        return result
    set_mark(session, row.enrollment_id, info.session_id, Presence.PRESENT, by=by)
    return replace(result, status="present")


def _checked_grid(session: Session, activity_id: int, session_no: int) -> AttendanceGrid:
    activity = get_activity(session, activity_id)
    require_unlocked(activity)
    grid = attendance_grid(session, activity_id)
    if not 1 <= session_no <= len(grid.sessions):
        raise MoneyError(
            f"hoạt động {activity.code} không có buổi {session_no} (có {len(grid.sessions)} buổi)"
        )
    return grid


def check_in_enrollment(
    session: Session, activity_id: int, session_no: int, enrollment_id: int, *, by: str
) -> CheckInResult:
    """Check in someone found on the list by name (the scan box took a name, not a CCCD)."""
    grid = _checked_grid(session, activity_id, session_no)
    row = next((r for r in grid.rows if r.enrollment_id == enrollment_id), None)
    if row is None:
        raise MoneyError(f"người ghi danh mã số {enrollment_id} không thuộc lớp {grid.code}")
    return _mark_row(session, grid, row, session_no, by=by)


def enroll_and_check_in(
    session: Session,
    activity_id: int,
    session_no: int,
    cccd: str,
    *,
    by: str,
    over_capacity_reason: str | None = None,
) -> CheckInResult:
    """Someone scanned at the door but not on the list: enrol them as a learner (the venue's
    seats permitting, models.capacity; a locked class refuses) and mark them present."""
    from models.people.edit import enroll_people  # people.edit is heavier than the scan path

    _checked_grid(session, activity_id, session_no)
    person = session.scalar(select(Person).where(Person.cccd == cccd))
    if person is None:
        raise MoneyError(
            f"CCCD {cccd} chưa có trong danh sách học viên: thêm người này ở trang Học viên trước"
        )
    enroll_people(session, [person.id], activity_id, over_capacity_reason=over_capacity_reason)
    grid = attendance_grid(session, activity_id)
    row = next(r for r in grid.rows if r.person_id == person.id)
    return _mark_row(session, grid, row, session_no, by=by)


def find_rows(grid: AttendanceGrid, text: str) -> list[AttendanceRow]:
    """The rows whose name contains `text` without tones ("nguyen van a" finds "Nguyễn Văn A")
    or whose CCCD contains its digits; every row for an empty text."""
    needle = search_key(text)
    if not needle:
        return list(grid.rows)
    digits = needle.replace(" ", "")
    if digits.isdigit():
        return [r for r in grid.rows if digits in r.cccd]
    return [r for r in grid.rows if needle in search_key(r.full_name)]


def _not_enrolled(
    session: Session, activity: Activity, scan: ScanResult, session_no: int, label: str
) -> CheckInResult:
    person = session.scalar(select(Person).where(Person.cccd == scan.cccd))
    classes: tuple[str, ...] = ()
    name = scan.full_name
    if person is not None:
        name = person.full_name
        classes = tuple(
            session.scalars(
                select(Activity.code)
                .join(Enrollment, Enrollment.activity_id == Activity.id)
                .where(Enrollment.person_id == person.id, Activity.id != activity.id)
                .order_by(Activity.code)
            )
        )
    return CheckInResult(
        status="not_enrolled",
        cccd=scan.cccd,
        full_name=name,
        session_number=session_no,
        session_label=label,
        known=person is not None,
        other_classes=classes,
    )


def fill_present(
    session: Session, activity_id: int, *, by: str, session_no: int | None = None
) -> int:
    """Mark present everyone without a mark yet, at buổi `session_no` (or every buổi): the
    usual start. Marks already there (absent, excused) are kept. The number of marks written."""
    activity = get_activity(session, activity_id)
    require_unlocked(activity)
    grid = attendance_grid(session, activity_id)
    numbers = [i.number for i in grid.sessions]
    if session_no is not None:
        if session_no not in numbers:
            raise MoneyError(
                f"hoạt động {activity.code} không có buổi {session_no} (có {len(numbers)} buổi)"
            )
        numbers = [session_no]
    written = 0
    for number in numbers:
        people = [r.person_id for r in grid.rows if r.marks[number - 1] is None]
        if people:
            written += set_attendance_by_person(
                session, activity_id, people, Presence.PRESENT, by=by, session_no=number
            )
    return written


def toggled(status: str | None) -> str:
    """What Space does to a cell: present becomes absent; anything else becomes present."""
    return Presence.ABSENT.value if status == Presence.PRESENT.value else Presence.PRESENT.value
