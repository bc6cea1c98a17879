"""certificates: the plan's attendance threshold and the register of certificate numbers

Revision ID: 0007_certificates
Revises: 0006_payers_travel
Create Date: 2026-12-05 00:30:00

Giấy chứng nhận hoàn thành khóa bồi dưỡng/tập huấn: a learner present at
`plan.certificate_min_attendance` % (default 80) of a class's taught buổi gets one; the
register keeps each learner's number for the plan so a re-print gives the same numbers.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_certificates"
down_revision: str | None = "0006_payers_travel"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "plan",
        sa.Column(
            "certificate_min_attendance", sa.Integer(), server_default="80", nullable=False
        ),
    )
    op.create_table(
        "certificate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.CheckConstraint("number > 0", name=op.f("ck_certificate_certificate_number_positive")),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_certificate_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan.id"], name=op.f("fk_certificate_plan_id_plan"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate")),
        sa.UniqueConstraint("plan_id", "number", name="uq_certificate_plan_number"),
        sa.UniqueConstraint("plan_id", "person_id", name="uq_certificate_plan_person"),
    )


def downgrade() -> None:
    from importlib import import_module

    op.drop_table("certificate")
    # Batch mode copies plan, which the lock triggers name: drop them first (as 0006 does).
    guards = import_module("models.migrations.versions.0003_integrity")
    guards.drop_guards()
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.drop_column("certificate_min_attendance")
    guards.create_guards()
