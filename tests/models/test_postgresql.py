"""The same migrations, demo data and Vietnamese ordering on a real PostgreSQL server."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from models.db import Database
from models.demo import scenarios as demo
from models.entities.columns import Base
from models.entities.tables import Person
from models.people.queries import person_ids
from models.planning.catalog import list_plans
from models.text.vntext import name_sort_key

pytestmark = pytest.mark.postgresql  # fixtures pg_url/pg_server come from tests/pg.py


def test_migrations_from_empty_match_the_models(pg_url: str) -> None:
    db = Database(pg_url)
    with db.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    db.close()


def test_demo_and_vietnamese_order_on_postgresql(pg_url: str) -> None:
    db = Database(pg_url)
    with db.write() as s:
        demo.load_scenario_a(s)
    with db.read() as s:
        (plan,) = list_plans(s)
        assert plan.enrolled == 290 and len(plan.activities) == 7
        ids = person_ids(s)  # ordered by the stored key, under the server's collation
        names = dict(s.execute(select(Person.id, Person.full_name)).all())
        ordered = [names[i] for i in ids]
        assert ordered == sorted(ordered, key=name_sort_key)
        found = person_ids(s, text=_plain(ordered[100]))
        assert ids[100] in found
    db.close()


def test_money_and_text_round_trip(pg_url: str) -> None:
    from models.entities.tables import FundingSource

    db = Database(pg_url)
    with db.write() as s:
        s.add(FundingSource(year=2023, ceiling=10**12, decided_by="UBND tỉnh Lai Châu"))
    with db.read() as s:
        fund = s.scalars(select(FundingSource)).one()
        assert (fund.ceiling, fund.decided_by) == (10**12, "UBND tỉnh Lai Châu")
    db.close()


def _plain(name: str) -> str:
    from models.text.vntext import strip_tones

    return strip_tones(name).lower()
