"""integrity: row versions, plan locks, lock checksums, the audit log, lock triggers

Revision ID: 0003_integrity
Revises: 0002_money
Create Date: 2026-12-04 20:00:00

The triggers keep locks in the database itself, whoever writes (see `GUARDS`):
- attendance, enrolments and budget lines (with their actual amounts) of a locked activity, and
  the plan-level lines of a locked plan, refuse INSERT, UPDATE and DELETE;
- a lock event is never updated; it is not deleted while its activity/plan is locked; a "lock"
  event is refused on what is already locked, a "reopen" event on what is not locked or
  without a reason;
- the `locked` flag of an activity or a plan changes only to follow its newest lock event: it
  goes false only after a "reopen" event (who, when, why) was inserted — the reopen operation —
  and true only after a "lock" event; a locked activity or plan cannot be deleted.
A refusal raises an error whose text starts with TAPHUAN_LOCKED (models.concurrency shows it).
SQLite drops a table's triggers when batch mode copies the table: a later migration that
batch-alters one of these tables must run `create_guards()` of this module again.
"""

import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_integrity"
down_revision: str | None = "0002_money"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every row a user edits (models.entities.columns.Versioned).
VERSIONED = (
    "org_unit", "funding_source", "norm_set", "norm_item", "plan", "plan_support", "venue",
    "lecturer", "activity", "class_session", "person", "enrollment", "budget_line",
)  # fmt: skip

ACTIVITY = "coalesce((SELECT locked FROM activity WHERE id = {r}.activity_id), false)"
PLAN = "coalesce((SELECT locked FROM plan WHERE id = {r}.plan_id), false)"
SESSION = (
    "coalesce((SELECT a.locked FROM class_session cs JOIN activity a ON a.id = cs.activity_id"
    " WHERE cs.id = {r}.session_id), false)"
)
LINE = (
    "(CASE WHEN {r}.activity_id IS NULL THEN " + PLAN + " ELSE " + ACTIVITY + " END)"
)


def _event_insert(owner: str) -> str:
    locked = f"coalesce((SELECT locked FROM {owner} WHERE id = NEW.{owner}_id), false)"
    return (
        f"((NEW.action = 'lock' AND {locked}) OR "
        f"(NEW.action = 'reopen' AND (NOT {locked} OR trim(NEW.reason) = '')))"
    )


def _flag(owner: str) -> str:
    newest = (
        f"coalesce((SELECT action FROM {owner}_lock_event WHERE {owner}_id = NEW.id "
        "ORDER BY id DESC LIMIT 1), '')"
    )
    return (
        f"(OLD.locked <> NEW.locked AND {newest} <> "
        "(CASE WHEN NEW.locked THEN 'lock' ELSE 'reopen' END))"
    )


def _either(condition: str) -> str:
    """On UPDATE: the row as it was or as it would become."""
    return "(" + condition.format(r="OLD") + " OR " + condition + ")"


# name: (table, condition on INSERT, on UPDATE, on DELETE); None = allowed. {r}: NEW or OLD.
GUARDS: dict[str, tuple[str, str | None, str | None, str | None]] = {
    "attendance": ("attendance", SESSION, _either(SESSION), SESSION),
    "enrollment": ("enrollment", ACTIVITY, _either(ACTIVITY), ACTIVITY),
    "budget_line": ("budget_line", LINE, _either(LINE), LINE),
    "activity_lock_event": (
        "activity_lock_event", _event_insert("activity"), "true",
        ACTIVITY,
    ),
    "plan_lock_event": ("plan_lock_event", _event_insert("plan"), "true", PLAN),
    "activity": ("activity", None, _flag("activity"), "{r}.locked"),
    "plan": ("plan", None, _flag("plan"), "{r}.locked"),
}  # fmt: skip

MESSAGE = "TAPHUAN_LOCKED: {table}"


def _conditions(spec: tuple[str, str | None, str | None, str | None]) -> dict[str, str]:
    _, insert, update, delete = spec
    found = {}
    if insert is not None:
        found["INSERT"] = insert.format(r="NEW")
    if update is not None:
        found["UPDATE"] = update.format(r="NEW")
    if delete is not None:
        found["DELETE"] = delete.format(r="OLD")
    return found


def create_guards() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for name, spec in GUARDS.items():
        table = spec[0]
        conditions = _conditions(spec)
        message = MESSAGE.format(table=table)
        if sqlite:
            for event, condition in conditions.items():
                op.execute(
                    f"CREATE TRIGGER tr_{name}_guard_{event.lower()} BEFORE {event} ON {table} "
                    f"FOR EACH ROW WHEN {condition} "
                    f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
                )
            continue
        branches = " ".join(
            f"{'IF' if i == 0 else 'ELSIF'} TG_OP = '{event}' THEN "
            f"IF {condition} THEN RAISE EXCEPTION '{message}'; END IF;"
            for i, (event, condition) in enumerate(conditions.items())
        )
        op.execute(
            f"CREATE FUNCTION taphuan_guard_{name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {branches} END IF; "
            "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $$"
        )
        op.execute(
            f"CREATE TRIGGER tr_{name}_guard BEFORE {' OR '.join(conditions)} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION taphuan_guard_{name}()"
        )


def drop_guards() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for name, spec in GUARDS.items():
        if sqlite:
            for event in _conditions(spec):
                op.execute(f"DROP TRIGGER IF EXISTS tr_{name}_guard_{event.lower()}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS tr_{name}_guard ON {spec[0]}")
            op.execute(f"DROP FUNCTION IF EXISTS taphuan_guard_{name}()")


def upgrade() -> None:
    for table in VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("version", sa.Integer(), server_default="1", nullable=False)
            )
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("locked", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table("activity_lock_event", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("checksum", sa.String(length=64), server_default="", nullable=False)
        )
    # Locks taken before this revision get their checksum now (their snapshot as stored).
    bind = op.get_bind()
    events = bind.execute(sa.text("SELECT id, snapshot FROM activity_lock_event")).all()
    for event_id, snapshot in events:
        digest = hashlib.sha256((snapshot or "").encode("utf-8")).hexdigest()
        bind.execute(
            sa.text("UPDATE activity_lock_event SET checksum = :c WHERE id = :i"),
            {"c": digest, "i": event_id},
        )
    op.create_table(
        "plan_lock_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column(
            "action",
            sa.Enum(
                "lock", "reopen", name="lock_action", native_enum=False,
                create_constraint=True, length=16,
            ),
            nullable=False,
        ),  # fmt: skip
        sa.Column("by", sa.String(length=128), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.String(length=1000), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.Column("checksum", sa.String(length=64), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan.id"], name=op.f("fk_plan_lock_event_plan_id_plan"),
            ondelete="CASCADE",
        ),  # fmt: skip
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_lock_event")),
    )
    with op.batch_alter_table("plan_lock_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_lock_event_plan_id"), ["plan_id"], unique=False)
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("by", sa.String(length=128), nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("old", sa.Text(), nullable=False),
        sa.Column("new", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index("ix_audit_log_table_row", ["table_name", "row_id"], unique=False)
        batch_op.create_index("ix_audit_log_activity", ["activity_id"], unique=False)
        batch_op.create_index("ix_audit_log_person", ["person_id"], unique=False)
    create_guards()


def downgrade() -> None:
    drop_guards()
    op.drop_table("audit_log")
    op.drop_table("plan_lock_event")
    with op.batch_alter_table("activity_lock_event", schema=None) as batch_op:
        batch_op.drop_column("checksum")
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.drop_column("locked")
    for table in reversed(VERSIONED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
