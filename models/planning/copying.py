"""Copying a class: the next code, the next title in sequence, the next free dates.

"Lớp 1" becomes "Lớp 2" (the last number in the title counts up; a title without one gets
" (2)"), TTDN23-L01 becomes the first free TTDN23-L02…, and the dates move to the first
start after the source ends on which every buổi finds its venue and its lecturers free
(in any plan) and falls on a weekday when the source's did. The roster is never copied.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.entities.enums import Half
from models.entities.tables import Activity, ClassSession
from models.errors import UserError
from models.lookup import get_activity
from models.planning.setup import copy_activity, next_code

_SEARCH_DAYS: Final = 366
_LAST_NUMBER: Final = re.compile(r"(\d+)(?!.*\d)")

Slot = tuple[int, dt.date, Half]


@dataclass(frozen=True)
class CopyProposal:
    code: str
    title: str
    start: dt.date
    end: dt.date

    def as_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "title": self.title,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
        }


def next_title(title: str, taken: Iterable[str] = ()) -> str:
    """ "Lớp 1" -> "Lớp 2", "Lớp tập huấn số 09" -> "… số 10", "Hội nghị" -> "Hội nghị (2)".

    With the titles already in the plan, the number goes past every one that shares the text
    before it ("Lớp 1: …" copied while "Lớp 2: …" to "Lớp 7: …" exist gives "Lớp 8: …").
    """
    found = _LAST_NUMBER.search(title)
    if found is None:
        return f"{title} (2)" if title else title
    head, digits = title[: found.start()], found.group(1)
    used = [int(m.group(1)) for t in taken if (m := re.match(re.escape(head) + r"(\d+)", t))]
    number = max([int(digits), *used]) + 1
    return f"{head}{number:0{len(digits)}d}{title[found.end() :]}"


def _busy(session: Session) -> tuple[set[Slot], set[Slot]]:
    """(venue slots, lecturer slots) booked by every activity's buổi, the source's included."""
    venues: set[Slot] = set()
    lecturers: set[Slot] = set()
    rows = session.execute(
        select(
            ClassSession.on_date,
            ClassSession.half,
            ClassSession.venue_id,
            Activity.venue_id,
            ClassSession.lecturer_id,
        ).join(Activity, Activity.id == ClassSession.activity_id)
    )
    for on_date, half, own_venue, activity_venue, lecturer_id in rows:
        venue_id = own_venue or activity_venue
        if venue_id is not None:
            venues.add((venue_id, on_date, half))
        if lecturer_id is not None:
            lecturers.add((lecturer_id, on_date, half))
    return venues, lecturers


def propose_copies(session: Session, activity_id: int, count: int) -> list[CopyProposal]:
    """`count` copies of the activity, one after another, each on the next free dates."""
    if count <= 0:
        return []
    source = get_activity(session, activity_id)
    pattern = [
        (
            (s.on_date - source.start_date).days,
            s.half,
            s.venue_id or source.venue_id,
            s.lecturer_id,
        )
        for s in source.sessions
    ]
    weekdays = all(s.on_date.weekday() < 5 for s in source.sessions)
    length = (source.end_date - source.start_date).days
    venues, lecturers = _busy(session)
    taken = set(session.scalars(select(Activity.code)))
    titles = set(session.scalars(select(Activity.title).where(Activity.plan_id == source.plan_id)))
    proposals: list[CopyProposal] = []
    code, title, after = source.code, source.title, source.end_date
    for _ in range(count):
        start = _first_free(after, pattern, weekdays, venues, lecturers)
        if start is None:
            raise UserError(
                f"không tìm được ngày trống cho bản sao của {source.code} trong một năm sau "
                f"{after:%d/%m/%Y} (hội trường hoặc giảng viên đã bận)"
            )
        code = next_code(code, taken)
        taken.add(code)
        title = next_title(title, titles)
        titles.add(title)
        end = start + dt.timedelta(days=length)
        proposals.append(CopyProposal(code, title, start, end))
        _book(start, pattern, venues, lecturers)
        after = end
    return proposals


def _slots(
    start: dt.date, pattern: Iterable[tuple[int, Half, int | None, int | None]]
) -> Iterable[tuple[dt.date, Half, int | None, int | None]]:
    for offset, half, venue_id, lecturer_id in pattern:
        yield start + dt.timedelta(days=offset), half, venue_id, lecturer_id


def _first_free(
    after: dt.date,
    pattern: list[tuple[int, Half, int | None, int | None]],
    weekdays: bool,
    venues: set[Slot],
    lecturers: set[Slot],
) -> dt.date | None:
    for shift in range(1, _SEARCH_DAYS + 1):
        start = after + dt.timedelta(days=shift)
        slots = list(_slots(start, pattern))
        if weekdays and any(day.weekday() >= 5 for day, *_ in slots):
            continue
        if any(v is not None and (v, day, half) in venues for day, half, v, _l in slots):
            continue
        if any(lec is not None and (lec, day, half) in lecturers for day, half, _v, lec in slots):
            continue
        return start
    return None


def _book(
    start: dt.date,
    pattern: list[tuple[int, Half, int | None, int | None]],
    venues: set[Slot],
    lecturers: set[Slot],
) -> None:
    for day, half, venue_id, lecturer_id in _slots(start, pattern):
        if venue_id is not None:
            venues.add((venue_id, day, half))
        if lecturer_id is not None:
            lecturers.add((lecturer_id, day, half))


def propose_copy(session: Session, activity_id: int, code: str | None = None) -> CopyProposal:
    """What "Sao chép lớp" fills in: the next code (or the one given), title and free dates."""
    proposal = propose_copies(session, activity_id, 1)[0]
    if code is None or not code.strip():
        return proposal
    return CopyProposal(code.strip(), proposal.title, proposal.start, proposal.end)


def copy_with_proposal(session: Session, activity_id: int, proposal: CopyProposal) -> Activity:
    """The copy itself (models.planning.setup.copy_activity) with the proposed title."""
    copy = copy_activity(session, activity_id, proposal.code, proposal.start)
    copy.title = proposal.title
    session.flush()
    return copy
