"""money: plan travel settings and support choices, attendance log, locks, line edits

Revision ID: 0002_money
Revises: 0001_initial
Create Date: 2026-11-22 03:01:57.435773
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0002_money"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "plan_support",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("support", sa.String(length=16), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan.id"], name=op.f("fk_plan_support_plan_id_plan"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_support")),
        sa.UniqueConstraint("plan_id", "category", "support", name="uq_plan_support_choice"),
    )
    with op.batch_alter_table("plan_support", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_support_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "activity_lock_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column(
            "action",
            sa.Enum(
                "lock",
                "reopen",
                name="lock_action",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("by", sa.String(length=128), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.String(length=1000), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_activity_lock_event_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_lock_event")),
    )
    with op.batch_alter_table("activity_lock_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activity_lock_event_activity_id"), ["activity_id"], unique=False
        )

    op.create_table(
        "attendance_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enrollment_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column(
            "old_status",
            sa.Enum(
                "present",
                "absent",
                "excused",
                name="old_presence",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=True,
        ),
        sa.Column(
            "new_status",
            sa.Enum(
                "present",
                "absent",
                "excused",
                name="new_presence",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("changed_by", sa.String(length=128), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["enrollment_id"],
            ["enrollment.id"],
            name=op.f("fk_attendance_change_enrollment_id_enrollment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["class_session.id"],
            name=op.f("fk_attendance_change_session_id_class_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_change")),
    )
    with op.batch_alter_table("attendance_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attendance_change_enrollment_id"), ["enrollment_id"], unique=False
        )

    with op.batch_alter_table("budget_line", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("quantity_edited", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column("rate_edited", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column("suppressed", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("actual_amount", sa.BigInteger(), nullable=True))
        batch_op.create_check_constraint(
            "actual_not_negative", "actual_amount IS NULL OR actual_amount >= 0"
        )

    with op.batch_alter_table("class_session", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("taught", sa.Boolean(), server_default=sa.true(), nullable=False)
        )

    with op.batch_alter_table("enrollment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("travel_actual", sa.BigInteger(), nullable=True))
        batch_op.add_column(
            sa.Column("travel_document", sa.String(length=500), server_default="", nullable=False)
        )

    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("petrol_price", sa.BigInteger(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("petrol_price_date", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "arrive_night_before", sa.Boolean(), server_default=sa.true(), nullable=False
            )
        )
        batch_op.create_check_constraint("petrol_price_not_negative", "petrol_price >= 0")
        batch_op.create_check_constraint(
            "travel_method_known", "travel_method IN ('own_vehicle', 'flat_per_km', 'actual')"
        )


def downgrade() -> None:
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.drop_constraint("travel_method_known", type_="check")
        batch_op.drop_constraint("petrol_price_not_negative", type_="check")
        batch_op.drop_column("arrive_night_before")
        batch_op.drop_column("petrol_price_date")
        batch_op.drop_column("petrol_price")

    with op.batch_alter_table("enrollment", schema=None) as batch_op:
        batch_op.drop_column("travel_document")
        batch_op.drop_column("travel_actual")

    with op.batch_alter_table("class_session", schema=None) as batch_op:
        batch_op.drop_column("taught")

    with op.batch_alter_table("budget_line", schema=None) as batch_op:
        batch_op.drop_constraint("actual_not_negative", type_="check")
        batch_op.drop_column("actual_amount")
        batch_op.drop_column("suppressed")
        batch_op.drop_column("rate_edited")
        batch_op.drop_column("quantity_edited")

    with op.batch_alter_table("attendance_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_change_enrollment_id"))

    op.drop_table("attendance_change")
    with op.batch_alter_table("activity_lock_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_lock_event_activity_id"))

    op.drop_table("activity_lock_event")
    with op.batch_alter_table("plan_support", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_support_plan_id"))

    op.drop_table("plan_support")
