"""initial schema

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-22 02:49:44.124173
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0001_initial"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "funding_source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme", sa.String(length=255), nullable=False),
        sa.Column("project", sa.String(length=255), nullable=False),
        sa.Column("sub_project", sa.String(length=255), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("decision_number", sa.String(length=64), nullable=False),
        sa.Column("decision_date", sa.Date(), nullable=True),
        sa.Column("decided_by", sa.String(length=255), nullable=False),
        sa.Column("ceiling", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("ceiling >= 0", name=op.f("ck_funding_source_ceiling_not_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funding_source")),
    )
    op.create_table(
        "lecturer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(length=255), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("tier", sa.Integer(), nullable=False),
        sa.Column("agency", sa.String(length=255), nullable=False),
        sa.Column("salaried", sa.Boolean(), nullable=False),
        sa.Column("distance_km", sa.Integer(), nullable=False),
        sa.CheckConstraint("tier BETWEEN 1 AND 5", name=op.f("ck_lecturer_tier_range")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lecturer")),
    )
    op.create_table(
        "norm_set",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.Column("province", sa.String(length=64), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=True),
        sa.Column("effective_to", sa.Date(), nullable=True),
        sa.Column("derived_from_id", sa.Integer(), nullable=True),
        sa.Column("shipped", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["derived_from_id"], ["norm_set.id"], name=op.f("fk_norm_set_derived_from_id_norm_set")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_norm_set")),
        sa.UniqueConstraint("code", name=op.f("uq_norm_set_code")),
    )
    op.create_table(
        "org_unit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("parent_agency", sa.String(length=255), nullable=False),
        sa.Column("qhns_code", sa.String(length=32), nullable=False),
        sa.Column("address", sa.String(length=255), nullable=False),
        sa.Column("place", sa.String(length=64), nullable=False),
        sa.Column("preparer", sa.String(length=128), nullable=False),
        sa.Column("chief_accountant", sa.String(length=128), nullable=False),
        sa.Column("head", sa.String(length=128), nullable=False),
        sa.Column("head_title", sa.String(length=128), nullable=False),
        sa.CheckConstraint("length(name) > 0", name=op.f("ck_org_unit_name_required")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_org_unit")),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(length=255), nullable=False),
        sa.Column("sort_key", sa.String(length=512), nullable=False),
        sa.Column("search_key", sa.String(length=512), nullable=False),
        sa.Column(
            "gender",
            sa.Enum("M", "F", name="gender", native_enum=False, create_constraint=True, length=16),
            nullable=True,
        ),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("ethnicity", sa.String(length=64), nullable=False),
        sa.Column("position", sa.String(length=255), nullable=False),
        sa.Column("village", sa.String(length=128), nullable=False),
        sa.Column("commune", sa.String(length=128), nullable=False),
        sa.Column("district", sa.String(length=128), nullable=False),
        sa.Column("province", sa.String(length=64), nullable=False),
        sa.Column("cccd", sa.String(length=12), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("salaried", sa.Boolean(), nullable=False),
        sa.Column("distance_km", sa.Integer(), nullable=True),
        sa.Column("difficult_area", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=1000), nullable=False),
        sa.CheckConstraint(
            "cccd IS NULL OR length(cccd) = 12", name=op.f("ck_person_cccd_12_digits")
        ),
        sa.CheckConstraint(
            "distance_km IS NULL OR distance_km >= 0", name=op.f("ck_person_distance_not_negative")
        ),
        sa.CheckConstraint("length(full_name) > 0", name=op.f("ck_person_name_required")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("cccd", name=op.f("uq_person_cccd")),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index("ix_person_commune_sort", ["commune", "sort_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_person_search_key"), ["search_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_person_sort_key"), ["sort_key"], unique=False)

    op.create_table(
        "venue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("address", sa.String(length=255), nullable=False),
        sa.Column("commune", sa.String(length=128), nullable=False),
        sa.Column("province", sa.String(length=64), nullable=False),
        sa.Column(
            "place_type",
            sa.Enum(
                "urban1",
                "city",
                "other",
                "commune",
                name="place_type",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("daily_hire", sa.BigInteger(), nullable=False),
        sa.CheckConstraint(
            "capacity IS NULL OR capacity > 0", name=op.f("ck_venue_capacity_positive")
        ),
        sa.CheckConstraint("daily_hire >= 0", name=op.f("ck_venue_hire_not_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_venue")),
    )
    op.create_table(
        "norm_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("norm_set_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.Column("cap", sa.BigInteger(), nullable=True),
        sa.Column("basis", sa.String(length=16), nullable=False),
        sa.Column("applies_to", sa.String(length=255), nullable=False),
        sa.Column("lecturer_tier", sa.Integer(), nullable=True),
        sa.Column("place_types", sa.String(length=64), nullable=False),
        sa.Column("params", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column(
            "confidence",
            sa.Enum(
                "Q",
                "S",
                "M",
                name="confidence",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.CheckConstraint("cap IS NULL OR cap >= 0", name=op.f("ck_norm_item_cap_not_negative")),
        sa.ForeignKeyConstraint(
            ["norm_set_id"],
            ["norm_set.id"],
            name=op.f("fk_norm_item_norm_set_id_norm_set"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_norm_item")),
        sa.UniqueConstraint("norm_set_id", "code", name="uq_norm_item_set_code"),
    )
    op.create_table(
        "plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("title", sa.String(length=1000), nullable=False),
        sa.Column("legal_bases", sa.Text(), nullable=False),
        sa.Column("org_unit_id", sa.Integer(), nullable=True),
        sa.Column("funding_source_id", sa.Integer(), nullable=True),
        sa.Column("norm_set_id", sa.Integer(), nullable=True),
        sa.Column("travel_method", sa.String(length=16), nullable=False),
        sa.CheckConstraint("length(code) > 0", name=op.f("ck_plan_code_required")),
        sa.ForeignKeyConstraint(
            ["funding_source_id"],
            ["funding_source.id"],
            name=op.f("fk_plan_funding_source_id_funding_source"),
        ),
        sa.ForeignKeyConstraint(
            ["norm_set_id"], ["norm_set.id"], name=op.f("fk_plan_norm_set_id_norm_set")
        ),
        sa.ForeignKeyConstraint(
            ["org_unit_id"], ["org_unit.id"], name=op.f("fk_plan_org_unit_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan")),
        sa.UniqueConstraint("code", name=op.f("uq_plan_code")),
    )
    op.create_table(
        "activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "training",
                "conference",
                "outreach",
                name="activity_kind",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=1000), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("venue_id", sa.Integer(), nullable=True),
        sa.Column(
            "place_type",
            sa.Enum(
                "urban1",
                "city",
                "other",
                "commune",
                name="place_type",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=True,
        ),
        sa.Column("expected_count", sa.Integer(), nullable=True),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.CheckConstraint("end_date >= start_date", name=op.f("ck_activity_dates_ordered")),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan.id"], name=op.f("fk_activity_plan_id_plan"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["venue_id"], ["venue.id"], name=op.f("fk_activity_venue_id_venue")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity")),
        sa.UniqueConstraint("code", name=op.f("uq_activity_code")),
    )
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "budget_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.Column("norm_item_id", sa.Integer(), nullable=True),
        sa.Column("item_code", sa.String(length=64), nullable=False),
        sa.Column("description", sa.String(length=1000), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.Column("rate", sa.BigInteger(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column(
            "origin",
            sa.Enum(
                "generated",
                "manual",
                name="line_origin",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("override_reason", sa.String(length=1000), nullable=False),
        sa.Column("document_ref", sa.String(length=500), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "amount = quantity * rate", name=op.f("ck_budget_line_amount_is_quantity_times_rate")
        ),
        sa.CheckConstraint("quantity >= 0", name=op.f("ck_budget_line_quantity_not_negative")),
        sa.CheckConstraint("rate >= 0", name=op.f("ck_budget_line_rate_not_negative")),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_budget_line_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["norm_item_id"], ["norm_item.id"], name=op.f("fk_budget_line_norm_item_id_norm_item")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan.id"], name=op.f("fk_budget_line_plan_id_plan"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_line")),
    )
    with op.batch_alter_table("budget_line", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_budget_line_activity_id"), ["activity_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_budget_line_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "class_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column(
            "half",
            sa.Enum("am", "pm", name="half", native_enum=False, create_constraint=True, length=16),
            nullable=False,
        ),
        sa.Column("venue_id", sa.Integer(), nullable=True),
        sa.Column("lecturer_id", sa.Integer(), nullable=True),
        sa.Column("topic", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_class_session_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["lecturer_id"], ["lecturer.id"], name=op.f("fk_class_session_lecturer_id_lecturer")
        ),
        sa.ForeignKeyConstraint(
            ["venue_id"], ["venue.id"], name=op.f("fk_class_session_venue_id_venue")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_class_session")),
        sa.UniqueConstraint("activity_id", "on_date", "half", name="uq_class_session_slot"),
    )
    op.create_table(
        "enrollment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "learner",
                "organiser",
                "support",
                name="role",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_enrollment_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_enrollment_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrollment")),
        sa.UniqueConstraint("person_id", "activity_id", name="uq_enrollment_person_activity"),
    )
    with op.batch_alter_table("enrollment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_enrollment_activity_id"), ["activity_id"], unique=False
        )

    op.create_table(
        "attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enrollment_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "present",
                "absent",
                "excused",
                name="presence",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("recorded_by", sa.String(length=128), nullable=False),
        sa.Column(
            "recorded_at",
            sa.DateTime(),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["enrollment_id"],
            ["enrollment.id"],
            name=op.f("fk_attendance_enrollment_id_enrollment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["class_session.id"],
            name=op.f("fk_attendance_session_id_class_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance")),
        sa.UniqueConstraint("enrollment_id", "session_id", name="uq_attendance_enrollment_session"),
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendance_session_id"), ["session_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_session_id"))

    op.drop_table("attendance")
    with op.batch_alter_table("enrollment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enrollment_activity_id"))

    op.drop_table("enrollment")
    op.drop_table("class_session")
    with op.batch_alter_table("budget_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_line_plan_id"))
        batch_op.drop_index(batch_op.f("ix_budget_line_activity_id"))

    op.drop_table("budget_line")
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_plan_id"))

    op.drop_table("activity")
    op.drop_table("plan")
    op.drop_table("norm_item")
    op.drop_table("venue")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_sort_key"))
        batch_op.drop_index(batch_op.f("ix_person_search_key"))
        batch_op.drop_index("ix_person_commune_sort")

    op.drop_table("person")
    op.drop_table("org_unit")
    op.drop_table("norm_set")
    op.drop_table("lecturer")
    op.drop_table("funding_source")
