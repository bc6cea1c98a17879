from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reports.numbers import money, money_dong


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (0, "0"),
        (5, "5"),
        (999, "999"),
        (1_000, "1.000"),
        (200_000, "200.000"),
        (1_234_567, "1.234.567"),
        (1_005_000, "1.005.000"),
        (2_053_000_000, "2.053.000.000"),
        (-1_234_567, "-1.234.567"),
        (-999, "-999"),
        (-1_000, "-1.000"),
    ],
)
def test_money_groups_thousands_with_dots(amount: int, text: str) -> None:
    assert money(amount) == text


def test_money_dong() -> None:
    assert money_dong(1_234_567) == "1.234.567 đồng"
    assert money_dong(0) == "0 đồng"
    assert money_dong(-50_000) == "-50.000 đồng"


@pytest.mark.parametrize("bad", [1.0, 1234.5, Decimal(1000), True, "1000", None])
def test_money_rejects_non_integers(bad: object) -> None:
    with pytest.raises(TypeError):
        money(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        money_dong(bad)  # type: ignore[arg-type]


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_money_round_trips(amount: int) -> None:
    text = money(amount)
    assert int(text.replace(".", "")) == amount
    groups = text.lstrip("-").split(".")
    assert 1 <= len(groups[0]) <= 3
    assert all(len(g) == 3 for g in groups[1:])
