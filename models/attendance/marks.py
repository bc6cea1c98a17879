"""Attendance (điểm danh): one mark per enrolled person per session, every change logged.

Marks are present, absent or excused; a person without a mark has not been checked yet (the
settlement counts only "present"). "Everyone present" is the usual starting point; then the
absent ones are marked. Every write records who and when in AttendanceChange. A locked
activity refuses every write. Sessions are numbered 1, 2, … in date order, morning first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.budget.rules import now
from models.entities.enums import Half, Presence
from models.entities.tables import (
    Activity,
    Attendance,
    AttendanceChange,
    ClassSession,
    Enrollment,
    Person,
)
from models.errors import MoneyError
from models.guard import require_unlocked
from models.i18n_marks import N_, Text
from models.lookup import get_activity

PRESENCE_LABELS = {
    Presence.PRESENT.value: "có mặt",
    Presence.ABSENT.value: "vắng",
    Presence.EXCUSED.value: "vắng có phép",
}


@dataclass(frozen=True)
class SessionInfo:
    number: int  # 1-based, in date order, morning first
    session_id: int
    on_date: dt.date
    half: str  # "am" | "pm"
    label: str  # "Ngày 1 sáng"
    taught: bool
    lecturer: str


@dataclass(frozen=True)
class AttendanceRow:
    enrollment_id: int
    person_id: int
    cccd: str
    full_name: str
    role: str
    marks: tuple[str | None, ...]  # one per session: present / absent / excused / None


@dataclass(frozen=True)
class AttendanceGrid:
    activity_id: int
    code: str
    locked: bool
    sessions: tuple[SessionInfo, ...]
    rows: tuple[AttendanceRow, ...]  # Vietnamese name order

    def count(self, number: int, status: str) -> int:
        return sum(1 for r in self.rows if r.marks[number - 1] == status)

    @property
    def unmarked(self) -> int:
        return sum(1 for r in self.rows for m in r.marks if m is None)


@dataclass(frozen=True)
class ChangeView:
    cccd: str
    full_name: str
    session_number: int
    old_status: str | None
    new_status: str
    changed_by: str
    changed_at: dt.datetime


# A buổi's label, "Ngày 1 sáng": a template the window translates ("Day 1 morning").
HALF_LABELS = {Half.MORNING: N_("Ngày {day} sáng"), Half.AFTERNOON: N_("Ngày {day} chiều")}


def sessions_of(activity: Activity) -> list[SessionInfo]:
    ordered = sorted(activity.sessions, key=lambda s: (s.on_date, s.half.value))
    first = ordered[0].on_date if ordered else None
    out = []
    for number, s in enumerate(ordered, 1):
        day = (s.on_date - first).days + 1 if first else 1
        out.append(
            SessionInfo(
                number=number,
                session_id=s.id,
                on_date=s.on_date,
                half=s.half.value,
                label=Text(HALF_LABELS[s.half], day=day),
                taught=s.taught,
                lecturer=s.lecturer.full_name if s.lecturer else "",
            )
        )
    return out


def _status(status: str | Presence) -> Presence:
    try:
        return Presence(status)
    except ValueError:
        known = ", ".join(p.value for p in Presence)
        raise MoneyError(f"trạng thái điểm danh {status!r} không có; chọn: {known}") from None


def _session_ids(activity: Activity, session_no: int | None) -> list[int]:
    infos = sessions_of(activity)
    if not infos:
        raise MoneyError(f"hoạt động {activity.code} chưa có buổi học nào")
    if session_no is None:
        return [i.session_id for i in infos]
    if not 1 <= session_no <= len(infos):
        raise MoneyError(
            f"hoạt động {activity.code} không có buổi {session_no} (có {len(infos)} buổi)"
        )
    return [infos[session_no - 1].session_id]


def _write(
    session: Session,
    enrollment_ids: Iterable[int],
    session_ids: Sequence[int],
    status: Presence,
    by: str,
) -> int:
    """Set the marks; log and count the ones that really change."""
    enrollment_ids = list(enrollment_ids)
    existing = {
        (a.enrollment_id, a.session_id): a
        for chunk in _chunks(enrollment_ids)
        for a in session.scalars(
            select(Attendance).where(
                Attendance.enrollment_id.in_(chunk), Attendance.session_id.in_(session_ids)
            )
        )
    }
    when = now()
    changed = 0
    for enrollment_id in enrollment_ids:
        for session_id in session_ids:
            mark = existing.get((enrollment_id, session_id))
            old = mark.status if mark is not None else None
            if old is status:
                continue
            if mark is None:
                session.add(
                    Attendance(
                        enrollment_id=enrollment_id,
                        session_id=session_id,
                        status=status,
                        recorded_by=by,
                        recorded_at=when,
                    )
                )
            else:
                mark.status, mark.recorded_by, mark.recorded_at = status, by, when
            session.add(
                AttendanceChange(
                    enrollment_id=enrollment_id,
                    session_id=session_id,
                    old_status=old,
                    new_status=status,
                    changed_by=by,
                    changed_at=when,
                )
            )
            changed += 1
    session.flush()
    return changed


def _chunks(ids: list[int], size: int = 500) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _enrollments(session: Session, activity: Activity) -> dict[int, tuple[int, str]]:
    """person_id -> (enrollment_id, cccd)."""
    rows = session.execute(
        select(Enrollment.person_id, Enrollment.id, Person.cccd)
        .join(Person, Enrollment.person_id == Person.id)
        .where(Enrollment.activity_id == activity.id)
    ).all()
    return {pid: (eid, cccd or "") for pid, eid, cccd in rows}


def set_all_present(
    session: Session, activity_id: int, *, by: str, session_no: int | None = None
) -> int:
    """Everyone enrolled present at every session (or at session `session_no`); the count of
    marks that changed."""
    activity = get_activity(session, activity_id)
    require_unlocked(activity)
    session_ids = _session_ids(activity, session_no)
    enrolled = _enrollments(session, activity)
    return _write(session, (e for e, _ in enrolled.values()), session_ids, Presence.PRESENT, by)


def set_attendance_by_cccd(
    session: Session,
    activity_id: int,
    cccds: Iterable[str],
    status: str | Presence,
    *,
    by: str,
    session_no: int | None = None,
) -> int:
    """Mark the people with these CCCD numbers; a CCCD not enrolled refuses the whole call."""
    activity = get_activity(session, activity_id)
    require_unlocked(activity)
    mark = _status(status)
    session_ids = _session_ids(activity, session_no)
    by_cccd = {cccd: eid for eid, cccd in _enrollments(session, activity).values() if cccd}
    wanted = [c.strip() for c in cccds]
    missing = [c for c in wanted if c not in by_cccd]
    if missing:
        raise MoneyError(f"CCCD {', '.join(missing)} không có trong danh sách lớp {activity.code}")
    if not wanted:
        raise MoneyError("chưa nêu CCCD nào")
    return _write(session, (by_cccd[c] for c in dict.fromkeys(wanted)), session_ids, mark, by)


def set_attendance_by_person(
    session: Session,
    activity_id: int,
    person_ids: Iterable[int],
    status: str | Presence,
    *,
    by: str,
    session_no: int | None = None,
) -> int:
    """Mark people by their ids; a person not enrolled refuses the whole call."""
    activity = get_activity(session, activity_id)
    require_unlocked(activity)
    mark = _status(status)
    session_ids = _session_ids(activity, session_no)
    enrolled = _enrollments(session, activity)
    wanted = list(dict.fromkeys(person_ids))
    missing = [str(p) for p in wanted if p not in enrolled]
    if missing:
        raise MoneyError(
            f"người mã số {', '.join(missing)} không có trong danh sách lớp {activity.code}"
        )
    return _write(session, (enrolled[p][0] for p in wanted), session_ids, mark, by)


def set_mark(
    session: Session, enrollment_id: int, session_id: int, status: str | Presence, *, by: str
) -> bool:
    """One cell of the grid; True if it changed."""
    enrollment = session.get(Enrollment, enrollment_id)
    class_session = session.get(ClassSession, session_id)
    if enrollment is None:
        raise MoneyError(f"không có người ghi danh mã số {enrollment_id}")
    if class_session is None or class_session.activity_id != enrollment.activity_id:
        raise MoneyError(f"buổi mã số {session_id} không thuộc lớp của người ghi danh này")
    require_unlocked(get_activity(session, enrollment.activity_id))
    return _write(session, [enrollment_id], [session_id], _status(status), by) == 1


def set_session_taught(session: Session, activity_id: int, session_no: int, taught: bool) -> None:
    """Record that a buổi was (not) taught: no lecturer fee for a buổi not taught."""
    activity = get_activity(session, activity_id)
    require_unlocked(activity)
    (session_id,) = _session_ids(activity, session_no)
    class_session = session.get(ClassSession, session_id)
    assert class_session is not None
    class_session.taught = taught
    session.flush()


def attendance_grid(session: Session, activity_id: int) -> AttendanceGrid:
    activity = get_activity(session, activity_id)
    infos = sessions_of(activity)
    column = {info.session_id: i for i, info in enumerate(infos)}
    rows = session.execute(
        select(Enrollment, Person)
        .join(Person, Enrollment.person_id == Person.id)
        .where(Enrollment.activity_id == activity.id)
        .order_by(Person.sort_key, Person.id)
    ).all()
    marks: dict[int, list[str | None]] = {e.id: [None] * len(infos) for e, _ in rows}
    for a in session.scalars(
        select(Attendance)
        .join(Enrollment, Attendance.enrollment_id == Enrollment.id)
        .where(Enrollment.activity_id == activity.id)
    ):
        if a.session_id in column:
            marks[a.enrollment_id][column[a.session_id]] = a.status.value
    return AttendanceGrid(
        activity_id=activity.id,
        code=activity.code,
        locked=activity.locked,
        sessions=tuple(infos),
        rows=tuple(
            AttendanceRow(
                enrollment_id=e.id,
                person_id=p.id,
                cccd=p.cccd or "",
                full_name=p.full_name,
                role=e.role.value,
                marks=tuple(marks[e.id]),
            )
            for e, p in rows
        ),
    )


def attendance_log(session: Session, activity_id: int) -> tuple[ChangeView, ...]:
    """Every change of a mark in this activity, oldest first."""
    activity = get_activity(session, activity_id)
    number = {info.session_id: info.number for info in sessions_of(activity)}
    rows = session.execute(
        select(AttendanceChange, Person)
        .join(Enrollment, AttendanceChange.enrollment_id == Enrollment.id)
        .join(Person, Enrollment.person_id == Person.id)
        .where(Enrollment.activity_id == activity.id)
        .order_by(AttendanceChange.id)
    ).all()
    return tuple(
        ChangeView(
            cccd=p.cccd or "",
            full_name=p.full_name,
            session_number=number.get(c.session_id, 0),
            old_status=c.old_status.value if c.old_status else None,
            new_status=c.new_status.value,
            changed_by=c.changed_by,
            changed_at=c.changed_at,
        )
        for c, p in rows
    )
