"""estimates kept current at write time (no schema change)

Revision ID: 0008_estimates_at_write
Revises: 0007_certificates
Create Date: 2026-12-05 03:00:00

Until this release a class's generated budget lines were brought up to date when a view
opened its estimate. Now the transaction that changes the roster, buổi, venue, lecturers, plan
settings or norms refreshes them (models.budget.current). This revision changes no table: it
marks the upgrade, and `Database` refreshes every open class once after any upgrade, so lines
written by the older release catch up before a view reads them.
"""

from collections.abc import Sequence

revision: str = "0008_estimates_at_write"
down_revision: str | None = "0007_certificates"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
