"""Setting up the work: organising units, funding sources, plans, venues, lecturers, activities.

Each function is one step of a user action and runs in the caller's transaction
(`with db.write() as s:`). Bad input raises PlanningError with a sentence naming the field.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from models.capacity import admit
from models.concurrency import check_version
from models.entities.enums import ActivityKind, Half, PlaceType, TravelMethod
from models.entities.tables import (
    Activity,
    ClassSession,
    Enrollment,
    FundingSource,
    Lecturer,
    NormSet,
    OrgUnit,
    Plan,
    Venue,
)
from models.errors import UserError
from models.guard import require_unlocked, writable_activity
from models.i18n_marks import N_
from models.lookup import get_activity, get_plan, unit_by_code
from models.text.vntext import collapse_spaces, nfc


class PlanningError(UserError):
    """Bad input for a plan, activity, venue or lecturer; the message names the field."""


def _text(value: str) -> str:
    return collapse_spaces(nfc(value))


def _required(value: str, label: str) -> str:
    text = _text(value)
    if not text:
        raise PlanningError(f"{label} không được để trống")
    return text


def _money(value: int, label: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise PlanningError(f"{label} phải là số nguyên đồng không âm")
    return value


@dataclass(frozen=True)
class PlanInput:
    code: str
    title: str
    number: str = ""
    issued_on: dt.date | None = None
    legal_bases: str = ""
    unit_name: str = ""
    unit_parent: str = ""
    unit_qhns: str = ""
    unit_place: str = ""
    decision_number: str = ""
    decision_date: dt.date | None = None
    decided_by: str = ""
    programme: str = ""
    year: int | None = None
    ceiling: int = 0
    norm_set_code: str | None = None


def _same_name(a: str, b: str) -> bool:
    return collapse_spaces(nfc(a)).casefold() == collapse_spaces(nfc(b)).casefold()


def _unit_for(session: Session, data: PlanInput) -> OrgUnit | None:
    """The unit is matched by its QHNS code, never by name: two units may share a name (a
    district's "Phòng Văn hóa"), and a code the user typed is kept on the new unit. A code that
    belongs to a unit of another name is refused rather than guessed."""
    name, code = _text(data.unit_name), _text(data.unit_qhns)
    existing = unit_by_code(session, code) if code else None
    if existing is not None:
        if name and not _same_name(name, existing.name):
            raise PlanningError(
                N_(
                    "mã QHNS {code} là của đơn vị «{unit}», không phải «{name}»: "
                    "sửa tên hoặc mã QHNS"
                ),
                code=code,
                unit=existing.name,
                name=name,
            )
        return existing
    if not name:
        if code:
            raise PlanningError(N_("chưa có đơn vị mã QHNS {code}: cần tên đơn vị"), code=code)
        return None
    return OrgUnit(
        name=name,
        parent_agency=_text(data.unit_parent),
        qhns_code=code,
        place=_text(data.unit_place),
    )


def create_plan(session: Session, data: PlanInput) -> Plan:
    """A plan with its organising unit (an existing one when the QHNS code matches; see
    `_unit_for`) and a funding source of its own."""
    code = _required(data.code, "Mã kế hoạch")
    if session.scalar(select(Plan.id).where(Plan.code == code)) is not None:
        raise PlanningError(f"mã kế hoạch {code} đã được dùng")
    title = _required(data.title, "Tên kế hoạch")
    unit = _unit_for(session, data)
    fund = FundingSource(
        programme=_text(data.programme),
        year=data.year or (data.issued_on or dt.date.today()).year,
        decision_number=_text(data.decision_number),
        decision_date=data.decision_date,
        decided_by=_text(data.decided_by),
        ceiling=_money(data.ceiling, "Kinh phí được giao"),
    )
    norm_set = None
    if data.norm_set_code:
        norm_set = session.scalar(select(NormSet).where(NormSet.code == data.norm_set_code))
        if norm_set is None:
            raise PlanningError(f"không có bộ định mức {data.norm_set_code}")
    plan = Plan(
        code=code,
        title=title,
        number=_text(data.number),
        issued_on=data.issued_on,
        legal_bases=nfc(data.legal_bases).strip(),
        org_unit=unit,
        funding_source=fund,
        norm_set=norm_set,
    )
    session.add(plan)
    session.flush()
    return plan


@dataclass(frozen=True)
class VenueInput:
    name: str
    commune: str = ""
    province: str = ""
    address: str = ""
    place_type: PlaceType = PlaceType.OTHER
    capacity: int | None = None
    daily_hire: int = 0
    organiser_owned: bool = False  # the organising unit's own hall: not hired while it fits
    central_city: bool = False  # an urban district of a centrally-run city (delegate meals)


def save_venue(
    session: Session,
    data: VenueInput,
    venue_id: int | None = None,
    *,
    expected_version: int | None = None,
) -> Venue:
    venue = session.get(Venue, venue_id) if venue_id else Venue()
    if venue is not None and venue_id:
        check_version(venue, expected_version)
    if venue is None:
        raise PlanningError(f"không có địa điểm số {venue_id}")
    if data.capacity is not None and data.capacity <= 0:
        raise PlanningError("Sức chứa phải lớn hơn 0")
    venue.name = _required(data.name, "Tên địa điểm")
    venue.commune = _text(data.commune)
    venue.province = _text(data.province)
    venue.address = _text(data.address)
    venue.place_type = data.place_type
    venue.capacity = data.capacity
    venue.daily_hire = _money(data.daily_hire, "Giá thuê một ngày")
    venue.organiser_owned = data.organiser_owned
    venue.central_city = data.central_city
    session.add(venue)
    session.flush()
    return venue


@dataclass(frozen=True)
class LecturerInput:
    full_name: str
    tier: int = 5
    title: str = ""
    agency: str = ""
    salaried: bool = True
    distance_km: int = 0
    cccd: str = ""
    tax_code: str = ""  # mã số thuế: 10 digits, or 10 + "-" + 3 for a branch
    tax_commitment: bool = False  # gave form 08/CK-TNCN: no tax withheld from the fee
    travel_method: str | None = None  # None: the plan's method for lecturers; "actual": ticket
    leader: bool = False  # hệ số phụ cấp chức vụ 1,25 or more: the leader's lodging tier


def _tax_code(text: str) -> str:
    code = "".join(text.split())
    if code and not re.fullmatch(r"\d{10}(?:-\d{3})?", code):
        raise PlanningError(f"Mã số thuế «{code}» phải có 10 chữ số (hoặc 10 chữ số - 3 chữ số)")
    return code


def save_lecturer(
    session: Session,
    data: LecturerInput,
    lecturer_id: int | None = None,
    *,
    expected_version: int | None = None,
) -> Lecturer:
    lecturer = session.get(Lecturer, lecturer_id) if lecturer_id else Lecturer()
    if lecturer is not None and lecturer_id:
        check_version(lecturer, expected_version)
    if lecturer is None:
        raise PlanningError(f"không có giảng viên số {lecturer_id}")
    if not 1 <= data.tier <= 5:
        raise PlanningError("Hạng giảng viên phải từ 1 đến 5")
    if data.distance_km < 0:
        raise PlanningError("Khoảng cách không được âm")
    lecturer.full_name = _required(data.full_name, "Họ và tên giảng viên")
    lecturer.tier = data.tier
    lecturer.title = _text(data.title)
    lecturer.agency = _text(data.agency)
    lecturer.salaried = data.salaried
    lecturer.distance_km = data.distance_km
    cccd = "".join(data.cccd.split())
    if cccd and not re.fullmatch(r"\d{12}", cccd):
        raise PlanningError(f"Số CCCD «{cccd}» phải có đủ 12 chữ số")
    lecturer.cccd = cccd
    lecturer.tax_code = _tax_code(data.tax_code)
    lecturer.tax_commitment = data.tax_commitment
    known = [m.value for m in TravelMethod]
    if data.travel_method and data.travel_method not in known:
        raise PlanningError(
            f"cách tính tiền đi lại {data.travel_method!r} không có; chọn: {', '.join(known)}"
        )
    lecturer.travel_method = data.travel_method or None
    lecturer.leader = data.leader
    session.add(lecturer)
    session.flush()
    return lecturer


@dataclass(frozen=True)
class ActivityInput:
    plan_id: int
    code: str
    title: str
    start: dt.date
    end: dt.date
    kind: ActivityKind = ActivityKind.TRAINING
    venue_id: int | None = None
    # Sessions: every day gets the halves listed (a two-day class: 4 buổi).
    halves: tuple[Half, ...] = (Half.MORNING, Half.AFTERNOON)
    lecturer_ids: tuple[int, ...] = field(default=())  # assigned to sessions in turn


def create_activity(session: Session, data: ActivityInput) -> Activity:
    code = _required(data.code, "Mã lớp")
    if session.scalar(select(Activity.id).where(Activity.code == code)) is not None:
        raise PlanningError(f"mã lớp {code} đã được dùng")
    if data.end < data.start:
        raise PlanningError("Ngày kết thúc phải sau hoặc trùng ngày bắt đầu")
    if (data.end - data.start).days > 60:
        raise PlanningError("Một lớp không kéo dài quá 60 ngày")
    if not data.halves:
        raise PlanningError("Cần ít nhất một buổi mỗi ngày")
    get_plan(session, data.plan_id)
    activity = Activity(
        plan_id=data.plan_id,
        code=code,
        title=_required(data.title, "Tên lớp"),
        kind=data.kind,
        start_date=data.start,
        end_date=data.end,
        venue_id=data.venue_id,
    )
    day, slot = data.start, 0
    while day <= data.end:
        for half in data.halves:
            lecturer = (
                data.lecturer_ids[slot % len(data.lecturer_ids)] if data.lecturer_ids else None
            )
            activity.sessions.append(
                ClassSession(on_date=day, half=half, venue_id=data.venue_id, lecturer_id=lecturer)
            )
            slot += 1
        day += dt.timedelta(days=1)
    session.add(activity)
    session.flush()
    return activity


def copy_activity(session: Session, activity_id: int, code: str, start: dt.date) -> Activity:
    """A new class like this one (title, venue, sessions and lecturers), moved to `start`.

    The roster is not copied: each class has its own learners.
    """
    source = get_activity(session, activity_id)
    code = _required(code, "Mã lớp")
    if session.scalar(select(Activity.id).where(Activity.code == code)) is not None:
        raise PlanningError(f"mã lớp {code} đã được dùng")
    shift = start - source.start_date
    copy = Activity(
        plan_id=source.plan_id,
        code=code,
        title=source.title,
        kind=source.kind,
        start_date=source.start_date + shift,
        end_date=source.end_date + shift,
        venue_id=source.venue_id,
        place_type=source.place_type,
        expected_count=source.expected_count,
    )
    for s in source.sessions:
        copy.sessions.append(
            ClassSession(
                on_date=s.on_date + shift,
                half=s.half,
                venue_id=s.venue_id,
                lecturer_id=s.lecturer_id,
                topic=s.topic,
            )
        )
    session.add(copy)
    session.flush()
    return copy


def next_code(code: str, taken: set[str]) -> str:
    """TTDN23-L06 -> TTDN23-L07: the first code, counting the number up, not in `taken`."""
    head = code.rstrip("0123456789")
    digits = code[len(head) :] or "0"
    number = int(digits)
    while True:
        number += 1
        candidate = f"{head}{number:0{len(digits)}d}"
        if candidate not in taken:
            return candidate


def next_activity_code(session: Session, template: str) -> str:
    """TTDN23-L06 -> TTDN23-L07 (the first free code with the number counted up)."""
    return next_code(template, set(session.scalars(select(Activity.code))))


def move_people(
    session: Session,
    person_ids: list[int],
    source_id: int,
    target_id: int,
    *,
    over_capacity_reason: str | None = None,
) -> int:
    """Move enrollments from one activity to another; people already there stay once. Beyond
    the target venue's capacity only with a reason (models.capacity)."""
    writable_activity(session, source_id)
    target = writable_activity(session, target_id)
    already = set(
        session.scalars(
            select(Enrollment.person_id).where(
                Enrollment.activity_id == target_id, Enrollment.person_id.in_(person_ids)
            )
        )
    )
    movable = [pid for pid in person_ids if pid not in already]
    admit(session, target, len(movable), over_capacity_reason)
    if movable:
        session.execute(
            update(Enrollment)
            .where(Enrollment.activity_id == source_id, Enrollment.person_id.in_(movable))
            .values(activity_id=target_id)
        )
    if already:
        session.execute(
            delete(Enrollment).where(
                Enrollment.activity_id == source_id, Enrollment.person_id.in_(already)
            )
        )
    session.flush()
    return len(person_ids)


def venue_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Venue)) or 0


@dataclass(frozen=True)
class UnitAndFunding:
    """The organising unit (its names go on every paper) and the funding decision of a plan."""

    unit_name: str
    unit_parent: str = ""
    unit_qhns: str = ""
    unit_address: str = ""
    unit_place: str = ""
    preparer: str = ""
    chief_accountant: str = ""
    head: str = ""
    head_title: str = ""
    programme: str = ""
    project: str = ""
    sub_project: str = ""
    decision_number: str = ""
    decision_date: dt.date | None = None
    decided_by: str = ""
    ceiling: int = 0
    # The row versions the form was read at (None: a new unit or funding, or no form).
    unit_version: int | None = None
    funding_version: int | None = None


def unit_and_funding(session: Session, plan_id: int) -> UnitAndFunding:
    plan = get_plan(session, plan_id)
    u, f = plan.org_unit, plan.funding_source
    return UnitAndFunding(
        unit_name=u.name if u else "",
        unit_parent=u.parent_agency if u else "",
        unit_qhns=u.qhns_code if u else "",
        unit_address=u.address if u else "",
        unit_place=u.place if u else "",
        preparer=u.preparer if u else "",
        chief_accountant=u.chief_accountant if u else "",
        head=u.head if u else "",
        head_title=u.head_title if u else "",
        programme=f.programme if f else "",
        project=f.project if f else "",
        sub_project=f.sub_project if f else "",
        decision_number=f.decision_number if f else "",
        decision_date=f.decision_date if f else None,
        decided_by=f.decided_by if f else "",
        ceiling=f.ceiling if f else 0,
        unit_version=u.version if u else None,
        funding_version=f.version if f else None,
    )


def save_unit_and_funding(session: Session, plan_id: int, data: UnitAndFunding) -> None:
    """Edit the plan's unit and funding in place (another plan sharing the unit sees it too)."""
    plan = get_plan(session, plan_id)
    if plan.org_unit is not None:
        check_version(plan.org_unit, data.unit_version)
    if plan.funding_source is not None:
        check_version(plan.funding_source, data.funding_version)
    unit = plan.org_unit or OrgUnit()
    unit.name = _required(data.unit_name, "Tên đơn vị tổ chức")
    unit.parent_agency = _text(data.unit_parent)
    code = _text(data.unit_qhns)
    other = unit_by_code(session, code) if code else None
    if other is not None and other is not unit:  # matched by code: one code, one unit
        raise PlanningError(
            N_("mã QHNS {code} đã là của đơn vị «{unit}»"), code=code, unit=other.name
        )
    unit.qhns_code = code
    unit.address = _text(data.unit_address)
    unit.place = _text(data.unit_place)
    unit.preparer = _text(data.preparer)
    unit.chief_accountant = _text(data.chief_accountant)
    unit.head = _text(data.head)
    unit.head_title = _text(data.head_title)
    plan.org_unit = unit
    fund = plan.funding_source or FundingSource(year=(data.decision_date or dt.date.today()).year)
    fund.programme = _text(data.programme)
    fund.project = _text(data.project)
    fund.sub_project = _text(data.sub_project)
    fund.decision_number = _text(data.decision_number)
    fund.decision_date = data.decision_date
    fund.decided_by = _text(data.decided_by)
    fund.ceiling = _money(data.ceiling, "Kinh phí được giao")
    plan.funding_source = fund
    session.flush()


@dataclass(frozen=True)
class SessionRow:
    session_id: int
    number: int
    label: str  # "Ngày 1 sáng"
    on_date: dt.date
    lecturer_id: int | None
    lecturer: str
    topic: str
    taught: bool
    version: int  # the buổi's row version, sent back by the form


def session_rows(session: Session, activity_id: int) -> list[SessionRow]:
    from models.attendance.marks import sessions_of

    activity = get_activity(session, activity_id)
    by_id = {s.id: s for s in activity.sessions}
    return [
        SessionRow(
            session_id=info.session_id,
            number=info.number,
            label=info.label,
            on_date=info.on_date,
            lecturer_id=by_id[info.session_id].lecturer_id,
            lecturer=info.lecturer,
            topic=by_id[info.session_id].topic,
            taught=info.taught,
            version=by_id[info.session_id].version,
        )
        for info in sessions_of(activity)
    ]


def update_session(
    session: Session,
    session_id: int,
    *,
    lecturer_id: int | None,
    topic: str,
    taught: bool,
    expected_version: int | None = None,
) -> None:
    """Who teaches a buổi, on what, and whether it took place (no fee for one not taught)."""
    class_session = session.get(ClassSession, session_id)
    if class_session is None:
        raise PlanningError(f"không có buổi số {session_id}")
    require_unlocked(class_session.activity)
    check_version(class_session, expected_version)
    if lecturer_id is not None and session.get(Lecturer, lecturer_id) is None:
        raise PlanningError(f"không có giảng viên số {lecturer_id}")
    class_session.lecturer_id = lecturer_id
    class_session.topic = _text(topic)
    class_session.taught = taught
    session.flush()
