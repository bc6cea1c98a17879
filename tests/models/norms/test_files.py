"""Norm sets as TOML data (models/norm_files.py, resources/norms/)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from models.norms.files import (
    APPLIES_TO,
    PLACE_TYPES,
    NormFileError,
    NormSetSpec,
    load_norm_file,
    shipped_norm_sets,
)

SHIPPED_FILE = (
    Path(__file__).resolve().parents[3] / "resources" / "norms" / "tt55_2023_national.toml"
)

# domain.md section 3: code -> (cap, confidence). None = actual / formula, no cap.
EXPECTED = {
    "MEAL_LEARNER": (200_000, "S"),
    "PER_DIEM": (200_000, "S"),
    "LODGING_FLAT_URBAN1": (450_000, "S"),
    "LODGING_FLAT_CITY": (350_000, "S"),
    "LODGING_FLAT_OTHER": (300_000, "S"),
    "LODGING_FLAT_LEADER": (1_000_000, "S"),
    "LODGING_INVOICE_CITY": (1_000_000, "S"),
    "LODGING_INVOICE_OTHER": (700_000, "S"),
    # issue 10: the leader's by-invoice tier, single room (TT 40/2017 Điều 7 k3 điểm b)
    "LODGING_INVOICE_LEADER_CITY": (1_200_000, "Q"),
    "LODGING_INVOICE_LEADER_OTHER": (1_100_000, "Q"),
    "LODGING_HALF_NIGHT": (None, "Q"),
    "TRAVEL_OWN_VEHICLE": (None, "Q"),
    "PIT_WITHHOLDING": (None, "S"),
    "SOUND_HIRE": (None, "S"),  # outreach: by document (TT 40/2017 Đ11, equipment hire)
    "LEAFLET": (None, "M"),  # TT 111/2013 Đ25 k1 đ.i: 10 % from 2,000,000 đ
    "TRAVEL_PUBLIC": (None, "S"),
    "MEAL_DELEGATE_URBAN1": (200_000, "Q"),
    "MEAL_DELEGATE_CITY": (150_000, "Q"),
    "MEAL_DELEGATE_COMMUNE": (100_000, "Q"),
    "DRINKS": (40_000, "M"),
    "LECTURER_T1": (2_000_000, "M"),
    "LECTURER_T2": (1_800_000, "M"),
    "LECTURER_T3": (1_500_000, "M"),
    "LECTURER_T4": (1_200_000, "M"),
    "LECTURER_T5": (800_000, "M"),
    "MATERIAL_WRITE": (70_000, "S"),
    "MATERIAL_EDIT": (40_000, "S"),
    "MATERIAL_REVIEW": (30_000, "S"),
    "HALL_HIRE": (None, "S"),
    "BANNER": (None, "S"),
    "STATIONERY": (None, "S"),
    "PRINTING": (None, "S"),
    "CERTIFICATE": (None, "S"),
    "MEDICINE": (None, "S"),
    "FIELD_TRIP": (None, "S"),
}


@pytest.fixture(scope="module")
def national() -> NormSetSpec:
    sets = shipped_norm_sets()
    by_code = {spec.code: spec for spec in sets}
    assert "TT55-2023-QG" in by_code
    return by_code["TT55-2023-QG"]


def test_shipped_set_header(national: NormSetSpec) -> None:
    assert national.province == ""
    assert national.effective_from == datetime.date(2023, 10, 1)
    assert national.effective_to == datetime.date(2025, 12, 31)
    assert national.name.startswith("TT 55/2023/TT-BTC")
    assert len(national.legal_basis) == 4
    assert national.origin == "tt55_2023_national.toml"
    assert national.covers(datetime.date(2024, 6, 1))
    assert not national.covers(datetime.date(2023, 9, 30))
    assert not national.covers(datetime.date(2026, 1, 1))


def test_shipped_figures(national: NormSetSpec) -> None:
    assert national.item("MEAL_LEARNER").cap == 200_000
    assert national.item("MEAL_LEARNER").confidence == "S"
    assert national.item("LODGING_FLAT_CITY").cap == 350_000
    tiers = [national.item(f"LECTURER_T{tier}") for tier in range(1, 6)]
    assert [item.cap for item in tiers] == [2_000_000, 1_800_000, 1_500_000, 1_200_000, 800_000]
    assert [item.lecturer_tier for item in tiers] == [1, 2, 3, 4, 5]
    assert all(item.confidence == "M" and item.needs_verification for item in tiers)
    assert national.item("DRINKS").cap == 40_000
    assert national.item("DRINKS").needs_verification


def test_shipped_table_matches_domain_brief(national: NormSetSpec) -> None:
    actual = {item.code: (item.cap, item.confidence) for item in national.items}
    assert actual == EXPECTED


def test_shipped_formula_parameters(national: NormSetSpec) -> None:
    travel = national.item("TRAVEL_OWN_VEHICLE")
    assert travel.basis == "formula"
    assert travel.formula == "own_vehicle_fuel"
    assert travel.litres_per_km == Decimal("0.2")
    assert (travel.min_distance_km, travel.min_distance_km_difficult) == (15, 10)
    half = national.item("LODGING_HALF_NIGHT")
    assert half.ratio == Decimal("0.5")
    assert "LODGING_FLAT_CITY" in half.of_items
    assert national.item("LODGING_INVOICE_OTHER").persons_per_room == 2
    write = national.item("MATERIAL_WRITE")
    assert write.minority_language_uplift == Decimal("0.3")
    assert write.class_days_under == 5


def test_shipped_items_well_formed(national: NormSetSpec) -> None:
    for item in national.items:
        assert item.source, item.code
        assert item.confidence in ("Q", "S", "M"), item.code
        assert item.name and item.unit.startswith("đồng/"), item.code
        assert item.applies_to and set(item.applies_to) <= set(APPLIES_TO), item.code
        assert set(item.place_types) <= set(PLACE_TYPES), item.code
        if item.basis == "cap":
            assert item.cap is not None and item.cap > 0, item.code
        if item.basis == "actual":
            assert item.cap is None, item.code


def test_place_types_partition(national: NormSetSpec) -> None:
    """Per place type, exactly one flat lodging rate and one delegate meal rate applies."""
    for place in PLACE_TYPES:
        flat = [
            item.code
            for item in national.items
            if item.code.startswith("LODGING_FLAT_") and item.place_types
            if item.applies_in(place)
        ]
        meals = [
            item.code
            for item in national.items
            if item.code.startswith("MEAL_DELEGATE_") and item.applies_in(place)
        ]
        invoice = [
            item.code
            for item in national.items
            if item.code.startswith("LODGING_INVOICE_") and item.applies_in(place)
            if not item.code.startswith("LODGING_INVOICE_LEADER_")
        ]
        leader = [
            item.code
            for item in national.items
            if item.code.startswith("LODGING_INVOICE_LEADER_") and item.applies_in(place)
        ]
        assert len(flat) == 1, (place, flat)
        assert len(meals) == 1, (place, meals)
        assert len(invoice) == 1, (place, invoice)
        assert len(leader) == 1, (place, leader)


def test_load_from_path_and_text_agree() -> None:
    from_path = load_norm_file(SHIPPED_FILE)
    from_str_path = load_norm_file(str(SHIPPED_FILE))
    from_text = load_norm_file(SHIPPED_FILE.read_text(encoding="utf-8"), origin="x")
    assert from_path.items == from_text.items == from_str_path.items
    assert from_path.origin.endswith("tt55_2023_national.toml")


# --- malformed files -------------------------------------------------------------

HEADER = """
schema_version = 1
[set]
code = "TEST"
name = "Thử"
legal_basis = ["NQ 1/2024/NQ-HĐND"]
province = "Lai Châu"
effective_from = 2024-01-01
"""

GOOD_ITEM = """
[[items]]
code = "DRINKS"
name = "Nước uống"
unit = "đồng/người/ngày"
basis = "cap"
cap = 40000
applies_to = ["all"]
source = "NQ 1/2024, Điều 2"
confidence = "Q"
"""


def _item(**changes: str | None) -> str:
    """GOOD_ITEM with lines replaced (value = raw TOML) or removed (None)."""
    lines = []
    for line in GOOD_ITEM.strip().splitlines():
        key = line.split(" = ")[0]
        if key in changes:
            value = changes.pop(key)
            if value is not None:
                lines.append(f"{key} = {value}")
        else:
            lines.append(line)
    lines += [f"{key} = {value}" for key, value in changes.items() if value is not None]
    return "\n".join(lines) + "\n"


def test_minimal_file_loads() -> None:
    spec = load_norm_file(HEADER + GOOD_ITEM)
    assert spec.province == "Lai Châu"
    assert spec.effective_to is None
    assert spec.covers(datetime.date(2099, 1, 1))
    assert spec.item("DRINKS").cap == 40_000
    with pytest.raises(KeyError):
        spec.item("NOPE")


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"cap": '"40000"'}, "cap", "integer"),
        ({"cap": "40000.0"}, "cap", "integer"),
        ({"cap": "-1"}, "cap", "negative"),
        ({"cap": None}, "cap", "missing"),
        ({"confidence": '"X"'}, "confidence", "not one of"),
        ({"source": None}, "source", "missing"),
        ({"source": '"  "'}, "source", "empty"),
        ({"applies_to": '["students"]'}, "applies_to", "not one of"),
        ({"applies_to": '["all", "lecturer"]'}, "applies_to", "combined"),
        ({"applies_to": "[]"}, "applies_to", "empty"),
        ({"basis": '"maybe"'}, "basis", "not one of"),
        ({"basis": '"actual"'}, "cap", "not allowed"),
        ({"capp": "1"}, "capp", "unknown"),
        ({"lecturer_tier": "6"}, "lecturer_tier", "at most 5"),
        ({"place_types": '["village"]'}, "place_types", "not one of"),
        ({"litres_per_km": '"0.2"'}, "litres_per_km", "not used"),
        ({"basis": '"formula"', "cap": None}, "formula", "missing"),
        (
            {"basis": '"formula"', "cap": None, "formula": '"own_vehicle_fuel"'},
            "litres_per_km",
            "missing",
        ),
        (
            {
                "basis": '"formula"',
                "cap": None,
                "formula": '"own_vehicle_fuel"',
                "litres_per_km": "0.2",
                "min_distance_km": "15",
                "min_distance_km_difficult": "10",
            },
            "litres_per_km",
            "as text",
        ),
        (
            {
                "basis": '"formula"',
                "cap": None,
                "formula": '"ratio_of_items"',
                "ratio": '"abc"',
                "of_items": '["DRINKS2"]',
            },
            "ratio",
            "not a decimal",
        ),
        (
            {
                "basis": '"formula"',
                "cap": None,
                "formula": '"ratio_of_items"',
                "ratio": '"0.5"',
                "of_items": '["NOPE"]',
            },
            "of_items",
            "not an item",
        ),
    ],
)
def test_malformed_item_names_item_and_field(
    tmp_path: Path, changes: dict[str, str | None], field: str, words: str
) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(HEADER + _item(**changes), encoding="utf-8")
    with pytest.raises(NormFileError) as info:
        load_norm_file(path)
    message = str(info.value)
    assert "broken.toml" in message
    assert "item 'DRINKS'" in message
    assert f"field '{field}'" in message
    assert words in message


def test_duplicate_item_code() -> None:
    with pytest.raises(NormFileError, match=r"item 'DRINKS': field 'code': duplicate"):
        load_norm_file(HEADER + GOOD_ITEM + GOOD_ITEM)


def test_item_without_code_named_by_position() -> None:
    with pytest.raises(NormFileError, match=r"items\[0\]: field 'code': missing"):
        load_norm_file(HEADER + _item(code=None))


@pytest.mark.parametrize(
    ("header_change", "field"),
    [
        (("effective_from = 2024-01-01", 'effective_from = "2024-01-01"'), "effective_from"),
        (("effective_from = 2024-01-01", "effective_from = 2024-01-01T08:00:00"), "effective_from"),
        (
            (
                "effective_from = 2024-01-01",
                "effective_from = 2024-01-01\neffective_to = 2023-12-31",
            ),
            "effective_to",
        ),
        (('code = "TEST"', 'code = "test set"'), "code"),
        (('legal_basis = ["NQ 1/2024/NQ-HĐND"]', 'legal_basis = "NQ 1"'), "legal_basis"),
        (('province = "Lai Châu"', ""), "province"),
    ],
)
def test_malformed_set_header(header_change: tuple[str, str], field: str) -> None:
    old, new = header_change
    with pytest.raises(NormFileError) as info:
        load_norm_file(HEADER.replace(old, new) + GOOD_ITEM, origin="hdr.toml")
    assert str(info.value).startswith("hdr.toml: [set]: ")
    assert f"field '{field}'" in str(info.value)


def test_other_structural_errors() -> None:
    with pytest.raises(NormFileError, match="not valid TOML"):
        load_norm_file("schema_version = = 1\n")
    with pytest.raises(NormFileError, match="schema_version"):
        load_norm_file(HEADER.replace("schema_version = 1", "schema_version = 2") + GOOD_ITEM)
    with pytest.raises(NormFileError, match=r"no \[\[items\]\]"):
        load_norm_file(HEADER)
    with pytest.raises(NormFileError, match=r"\[set\] table missing"):
        load_norm_file("schema_version = 1\n" + GOOD_ITEM)
    with pytest.raises(NormFileError, match=r"missing\.toml: cannot read"):
        load_norm_file("/nonexistent/missing.toml")
