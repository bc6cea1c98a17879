"""Two users at once: database conflicts become one sentence for the user, never a traceback.

- A save over someone else's change: every row a user edits carries a `version`
  (models.entities.columns.Versioned). A form passes the version it showed to `check_version`;
  two saves racing inside the database are caught by SQLAlchemy's version_id_col. Both end as
  StaleEditError ("đã có người sửa …, tải lại"), nothing written.
- A unique-constraint race (two first marks of one attendance cell, two imports creating the
  same CCCD) ends as ConflictError naming the thing, never the values (no name, no CCCD).
- SQLite busy: each connection waits `BUSY_WAIT_MS` (PRAGMA busy_timeout, set in models.db)
  for the other writer, then BusyError.

`GuardedSession` (the session class of models.db.Database) translates at the unit-of-work
boundary (flush and commit); `translate` is registered on every engine for statements run
outside a flush.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine, ExceptionContext
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from models.errors import BusyError, ConflictError, LockedError, StaleEditError

BUSY_WAIT_MS = 5000  # models.db sets PRAGMA busy_timeout=5000

# What a table's row is called in a sentence.
THINGS = {
    "org_unit": "đơn vị",
    "funding_source": "nguồn kinh phí",
    "norm_set": "bộ định mức",
    "norm_item": "mục định mức",
    "plan": "kế hoạch",
    "plan_support": "lựa chọn hỗ trợ của kế hoạch",
    "venue": "địa điểm",
    "lecturer": "giảng viên",
    "activity": "hoạt động",
    "class_session": "buổi học",
    "person": "người",
    "enrollment": "danh sách lớp",
    "budget_line": "dòng dự toán",
}

# Unique constraints by name (PostgreSQL) or by columns (SQLite's message), as sentences.
CONFLICTS = (
    (
        ("uq_attendance_enrollment_session", "attendance.enrollment_id"),
        "điểm danh của người này ở buổi này",
    ),
    (("uq_person_cccd", "person.cccd"), "một người có cùng số CCCD"),
    (("uq_enrollment_person_activity", "enrollment.person_id"), "người này trong lớp"),
    (("uq_activity_code", "activity.code"), "một hoạt động cùng mã"),
    (("uq_plan_code", "plan.code"), "một kế hoạch cùng mã"),
    (("uq_class_session_slot", "class_session.activity_id"), "một buổi học cùng ngày, cùng buổi"),
)  # fmt: skip


def stale_message(thing: str) -> str:
    return (
        f"đã có người sửa {thing} trong lúc bạn đang sửa; tải lại rồi áp dụng lại thay đổi của bạn"
    )


def describe_row(obj: Any) -> str:
    """The thing in a sentence: its kind and its code or name (never a CCCD)."""
    table = getattr(getattr(obj, "__table__", None), "name", "")
    kind = THINGS.get(table, "dữ liệu")
    for attr in ("code", "full_name", "name", "description"):
        value = getattr(obj, attr, None)
        if isinstance(value, str) and value:
            return f"{kind} {value}"
    return kind


def check_version(obj: Any, expected: int | None) -> None:
    """Refuse a save when the row moved on since the form showed it (`expected` None: no form
    version to compare, e.g. a batch command acting on what it reads now)."""
    if expected is not None and obj.version != expected:
        raise StaleEditError(stale_message(describe_row(obj)))


def conflict_from(exc: IntegrityError) -> ConflictError | None:
    text = str(exc.orig)
    for keys, thing in CONFLICTS:
        if any(key in text for key in keys):
            return ConflictError(
                f"đã có {thing} (có thể người khác vừa ghi cùng lúc); không ghi gì, tải lại rồi "
                "thử lại"
            )
    return None


def busy_from(exc: OperationalError) -> BusyError | None:
    if "database is locked" in str(exc.orig) or "database is busy" in str(exc.orig):
        return BusyError(
            f"cơ sở dữ liệu đang bận (người khác đang ghi), đã chờ {BUSY_WAIT_MS // 1000} giây; "
            "thử lại sau"
        )
    return None


def _stale_from(exc: StaleDataError) -> StaleEditError:
    match = re.search(r"table '(\w+)'", str(exc))
    thing = THINGS.get(match.group(1), "dữ liệu") if match else "dữ liệu"
    return StaleEditError(stale_message(thing))


class GuardedSession(Session):
    """A Session whose flush (also the one inside commit) ends conflicts as UserErrors."""

    def flush(self, objects: Any = None) -> None:
        try:
            super().flush(objects)
        except StaleDataError as exc:
            raise _stale_from(exc) from None


@event.listens_for(Engine, "handle_error")
def translate(context: ExceptionContext) -> None:
    """Every engine: a unique-constraint race or a busy SQLite becomes a UserError (raised
    instead of the DBAPI error; the connection is cleaned up by SQLAlchemy first)."""
    error = context.sqlalchemy_exception
    if error is not None:
        error.hide_parameters = True  # a logged traceback never carries names or CCCDs
    replacement: Exception | None = None
    if "TAPHUAN_LOCKED" in str(context.original_exception):
        replacement = LockedError(
            "dữ liệu đã khóa quyết toán: cơ sở dữ liệu từ chối thay đổi (mở khóa trước, có ghi "
            "lý do)"
        )
    elif isinstance(error, IntegrityError):
        replacement = conflict_from(error)
    elif isinstance(error, OperationalError):
        replacement = busy_from(error)
    if replacement is not None:
        raise replacement from None


# The audit trail's session events are registered with the session class.
import models.audit  # noqa: E402, F401
