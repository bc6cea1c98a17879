"""Changing a plan or a class after it was saved: the form's values, read and written back.

A form is read with `plan_form`/`activity_form` (it carries the row version) and saved with
`update_plan`/`update_activity`; a save over someone else's change since is refused
(StaleEditError), a locked plan or class refuses with the reason. Each save returns the form
as it was before, so the caller can offer to undo it (models.planning.undo).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.concurrency import check_version
from models.entities.enums import ActivityKind, Half, TravelMethod
from models.entities.tables import Activity, Attendance, ClassSession, Plan, Venue
from models.guard import require_plan_unlocked, require_unlocked
from models.lookup import get_activity, get_plan
from models.planning.setup import PlanningError, _required, _text
from models.text.vntext import nfc

MAX_DAYS = 60  # one class never runs longer (as create_activity)
_CODES = (
    ("budget_chapter", r"\d{3}", "Mã chương (3 chữ số)"),
    ("budget_sector", r"\d{3}(?:-\d{3})?", "Mã loại–khoản (ví dụ 340-341)"),
    ("programme_code", r"[0-9A-Za-z.-]{1,32}", "Mã chương trình"),
)


# --- plans -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanForm:
    """What the plan form edits: its identity and the settings the estimate needs."""

    code: str
    title: str
    number: str = ""
    issued_on: dt.date | None = None
    legal_bases: str = ""
    travel_method: str = TravelMethod.OWN_VEHICLE.value
    petrol_price: int = 0  # đồng/litre on petrol_price_date (own-vehicle formula)
    petrol_price_date: dt.date | None = None
    arrive_night_before: bool = True
    minority_language: bool = False  # training material in a minority language: +30 %
    organiser_level: str = "province"  # central | province | district | commune
    lodging_certified: bool = True  # the organiser certifies it could not provide rooms
    night_after: bool = False  # far participants stay the night after the last day
    lodging_min_km: int | None = None  # lodging's own distance threshold (None: travel's)
    lodging_by_invoice: bool = False  # rooms by invoice (TT 40/2017 Điều 7 k3), else flat
    budget_chapter: str = ""  # chương, e.g. "412"
    budget_sector: str = ""  # loại–khoản, e.g. "340-341"
    programme_code: str = ""  # mã chương trình mục tiêu quốc gia
    version: int | None = None  # the row version the form was read at


def plan_form(session: Session, plan_id: int) -> PlanForm:
    plan = get_plan(session, plan_id)
    return PlanForm(
        code=plan.code,
        title=plan.title,
        number=plan.number,
        issued_on=plan.issued_on,
        legal_bases=plan.legal_bases,
        travel_method=plan.travel_method,
        petrol_price=plan.petrol_price,
        petrol_price_date=plan.petrol_price_date,
        arrive_night_before=plan.arrive_night_before,
        minority_language=plan.minority_language,
        organiser_level=plan.organiser_level,
        lodging_certified=plan.lodging_certified,
        night_after=plan.night_after,
        lodging_min_km=plan.lodging_min_km,
        lodging_by_invoice=plan.lodging_by_invoice,
        budget_chapter=plan.budget_chapter,
        budget_sector=plan.budget_sector,
        programme_code=plan.programme_code,
        version=plan.version,
    )


def update_plan(session: Session, plan_id: int, form: PlanForm) -> PlanForm:
    """Save the plan form; returns the form as it was (for undo)."""
    plan = get_plan(session, plan_id)
    check_version(plan, form.version)
    require_plan_unlocked(plan)
    before = plan_form(session, plan_id)
    code = _required(form.code, "Mã kế hoạch")
    taken = session.scalar(select(Plan.id).where(Plan.code == code, Plan.id != plan_id))
    if taken is not None:
        raise PlanningError(f"mã kế hoạch {code} đã được dùng")
    methods = [m.value for m in TravelMethod]
    if form.travel_method not in methods:
        raise PlanningError(f"cách tính tiền đi lại {form.travel_method!r} không có")
    if isinstance(form.petrol_price, bool) or form.petrol_price < 0:
        raise PlanningError("Giá xăng phải là số đồng không âm")
    plan.code = code
    plan.title = _required(form.title, "Tên kế hoạch")
    plan.number = _text(form.number)
    plan.issued_on = form.issued_on
    plan.legal_bases = nfc(form.legal_bases).strip()
    plan.travel_method = form.travel_method
    plan.petrol_price = form.petrol_price
    plan.petrol_price_date = form.petrol_price_date
    if form.petrol_price_date is not None and form.petrol_price:
        from models.budget.edit import set_petrol_price  # the price of that day, kept dated

        set_petrol_price(session, plan_id, form.petrol_price_date, form.petrol_price)
    plan.arrive_night_before = form.arrive_night_before
    plan.minority_language = form.minority_language
    if form.organiser_level not in ("central", "province", "district", "commune"):
        raise PlanningError(f"cấp tổ chức {form.organiser_level!r} không có")
    plan.organiser_level = form.organiser_level
    plan.lodging_certified = form.lodging_certified
    plan.night_after = form.night_after
    if form.lodging_min_km is not None and not 0 <= form.lodging_min_km <= 2_000:
        raise PlanningError("Ngưỡng khoảng cách được hỗ trợ tiền nghỉ phải từ 0 đến 2.000 km")
    plan.lodging_min_km = form.lodging_min_km
    plan.lodging_by_invoice = form.lodging_by_invoice
    for field, pattern, label in _CODES:
        value = "".join(getattr(form, field).split())
        if value and not re.fullmatch(pattern, value):
            raise PlanningError(f"{label} «{value}» không đúng dạng")
        setattr(plan, field, value)
    session.flush()
    return before


# --- activities ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityForm:
    """What the class form edits. `lecturer_ids`: given in turn to the buổi when the list
    changes; an unchanged list keeps each buổi's own lecturer."""

    code: str
    title: str
    kind: ActivityKind
    start: dt.date
    end: dt.date
    venue_id: int | None = None
    lecturer_ids: tuple[int, ...] = ()
    expected_count: int | None = None  # planned head count, before the rosters arrive
    version: int | None = None


def activity_form(session: Session, activity_id: int) -> ActivityForm:
    activity = get_activity(session, activity_id)
    lecturers = tuple(
        dict.fromkeys(s.lecturer_id for s in activity.sessions if s.lecturer_id is not None)
    )
    return ActivityForm(
        code=activity.code,
        title=activity.title,
        kind=activity.kind,
        start=activity.start_date,
        end=activity.end_date,
        venue_id=activity.venue_id,
        lecturer_ids=lecturers,
        expected_count=activity.expected_count,
        version=activity.version,
    )


def update_activity(session: Session, activity_id: int, form: ActivityForm) -> ActivityForm:
    """Save the class form; returns the form as it was (for undo).

    New dates: a class of the same length moves whole (its buổi keep lecturers and topics;
    refused once attendance is marked); a longer or shorter one keeps the days still inside,
    adds buổi for new days and drops the days left out — refused when one of those has
    attendance. A new venue moves the buổi that were at the old one."""
    activity = get_activity(session, activity_id)
    check_version(activity, form.version)
    require_unlocked(activity)
    before = activity_form(session, activity_id)
    code = _required(form.code, "Mã lớp")
    taken = session.scalar(
        select(Activity.id).where(Activity.code == code, Activity.id != activity_id)
    )
    if taken is not None:
        raise PlanningError(f"mã lớp {code} đã được dùng")
    if form.end < form.start:
        raise PlanningError("Ngày kết thúc phải sau hoặc trùng ngày bắt đầu")
    if (form.end - form.start).days > MAX_DAYS:
        raise PlanningError(f"Một lớp không kéo dài quá {MAX_DAYS} ngày")
    if form.expected_count is not None and form.expected_count < 0:
        raise PlanningError("Số người dự kiến không được âm")
    if form.venue_id is not None and session.get(Venue, form.venue_id) is None:
        raise PlanningError(f"không có địa điểm mã số {form.venue_id}")
    activity.code = code
    activity.title = _required(form.title, "Tên lớp")
    activity.kind = form.kind
    activity.expected_count = form.expected_count or None
    if (form.start, form.end) != (activity.start_date, activity.end_date):
        _move_dates(session, activity, form.start, form.end)
    if form.venue_id != activity.venue_id:
        old = activity.venue_id
        for s in activity.sessions:
            if s.venue_id in (old, None):
                s.venue_id = form.venue_id
        activity.venue_id = form.venue_id
    if form.lecturer_ids != before.lecturer_ids:
        ids = form.lecturer_ids
        for slot, s in enumerate(sorted(activity.sessions, key=lambda x: (x.on_date, x.half))):
            s.lecturer_id = ids[slot % len(ids)] if ids else None
    session.flush()
    return before


def _marked(session: Session, session_ids: list[int]) -> set[int]:
    if not session_ids:
        return set()
    rows = session.execute(
        select(Attendance.session_id, func.count())
        .where(Attendance.session_id.in_(session_ids))
        .group_by(Attendance.session_id)
    )
    return {sid for sid, n in rows if n}


def _move_dates(session: Session, activity: Activity, start: dt.date, end: dt.date) -> None:
    sessions = list(activity.sessions)
    marked = _marked(session, [s.id for s in sessions if s.id is not None])
    same_length = (end - start) == (activity.end_date - activity.start_date)
    if same_length and not marked:
        shift = start - activity.start_date
        # Two steps, so no shifted buổi meets one not yet moved on the unique (date, half).
        for s in sessions:
            s.on_date = s.on_date + dt.timedelta(days=40_000)
        session.flush()
        for s in sessions:
            s.on_date = s.on_date - dt.timedelta(days=40_000) + shift
        activity.start_date, activity.end_date = start, end
        return
    dropped = [s for s in sessions if not start <= s.on_date <= end]
    blocked = sorted({s.on_date for s in dropped if s.id in marked})
    if blocked:
        days = ", ".join(d.strftime("%d/%m/%Y") for d in blocked)
        raise PlanningError(
            f"lớp {activity.code}: ngày {days} đã có điểm danh, không bỏ khỏi lớp được; "
            "xóa điểm danh của ngày đó trước hoặc giữ ngày trong lớp"
        )
    halves = sorted({s.half for s in sessions}, key=list(Half).index) or list(Half)
    kept_days = {s.on_date for s in sessions if start <= s.on_date <= end}
    template = sessions[-1] if sessions else None
    for s in dropped:
        activity.sessions.remove(s)
    session.flush()
    day = start
    while day <= end:
        if day not in kept_days:
            for half in halves:
                activity.sessions.append(
                    ClassSession(
                        on_date=day,
                        half=half,
                        venue_id=activity.venue_id,
                        lecturer_id=template.lecturer_id if template else None,
                    )
                )
        day += dt.timedelta(days=1)
    activity.start_date, activity.end_date = start, end


def with_version(form: ActivityForm, version: int) -> ActivityForm:
    """The form to send back to undo a save: the version the save left behind."""
    return replace(form, version=version)
