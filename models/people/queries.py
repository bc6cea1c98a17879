"""People: the derived name keys and the paged, database-sorted roster queries the views use."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from models.entities.tables import Enrollment, Person
from models.text.vntext import name_sort_key, nfc, search_key


def name_keys(full_name: str) -> dict[str, str]:
    """The columns derived from a name; set them whenever full_name is written."""
    name = nfc(full_name)
    return {"sort_key": name_sort_key(name), "search_key": search_key(name)}


@dataclass(frozen=True)
class PersonRow:
    id: int
    full_name: str
    gender: str | None
    birth_year: int | None
    ethnicity: str
    position: str
    village: str
    commune: str
    cccd: str | None
    phone: str
    salaried: bool
    distance_km: int | None


# Columns a view may sort by; the name sorts by the Vietnamese key, never by the raw text.
SORTABLE: dict[str, Any] = {
    "name": Person.sort_key,
    "birth_year": Person.birth_year,
    "ethnicity": Person.ethnicity,
    "position": Person.position,
    "village": Person.village,
    "commune": Person.commune,
    "cccd": Person.cccd,
    "distance_km": Person.distance_km,
}


def person_ids(
    session: Session,
    *,
    activity_id: int | None = None,
    text: str = "",
    order: str = "name",
    descending: bool = False,
    commune: str = "",
    village: str = "",
    class_id: int | None = None,
) -> list[int]:
    """Ids of the matching people in display order; rows are fetched later, page by page.

    `activity_id` is the roster shown; `class_id` narrows a list to the people of one class
    (the filter on "Tất cả học viên"); `commune` and `village` are matched exactly, as stored
    (the choices come from `filter_choices`)."""
    query: Select[tuple[int]] = select(Person.id)
    for one_class in {activity_id, class_id} - {None}:
        enrolled = select(Enrollment.person_id).where(Enrollment.activity_id == one_class)
        query = query.where(Person.id.in_(enrolled))
    if commune:
        query = query.where(Person.commune == commune)
    if village:
        query = query.where(Person.village == village)
    needle = search_key(text)
    if needle:
        digits = needle.replace(" ", "")
        condition = Person.search_key.contains(needle, autoescape=True)
        if digits.isdigit():
            condition = condition | Person.cccd.contains(digits, autoescape=True)
        query = query.where(condition)
    column = SORTABLE.get(order, Person.sort_key)
    primary = column.desc() if descending else column.asc()
    query = query.order_by(primary, Person.sort_key, Person.id)
    return list(session.scalars(query))


@dataclass(frozen=True)
class FilterChoices:
    """What the commune and village filters offer: the places of the people listed."""

    communes: tuple[str, ...]
    villages: dict[str, tuple[str, ...]]  # commune -> its villages ("" key: every village)


def filter_choices(session: Session, *, activity_id: int | None = None) -> FilterChoices:
    """The communes and villages among everyone (or an activity's roster), in plain
    alphabetical order without tones."""
    query = select(Person.commune, Person.village).distinct()
    if activity_id is not None:
        enrolled = select(Enrollment.person_id).where(Enrollment.activity_id == activity_id)
        query = query.where(Person.id.in_(enrolled))
    places: dict[str, set[str]] = {}
    for commune, village in session.execute(query):
        places.setdefault(commune or "", set()).add(village or "")
    order = lambda text: (search_key(text), text)  # noqa: E731 - a sort key, named once
    villages = {c: tuple(sorted(v - {""}, key=order)) for c, v in places.items()}
    everywhere = {v for c in places.values() for v in c} - {""}
    villages[""] = tuple(sorted(everywhere, key=order))
    return FilterChoices(communes=tuple(sorted(set(places) - {""}, key=order)), villages=villages)


def fetch_rows(session: Session, ids: Sequence[int]) -> dict[int, PersonRow]:
    rows: dict[int, PersonRow] = {}
    for start in range(0, len(ids), 500):  # stay under SQLite's bound-parameter limit
        chunk = ids[start : start + 500]
        for p in session.scalars(select(Person).where(Person.id.in_(chunk))):
            rows[p.id] = PersonRow(
                id=p.id,
                full_name=p.full_name,
                gender=p.gender.value if p.gender else None,
                birth_year=p.birth_year,
                ethnicity=p.ethnicity,
                position=p.position,
                village=p.village,
                commune=p.commune,
                cccd=p.cccd,
                phone=p.phone,
                salaried=p.salaried,
                distance_km=p.distance_km,
            )
    return rows
