"""Undoable planning actions: each does its work and returns how to take it back.

The window keeps the last few `Undo`s of the session (Sửa → Hoàn tác, Ctrl+Z) and runs one in
its own transaction. An undo is refused like any other save when the rows moved on since
(someone else's edit: StaleEditError; a mark made since: RemovalError; a lock: LockedError),
so it never overwrites newer work.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.entities.tables import Enrollment
from models.lookup import get_activity, get_person, get_plan
from models.people.edit import PersonInput, enroll_people, person_input, update_person
from models.planning.editing import ActivityForm, PlanForm, update_activity, update_plan
from models.planning.removal import (
    Snapshot,
    delete_activity,
    delete_plan,
    put_back,
    set_activity_archived,
    set_plan_archived,
    unenroll,
)
from models.planning.setup import move_people


@dataclass(frozen=True)
class Undo:
    """How to take one action back: `run(session)` in a transaction of its own."""

    label: str  # "sửa lớp L01", shown as "Hoàn tác: sửa lớp L01"
    run: Callable[[Session], object]
    # What the action created that the user should hear at once (a clash of new dates).
    warnings: tuple[str, ...] = ()


def edit_plan(session: Session, plan_id: int, form: PlanForm) -> Undo:
    before = update_plan(session, plan_id, form)
    version = get_plan(session, plan_id).version
    back = replace(before, version=version)
    return Undo(f"sửa kế hoạch {form.code}", lambda s: update_plan(s, plan_id, back))


def edit_activity(session: Session, activity_id: int, form: ActivityForm) -> Undo:
    from models.planning.clashes import clashes_of_activity

    before = update_activity(session, activity_id, form)
    version = get_activity(session, activity_id).version
    back = replace(before, version=version)
    clashes = tuple(c.message for c in clashes_of_activity(session, activity_id))
    return Undo(f"sửa lớp {form.code}", lambda s: update_activity(s, activity_id, back), clashes)


def archive_activity(session: Session, activity_id: int, archived: bool = True) -> Undo:
    before = set_activity_archived(session, activity_id, archived)
    code = get_activity(session, activity_id).code
    label = f"{'lưu trữ' if archived else 'khôi phục'} lớp {code}"
    return Undo(label, lambda s: set_activity_archived(s, activity_id, before))


def archive_plan(session: Session, plan_id: int, archived: bool = True) -> Undo:
    before = set_plan_archived(session, plan_id, archived)
    code = get_plan(session, plan_id).code
    label = f"{'lưu trữ' if archived else 'khôi phục'} kế hoạch {code}"
    return Undo(label, lambda s: set_plan_archived(s, plan_id, before))


def _restore(snapshot: Snapshot) -> Callable[[Session], object]:
    return lambda s: put_back(s, snapshot)


def remove_activity(session: Session, activity_id: int) -> Undo:
    code = get_activity(session, activity_id).code
    return Undo(f"xóa lớp {code}", _restore(delete_activity(session, activity_id)))


def remove_plan(session: Session, plan_id: int) -> Undo:
    code = get_plan(session, plan_id).code
    return Undo(f"xóa kế hoạch {code}", _restore(delete_plan(session, plan_id)))


def _enrolled(session: Session, activity_id: int, person_ids: Sequence[int]) -> set[int]:
    return set(
        session.scalars(
            select(Enrollment.person_id).where(
                Enrollment.activity_id == activity_id, Enrollment.person_id.in_(list(person_ids))
            )
        )
    )


def enroll(
    session: Session,
    person_ids: Sequence[int],
    activity_id: int,
    *,
    over_capacity_reason: str | None = None,
) -> Undo:
    """Enroll people (those already in the class stay once); undo takes out only those added."""
    already = _enrolled(session, activity_id, person_ids)
    added = [pid for pid in dict.fromkeys(person_ids) if pid not in already]
    enroll_people(session, added, activity_id, over_capacity_reason=over_capacity_reason)
    code = get_activity(session, activity_id).code
    return Undo(
        f"thêm {len(added)} người vào lớp {code}", lambda s: unenroll(s, activity_id, added)
    )


def remove_people(session: Session, activity_id: int, person_ids: Sequence[int]) -> Undo:
    """Take people out of a class (they stay in the database)."""
    code = get_activity(session, activity_id).code
    snapshot = unenroll(session, activity_id, person_ids)
    return Undo(f"rút {len(person_ids)} người khỏi lớp {code}", _restore(snapshot))


def move(
    session: Session,
    person_ids: Sequence[int],
    source_id: int,
    target_id: int,
    *,
    over_capacity_reason: str | None = None,
) -> Undo:
    """Move people between classes; undo moves them back (and puts back the enrolments that
    merged into one already in the target)."""
    already = _enrolled(session, target_id, person_ids)
    merged = [pid for pid in person_ids if pid in already]
    moved = [pid for pid in person_ids if pid not in already]
    kept: Snapshot | None = None
    if merged:
        kept = Snapshot(
            (
                (
                    Enrollment,
                    tuple(
                        {c.key: getattr(e, c.key) for c in Enrollment.__table__.columns}
                        for e in session.scalars(
                            select(Enrollment).where(
                                Enrollment.activity_id == source_id,
                                Enrollment.person_id.in_(merged),
                            )
                        )
                    ),
                ),
            )
        )
    move_people(
        session, list(person_ids), source_id, target_id, over_capacity_reason=over_capacity_reason
    )
    source, target = get_activity(session, source_id).code, get_activity(session, target_id).code

    def back(s: Session) -> None:
        if moved:
            move_people(s, moved, target_id, source_id, over_capacity_reason="hoàn tác chuyển lớp")
        if kept is not None:
            put_back(s, kept)

    return Undo(f"chuyển {len(person_ids)} người từ lớp {source} sang lớp {target}", back)


def edit_person(
    session: Session, person_id: int, data: PersonInput, *, expected_version: int | None = None
) -> Undo:
    before = person_input(session, person_id)
    update_person(session, person_id, data, expected_version=expected_version)
    version = get_person(session, person_id).version
    name = get_person(session, person_id).full_name
    return Undo(
        f"sửa thông tin {name}",
        lambda s: update_person(s, person_id, before, expected_version=version),
    )


def choose_supports(
    session: Session,
    plan_id: int,
    chosen: dict[str, frozenset[str]],
    payers: dict[str, str] | None = None,
    methods: dict[str, str] | None = None,
) -> Undo:
    """Who pays each category, how they travel, and who receives which support in a plan
    (the estimate follows). An agency-paid category keeps only what the class still gives."""
    from models.budget.edit import set_support_choices
    from models.budget.payers import set_category_choices
    from models.budget.rules import AGENCY_PAID_SUPPORTS, PAYER_AGENCY

    old_payers, old_methods = set_category_choices(session, plan_id, payers or {}, methods or {})
    for category, payer in (payers or {}).items():
        if payer == PAYER_AGENCY and category in chosen:
            chosen = {**chosen, category: chosen[category] & AGENCY_PAID_SUPPORTS}
    before = set_support_choices(session, plan_id, chosen)
    code = get_plan(session, plan_id).code

    def back(s: Session) -> None:
        set_category_choices(s, plan_id, old_payers, old_methods)
        set_support_choices(s, plan_id, before)

    return Undo(f"sửa chế độ hỗ trợ của kế hoạch {code}", back)


def mark_agency_paid(session: Session, activity_id: int, person_ids: list[int], paid: bool) -> Undo:
    """Their own agency paid these people's trip as công tác phí (or not): the class then pays
    them nothing but the drinks (models.budget.payers)."""
    from models.budget.payers import set_agency_paid
    from models.entities.tables import Enrollment

    before = {
        e.person_id: e.agency_paid
        for e in session.scalars(
            select(Enrollment).where(
                Enrollment.activity_id == activity_id, Enrollment.person_id.in_(person_ids)
            )
        )
    }
    for person_id in person_ids:
        set_agency_paid(session, activity_id, person_id, paid)

    def back(s: Session) -> None:
        for person_id, was in before.items():
            set_agency_paid(s, activity_id, person_id, was)

    what = "đánh dấu" if paid else "bỏ đánh dấu"
    return Undo(f"{what} công tác phí do cơ quan chi cho {len(person_ids)} người", back)


def distances_by_commune(
    session: Session, distances: dict[str, int], *, plan_id: int | None = None
) -> Undo:
    """A distance for the people of each commune who have none yet (one undo for all)."""
    from models.people.distances import restore_distances, set_commune_distance

    before: dict[int, int | None] = {}
    for commune, km in distances.items():
        before.update(set_commune_distance(session, commune, km, plan_id=plan_id))
    return Undo(
        f"khoảng cách cho {len(before)} người ở {len(distances)} xã",
        lambda s: restore_distances(s, before),
    )


def edit_session(
    session: Session,
    session_id: int,
    *,
    lecturer_id: int | None,
    topic: str,
    taught: bool,
    expected_version: int | None = None,
) -> Undo:
    """Who teaches a buổi, on what, whether it took place; undo puts the buổi back."""
    from models.entities.tables import ClassSession
    from models.planning.setup import update_session

    row = session.get(ClassSession, session_id)
    before = (row.lecturer_id, row.topic, row.taught) if row is not None else (None, "", True)
    update_session(session, session_id, lecturer_id=lecturer_id, topic=topic, taught=taught,
                   expected_version=expected_version)  # fmt: skip
    after = session.get(ClassSession, session_id)
    version = after.version if after is not None else None
    label = f"sửa buổi {after.on_date:%d/%m/%Y} của lớp {after.activity.code}" if after else ""

    def back(s: Session) -> None:
        update_session(s, session_id, lecturer_id=before[0], topic=before[1], taught=before[2],
                       expected_version=version)  # fmt: skip

    return Undo(label, back)
