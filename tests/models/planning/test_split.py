"""models.planning.split: a pooled roster into classes, nobody lost, communes kept whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from models.db import Database
from models.entities.tables import Activity, Enrollment
from models.planning.split import SplitError, apply_split, propose_split, split_groups
from tests.models.planning.planning_fixtures import DISTRICTS, plan_with_one_class, pool

groups_strategy = st.dictionaries(
    st.text("abcdefgh", min_size=1, max_size=3),
    st.integers(min_value=1, max_value=60),
    max_size=12,
)


@given(groups_strategy, st.lists(st.integers(min_value=0, max_value=80), max_size=8))
def test_nobody_lost_or_doubled_and_no_class_over_its_room(
    sizes: dict[str, int], rooms: list[int]
) -> None:
    groups: dict[str, list[int]] = {}
    next_id = 0
    for key, size in sizes.items():
        groups[key] = list(range(next_id, next_id + size))
        next_id += size
    classes, unplaced = split_groups(groups, rooms)
    placed = [p for c in classes for p in c]
    assert sorted(placed + unplaced) == list(range(next_id))  # each exactly once
    assert all(len(c) <= room for c, room in zip(classes, rooms, strict=True))
    # Nobody is left out while a class still has room.
    if unplaced:
        assert all(len(c) == room for c, room in zip(classes, rooms, strict=True))
    # A group that fits whole in some class's room at its turn is never split when every
    # group fits whole somewhere (plenty of room).
    if (
        rooms
        and all(len(g) <= min(rooms) for g in groups.values())
        and (sum(len(g) for g in groups.values()) <= min(rooms))
    ):
        for members in groups.values():
            assert sum(1 for c in classes if set(members) & set(c)) == 1


def test_scenario_a_240_village_heads_from_8_districts_into_6_classes_of_40(
    empty_url: str,
) -> None:
    db = Database(empty_url)
    with db.write() as s:
        plan_id, _first, _lecturers = plan_with_one_class(s)
        assert pool(s) == 240
    with db.read() as s:
        proposal = propose_split(s, plan_id, classes=6, limit=40, by="district")
    assert [c.code for c in proposal.classes] == [f"KH-A-L0{n}" for n in range(1, 7)]
    assert [c.title for c in proposal.classes] == [f"Lớp {n}" for n in range(1, 7)]
    assert [len(c.person_ids) for c in proposal.classes] == [40] * 6
    assert not proposal.unplaced
    # 8 districts of 30 into 6 × 40: six stay whole, two must be spread.
    assert (proposal.whole_groups, proposal.split_groups) == (6, 2)
    assert {g for c in proposal.classes for g in c.groups} == {f"Huyện {d}" for d in DISTRICTS}
    with db.read() as s:  # the preview wrote nothing
        assert s.scalar(select(func.count()).select_from(Enrollment)) == 0
        assert s.scalar(select(func.count()).select_from(Activity)) == 1

    with db.write() as s:
        ids = apply_split(s, proposal)
    with db.read() as s:
        sizes = [s.scalar(select(func.count()).where(Enrollment.activity_id == i)) for i in ids]
        assert sizes == [40] * 6
        people = s.scalar(select(func.count(func.distinct(Enrollment.person_id))))
        assert people == 240
    with db.write() as s, pytest.raises(SplitError, match="đã thay đổi"):
        apply_split(s, proposal)  # the pool is empty now: a stale preview is refused


def test_venue_capacity_and_the_limit_leave_people_unplaced_with_a_reason(
    empty_url: str,
) -> None:
    db = Database(empty_url)
    with db.write() as s:
        plan_id, _first, _lecturers = plan_with_one_class(s, capacity=25)
        pool(s, per_district=10, districts=DISTRICTS[:4])  # 40 people
    with db.read() as s:
        proposal = propose_split(s, plan_id, classes=1, limit=40, by="commune")
    assert len(proposal.classes[0].person_ids) == 25  # the hall holds 25
    assert len(proposal.unplaced) == 15
    assert "1 lớp × tối đa 40 người" in proposal.unplaced[0].reason


def test_bad_requests_are_sentences(empty_url: str, tmp_path: Path) -> None:
    db = Database(empty_url)
    with db.write() as s:
        plan_id, _first, _lecturers = plan_with_one_class(s)
    with db.read() as s:
        with pytest.raises(SplitError, match=r"xã .* huyện"):
            propose_split(s, plan_id, classes=2, limit=40, by="village")  # type: ignore[arg-type]
        with pytest.raises(SplitError, match="từ 1 trở lên"):
            propose_split(s, plan_id, classes=0, limit=40)
