"""Amounts in words and the administrative date line (models/words.py)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from models.text.words import amount_in_words, date_line, decision_words, short_date

# --- exact cases ---------------------------------------------------------------

EXACT = [
    (0, "Không đồng"),
    (5, "Năm đồng"),
    (10, "Mười đồng"),
    (11, "Mười một đồng"),
    (14, "Mười bốn đồng"),
    (15, "Mười lăm đồng"),
    (20, "Hai mươi đồng"),
    (21, "Hai mươi mốt đồng"),
    (24, "Hai mươi tư đồng"),
    (25, "Hai mươi lăm đồng"),
    (101, "Một trăm linh một đồng"),
    (104, "Một trăm linh bốn đồng"),
    (105, "Một trăm linh năm đồng"),
    (110, "Một trăm mười đồng"),
    (115, "Một trăm mười lăm đồng"),
    (1_000, "Một nghìn đồng"),
    (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
    (1_000_001, "Một triệu không trăm linh một đồng"),
    (1_010_000, "Một triệu không trăm mười nghìn đồng"),
    (1_500_000, "Một triệu năm trăm nghìn đồng"),
    (2_053_000_000, "Hai tỷ không trăm năm mươi ba triệu đồng"),
    (1_000_000_000, "Một tỷ đồng"),
    (10**12, "Một nghìn tỷ đồng"),
    (1_001 * 10**9, "Một nghìn không trăm linh một tỷ đồng"),
    (2 * 10**12 + 5 * 10**6, "Hai nghìn tỷ không trăm linh năm triệu đồng"),
    (10**15, "Một triệu tỷ đồng"),
    (10**18, "Một tỷ tỷ đồng"),
    (-1_500, "Âm một nghìn năm trăm đồng"),
]


@pytest.mark.parametrize(("amount", "words"), EXACT)
def test_amount_in_words_exact(amount: int, words: str) -> None:
    assert amount_in_words(amount) == words


def test_without_currency() -> None:
    assert amount_in_words(24, currency=False) == "Hai mươi tư"
    assert amount_in_words(0, currency=False) == "Không"
    assert amount_in_words(-5, currency=False) == "Âm năm"


@pytest.mark.parametrize("bad", [True, False, 1.0, 1e6, Decimal("1000"), "1000", None])
def test_non_int_rejected(bad: object) -> None:
    with pytest.raises(TypeError):
        amount_in_words(bad)  # type: ignore[arg-type]


# --- reverse parser, written independently of the module ----------------------

DIGIT_VALUES = {
    "không": 0,
    "một": 1,
    "mốt": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "lăm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
}


def parse_vietnamese_amount(text: str) -> int:
    """Vietnamese number words -> int. Also checks the spelling rules on the way."""
    tokens = text.lower().split()
    assert tokens, "empty text"
    if tokens[-1] == "đồng":
        tokens.pop()
    sign = 1
    if tokens and tokens[0] == "âm":
        sign = -1
        tokens.pop(0)
    assert tokens

    whole = 0  # everything already closed by "tỷ" (already multiplied)
    block = 0  # triệu/nghìn parts of the block below the current tỷ
    hundreds = tens = units = None  # pieces of the 0..999 group being read
    previous = ""

    def group_value() -> int:
        return (hundreds or 0) * 100 + (tens or 0) * 10 + (units or 0)

    for token in tokens:
        if token in DIGIT_VALUES:
            value = DIGIT_VALUES[token]
            if token == "mốt":
                assert previous == "mươi", text
            if token == "lăm":
                assert previous in ("mươi", "mười"), text
            if token == "tư":
                assert previous == "mươi", text
            if token == "năm":
                assert previous not in ("mươi", "mười"), f"'năm' after tens in {text!r}"
            if token == "một":
                assert previous != "mươi", f"'một' after mươi in {text!r}"
            if token == "bốn":
                assert previous != "mươi", f"'bốn' after mươi in {text!r}"
            assert units is None, text
            units = value
        elif token == "trăm":
            assert units is not None and hundreds is None and tens is None, text
            hundreds, units = units, None
        elif token == "mươi":
            assert units is not None and units >= 2 and tens is None, text
            tens, units = units, None
        elif token == "mười":
            assert tens is None and units is None, text
            tens = 1
        elif token == "linh":
            assert hundreds is not None and tens is None and units is None, text
            tens = 0
        elif token in ("nghìn", "triệu"):
            size = 1_000 if token == "nghìn" else 1_000_000
            assert group_value() > 0, f"zero group read aloud in {text!r}"
            block += group_value() * size
            hundreds = tens = units = None
        elif token == "tỷ":
            whole = (whole + block + group_value()) * 10**9
            block = 0
            hundreds = tens = units = None
        else:
            raise AssertionError(f"unknown word {token!r} in {text!r}")
        previous = token
    return sign * (whole + block + group_value())


def test_reverse_parser_sanity() -> None:
    assert parse_vietnamese_amount("Hai tỷ không trăm năm mươi ba triệu đồng") == 2_053_000_000
    assert parse_vietnamese_amount("một nghìn không trăm linh một tỷ") == 1_001 * 10**9
    assert parse_vietnamese_amount("Không đồng") == 0
    with pytest.raises(AssertionError):
        parse_vietnamese_amount("hai mươi một")
    with pytest.raises(AssertionError):
        parse_vietnamese_amount("hai mươi năm")


@given(st.integers(min_value=0, max_value=10**12))
@example(0)
@example(10**12)
@example(1_000_001)
@example(999_999_999_999)
def test_round_trip(amount: int) -> None:
    words = amount_in_words(amount)
    assert words[0].isupper()
    assert words.endswith(" đồng")
    assert "  " not in words
    assert parse_vietnamese_amount(words) == amount


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_round_trip_wide(amount: int) -> None:
    assert parse_vietnamese_amount(amount_in_words(amount)) == amount
    assert parse_vietnamese_amount(amount_in_words(amount, currency=False)) == amount


@given(st.integers(min_value=1, max_value=10**12))
def test_no_zero_group_spoken(amount: int) -> None:
    words = amount_in_words(amount)
    # "không" appears only as "không trăm", never as a bare zero group.
    assert re.search(r"không (?!trăm)", words.lower()) is None


# --- dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "line", "short"),
    [
        (datetime.date(2023, 2, 5), "Lai Châu, ngày 05 tháng 02 năm 2023", "05/02/2023"),
        (datetime.date(2023, 3, 13), "Lai Châu, ngày 13 tháng 3 năm 2023", "13/03/2023"),
        (datetime.date(2024, 1, 1), "Lai Châu, ngày 01 tháng 01 năm 2024", "01/01/2024"),
        (datetime.date(2024, 12, 31), "Lai Châu, ngày 31 tháng 12 năm 2024", "31/12/2024"),
        (datetime.date(2024, 10, 9), "Lai Châu, ngày 09 tháng 10 năm 2024", "09/10/2024"),
    ],
)
def test_date_line(day: datetime.date, line: str, short: str) -> None:
    assert date_line("Lai Châu", day) == line
    assert short_date(day) == short


def test_date_line_blank() -> None:
    assert date_line("Lai Châu", None) == "Lai Châu, ngày ..... tháng ..... năm ......"


def test_date_line_without_place() -> None:
    assert date_line("  ", datetime.date(2023, 2, 5)) == "Ngày 05 tháng 02 năm 2023"
    assert date_line("", None) == "Ngày ..... tháng ..... năm ......"


@pytest.mark.parametrize(
    ("typed", "day", "said"),
    [
        ("12/QĐ-UBND", datetime.date(2025, 1, 5), "Quyết định số 12/QĐ-UBND ngày 05/01/2025"),
        ("12/QĐ-UBND", None, "Quyết định số 12/QĐ-UBND"),
        # typed in full on the plan form: never "Quyết định số Quyết định số …"
        ("Quyết định số 12/QĐ-UBND ngày 05/01/2025", datetime.date(2025, 1, 5),
         "Quyết định số 12/QĐ-UBND ngày 05/01/2025"),
        ("quyết định 12/QĐ-UBND", datetime.date(2025, 1, 5),
         "quyết định 12/QĐ-UBND ngày 05/01/2025"),
        ("QĐ số 12/QĐ-UBND", None, "QĐ số 12/QĐ-UBND"),
    ],
)  # fmt: skip
def test_a_decision_is_named_once(typed: str, day: datetime.date | None, said: str) -> None:
    assert decision_words(typed, day) == said
