"""The audit trail: who changed what, when, from what to what — recorded by the core itself.

Session events (registered on every Session when this module is imported, which models.db
does through models.concurrency) write one `audit_log` row per row inserted, updated or deleted
in the audited tables: money (budget lines and their actuals, travel actuals), attendance,
people, enrolments, venues, lecturers, plan settings, lock events; bulk statements (the roster
import) one row per inserted row. Who: the operating-system user (getpass) on SQLite, the
database role on PostgreSQL. Old and new values: JSON of the changed columns only.

The trail keeps plain integer ids, never foreign keys, so no cascade deletes it. `enabled`
switches it off (the benchmark compares both).
"""

from __future__ import annotations

import datetime as dt
import enum
import getpass
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, insert, inspect, select, text
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from models.entities.tables import (
    Activity,
    ActivityLockEvent,
    Attendance,
    AuditEntry,
    BudgetLine,
    Enrollment,
    FundingSource,
    Lecturer,
    OrgUnit,
    Person,
    PetrolPrice,
    Plan,
    PlanLockEvent,
    PlanSupport,
    Venue,
)

AUDITED: tuple[type[Any], ...] = (
    BudgetLine, Attendance, Person, Enrollment, Venue, Lecturer, Plan, PlanSupport, Activity,
    FundingSource, OrgUnit, ActivityLockEvent, PlanLockEvent, PetrolPrice,
)  # fmt: skip
AUDITED_TABLES = {cls.__tablename__ for cls in AUDITED}
SKIPPED = {"version", "sort_key", "search_key"}  # bookkeeping, not a user's change

_state = {"enabled": True}


def enabled() -> bool:
    return _state["enabled"]


@contextmanager
def auditing(on: bool) -> Iterator[None]:
    """Switch the trail on or off for the duration (the benchmark's comparison)."""
    before = _state["enabled"]
    _state["enabled"] = on
    try:
        yield
    finally:
        _state["enabled"] = before


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _default(value: Any) -> Any:
    plain = _plain(value)
    return str(plain) if plain is value else plain


_ENCODER = json.JSONEncoder(ensure_ascii=False, default=_default)


def _dump(values: Mapping[str, Any]) -> str:
    return _ENCODER.encode(values) if values else ""


def _who(session: Session) -> str:
    connection = session.connection()
    found = connection.info.get("taphuan_who")
    if found is None:
        if connection.dialect.name == "postgresql":
            found = str(connection.execute(text("SELECT current_user")).scalar())
        else:
            try:
                found = getpass.getuser()
            except (KeyError, OSError):
                found = "?"
        connection.info["taphuan_who"] = found
    return str(found)


def _columns(obj: Any) -> dict[str, Any]:
    return {
        c.key: _plain(getattr(obj, c.key))
        for c in inspect(obj).mapper.column_attrs
        if c.key not in SKIPPED and getattr(obj, c.key) is not None
    }


def _changes(obj: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    state = inspect(obj)
    for attr in state.mapper.column_attrs:
        if attr.key in SKIPPED:
            continue
        history = state.attrs[attr.key].history
        if history.has_changes():
            old[attr.key] = _plain(history.deleted[0]) if history.deleted else None
            new[attr.key] = _plain(history.added[0]) if history.added else None
    return old, new


def _owners(session: Session, objs: list[Any]) -> dict[int, tuple[int, int]]:
    """enrollment id -> (activity id, person id), for attendance rows (one query per flush)."""
    wanted = {o.enrollment_id for o in objs if isinstance(o, Attendance)}
    if not wanted:
        return {}
    rows = session.execute(
        select(Enrollment.id, Enrollment.activity_id, Enrollment.person_id).where(
            Enrollment.id.in_(wanted)
        )
    )
    return {eid: (aid, pid) for eid, aid, pid in rows}


def _context(obj: Any, owners: dict[int, tuple[int, int]]) -> dict[str, int | None]:
    activity_id = getattr(obj, "activity_id", None)
    person_id = getattr(obj, "person_id", None)
    plan_id = getattr(obj, "plan_id", None)
    if isinstance(obj, Activity):
        activity_id = obj.id
    elif isinstance(obj, Person):
        person_id = obj.id
    elif isinstance(obj, Plan):
        plan_id = obj.id
    elif isinstance(obj, Attendance):
        activity_id, person_id = owners.get(obj.enrollment_id, (None, None))
    return {"activity_id": activity_id, "person_id": person_id, "plan_id": plan_id}


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _flush: UOWTransaction) -> None:
    if not _state["enabled"]:
        return
    changes: list[tuple[Any, str]] = []
    changes += [(o, "insert") for o in session.new if isinstance(o, AUDITED)]
    changes += [(o, "update") for o in session.dirty if isinstance(o, AUDITED)]
    changes += [(o, "delete") for o in session.deleted if isinstance(o, AUDITED)]
    if not changes:
        return
    owners = _owners(session, [o for o, _ in changes])
    at, by = dt.datetime.now(), _who(session)
    rows = []
    for obj, action in changes:
        if action == "insert":
            old, new = {}, _columns(obj)
        elif action == "delete":
            old, new = _columns(obj), {}
        else:
            old, new = _changes(obj)
            if not new:
                continue
        rows.append(
            {
                "at": at, "by": by, "table_name": obj.__tablename__, "row_id": obj.id,
                "action": action, "old": _dump(old), "new": _dump(new),
                **_context(obj, owners),
            }
        )  # fmt: skip
    if rows:
        session.connection().execute(insert(AuditEntry), rows)


@event.listens_for(Session, "do_orm_execute")
def _bulk(state: ORMExecuteState) -> None:
    """Statements run outside the unit of work (the roster import's bulk inserts, moves)."""
    if not _state["enabled"] or not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", "")
    if name not in AUDITED_TABLES:
        return
    params = state.parameters
    batch: list[Mapping[str, Any]] = (
        list(params) if isinstance(params, list | tuple) else [params or {}]  # type: ignore[list-item]
    )
    at, by = dt.datetime.now(), _who(state.session)
    action = "insert" if state.is_insert else "bulk"
    if state.is_insert and name == "person" and len(batch) > 1:
        # A roster's new people: one entry for the batch (their names and CCCDs), not one per
        # person — the rows carry no id yet to link them by, and 17,000 entries would double
        # the import's time. Their enrolments are still recorded one by one.
        people = [[v.get("full_name"), v.get("cccd")] for v in batch]
        row = {
            "at": at, "by": by, "table_name": name, "row_id": None, "action": action,
            "old": "", "new": _dump({"rows": len(batch), "people": people}),
            "activity_id": None, "person_id": None, "plan_id": None,
        }  # fmt: skip
        state.session.connection().execute(insert(AuditEntry), [row])
        return
    rows = []
    for values in batch:
        plain: Mapping[str, Any] = values
        if not state.is_insert:  # the statement says what it does; its values stay unbound
            plain = {"statement": str(state.statement).split("\n")[0][:200]}
        rows.append(
            {
                "at": at, "by": by, "table_name": name, "row_id": None, "action": action,
                "old": "", "new": _dump(plain),
                "activity_id": values.get("activity_id"), "person_id": values.get("person_id"),
                "plan_id": values.get("plan_id"),
            }
        )  # fmt: skip
    state.session.connection().execute(insert(AuditEntry), rows)


# --- reading ---------------------------------------------------------------------------------

THINGS = {
    "budget_line": "dòng dự toán",
    "attendance": "điểm danh",
    "person": "thông tin người",
    "enrollment": "danh sách lớp",
    "venue": "địa điểm",
    "lecturer": "giảng viên",
    "plan": "kế hoạch",
    "plan_support": "lựa chọn hỗ trợ",
    "activity": "hoạt động",
    "funding_source": "nguồn kinh phí",
    "org_unit": "đơn vị",
    "activity_lock_event": "khóa / mở khóa lớp",
    "plan_lock_event": "khóa / mở khóa kế hoạch",
}
ACTIONS = {"insert": "thêm", "update": "sửa", "delete": "xóa", "bulk": "sửa hàng loạt"}


@dataclass(frozen=True)
class HistoryEntry:
    """One change, as the history windows and `taphuan-cli history` show it."""

    at: dt.datetime
    by: str
    table: str
    row_id: int | None
    action: str  # insert | update | delete | bulk
    old: dict[str, Any]
    new: dict[str, Any]

    @property
    def what(self) -> str:
        return f"{ACTIONS.get(self.action, self.action)} {THINGS.get(self.table, self.table)}"

    @property
    def summary(self) -> str:
        keys = sorted(set(self.old) | set(self.new) - {"id"})
        parts = [f"{k}: {self.old.get(k, '')} → {self.new.get(k, '')}" for k in keys]
        return "; ".join(str(p) for p in parts)

    def as_json(self) -> dict[str, object]:
        return {
            "at": self.at.isoformat(timespec="seconds"), "by": self.by, "table": self.table,
            "row_id": self.row_id, "action": self.action, "old": self.old, "new": self.new,
        }  # fmt: skip


def _entries(session: Session, *where: Any) -> list[HistoryEntry]:
    rows = session.scalars(select(AuditEntry).where(*where).order_by(AuditEntry.id))
    return [
        HistoryEntry(
            r.at,
            r.by,
            r.table_name,
            r.row_id,
            r.action,
            json.loads(r.old) if r.old else {},
            json.loads(r.new) if r.new else {},
        )
        for r in rows
    ]


def history_of_activity(session: Session, activity_id: int) -> list[HistoryEntry]:
    """Every recorded change to a class: its settings, lines, roster, attendance, locks."""
    return _entries(session, AuditEntry.activity_id == activity_id)


def history_of_person(session: Session, person_id: int) -> list[HistoryEntry]:
    """Every recorded change to a person: their details, enrolments and attendance."""
    return _entries(session, AuditEntry.person_id == person_id)


def history_of_line(session: Session, line_id: int) -> list[HistoryEntry]:
    """Every recorded change to one budget line (estimate and actual)."""
    return _entries(session, AuditEntry.table_name == "budget_line", AuditEntry.row_id == line_id)


def history_by_cccd(session: Session, cccd: str) -> list[HistoryEntry]:
    """The history of the person with this CCCD (the command line names people so)."""
    from models.errors import NotFoundError
    from models.lookup import person_by_cccd

    person = person_by_cccd(session, cccd.strip())
    if person is None:
        raise NotFoundError(f"không có người nào có số CCCD {cccd.strip()}")
    return history_of_person(session, person.id)
