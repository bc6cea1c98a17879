"""Adding and editing one person by hand, enrolling people, and a person's activities.

The same rules as the roster import: names and text in NFC with single spaces (a name typed
all in capitals gets proper case), CCCD and phone numbers read by the importer's own
functions, sort and search keys rewritten with the name. Each function runs in the caller's
transaction (`with db.write() as s:`); bad input raises PeopleError with a sentence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.capacity import admit
from models.concurrency import check_version
from models.entities.enums import Gender, Presence, Role
from models.entities.tables import Activity, Attendance, ClassSession, Enrollment, Person
from models.errors import NotFoundError, UserError
from models.guard import writable_activity
from models.lookup import get_person
from models.people.queries import name_keys
from models.roster_import.cells import parse_cccd, parse_phone
from models.roster_import.parsed import MAX_LENGTH, MIN_AGE, OLDEST_YEAR
from models.text.vntext import collapse_spaces, nfc, repair_text


class PeopleError(UserError):
    """A person cannot be saved or enrolled; the message (Vietnamese) says why."""


@dataclass(frozen=True)
class PersonInput:
    """A person as typed in the form; empty text and None mean "not known"."""

    full_name: str
    gender: str | None = None  # "M" | "F" | None
    birth_year: int | None = None
    ethnicity: str = ""
    position: str = ""
    village: str = ""
    commune: str = ""
    district: str = ""
    province: str = ""
    cccd: str = ""
    phone: str = ""
    salaried: bool = False
    distance_km: int | None = None
    difficult_area: bool = False
    note: str = ""
    version: int | None = None  # the stored row's version when read for a form
    leader: bool = False  # hệ số phụ cấp chức vụ 1,25 or more: the leader's lodging tier


@dataclass(frozen=True)
class PersonActivity:
    """One activity a person is enrolled in."""

    activity_id: int
    code: str
    title: str
    start: dt.date
    end: dt.date
    role: str  # models.entities.Role value
    sessions: int  # sessions the activity has
    attended: int | None  # sessions marked present; None when nobody marked this person yet

    @property
    def dates(self) -> str:
        if self.start == self.end:
            return f"{self.start:%d/%m/%Y}"
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"


ROLE_LABELS = {
    Role.LEARNER.value: "học viên",
    Role.ORGANISER.value: "ban tổ chức",
    Role.SUPPORT.value: "phục vụ",
}

_TEXT_LABELS = {
    "ethnicity": "Dân tộc",
    "position": "Chức vụ",
    "village": "Thôn, bản",
    "commune": "Xã",
    "district": "Huyện",
    "province": "Tỉnh",
    "note": "Ghi chú",
}


def _text(value: str) -> str:
    return collapse_spaces(nfc(value))


def _cccd(value: str) -> str | None:
    typed = _text(value)
    if not typed:
        return None
    cccd, reason, restored = parse_cccd(typed)
    if cccd is None:
        raise PeopleError(reason)
    if restored:  # typed by hand, a missing digit may be anywhere: never guess
        raise PeopleError(
            f"số CCCD «{typed}» có 11 chữ số, cần 12 (số CCCD bắt đầu bằng 0: gõ cả số 0 đầu)"
        )
    return cccd


def _phone(value: str) -> str:
    typed = _text(value)
    if not typed:
        return ""
    phone, _fixes = parse_phone(typed)
    if not phone:
        raise PeopleError(
            f"số điện thoại «{typed[:40]}» không đúng (cần 10 chữ số, bắt đầu bằng 0)"
        )
    return phone


def _values(data: PersonInput, today: dt.date | None = None) -> dict[str, Any]:
    """The columns of a person, clean and checked."""
    name = repair_text(data.full_name, is_name=True).text
    if not name:
        raise PeopleError("họ và tên không được để trống")
    if len(name) > MAX_LENGTH["full_name"]:
        raise PeopleError(f"họ và tên dài quá {MAX_LENGTH['full_name']} ký tự")
    year = (today or dt.date.today()).year
    if data.birth_year is not None and not OLDEST_YEAR <= data.birth_year <= year - MIN_AGE:
        raise PeopleError(
            f"năm sinh {data.birth_year} không hợp lý (từ {OLDEST_YEAR} đến {year - MIN_AGE})"
        )
    if data.gender not in (None, "M", "F"):
        raise PeopleError(f"giới tính {data.gender!r} không có; chọn nam hoặc nữ")
    if data.distance_km is not None and data.distance_km < 0:
        raise PeopleError("khoảng cách không được âm")
    values: dict[str, Any] = {
        "full_name": name,
        **name_keys(name),
        "gender": Gender(data.gender) if data.gender else None,
        "birth_year": data.birth_year,
        "cccd": _cccd(data.cccd),
        "phone": _phone(data.phone),
        "salaried": bool(data.salaried),
        "distance_km": data.distance_km,
        "difficult_area": bool(data.difficult_area),
        "leader": bool(data.leader),
    }
    for attr, label in _TEXT_LABELS.items():
        text = _text(getattr(data, attr))
        limit = MAX_LENGTH[attr]
        if len(text) > limit:
            raise PeopleError(f"{label} dài quá {limit} ký tự")
        values[attr] = text
    return values


def _describe(person: Person) -> str:
    """ "Lò Văn Thành (sinh 1978, Xã Quài Tở)" """
    details = [f"sinh {person.birth_year}"] if person.birth_year else []
    if person.commune:
        details.append(person.commune)
    return f"{person.full_name} ({', '.join(details)})" if details else person.full_name


def _check_cccd_free(session: Session, cccd: str | None, person_id: int | None) -> None:
    if cccd is None:
        return
    query = select(Person).where(Person.cccd == cccd)
    if person_id is not None:
        query = query.where(Person.id != person_id)
    other = session.scalars(query.limit(1)).first()
    if other is not None:
        raise PeopleError(f"số CCCD {cccd} đã là của {_describe(other)}; mỗi người một số CCCD")


def _activity(session: Session, activity_id: int) -> Activity:
    return writable_activity(session, activity_id)


def create_person(
    session: Session,
    data: PersonInput,
    activity_id: int | None = None,
    *,
    today: dt.date | None = None,
    over_capacity_reason: str | None = None,
) -> int:
    """Add a person (and enroll them as a learner in the activity); returns the new id."""
    values = _values(data, today)
    _check_cccd_free(session, values["cccd"], None)
    if activity_id is not None:
        _activity(session, activity_id)
    person = Person(**values)
    session.add(person)
    session.flush()
    if activity_id is not None:
        enroll_people(session, [person.id], activity_id, over_capacity_reason=over_capacity_reason)
    return person.id


def update_person(
    session: Session,
    person_id: int,
    data: PersonInput,
    *,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> None:
    """Save the form; `expected_version` (what the form showed): someone else's save since
    is refused with StaleEditError."""
    person = get_person(session, person_id)
    check_version(person, expected_version)
    values = _values(data, today)
    _check_cccd_free(session, values["cccd"], person_id)
    for attr, value in values.items():
        setattr(person, attr, value)
    session.flush()


def person_input(session: Session, person_id: int) -> PersonInput:
    """What the form shows for an existing person."""
    person = get_person(session, person_id)
    return PersonInput(
        full_name=person.full_name,
        gender=person.gender.value if person.gender else None,
        birth_year=person.birth_year,
        ethnicity=person.ethnicity,
        position=person.position,
        village=person.village,
        commune=person.commune,
        district=person.district,
        province=person.province,
        cccd=person.cccd or "",
        phone=person.phone,
        salaried=person.salaried,
        distance_km=person.distance_km,
        difficult_area=person.difficult_area,
        note=person.note,
        version=person.version,
        leader=person.leader,
    )


def enroll_people(
    session: Session,
    person_ids: list[int],
    activity_id: int,
    role: Role = Role.LEARNER,
    *,
    over_capacity_reason: str | None = None,
) -> int:
    """Enroll existing people in an activity; those already in it stay once. Returns how many
    were added. Beyond the venue's capacity only with a reason (models.capacity)."""
    activity = _activity(session, activity_id)
    wanted = list(dict.fromkeys(person_ids))
    known = set(session.scalars(select(Person.id).where(Person.id.in_(wanted))))
    missing = [pid for pid in wanted if pid not in known]
    if missing:
        raise NotFoundError(f"không có người mã số {missing[0]}")
    already = set(
        session.scalars(
            select(Enrollment.person_id).where(
                Enrollment.activity_id == activity_id, Enrollment.person_id.in_(wanted)
            )
        )
    )
    fresh = [pid for pid in wanted if pid not in already]
    admit(session, activity, len(fresh), over_capacity_reason)
    session.add_all(Enrollment(person_id=pid, activity_id=activity_id, role=role) for pid in fresh)
    session.flush()
    return len(fresh)


def person_activities(session: Session, person_id: int) -> list[PersonActivity]:
    """The person's activities, oldest first, with the sessions attended where marked."""
    get_person(session, person_id)
    session_count = (
        select(func.count(ClassSession.id))
        .where(ClassSession.activity_id == Activity.id)
        .scalar_subquery()
    )
    marked = (
        select(func.count(Attendance.id))
        .where(Attendance.enrollment_id == Enrollment.id)
        .scalar_subquery()
    )
    present = (
        select(func.count(Attendance.id))
        .where(Attendance.enrollment_id == Enrollment.id, Attendance.status == Presence.PRESENT)
        .scalar_subquery()
    )
    rows = session.execute(
        select(Activity, Enrollment.role, session_count, marked, present)
        .join(Enrollment, Enrollment.activity_id == Activity.id)
        .where(Enrollment.person_id == person_id)
        .order_by(Activity.start_date, Activity.code)
    ).all()
    return [
        PersonActivity(
            activity_id=activity.id,
            code=activity.code,
            title=activity.title,
            start=activity.start_date,
            end=activity.end_date,
            role=role.value,
            sessions=int(sessions or 0),
            attended=int(present or 0) if marks else None,
        )
        for activity, role, sessions, marks, present in rows
    ]
