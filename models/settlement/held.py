"""What a session holds while it settles activities: their plan, and for a plan's batch of
papers everything its activities' settlements read.

A campaign's payout lists settle 113 activities of one plan. Read one by one, each asks
the database for its activity, estimate lines, people and marks (7 statements, 799 in all);
`holding_plan` reads the whole plan's in 6 statements and each settlement picks its share
from memory, which is what the sign-in sheets of a plan already did.

What is held does not follow writes: `holding_plan` is for a session that reads (the print
centre's, `taphuan-cli print`'s); the settlement uses held rows only when it does not
refresh the estimate.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from models.budget.rules import PARTICIPANT_COLUMNS
from models.entities.enums import Presence
from models.entities.tables import (
    Activity,
    Attendance,
    BudgetLine,
    ClassSession,
    Enrollment,
    Person,
    Plan,
)
from models.lookup import get_activity, get_plan

__all__ = ["HeldPlan", "Mark", "held", "holding_plan", "load_for_settlement"]

Mark = tuple[int, dt.date, Presence]  # enrollment id, the buổi's date, status

# What a settlement reads of an activity beside its people: 2 statements, and 4 once a
# session for its plan, instead of the 9 lazy loads it took one by one.
_ACTIVITY_GRAPH = (joinedload(Activity.venue), selectinload(Activity.sessions))
_PLAN_GRAPH = (
    joinedload(Plan.org_unit),
    joinedload(Plan.funding_source),
    selectinload(Plan.categories),
    selectinload(Plan.supports),
    selectinload(Plan.petrol_prices),
)
_HELD_PLANS = "settlement.plans"  # session.info key: the plans loaded for settling, held
_HELD_ROWS = "settlement.held"  # session.info key: the HeldPlan of `holding_plan`


@dataclass(frozen=True)
class HeldPlan:
    """A plan's rows as its activities' settlements read them, by activity id."""

    plan_id: int
    activities: dict[int, Activity]
    lines: dict[int, list[BudgetLine]]  # every line, suppressed ones too, in no order
    people: dict[int, list[Sequence[Any]]]  # rows of PARTICIPANT_COLUMNS, in name order
    marks: dict[int, list[Mark]]  # every mark given, of any status


def load_for_settlement(session: Session, activity_id: int) -> Activity:
    """The activity with what its settlement reads beside the people (its venue and buổi;
    its plan's unit, funding, categories, supports, petrol prices), unless the session holds
    them already. The session forgets what nothing references and would read it again one
    lazy load at a time: the caller keeps the activity, the session keeps the plan."""
    activity = session.get(Activity, activity_id, options=_ACTIVITY_GRAPH)
    if activity is None:
        return get_activity(session, activity_id)  # says which one is missing
    held_plans: dict[int, Plan | None] = session.info.setdefault(_HELD_PLANS, {})
    if activity.plan_id not in held_plans:
        held_plans[activity.plan_id] = session.get(Plan, activity.plan_id, options=_PLAN_GRAPH)
    return activity


def held(session: Session, activity_id: int) -> HeldPlan | None:
    """The held rows that include `activity_id`, if `holding_plan` holds them."""
    rows: HeldPlan | None = session.info.get(_HELD_ROWS)
    return rows if rows is not None and activity_id in rows.activities else None


@contextmanager
def holding_plan(session: Session, plan_id: int) -> Iterator[HeldPlan]:
    """Read everything the settlements of the plan's activities read, and hold it in
    `session` until the block ends (a reading session: see the module's note)."""
    previous: HeldPlan | None = session.info.get(_HELD_ROWS)
    if previous is not None and previous.plan_id == plan_id:
        yield previous  # held already, by the caller
        return
    plan = get_plan(session, plan_id)
    session.info.setdefault(_HELD_PLANS, {})[plan_id] = session.get(
        Plan, plan_id, options=_PLAN_GRAPH
    )
    activities = {
        a.id: a
        for a in session.scalars(
            select(Activity).where(Activity.plan_id == plan.id).options(*_ACTIVITY_GRAPH)
        )
    }
    lines: dict[int, list[BudgetLine]] = {aid: [] for aid in activities}
    for line in session.scalars(
        select(BudgetLine).where(BudgetLine.plan_id == plan.id, BudgetLine.activity_id.is_not(None))
    ):
        lines[line.activity_id].append(line)  # type: ignore[index]
    # Plain rows (Core, not ORM): 17,000 of them are read here for a campaign.
    connection = session.connection()
    people: dict[int, list[Sequence[Any]]] = {aid: [] for aid in activities}
    for row in connection.execute(
        select(*PARTICIPANT_COLUMNS)
        .join(Person, Enrollment.person_id == Person.id)
        .join(Activity, Activity.id == Enrollment.activity_id)
        .where(Activity.plan_id == plan.id)
        .order_by(Enrollment.activity_id, Person.sort_key, Person.id)
    ):
        people[row[0]].append(row)
    marks: dict[int, list[Mark]] = defaultdict(list)
    for aid, enrollment_id, on_date, status in connection.execute(
        select(
            ClassSession.activity_id,
            Attendance.enrollment_id,
            ClassSession.on_date,
            Attendance.status,
        )
        .join(ClassSession, Attendance.session_id == ClassSession.id)
        .join(Activity, Activity.id == ClassSession.activity_id)
        .where(Activity.plan_id == plan.id)
    ):
        marks[aid].append((enrollment_id, on_date, status))
    rows = HeldPlan(plan.id, activities, lines, people, {aid: marks[aid] for aid in activities})
    session.info[_HELD_ROWS] = rows
    try:
        yield rows
    finally:
        session.info[_HELD_ROWS] = previous
