"""The plan check: what in a plan cannot happen as written, found before anyone travels.

Six kinds, each entry naming the activities, the date and buổi, and the people involved:

* ``venue`` — one venue booked by two activities in the same buổi;
* ``lecturer`` — a lecturer teaching two buổi at once, or in two places on one day;
* ``person`` — a person enrolled in two activities whose days overlap;
* ``capacity`` — more people enrolled (or expected) than the venue holds;
* ``dates`` — an activity outside its funding year (the decision's money is for that year);
* ``no_lecturer`` — a buổi of a training class with nobody to teach it.

Read with a handful of column queries (scenario B: 113 buổi, 17,269 people), never one query
per activity. A session's own venue counts where it has one, else its activity's.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from models.entities.enums import ActivityKind, Half
from models.entities.tables import (
    Activity,
    ClassSession,
    Enrollment,
    FundingSource,
    Lecturer,
    Person,
    Plan,
    Venue,
)
from models.lookup import get_plan

KINDS: Final = ("venue", "lecturer", "person", "capacity", "dates", "no_lecturer")
_SHOWN_PEOPLE: Final = 5  # names in a message; the entry keeps them all


@dataclass(frozen=True)
class Clash:
    kind: str
    activity_ids: tuple[int, ...]
    activities: tuple[str, ...]  # codes, in the same order
    date: dt.date | None
    buoi: str | None  # "sáng" / "chiều", or None when the clash is not about one buổi
    people: tuple[str, ...]  # the persons or lecturers involved
    message: str  # one Vietnamese sentence

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "activities": list(self.activities),
            "date": self.date.isoformat() if self.date else None,
            "buoi": self.buoi,
            "people": list(self.people),
            "message": self.message,
        }


@dataclass(frozen=True)
class _Activity:
    id: int
    code: str
    title: str
    kind: ActivityKind
    start: dt.date
    end: dt.date
    venue_id: int | None
    expected: int | None


@dataclass(frozen=True)
class _Slot:
    activity_id: int
    on_date: dt.date
    half: Half
    venue_id: int | None
    lecturer_id: int | None


def _day(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _names(people: Sequence[str]) -> str:
    shown = ", ".join(people[:_SHOWN_PEOPLE])
    more = len(people) - _SHOWN_PEOPLE
    return f"{shown} và {more} người khác" if more > 0 else shown


def check_plan(session: Session, plan_id: int) -> list[Clash]:
    """Every clash in the plan, by date then kind; an empty list when the plan holds."""
    plan = get_plan(session, plan_id)
    activities = {
        a.id: a
        for a in (
            _Activity(*row)
            for row in session.execute(
                select(
                    Activity.id,
                    Activity.code,
                    Activity.title,
                    Activity.kind,
                    Activity.start_date,
                    Activity.end_date,
                    Activity.venue_id,
                    Activity.expected_count,
                ).where(Activity.plan_id == plan_id)
            )
        )
    }
    if not activities:
        return []
    slots = [
        _Slot(aid, on_date, half, venue_id or activities[aid].venue_id, lecturer_id)
        for aid, on_date, half, venue_id, lecturer_id in session.execute(
            select(
                ClassSession.activity_id,
                ClassSession.on_date,
                ClassSession.half,
                ClassSession.venue_id,
                ClassSession.lecturer_id,
            ).where(
                ClassSession.activity_id.in_(select(Activity.id).where(Activity.plan_id == plan_id))
            )
        )
    ]
    venue_ids = {s.venue_id for s in slots if s.venue_id} | {
        a.venue_id for a in activities.values() if a.venue_id
    }
    venues = {
        vid: (name, capacity)
        for vid, name, capacity in session.execute(
            select(Venue.id, Venue.name, Venue.capacity).where(Venue.id.in_(venue_ids))
        )
    }
    lecturer_ids = {s.lecturer_id for s in slots if s.lecturer_id}
    lecturers = dict(
        session.execute(
            select(Lecturer.id, Lecturer.full_name).where(Lecturer.id.in_(lecturer_ids))
        ).all()
    )
    enrolled = dict(
        session.execute(
            select(Enrollment.activity_id, func.count())
            .where(Enrollment.activity_id.in_(activities))
            .group_by(Enrollment.activity_id)
        ).all()
    )
    year = _funding_year(session, plan)
    found = [
        *_venue_clashes(activities, slots, venues),
        *_lecturer_clashes(activities, slots, venues, lecturers),
        *_person_clashes(session, plan_id),
        *_capacity_clashes(activities, venues, enrolled),
        *_date_clashes(activities, year),
        *_missing_lecturers(activities, slots),
    ]
    order = {kind: n for n, kind in enumerate(KINDS)}
    return sorted(found, key=lambda c: (c.date or dt.date.min, order[c.kind], c.activities))


def clashes_of_activity(session: Session, activity_id: int) -> list[Clash]:
    """The plan's clashes that involve this activity (what saving an edit warns about)."""
    plan_id = session.scalar(select(Activity.plan_id).where(Activity.id == activity_id))
    if plan_id is None:
        return []
    return [c for c in check_plan(session, plan_id) if activity_id in c.activity_ids]


def _funding_year(session: Session, plan: Plan) -> int | None:
    if plan.funding_source_id is not None:
        year = session.scalar(
            select(FundingSource.year).where(FundingSource.id == plan.funding_source_id)
        )
        if year:
            return year
    return plan.issued_on.year if plan.issued_on else None


def _codes(
    activities: dict[int, _Activity], ids: Iterable[int]
) -> tuple[tuple[int, ...], tuple[str, ...]]:
    ordered = sorted(set(ids), key=lambda i: (activities[i].start, activities[i].code))
    return tuple(ordered), tuple(activities[i].code for i in ordered)


def _venue_clashes(
    activities: dict[int, _Activity],
    slots: Sequence[_Slot],
    venues: dict[int, tuple[str, int | None]],
) -> list[Clash]:
    booked: dict[tuple[int, dt.date, Half], set[int]] = defaultdict(set)
    for slot in slots:
        if slot.venue_id is not None:
            booked[(slot.venue_id, slot.on_date, slot.half)].add(slot.activity_id)
    clashes = []
    for (venue_id, on_date, half), ids in booked.items():
        if len(ids) < 2:
            continue
        ids_, codes = _codes(activities, ids)
        name = venues.get(venue_id, ("?", None))[0]
        clashes.append(
            Clash(
                "venue",
                ids_,
                codes,
                on_date,
                half.label,
                (),
                f"{name} được xếp cho {len(codes)} lớp cùng buổi {half.label} "
                f"{_day(on_date)}: {', '.join(codes)}",
            )
        )
    return clashes


def _lecturer_clashes(
    activities: dict[int, _Activity],
    slots: Sequence[_Slot],
    venues: dict[int, tuple[str, int | None]],
    lecturers: dict[int, str],
) -> list[Clash]:
    by_day: dict[tuple[int, dt.date], list[_Slot]] = defaultdict(list)
    for slot in slots:
        if slot.lecturer_id is not None:
            by_day[(slot.lecturer_id, slot.on_date)].append(slot)
    clashes = []
    for (lecturer_id, on_date), day_slots in by_day.items():
        name = lecturers.get(lecturer_id, "?")
        by_half: dict[Half, set[int]] = defaultdict(set)
        for slot in day_slots:
            by_half[slot.half].add(slot.activity_id)
        at_once = False
        for half, ids in by_half.items():
            if len(ids) > 1:
                at_once = True
                ids_, codes = _codes(activities, ids)
                clashes.append(
                    Clash(
                        "lecturer",
                        ids_,
                        codes,
                        on_date,
                        half.label,
                        (name,),
                        f"Giảng viên {name} dạy {len(codes)} lớp cùng buổi {half.label} "
                        f"{_day(on_date)}: {', '.join(codes)}",
                    )
                )
        places = {s.venue_id for s in day_slots if s.venue_id is not None}
        if len(places) > 1 and not at_once:
            ids_, codes = _codes(activities, (s.activity_id for s in day_slots))
            where = ", ".join(sorted(venues.get(v, ("?", None))[0] for v in places))
            clashes.append(
                Clash(
                    "lecturer",
                    ids_,
                    codes,
                    on_date,
                    None,
                    (name,),
                    f"Giảng viên {name} dạy ở {len(places)} nơi trong ngày {_day(on_date)} "
                    f"({where}): {', '.join(codes)}",
                )
            )
    return clashes


def _person_clashes(session: Session, plan_id: int) -> list[Clash]:
    """People enrolled in an activity of this plan and in another whose days overlap."""
    mine, other = aliased(Enrollment), aliased(Enrollment)
    a, b = aliased(Activity), aliased(Activity)
    rows = session.execute(
        select(a.id, a.code, b.id, b.code, a.start_date, b.start_date, Person.full_name)
        .select_from(mine)
        .join(a, a.id == mine.activity_id)
        .join(other, (other.person_id == mine.person_id) & (other.activity_id != mine.activity_id))
        .join(b, b.id == other.activity_id)
        .join(Person, Person.id == mine.person_id)
        .where(
            a.plan_id == plan_id,
            a.start_date <= b.end_date,
            b.start_date <= a.end_date,
            # each pair once when both are in this plan; always when the other is elsewhere
            (a.id < b.id) | (b.plan_id != plan_id),
        )
        .order_by(Person.sort_key)
    ).all()
    pairs: dict[tuple[int, int], tuple[tuple[str, str], dt.date, list[str]]] = {}
    for a_id, a_code, b_id, b_code, a_start, b_start, name in rows:
        key = (a_id, b_id)
        if key not in pairs:
            pairs[key] = ((a_code, b_code), max(a_start, b_start), [])
        pairs[key][2].append(name)
    clashes = []
    for (a_id, b_id), ((a_code, b_code), first_day, names) in pairs.items():
        clashes.append(
            Clash(
                "person",
                (a_id, b_id),
                (a_code, b_code),
                first_day,
                None,
                tuple(names),
                f"{len(names)} người có tên ở cả {a_code} và {b_code}, hai lớp trùng ngày "
                f"(từ {_day(first_day)}): {_names(names)}",
            )
        )
    return clashes


def _capacity_clashes(
    activities: dict[int, _Activity],
    venues: dict[int, tuple[str, int | None]],
    enrolled: dict[int, int],
) -> list[Clash]:
    clashes = []
    for activity in activities.values():
        if activity.venue_id is None:
            continue
        name, capacity = venues.get(activity.venue_id, ("?", None))
        count = enrolled.get(activity.id) or activity.expected or 0
        if capacity is not None and count > capacity:
            what = "ghi danh" if enrolled.get(activity.id) else "dự kiến"
            clashes.append(
                Clash(
                    "capacity",
                    (activity.id,),
                    (activity.code,),
                    activity.start,
                    None,
                    (),
                    f"{activity.code}: {count} người {what}, {name} chỉ chứa {capacity}",
                )
            )
    return clashes


def _date_clashes(activities: dict[int, _Activity], year: int | None) -> list[Clash]:
    if year is None:
        return []
    clashes = []
    for activity in activities.values():
        if activity.start.year == year and activity.end.year == year:
            continue
        clashes.append(
            Clash(
                "dates",
                (activity.id,),
                (activity.code,),
                activity.start,
                None,
                (),
                f"{activity.code} ({_day(activity.start)}–{_day(activity.end)}) nằm ngoài năm "
                f"{year} của kinh phí được giao",
            )
        )
    return clashes


def _missing_lecturers(activities: dict[int, _Activity], slots: Sequence[_Slot]) -> list[Clash]:
    clashes = []
    for slot in slots:
        activity = activities[slot.activity_id]
        if slot.lecturer_id is None and activity.kind is ActivityKind.TRAINING:
            clashes.append(
                Clash(
                    "no_lecturer",
                    (activity.id,),
                    (activity.code,),
                    slot.on_date,
                    slot.half.label,
                    (),
                    f"{activity.code}: buổi {slot.half.label} {_day(slot.on_date)} chưa có "
                    "giảng viên",
                )
            )
    return clashes
