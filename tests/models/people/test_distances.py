"""Distances a commune at a time, for the estimate's travel and lodging."""

from __future__ import annotations

from sqlalchemy import select

from models.db import Database
from models.entities.tables import Person
from models.people.distances import commune_distances
from models.planning.undo import distances_by_commune


def test_a_commune_distance_fills_who_has_none_and_undoes(empty_url: str) -> None:
    db = Database(empty_url)
    with db.write() as s:
        s.add_all([
            Person(full_name="Lò Văn Ánh", commune="Xã Quài Tở"),
            Person(full_name="Quàng Thị Én", commune="Xã Quài Tở", distance_km=12),
            Person(full_name="Lường Văn Đức", commune="Xã Chiềng Sinh"),
        ])  # fmt: skip
    with db.read() as s:
        rows = {c.commune: (c.people, c.missing, c.distances) for c in commune_distances(s)}
    assert rows == {"Xã Chiềng Sinh": (1, 1, ()), "Xã Quài Tở": (2, 1, (12,))}
    with db.write() as s:
        back = distances_by_commune(s, {"Xã Quài Tở": 35, "Xã Chiềng Sinh": 8})
    with db.read() as s:
        km = {p.full_name: p.distance_km for p in s.scalars(select(Person))}
    assert km == {"Lò Văn Ánh": 35, "Quàng Thị Én": 12, "Lường Văn Đức": 8}  # 12 kept
    with db.write() as s:
        back.run(s)
    with db.read() as s:
        km = {p.full_name: p.distance_km for p in s.scalars(select(Person))}
    assert km == {"Lò Văn Ánh": None, "Quàng Thị Én": 12, "Lường Văn Đức": None}
    db.close()
