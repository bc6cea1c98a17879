"""Distances set a commune at a time: the estimate's travel and lodging need each person's
distance to the venue, and a planner knows it per commune, not per person.

`commune_distances` lists the communes of a plan's people (or everyone's) with how many still
lack a distance; `set_commune_distance` gives one distance to the people of a commune
(only those without one unless told to overwrite) and returns what they had, so the change
can be undone (`restore_distances`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from models.entities.tables import Activity, Enrollment, Person
from models.errors import UserError
from models.text.vntext import collapse_spaces, nfc

MAX_KM = 2_000  # one way, inside Vietnam


@dataclass(frozen=True)
class CommuneDistance:
    commune: str
    people: int
    missing: int  # people of the commune without a distance
    distances: tuple[int, ...]  # the distinct distances already set

    def as_json(self) -> dict[str, object]:
        return {"commune": self.commune, "people": self.people, "missing": self.missing,
                "distances": list(self.distances)}  # fmt: skip


def _people(plan_id: int | None) -> Select[int]:
    query = select(Person.id)
    if plan_id is not None:
        query = (
            query.join(Enrollment, Enrollment.person_id == Person.id)
            .join(Activity, Activity.id == Enrollment.activity_id)
            .where(Activity.plan_id == plan_id)
        )
    return query


def commune_distances(session: Session, plan_id: int | None = None) -> list[CommuneDistance]:
    """The communes of the plan's enrolled people (None: of everyone), by name."""
    ids = _people(plan_id).distinct().subquery()
    rows = session.execute(
        select(Person.commune, func.count(), func.count() - func.count(Person.distance_km))
        .where(Person.id.in_(select(ids.c.id)))
        .group_by(Person.commune)
        .order_by(Person.commune)
    ).all()
    known: dict[str, set[int]] = {}
    for commune, km in session.execute(
        select(Person.commune, Person.distance_km)
        .where(Person.id.in_(select(ids.c.id)), Person.distance_km.is_not(None))
        .distinct()
    ):
        if km is not None:
            known.setdefault(commune, set()).add(km)
    return [
        CommuneDistance(commune, int(n), int(missing), tuple(sorted(known.get(commune, ()))))
        for commune, n, missing in rows
    ]


def set_commune_distance(
    session: Session,
    commune: str,
    km: int,
    *,
    plan_id: int | None = None,
    overwrite: bool = False,
) -> dict[int, int | None]:
    """Give `km` to the people of `commune` (of the plan, or everyone); returns each changed
    person's previous distance."""
    if isinstance(km, bool) or not isinstance(km, int) or not 0 <= km <= MAX_KM:
        raise UserError(f"khoảng cách phải là số km từ 0 đến {MAX_KM}")
    name = collapse_spaces(nfc(commune))
    query = select(Person).where(
        Person.commune == name, Person.id.in_(_people(plan_id).scalar_subquery())
    )
    if not overwrite:
        query = query.where(Person.distance_km.is_(None))
    people = list(session.scalars(query))
    before = {p.id: p.distance_km for p in people if p.distance_km != km}
    for p in people:
        p.distance_km = km
    session.flush()
    return before


def restore_distances(session: Session, before: Mapping[int, int | None]) -> None:
    for person in session.scalars(select(Person).where(Person.id.in_(list(before)))):
        person.distance_km = before[person.id]
    session.flush()
