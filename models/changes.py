"""What a write changed: the unit of work notes every row it touches, so each committed
transaction can say which kinds of data moved (after Anki's OpChanges) and which classes'
estimates must follow (models.budget.current).

Nothing has to remember to report: session events on every Session record the tables and the
owning classes and plans of the rows flushed, and of bulk statements run outside the unit of
work (the roster import, moving people between classes). `Database.write()` reads the record
at commit (`take`) and hands the `Change` flags to whoever listens (the window's views).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from models.entities.tables import Activity, Plan


class Change(enum.Flag):
    """Kinds of data a view may show; a view reloads when one of its kinds changed."""

    NONE = 0
    PLANS = enum.auto()  # plans, classes, buổi, a plan's settings, units, funding
    PEOPLE = enum.auto()  # people and who is enrolled where
    ATTENDANCE = enum.auto()
    ESTIMATE = enum.auto()  # budget lines, their actuals and documents
    VENUES = enum.auto()
    LECTURERS = enum.auto()
    LOCKS = enum.auto()  # a class or a plan locked or reopened
    NORMS = enum.auto()  # norm sets, their items, petrol prices
    CERTIFICATES = enum.auto()


TABLE_CHANGES: Mapping[str, Change] = {
    "plan": Change.PLANS,
    "activity": Change.PLANS,
    "class_session": Change.PLANS,
    "plan_support": Change.PLANS,
    "plan_category": Change.PLANS,
    "org_unit": Change.PLANS,
    "funding_source": Change.PLANS,
    "person": Change.PEOPLE,
    "enrollment": Change.PEOPLE,
    "attendance": Change.ATTENDANCE,
    "attendance_change": Change.ATTENDANCE,
    "budget_line": Change.ESTIMATE,
    "venue": Change.VENUES,
    "lecturer": Change.LECTURERS,
    "activity_lock_event": Change.LOCKS,
    "plan_lock_event": Change.LOCKS,
    "norm_set": Change.NORMS,
    "norm_item": Change.NORMS,
    "petrol_price": Change.NORMS,
    "certificate": Change.CERTIFICATES,
}

# Rows whose change alters every class's prices (the set in force, the petrol price, the
# organiser's level): all open classes are brought up to date.
EVERY_CLASS_TABLES = frozenset(
    {"norm_set", "norm_item", "petrol_price", "org_unit", "funding_source"}
)


@dataclass
class Record:
    """What one transaction has flushed so far (kept in `session.info`)."""

    tables: set[str] = field(default_factory=set)
    activities: set[int] = field(default_factory=set)  # classes whose lines may move
    plans: set[int] = field(default_factory=set)  # plans whose every class may move
    people: set[int] = field(default_factory=set)  # edited people: their classes may move
    venues: set[int] = field(default_factory=set)
    lecturers: set[int] = field(default_factory=set)
    every_class: bool = False  # a change no id narrows (a norm, a bulk move)
    locked: bool = False  # a `locked` flag was set or cleared

    @property
    def changes(self) -> Change:
        flags = Change.NONE
        for table in self.tables:
            flags |= TABLE_CHANGES.get(table, Change.NONE)
        if self.locked:
            flags |= Change.LOCKS
        return flags

    @property
    def moves_estimates(self) -> bool:
        return bool(
            self.activities
            or self.plans
            or self.people
            or self.venues
            or self.lecturers
            or self.every_class
        )


_KEY = "taphuan.changes"


def record(session: Session) -> Record:
    found: Record | None = session.info.get(_KEY)
    if found is None:
        found = session.info[_KEY] = Record()
    return found


def take(session: Session) -> Record:
    """The transaction's record, forgotten (the next transaction starts afresh)."""
    return session.info.pop(_KEY, None) or Record()


# Which ids of a flushed row say whose lines may move: (column, Record's set).
_OWNERS: Mapping[str, tuple[tuple[str, str], ...]] = {
    "activity": (("id", "activities"), ("plan_id", "plans")),  # its days: the material lines
    "class_session": (("activity_id", "activities"),),
    "enrollment": (("activity_id", "activities"),),
    "plan": (("id", "plans"),),
    "plan_support": (("plan_id", "plans"),),
    "plan_category": (("plan_id", "plans"),),
    "person": (("id", "people"),),
    "venue": (("id", "venues"),),
    "lecturer": (("id", "lecturers"),),
}


def _note(rec: Record, obj: Any) -> None:
    table = getattr(obj, "__tablename__", "")
    if not table:
        return
    rec.tables.add(table)
    if table in EVERY_CLASS_TABLES:
        rec.every_class = True
    for column, bucket in _OWNERS.get(table, ()):
        value = getattr(obj, column, None)
        if isinstance(value, int):
            getattr(rec, bucket).add(value)


def _locked_moved(obj: Any) -> bool:
    if not isinstance(obj, Activity | Plan):
        return False
    state: Any = inspect(obj)
    return bool(state.attrs.locked.history.has_changes())


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _flush: UOWTransaction, _instances: object) -> None:
    # `locked` is read before the flush clears the attribute history.
    rec = record(session)
    if any(_locked_moved(o) for o in session.dirty):
        rec.locked = True


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _flush: UOWTransaction) -> None:
    rec = record(session)
    for obj in _flushed(session):
        _note(rec, obj)


def _flushed(session: Session) -> Iterable[Any]:
    yield from session.new
    yield from (o for o in session.dirty if session.is_modified(o))
    yield from session.deleted


@event.listens_for(Session, "do_orm_execute")
def _bulk(state: ORMExecuteState) -> None:
    """Statements outside the unit of work: their table, and their classes when the values
    name them (an insert of enrolments); an update or delete that names none touches all."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(getattr(state.statement, "table", None), "name", "")
    if not table or table == "audit_log":
        return
    rec = record(state.session)
    rec.tables.add(table)
    if table in ("budget_line", "attendance", "attendance_change", "certificate"):
        return  # lines are what follows; attendance and certificates move no estimate
    params = state.parameters
    batch: list[Mapping[str, Any]] = (
        list(params) if isinstance(params, list | tuple) else [params or {}]  # type: ignore[list-item]
    )
    ids = {v.get("activity_id") for v in batch}
    if state.is_insert and table in ("enrollment", "class_session") and None not in ids:
        rec.activities.update(i for i in ids if isinstance(i, int))
    elif state.is_insert and table == "person":
        return  # new people are in no class until their enrolments are inserted
    else:
        rec.every_class = True
