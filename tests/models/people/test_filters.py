"""People lists filtered by commune, village and class as well as by name."""

from __future__ import annotations

from sqlalchemy import select

from models.db import Database
from models.entities.tables import Enrollment, Person
from models.lookup import activity_by_code
from models.people.queries import filter_choices, person_ids
from models.text.vntext import search_key


def test_commune_village_class_and_name_together(demo_db: Database) -> None:
    with demo_db.read() as s:
        people = list(s.scalars(select(Person)))
        l01 = activity_by_code(s, "TTDN23-L01").id
        in_l01 = set(s.scalars(select(Enrollment.person_id).where(Enrollment.activity_id == l01)))
        commune = max(
            {p.commune for p in people}, key=lambda c: sum(p.commune == c for p in people)
        )
        here = [p for p in people if p.commune == commune]
        village = here[0].village

        assert set(person_ids(s, commune=commune)) == {p.id for p in here}
        assert set(person_ids(s, commune=commune, village=village)) == {
            p.id for p in here if p.village == village
        }
        assert set(person_ids(s, class_id=l01)) == in_l01
        both = {p.id for p in here if p.id in in_l01}
        assert set(person_ids(s, class_id=l01, commune=commune)) == both
        assert set(person_ids(s, activity_id=l01, commune=commune)) == both
        thi = {p.id for p in here if "thi" in search_key(p.full_name)}
        assert set(person_ids(s, commune=commune, text="thi")) == thi and thi
        ids = person_ids(s, commune=commune)
        keys = {p.id: p.sort_key for p in people}
        assert [keys[i] for i in ids] == sorted(keys[i] for i in ids)  # still in name order


def test_filter_choices_are_the_places_listed(demo_db: Database) -> None:
    with demo_db.read() as s:
        people = list(s.scalars(select(Person)))
        l01 = activity_by_code(s, "TTDN23-L01").id
        roster = {
            p.id
            for p in people
            if p.id
            in set(s.scalars(select(Enrollment.person_id).where(Enrollment.activity_id == l01)))
        }
        everyone = filter_choices(s)
        of_class = filter_choices(s, activity_id=l01)
    assert set(everyone.communes) == {p.commune for p in people if p.commune}
    assert list(everyone.communes) == sorted(everyone.communes, key=lambda c: (search_key(c), c))
    commune = everyone.communes[0]
    assert set(everyone.villages[commune]) == {
        p.village for p in people if p.commune == commune and p.village
    }
    assert set(of_class.communes) == {p.commune for p in people if p.id in roster and p.commune}
    assert len(of_class.communes) < len(everyone.communes)
