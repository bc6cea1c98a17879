"""A plan as a calendar: one month at a time, weeks (Monday to Sunday) × days, each day holding
its buổi with class, venue and whatever the plan check says about them.

Read only. The buổi come in one query (activity and venue joined: a session's own venue where
it has one, else its activity's); the clashes are the plan check's (`clashes.check_plan`), not
judged again here, only placed: a clash about one buổi marks that buổi, a lecturer's clash
about a day marks that day's buổi of the classes it names, any other (a person in two classes,
a hall too small, dates outside the funding year) marks every buổi of the classes it names.

Days of the neighbouring months that fill the first and last week are listed empty: a buổi is
shown in its own month only, so the month's counts add up to the plan's.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from models.entities.enums import Half
from models.entities.tables import Activity, ClassSession, Venue
from models.lookup import get_plan
from models.planning.clashes import Clash, check_plan

HALF_LETTER: Final = {Half.MORNING: "S", Half.AFTERNOON: "C"}  # sáng / chiều


@dataclass(frozen=True)
class CalendarEntry:
    """One buổi of one class."""

    activity_id: int
    code: str  # the class's code, CDTT23-B012
    short_code: str  # without the prefix every code of the plan shares: B012
    title: str
    on_date: dt.date
    half: str  # "sáng" / "chiều"
    half_letter: str  # "S" / "C"
    venue: str  # "" when neither the buổi nor its class has a venue
    commune: str
    clashes: tuple[str, ...]  # the plan check's messages about this buổi

    @property
    def clash(self) -> bool:
        return bool(self.clashes)


@dataclass(frozen=True)
class CalendarDay:
    on_date: dt.date
    in_month: bool  # False for the neighbouring months' days that fill a week
    entries: tuple[CalendarEntry, ...]  # sáng before chiều, then by code


@dataclass(frozen=True)
class MonthCount:
    month: dt.date  # the first day of the month
    sessions: int
    clashes: int  # buổi with at least one clash


@dataclass(frozen=True)
class PlanCalendar:
    plan_id: int
    plan_code: str
    month: dt.date  # the first day of the month shown
    months: tuple[MonthCount, ...]  # every month from the plan's first buổi to its last
    weeks: tuple[tuple[CalendarDay, ...], ...]  # rows of seven days, Monday first

    @property
    def entries(self) -> list[CalendarEntry]:
        """The month's buổi, in date order."""
        return [e for week in self.weeks for day in week for e in day.entries]

    @property
    def previous_month(self) -> dt.date:
        return _add_months(self.month, -1)

    @property
    def next_month(self) -> dt.date:
        return _add_months(self.month, 1)


@dataclass(frozen=True)
class _Row:
    activity_id: int
    code: str
    title: str
    on_date: dt.date
    half: Half
    venue: str
    commune: str


def _first_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def _month_span(first: dt.date, last: dt.date) -> list[dt.date]:
    months, month = [], _first_of(first)
    while month <= last:
        months.append(month)
        month = _add_months(month, 1)
    return months


def short_codes(codes: Sequence[str]) -> dict[str, str]:
    """Each code without the part up to a "-" that every code shares (CDTT23-B012 -> B012);
    a lone code or codes with nothing in common stay whole."""
    if len(set(codes)) < 2:
        return {c: c for c in codes}
    prefix = codes[0]
    for code in codes[1:]:
        while not code.startswith(prefix):
            prefix = prefix[:-1]
    cut = prefix.rfind("-") + 1
    return {c: c[cut:] for c in codes}


def _clash_places(
    clashes: Sequence[Clash],
) -> tuple[
    dict[tuple[int, dt.date, str], list[str]],
    dict[tuple[int, dt.date], list[str]],
    dict[int, list[str]],
]:
    """The clashes' messages by buổi, by day and by class (see the module's docstring)."""
    by_slot: dict[tuple[int, dt.date, str], list[str]] = defaultdict(list)
    by_day: dict[tuple[int, dt.date], list[str]] = defaultdict(list)
    by_activity: dict[int, list[str]] = defaultdict(list)
    for clash in clashes:
        for activity_id in clash.activity_ids:
            if clash.buoi is not None and clash.date is not None:
                by_slot[(activity_id, clash.date, clash.buoi)].append(clash.message)
            elif clash.kind == "lecturer" and clash.date is not None:
                by_day[(activity_id, clash.date)].append(clash.message)
            else:
                by_activity[activity_id].append(clash.message)
    return by_slot, by_day, by_activity


def plan_calendar(session: Session, plan_id: int, month: dt.date | None = None) -> PlanCalendar:
    """The plan's buổi in `month` (any day of it; None: the plan's first month with a buổi)."""
    plan = get_plan(session, plan_id)
    own, of_class = aliased(Venue), aliased(Venue)
    rows = [
        _Row(aid, code, title, on_date, half, name or "", commune or "")
        for aid, code, title, on_date, half, name, commune in session.execute(
            select(
                Activity.id,
                Activity.code,
                Activity.title,
                ClassSession.on_date,
                ClassSession.half,
                func.coalesce(own.name, of_class.name),
                func.coalesce(own.commune, of_class.commune),
            )
            .join(Activity, Activity.id == ClassSession.activity_id)
            .outerjoin(own, own.id == ClassSession.venue_id)
            .outerjoin(of_class, of_class.id == Activity.venue_id)
            .where(Activity.plan_id == plan_id)
        )
    ]
    if month is not None:
        shown = _first_of(month)
    elif rows:
        shown = _first_of(min(r.on_date for r in rows))
    else:
        shown = _first_of(dt.date.today())

    by_slot, by_day, by_activity = _clash_places(check_plan(session, plan_id) if rows else [])
    shorts = short_codes(sorted({r.code for r in rows}))
    entries: dict[dt.date, list[CalendarEntry]] = defaultdict(list)
    for r in rows:
        entries[r.on_date].append(
            CalendarEntry(
                activity_id=r.activity_id,
                code=r.code,
                short_code=shorts[r.code],
                title=r.title,
                on_date=r.on_date,
                half=r.half.label,
                half_letter=HALF_LETTER[r.half],
                venue=r.venue,
                commune=r.commune,
                clashes=tuple(
                    dict.fromkeys(  # one message once, in the plan check's order
                        [
                            *by_slot.get((r.activity_id, r.on_date, r.half.label), ()),
                            *by_day.get((r.activity_id, r.on_date), ()),
                            *by_activity.get(r.activity_id, ()),
                        ]
                    )
                ),
            )
        )
    halves = {"sáng": 0, "chiều": 1}
    for day_entries in entries.values():
        day_entries.sort(key=lambda e: (halves.get(e.half, 2), e.code))

    counts: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0])
    for day, day_entries in entries.items():
        count = counts[_first_of(day)]
        count[0] += len(day_entries)
        count[1] += sum(1 for e in day_entries if e.clash)
    months = (
        tuple(
            MonthCount(m, *counts.get(m, (0, 0))) for m in _month_span(min(entries), max(entries))
        )
        if entries
        else ()
    )

    start = shown - dt.timedelta(days=shown.weekday())
    end = _add_months(shown, 1)
    weeks: list[tuple[CalendarDay, ...]] = []
    while start < end:
        week = []
        for day in (start + dt.timedelta(days=i) for i in range(7)):
            in_month = _first_of(day) == shown
            week.append(CalendarDay(day, in_month, tuple(entries.get(day, ())) if in_month else ()))
        weeks.append(tuple(week))
        start += dt.timedelta(days=7)
    return PlanCalendar(plan.id, plan.code, shown, months, tuple(weeks))
