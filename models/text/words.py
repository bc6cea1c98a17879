"""Vietnamese wording for printed papers: amounts in words and the place-date line.

Pure standard library; no Qt, no database.

Amounts are read in the accounting style used on payout lists and settlements
("Số tiền bằng chữ"):

* digits are read in groups of three (trăm, mươi, đơn vị) with the scale words
  nghìn, triệu, tỷ; above 999 tỷ the part in front of "tỷ" is itself read as a
  number, so 10**12 is "một nghìn tỷ", 10**15 "một triệu tỷ", 10**18 "một tỷ tỷ";
* a group that is entirely zero is skipped together with its scale word
  (1_000_001 -> "một triệu không trăm linh một", not "... không nghìn ...");
* a non-zero group that follows a non-zero higher group is read in full, with
  its hundreds even when they are zero ("không trăm") and "linh" for a zero
  tens digit (1_005_000 -> "một triệu không trăm linh năm nghìn");
* the leading group is read short: 5 -> "năm", 21 -> "hai mươi mốt",
  101 -> "một trăm linh một";
* units: "mốt" for 1 after a tens digit of 2 or more ("mười một" stays),
  "lăm" for 5 after any non-zero tens digit ("mười lăm", "hai mươi lăm"),
  "tư" for 4 after a tens digit of 2 or more ("hai mươi tư"; "mười bốn",
  "linh bốn" stay).
"""

from __future__ import annotations

import datetime
import unicodedata

__all__ = ["amount_in_words", "date_line", "decision_worded", "decision_words", "short_date"]

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_BILLION = 1_000_000_000
# Scales inside a block below one tỷ, highest first.
_SCALES = ((1_000_000, "triệu"), (1_000, "nghìn"), (1, ""))


def _group_words(group: int, *, full: bool) -> list[str]:
    """Read 1..999. ``full``: a non-zero higher group precedes, read "không trăm"/"linh"."""
    hundreds, rest = divmod(group, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    has_hundreds = hundreds > 0 or full
    if has_hundreds:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if has_hundreds:
                words.append("linh")
            words.append(_DIGITS[units])
        return words
    if tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units == 1:
        words.append("mốt" if tens >= 2 else "một")
    elif units == 4:
        words.append("tư" if tens >= 2 else "bốn")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return words


def _below_billion_words(number: int, *, full: bool) -> list[str]:
    """Read 1..999_999_999, skipping all-zero groups."""
    words: list[str] = []
    for scale, name in _SCALES:
        group = number // scale % 1000
        if group == 0:
            continue
        words += _group_words(group, full=full)
        if name:
            words.append(name)
        full = True
    return words


def _number_words(number: int, *, full: bool) -> list[str]:
    """Read a positive integer of any size."""
    if number < _BILLION:
        return _below_billion_words(number, full=full)
    high, low = divmod(number, _BILLION)
    words = [*_number_words(high, full=full), "tỷ"]
    if low:
        words += _below_billion_words(low, full=True)
    return words


def amount_in_words(amount: int, *, currency: bool = True) -> str:
    """Spell ``amount`` in Vietnamese, first letter capitalised.

    >>> amount_in_words(1_005_000)
    'Một triệu không trăm linh năm nghìn đồng'
    >>> amount_in_words(24, currency=False)
    'Hai mươi tư'

    Only ``int`` is accepted (not ``bool``, ``float`` or ``Decimal``): money is
    kept in whole đồng, and a float reaching this function is a bug upstream.
    """
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"amount_in_words() needs an int (whole đồng), got {type(amount).__name__}")
    words = ["không"] if amount == 0 else _number_words(abs(amount), full=False)
    if amount < 0:
        words.insert(0, "âm")
    if currency:
        words.append("đồng")
    text = " ".join(words)
    return text[0].upper() + text[1:]


_DATE_BLANK = "....."
_YEAR_BLANK = "......"


def _two_digit_day(day: datetime.date) -> str:
    return f"{day.day:02d}"


def _month(day: datetime.date) -> str:
    # Nghị định 30/2020, Phụ lục I: months 1 and 2 take a leading zero, others do not.
    return f"{day.month:02d}" if day.month < 3 else str(day.month)


def date_line(place: str, day: datetime.date | None) -> str:
    """The place-date line of Nghị định 30/2020/NĐ-CP.

    >>> date_line("Lai Châu", datetime.date(2023, 2, 5))
    'Lai Châu, ngày 05 tháng 02 năm 2023'
    >>> date_line("Lai Châu", datetime.date(2023, 3, 13))
    'Lai Châu, ngày 13 tháng 3 năm 2023'
    >>> date_line("Lai Châu", None)
    'Lai Châu, ngày ..... tháng ..... năm ......'

    Without a date the day, month and year are left as dotted blanks to be
    filled in by hand after signing. Without a place the line starts with
    "Ngày".
    """
    if day is None:
        when = f"ngày {_DATE_BLANK} tháng {_DATE_BLANK} năm {_YEAR_BLANK}"
    else:
        when = f"ngày {_two_digit_day(day)} tháng {_month(day)} năm {day.year}"
    place = place.strip()
    if not place:
        return when[0].upper() + when[1:]
    return f"{place}, {when}"


def short_date(day: datetime.date) -> str:
    """``dd/mm/yyyy``, as in tables and legal citations: 05/02/2023."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


_DECISION_WORDS = ("quyết định", "qđ ", "qđ:", "qđ số")


def decision_worded(number: str) -> bool:
    """Whether a decision's number as typed already says "Quyết định số …"."""
    return unicodedata.normalize("NFC", number.strip()).lower().startswith(_DECISION_WORDS)


def decision_words(number: str, day: datetime.date | None = None) -> str:
    """ "Quyết định số 12/QĐ-UBND ngày 05/01/2025". The number as typed may already say
    "Quyết định số …" (and its date): then it is not said twice."""
    number = unicodedata.normalize("NFC", number.strip())
    text = number if decision_worded(number) else f"Quyết định số {number}"
    if day is not None and "ngày" not in text.lower():
        text += f" ngày {_two_digit_day(day)}/{day.month:02d}/{day.year}"
    return text
