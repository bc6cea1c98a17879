"""A venue's capacity, enforced: enrolling beyond it is refused unless the user gives a reason,
which the class keeps and shows ("vượt sức chứa: …").

Every path that adds people to a class (enrolling, moving, a roster import into a class)
calls `admit` before writing.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.entities.tables import Activity, Enrollment
from models.errors import UserError
from models.i18n_marks import N_, Text
from models.text.vntext import collapse_spaces, nfc


class CapacityError(UserError):
    """Enrolling beyond the venue's seats without a reason."""


def enrolled_count(session: Session, activity_id: int) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(Enrollment)
            .where(Enrollment.activity_id == activity_id)
        )
        or 0
    )


def admit(session: Session, activity: Activity, adding: int, reason: str | None = None) -> None:
    """Refuse `adding` more people beyond the venue's capacity unless `reason` is given; the
    reason is then kept on the class."""
    venue = activity.venue
    if adding <= 0 or venue is None or venue.capacity is None:
        return
    now = enrolled_count(session, activity.id)
    if now + adding <= venue.capacity:
        return
    why = collapse_spaces(nfc(reason or ""))
    if not why:
        raise CapacityError(
            f"lớp {activity.code}: {venue.name} có {venue.capacity} chỗ, lớp đã có {now} người, "
            f"thêm {adding} người sẽ thành {now + adding}; muốn vượt sức chứa thì ghi lý do"
        )
    activity.capacity_note = why[:500]


def capacity_line(enrolled: int, capacity: int | None, note: str = "") -> str:
    """What the class shows about its seats ("" when the venue has no stated capacity)."""
    if capacity is None:
        return ""
    if enrolled > capacity:
        if note:
            return Text(
                N_("Vượt sức chứa: {n}/{capacity} chỗ — lý do: {note}"),
                n=enrolled,
                capacity=capacity,
                note=note,
            )
        return Text(N_("Vượt sức chứa: {n}/{capacity} chỗ"), n=enrolled, capacity=capacity)
    return Text(N_("{n}/{capacity} chỗ"), n=enrolled, capacity=capacity)
