"""A campaign from its schedule: outreach sessions (buổi truyền thông) imported or generated.

As scenario B is modelled (models.demo.scenarios.load_scenario_b): one Activity of kind
outreach per session, with its ClassSession for the date and buổi, the venue found by name and
commune or created, expected_count from the households column, the speaker matched by name to
a Lecturer (an unknown one is a warning: the buổi keeps no speaker). Codes are the next free
ones of the plan's outreach sequence (CDTT23-B113 -> CDTT23-B114, or PLAN-B001).

`plan_schedule` reads and matches without writing (the preview); `apply_schedule` writes the
preview in the caller's transaction after a staleness check, all or nothing;
models.planning.generate spreads one session per place over a date range and writes it the
same way. The result reconciles: rows_read == sessions + len(skipped) + rejected.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.entities.enums import ActivityKind, Half, PlaceType
from models.entities.tables import Activity, ClassSession, Lecturer, Venue
from models.guard import require_plan_unlocked
from models.lookup import get_plan
from models.planning.schedule_read import (
    RowIssue,
    ScheduleError,
    ScheduleRows,
    SessionRow,
    SkippedRow,
    read_schedule,
)
from models.planning.setup import next_code
from models.text.vntext import collapse_spaces, nfc, search_key

__all__ = [
    "PlannedSession",
    "ScheduleError",
    "SchedulePreview",
    "ScheduleResult",
    "apply_schedule",
    "plan_schedule",
    "plan_schedule_rows",
]

State = tuple[int, ...]


@dataclass(frozen=True)
class PlannedSession:
    """What one session row becomes: its code, title, venue (an existing id, or None: a new
    venue) and speaker."""

    sheet: str
    row: int
    code: str
    title: str
    day: dt.date
    halves: tuple[Half, ...]
    place: str
    commune: str
    village: str
    expected: int | None
    venue_id: int | None
    lecturer_id: int | None
    speakers: tuple[str, ...]
    topic: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "code": self.code,
            "date": self.day.isoformat(),
            "half": "+".join(h.label for h in self.halves),
            "place": self.place,
            "commune": self.commune,
            "village": self.village,
            "expected": self.expected,
            "new_venue": self.venue_id is None,
            "speakers": list(self.speakers),
        }


@dataclass(frozen=True)
class SchedulePreview:
    source: str
    plan_id: int
    rows_read: int
    sessions: tuple[PlannedSession, ...]
    skipped: tuple[SkippedRow, ...]
    rejected: int
    rejections: tuple[RowIssue, ...]
    warnings: tuple[RowIssue, ...]
    venues_created: int
    state: State = ()


@dataclass(frozen=True)
class ScheduleResult:
    """The preview and, once written, the new activities' ids."""

    preview: SchedulePreview
    activity_ids: tuple[int, ...] = field(default=())
    applied: bool = False

    @property
    def reconciled(self) -> bool:
        p = self.preview
        return p.rows_read == len(p.sessions) + len(p.skipped) + p.rejected

    def as_json(self) -> dict[str, Any]:
        p = self.preview
        return {
            "rows_read": p.rows_read,
            "sessions": len(p.sessions),
            "venues_created": p.venues_created,
            "skipped": [s.as_json() for s in p.skipped],
            "rejected": p.rejected,
            "rejections": [r.as_json() for r in p.rejections],
        }


# --- matching ------------------------------------------------------------------------------

_COMMUNE_WORD: Final = re.compile(r"^(?:xa|phuong|thi tran|dac khu)\s+")


def venue_key(name: str, commune: str) -> tuple[str, str]:
    """How a venue is recognised: its name and commune, without case, tones or "Xã"."""
    return search_key(name), _COMMUNE_WORD.sub("", search_key(commune))


def _state(session: Session) -> State:
    """What the preview depends on: activities, venues and lecturers as they stand."""
    found: list[int] = []
    for table in (Activity, Venue, Lecturer):
        count, last = session.execute(select(func.count(), func.max(table.id))).one()
        found += [count, last or 0]
    return tuple(found)


class _Lecturers:
    def __init__(self, session: Session) -> None:
        self.exact: dict[str, int] = {}
        self.loose: dict[str, list[int]] = {}
        for lecturer_id, name in session.execute(
            select(Lecturer.id, Lecturer.full_name).order_by(Lecturer.id)
        ):
            self.exact.setdefault(collapse_spaces(nfc(name)).casefold(), lecturer_id)
            self.loose.setdefault(search_key(name), []).append(lecturer_id)

    def find(self, name: str) -> int | None:
        found = self.exact.get(collapse_spaces(nfc(name)).casefold())
        if found is None:
            loose = self.loose.get(search_key(name), [])
            found = loose[0] if len(loose) == 1 else None
        return found


_LAST_DIGITS: Final = re.compile(r"\d+$")


def _code_template(session: Session, plan_id: int, plan_code: str) -> str:
    codes = session.scalars(
        select(Activity.code).where(
            Activity.plan_id == plan_id, Activity.kind == ActivityKind.OUTREACH
        )
    ).all()
    numbered = [(int(m.group()), c) for c in codes if (m := _LAST_DIGITS.search(c))]
    return max(numbered)[1] if numbered else f"{plan_code}-B000"


def _title(code: str, place: str, village: str, commune: str) -> str:
    number = re.search(r"(\d+)$", code)
    where = [place]
    if village and search_key(village) not in search_key(place):
        where.append(village)
    if commune:
        where.append(commune)
    label = f"Buổi truyền thông số {int(number.group(1))}" if number else "Buổi truyền thông"
    return f"{label} tại {', '.join(where)}"[:1000]


def plan_schedule(session: Session, plan_id: int, path: Path | str) -> SchedulePreview:
    """Read the file and match it against the database; nothing is written."""
    return plan_schedule_rows(session, plan_id, read_schedule(path), Path(path).name)


def plan_schedule_rows(
    session: Session, plan_id: int, rows: ScheduleRows, source: str
) -> SchedulePreview:
    """Rows already read (a file's, or the generator's) matched: venues, speakers, codes."""
    plan = get_plan(session, plan_id)
    venues: dict[tuple[str, str], int | None] = {}
    for known, name, commune in session.execute(
        select(Venue.id, Venue.name, Venue.commune).order_by(Venue.id)
    ):
        venues.setdefault(venue_key(name, commune), known)
    busy = _busy_slots(session, rows.sessions)
    lecturers = _Lecturers(session)
    taken = set(session.scalars(select(Activity.code)))
    code = _code_template(session, plan.id, plan.code)
    planned: list[PlannedSession] = []
    rejections = list(rows.rejections)
    rejected = len(rows.rejected_rows)
    warnings = list(rows.warnings)
    new_venues: set[tuple[str, str]] = set()
    seen: dict[tuple[tuple[str, str], dt.date, Half], SessionRow] = {}
    for row in rows.sessions:
        key = venue_key(row.place, row.commune)
        clash = next(
            (seen[(key, row.day, h)] for h in row.halves if (key, row.day, h) in seen), None
        )
        if clash is not None:
            rejected += 1
            rejections.append(
                RowIssue(row.sheet, row.row, row.place_column,
                         f"trùng buổi với dòng {clash.row}: cùng địa điểm, ngày và buổi")
            )  # fmt: skip
            continue
        seen.update({(key, row.day, h): row for h in row.halves})
        venue_id = venues.get(key)
        if venue_id is None:
            new_venues.add(key)
        elif any((venue_id, row.day, h) in busy for h in row.halves):
            warnings.append(
                RowIssue(row.sheet, row.row, row.place_column,
                         f"địa điểm «{row.place}» đã có buổi khác vào ngày {row.day:%d/%m/%Y}")
            )  # fmt: skip
        lecturer_id, speaker_warnings = _speaker(row, lecturers)
        warnings.extend(speaker_warnings)
        code = next_code(code, taken)
        taken.add(code)
        planned.append(
            PlannedSession(
                row.sheet, row.row, code, _title(code, row.place, row.village, row.commune),
                row.day, row.halves, row.place, row.commune, row.village, row.expected,
                venue_id, lecturer_id, row.speakers, row.topic,
            )
        )  # fmt: skip
    return SchedulePreview(
        source=source,
        plan_id=plan.id,
        rows_read=rows.rows_read,
        sessions=tuple(planned),
        skipped=rows.skipped,
        rejected=rejected,
        rejections=tuple(rejections),
        warnings=tuple(warnings),
        venues_created=len(new_venues),
        state=_state(session),
    )


def _busy_slots(
    session: Session, rows: Sequence[SessionRow]
) -> set[tuple[int | None, dt.date, Half]]:
    if not rows:
        return set()
    first, last = min(r.day for r in rows), max(r.day for r in rows)
    return {
        (venue_id, day, half)
        for venue_id, day, half in session.execute(
            select(ClassSession.venue_id, ClassSession.on_date, ClassSession.half).where(
                ClassSession.on_date.between(first, last), ClassSession.venue_id.is_not(None)
            )
        )
    }


def _speaker(row: SessionRow, lecturers: _Lecturers) -> tuple[int | None, list[RowIssue]]:
    """The first speaker found among the lecturers; the others said as warnings."""
    chosen: int | None = None
    warnings: list[RowIssue] = []
    for name in row.speakers:
        found = lecturers.find(name)
        if found is None:
            reason = f"báo cáo viên «{name}» chưa có trong danh sách giảng viên"
        elif chosen is None:
            chosen = found
            continue
        else:
            reason = f"mỗi buổi ghi một báo cáo viên: «{name}» không được ghi vào buổi này"
        warnings.append(RowIssue(row.sheet, row.row, row.speakers_column, reason))
    return chosen, warnings


# --- writing -------------------------------------------------------------------------------


def apply_schedule(session: Session, preview: SchedulePreview) -> ScheduleResult:
    """Write the preview in the caller's transaction: venues, activities and their buổi.

    Refused, with nothing written, when the plan is locked or when activities, venues or
    lecturers changed since the preview (analyse the file again).
    """
    plan = get_plan(session, preview.plan_id)
    require_plan_unlocked(plan)
    if _state(session) != preview.state:
        raise ScheduleError(
            f"{preview.source}: hoạt động, địa điểm hoặc giảng viên trong cơ sở dữ liệu đã thay "
            "đổi sau khi phân tích; hãy phân tích lại tệp"
        )
    created: dict[tuple[str, str], Venue] = {}
    activities: list[Activity] = []
    for s in preview.sessions:
        venue: Venue | None = None
        if s.venue_id is None:
            key = venue_key(s.place, s.commune)
            venue = created.get(key)
            if venue is None:
                venue = created[key] = Venue(
                    name=s.place,
                    commune=s.commune,
                    address=", ".join(p for p in (s.village, s.commune) if p),
                    place_type=PlaceType.COMMUNE,  # as scenario B: the commune organises
                )
                session.add(venue)
        # A new venue by its object (its id comes at the flush), an existing one by its id.
        where: dict[str, Any] = {"venue": venue} if venue is not None else {"venue_id": s.venue_id}
        activity = Activity(
            plan_id=plan.id,
            code=s.code,
            kind=ActivityKind.OUTREACH,
            title=s.title,
            start_date=s.day,
            end_date=s.day,
            expected_count=s.expected,
            **where,
        )
        for half in s.halves:
            activity.sessions.append(
                ClassSession(
                    on_date=s.day, half=half, lecturer_id=s.lecturer_id, topic=s.topic, **where
                )
            )
        activities.append(activity)
    session.add_all(activities)
    session.flush()
    return ScheduleResult(preview, tuple(a.id for a in activities), applied=True)


# --- generating ----------------------------------------------------------------------------
