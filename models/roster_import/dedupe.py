"""Duplicates: the same CCCD is the same person; the same accent-insensitive name, birth year
and commune where not both have a CCCD is a *possible* duplicate, never merged silently.

Existing people are loaded with one query; rows are then matched in file order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.entities.tables import Person
from models.roster_import.parsed import PersonData
from models.text.vntext import search_key

_COMMUNE_PREFIX: Final = re.compile(r"(?:xa|phuong|thi tran|dac khu)\s+")

PossibleKey = tuple[str, int | None, str]


@lru_cache(maxsize=65536)
def _key(text: str) -> str:
    return search_key(text)


@lru_cache(maxsize=4096)
def commune_key(commune: str) -> str:
    """ "Xã Quài Tở" and "quai to" are the same commune."""
    key = search_key(commune)
    return _COMMUNE_PREFIX.sub("", key, count=1) if _COMMUNE_PREFIX.match(key) else key


def possible_key(person: PersonData) -> PossibleKey:
    return _key(person.full_name), person.birth_year, commune_key(person.commune)


@dataclass(frozen=True)
class Known:
    """A person already in the database."""

    id: int
    full_name: str
    has_cccd: bool


@dataclass
class ExistingPeople:
    by_cccd: dict[str, Known] = field(default_factory=dict)
    by_key: dict[PossibleKey, list[Known]] = field(default_factory=dict)

    def add(
        self,
        person_id: int,
        full_name: str,
        name_key: str,
        birth_year: int | None,
        commune: str,
        cccd: str | None,
    ) -> None:
        known = Known(person_id, full_name, bool(cccd))
        if cccd:
            self.by_cccd.setdefault(cccd, known)
        key = (name_key or search_key(full_name), birth_year, commune_key(commune))
        self.by_key.setdefault(key, []).append(known)


def load_existing(session: Session) -> ExistingPeople:
    existing = ExistingPeople()
    query = select(
        Person.id,
        Person.full_name,
        Person.search_key,
        Person.birth_year,
        Person.commune,
        Person.cccd,
    ).order_by(Person.id)
    for row in session.execute(query):
        existing.add(row[0], row[1], row[2], row[3], row[4], row[5])
    return existing


def database_state(session: Session) -> tuple[int, int]:
    """(number of people, highest id): changes whenever people are added or removed."""
    row = session.execute(select(func.count(Person.id), func.max(Person.id))).one()
    return int(row[0] or 0), int(row[1] or 0)


def name_differs(a: str, b: str) -> bool:
    return search_key(a) != search_key(b)


def first(items: Iterable[Known], has_cccd: bool) -> Known | None:
    """The first known person that may be the same as a row (not both with a CCCD)."""
    return next((k for k in items if not (has_cccd and k.has_cccd)), None)
