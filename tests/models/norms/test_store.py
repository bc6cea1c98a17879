"""Norm sets in the database: listing, provincial sets, a user's corrections and their use."""

from __future__ import annotations

import datetime as dt

import pytest

from models.budget.edit import record_override, update_line
from models.budget.estimate import ABOVE_CAP, OVERRIDDEN, estimate_activity
from models.db import Database
from models.entities.enums import Confidence
from models.errors import MoneyError
from models.lookup import activity_by_code
from models.norms.store import (
    NEEDS_CHECK,
    NormError,
    add_norm_item,
    derive_norm_set,
    install_shipped,
    list_norm_sets,
    set_norm_cap,
)

QG = "TT55-2023-QG"


def test_the_shipped_set_is_listed_with_items_to_verify(empty_url: str) -> None:
    db = Database(empty_url)
    with db.write() as s:
        before, national = list_norm_sets(s)  # by code: TT 15/2022 (before 1/10/2023), TT 55/2023
    assert (before.code, before.effective_to) == ("TT15-2022-QG", dt.date(2023, 9, 30))
    assert before.item("MEAL_LEARNER").needs_verification  # TT 15/2022 not read: "M"
    assert national.code == "TT55-2023-QG" and national.shipped and national.province == ""
    assert (national.effective_from, national.effective_to) == (
        dt.date(2023, 10, 1),
        dt.date(2025, 12, 31),
    )
    assert national.item("MEAL_LEARNER").cap == 200_000
    assert national.item("DRINKS").check_label == NEEDS_CHECK
    assert national.item("MEAL_LEARNER").check_label == ""
    assert national.item("HALL_HIRE").cap is None
    assert {i.code for i in national.items if i.needs_verification} == {
        "DRINKS",
        "LECTURER_T1",
        "LECTURER_T2",
        "LECTURER_T3",
        "LECTURER_T4",
        "LECTURER_T5",
        "LEAFLET",  # outreach leaflets: no circular of their own found
    }
    assert national.as_json()["items"][0]["code"] == "MEAL_LEARNER"  # type: ignore[index]


def test_a_provincial_set_overrides_caps_with_its_own_source(empty_url: str) -> None:
    db = Database(empty_url)
    with db.write() as s:
        derived = derive_norm_set(
            s,
            "TT55-2023-QG",
            code="CB-2024",
            name="Định mức tỉnh Cao Bằng",
            province="Cao Bằng",
            legal_basis=["NQ 116/2024/NQ-HĐND tỉnh Cao Bằng"],
            effective_from=dt.date(2024, 7, 1),
        )
        item = set_norm_cap(
            s, "CB-2024", "MEAL_LEARNER", 150_000, source="NQ 116/2024/NQ-HĐND, Điều 2"
        )
        sets = {v.code: v for v in list_norm_sets(s)}
    assert derived.derived_from == "TT55-2023-QG" and len(derived.items) == len(
        sets["TT55-2023-QG"].items
    )
    assert (item.cap, item.source, item.confidence) == (150_000, "NQ 116/2024/NQ-HĐND, Điều 2", "Q")
    assert sets["CB-2024"].legal_basis[0] == "NQ 116/2024/NQ-HĐND tỉnh Cao Bằng"
    assert sets["CB-2024"].province == "Cao Bằng"
    assert sets["TT55-2023-QG"].item("MEAL_LEARNER").cap == 200_000  # the base is untouched
    assert not sets["CB-2024"].covers(dt.date(2024, 6, 30))


def test_a_users_correction_survives_reinstalling_the_shipped_files(empty_url: str) -> None:
    db = Database(empty_url)
    with db.write() as s:
        set_norm_cap(
            s,
            "TT55-2023-QG",
            "DRINKS",
            30_000,
            source="Văn bản kiểm tra",
            confidence=Confidence.QUOTED,
        )
    with db.write() as s:
        assert install_shipped(s) == []
        drinks = next(v for v in list_norm_sets(s) if v.code == "TT55-2023-QG").item("DRINKS")
    assert (drinks.cap, drinks.source, drinks.needs_verification) == (
        30_000,
        "Văn bản kiểm tra",
        False,
    )


def test_an_edited_norm_is_used_by_the_next_estimate(demo_db: Database) -> None:
    with demo_db.write() as s:
        activity_id = activity_by_code(s, "TTDN23-L01").id
        before = {line.key: line for line in estimate_activity(s, activity_id).lines}
        update_line(s, before["drinks"].line_id, rate=40_000)  # the user keeps 40.000 by hand
        set_norm_cap(s, "TT55-2023-QG", "MEAL_LEARNER", 150_000, source="NQ (giả định), Điều 1")
        set_norm_cap(s, "TT55-2023-QG", "DRINKS", 30_000, source="NQ (giả định), Điều 2")
        after = {line.key: line for line in estimate_activity(s, activity_id).lines}
    assert before["meal"].rate == 200_000
    assert (after["meal"].rate, after["meal"].amount, after["meal"].source) == (
        150_000,
        80 * 150_000,
        "NQ (giả định), Điều 1",
    )
    drinks = after["drinks"]
    assert (drinks.rate, drinks.cap, drinks.status) == (40_000, 30_000, ABOVE_CAP)
    with demo_db.write() as s:
        record_override(s, drinks.line_id, "Giá nước uống tại địa phương (giả định)")
        again = {line.key: line for line in estimate_activity(s, activity_id).lines}
    assert again["drinks"].status == OVERRIDDEN


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: set_norm_cap(s, "KHONG-CO", "DRINKS", 1, source="x"),
         "không có bộ định mức mã KHONG-CO"),
        (lambda s: set_norm_cap(s, QG, "XYZ", 1, source="x"), "TT55-2023-QG không có mục XYZ"),
        (lambda s: set_norm_cap(s, QG, "DRINKS", 1, source=" "), "cần ghi nguồn pháp lý"),
        (lambda s: set_norm_cap(s, QG, "DRINKS", -1, source="x"), "số nguyên đồng không âm"),
        (lambda s: set_norm_cap(s, QG, "HALL_HIRE", 1, source="x"), "không có mức trần"),
        (
            lambda s: derive_norm_set(
                s, "TT55-2023-QG", code="TT55-2023-QG", name="x", province="",
                legal_basis=[], effective_from=dt.date(2024, 1, 1),
            ),
            "đã có bộ định mức mã TT55-2023-QG",
        ),
        (
            lambda s: add_norm_item(
                s, "TT55-2023-QG", code="DRINKS", name="x", unit="x", cap=1,
                applies_to=["all"], source="x",
            ),
            "mục đã có",
        ),
        (
            lambda s: add_norm_item(
                s, "TT55-2023-QG", code="NEW_ITEM", name="x", unit="x", cap=1,
                applies_to=["everyone"], source="x",
            ),
            "đối tượng áp dụng không hợp lệ: everyone",
        ),
    ],
)  # fmt: skip
def test_bad_norm_edits_are_refused(empty_url: str, call: object, message: str) -> None:
    db = Database(empty_url)
    with pytest.raises(NormError, match=message), db.write() as s:
        call(s)  # type: ignore[operator]
    assert issubclass(NormError, MoneyError)
    with db.write() as s:
        national = list_norm_sets(s)[0]
    assert national.item("DRINKS").cap == 40_000
