"""models.text.amounts: what users type into money fields, read exactly or refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.text.amounts import AmountError, format_amount, parse_amount


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("250000", 250_000),
        ("250.000", 250_000),
        ("250.000 đ", 250_000),
        ("250.000đ", 250_000),
        (" 1.250.000 đồng ", 1_250_000),
        ("1 250 000", 1_250_000),
        ("2.053.000.000 VNĐ", 2_053_000_000),
        ("0", 0),
        ("999", 999),
    ],
)
def test_what_users_type_is_read_exactly(text: str, amount: int) -> None:
    assert parse_amount(text) == amount


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("250.000,00", "dấu phẩy"),
        ("250,000", "dấu phẩy"),
        ("250k", "viết đủ chữ số"),
        ("2tr", "viết đủ chữ số"),
        ("-5.000", "không được âm"),
        ("25.00", "không đọc được"),
        ("2.50.000", "không đọc được"),
        ("250.000 000", "không đọc được"),
        ("", "chưa nhập"),
        ("đ", "chưa nhập"),
    ],
)
def test_ambiguous_text_is_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(AmountError, match=reason):
        parse_amount(text, label="Giá xăng")


def test_negative_where_allowed() -> None:
    assert parse_amount("-250.000", negative=True) == -250_000


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_what_is_shown_reads_back(amount: int) -> None:
    assert parse_amount(format_amount(amount), negative=True) == amount
    assert parse_amount(f"{format_amount(amount)} đ", negative=True) == amount
