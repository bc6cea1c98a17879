"""models.planning.copying: the next code, title and free dates for a copied class."""

from __future__ import annotations

import datetime as dt

import pytest

from models.db import Database
from models.planning.copying import copy_with_proposal, next_title, propose_copies, propose_copy
from models.planning.setup import ActivityInput, create_activity
from tests.models.planning.planning_fixtures import plan_with_one_class


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Lớp 1", "Lớp 2"),
        ("Lớp tập huấn số 09 tại Lai Châu", "Lớp tập huấn số 10 tại Lai Châu"),
        ("Lớp 2 (đợt 2023)", "Lớp 2 (đợt 2024)"),
        ("Hội nghị tập huấn", "Hội nghị tập huấn (2)"),
    ],
)
def test_next_title(title: str, expected: str) -> None:
    assert next_title(title) == expected


def test_copies_move_to_the_next_weekdays_the_hall_and_lecturers_are_free(
    empty_url: str,
) -> None:
    db = Database(empty_url)
    with db.write() as s:
        plan_id, first, lecturers = plan_with_one_class(s)  # Mon 6 – Tue 7/3/2023
        # Another class holds the hall on Wed 8 – Thu 9/3.
        create_activity(
            s,
            ActivityInput(plan_id, "KHAC", "Lớp khác", dt.date(2023, 3, 8), dt.date(2023, 3, 9),
                          venue_id=1, lecturer_ids=(lecturers[0],)),
        )  # fmt: skip
    with db.read() as s:
        proposals = propose_copies(s, first, 3)
    assert [(p.code, p.title) for p in proposals] == [
        ("KH-A-L02", "Lớp 2"),
        ("KH-A-L03", "Lớp 3"),
        ("KH-A-L04", "Lớp 4"),
    ]
    # Fri 10 – Sat 11 would touch a weekend; Mon 13 – Tue 14 is free; then Wed 15, then Mon 20.
    assert [(p.start, p.end) for p in proposals] == [
        (dt.date(2023, 3, 13), dt.date(2023, 3, 14)),
        (dt.date(2023, 3, 15), dt.date(2023, 3, 16)),
        (dt.date(2023, 3, 20), dt.date(2023, 3, 21)),
    ]
    with db.write() as s:
        copy = copy_with_proposal(s, first, proposals[0])
        assert (copy.code, copy.title, copy.start_date) == ("KH-A-L02", "Lớp 2", proposals[0].start)
        assert copy.enrollments == []  # the roster is never copied
    with db.read() as s:
        assert propose_copy(s, first).start == dt.date(2023, 3, 15)  # L02 now holds 13–14
