"""Reading one cell's value: birth year, gender, CCCD, phone number, and a cell as plain text.

Each parser says what it repaired or why it refuses; none guesses. A CCCD that lost its
leading zero in Excel gets it back; one turned into scientific notation has lost digits and
is refused. models.people.edit reads hand-typed values with the same functions.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator
from typing import Final, Literal

from models.roster_import.read import CellValue

GenderCode = Literal["M", "F"]


_YEAR: Final = re.compile(r"\d{4}")
_DATE_DMY: Final = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_DATE_YMD: Final = re.compile(r"(\d{4})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:[ T].*)?")
_MONTH_YEAR: Final = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{4})")
_NUMBER_TEXT: Final = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:[eE]\+?[0-9]+)")
_ID_JUNK: Final = re.compile(r"[\s.\-'’`]+")
_PHONE_JUNK: Final = re.compile(r"[\s.\-()/'’`]+")
_PHONE_OK: Final = re.compile(r"0\d{9,10}")
LETTER: Final = re.compile(r"[^\W\d_]")
_EXCEL_EPOCH: Final = dt.date(1899, 12, 30)


def is_blank(value: CellValue) -> bool:
    return value is None or value == "" or (isinstance(value, str) and not value.strip())


def plain_text(value: CellValue) -> str:
    """A cell as text before repair: whole floats lose their ".0", dates read dd/mm/yyyy."""
    text = ""
    if isinstance(value, bool):
        text = "x" if value else ""
    elif isinstance(value, float):
        text = str(int(value)) if math.isfinite(value) and value.is_integer() else repr(value)
    elif isinstance(value, dt.datetime | dt.date):
        text = f"{value:%d/%m/%Y}"
    elif value is not None:
        text = str(value)
    return text


# --- values --------------------------------------------------------------------------------


def parse_year(value: CellValue) -> tuple[int | None, str]:
    """(year, "") or (None, reason). Takes a year, a date, or dd/mm/yyyy text."""
    year: int | None = None
    if isinstance(value, dt.datetime | dt.date):
        year = value.year
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if math.isfinite(value) and float(value).is_integer():
            number = int(value)
            if 1000 <= number <= 9999:
                year = number
            elif 3000 < number < 80000:  # an Excel date serial in a General-formatted cell
                year = (_EXCEL_EPOCH + dt.timedelta(days=number)).year
    elif isinstance(value, str):
        text = value.strip()
        if not text:
            return None, ""
        for pattern, group in ((_YEAR, 0), (_DATE_DMY, 3), (_DATE_YMD, 1), (_MONTH_YEAR, 2)):
            match = pattern.fullmatch(text)
            if match:
                year = int(match.group(group))
                break
    if year is None:
        return None, f"năm sinh «{plain_text(value).strip()[:40]}» không đọc được"
    return year, ""


def parse_gender(text: str) -> GenderCode | None:
    key = " ".join(text.lower().replace(".", " ").split())
    if key in ("nam", "m", "male", "trai", "ông"):
        return "M"
    if key in ("nữ", "nu", "f", "female", "gái", "bà"):
        return "F"
    return None


def parse_cccd(value: CellValue) -> tuple[str | None, str, bool]:
    """(12-digit CCCD or None, reason, leading zero restored)."""
    if type(value) is str and len(value) == 12 and value.isascii() and value.isdigit():
        return value, "", False  # the usual case
    digits, lost = _cccd_digits(value)
    if lost:
        return None, f"số CCCD «{lost[:40]}» {_LOST}", False
    if not digits.isascii() or not digits.isdigit():
        return None, f"số CCCD «{plain_text(value).strip()[:40]}» có ký tự không phải chữ số", False
    if len(digits) == 12:
        return digits, "", False
    if len(digits) == 11:
        return "0" + digits, "", True
    return None, f"số CCCD «{digits[:40]}» có {len(digits)} chữ số, cần 12", False


_LOST: Final = (
    "đã bị Excel đổi sang dạng lũy thừa và mất chữ số; hãy nhập lại đủ 12 số "
    "(định dạng ô là Văn bản)"
)


def _cccd_digits(value: CellValue) -> tuple[str, str]:
    """(the cell's digits, "") or ("", the cell as shown) when Excel's powers of ten ate
    digits: "1.21666E+11" as text, or a number cell ending in six zeros (1.2e11) — the
    serial part of a CCCD (its last six digits) is never 000000."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        digits = str(int(value))
    elif isinstance(value, int) and not isinstance(value, bool):
        digits = str(value)
    else:
        text = plain_text(value).strip()
        if not _NUMBER_TEXT.fullmatch(text):
            return _ID_JUNK.sub("", text), ""
        if _lost_digits(text):  # "1.1090012345E+10" typed or pasted as text
            return "", text
        return str(int(float(text))), ""
    if len(digits) >= 11 and digits.endswith("000000"):
        return "", digits
    return digits, ""


def _lost_digits(text: str) -> bool:
    """Whether scientific notation ("1.21666E+11") kept fewer digits than the number has."""
    mantissa, _e, exponent = text.lower().partition("e")
    whole, _dot, fraction = mantissa.partition(".")
    significant = (whole + fraction).lstrip("0")
    length = len(str(int(float(text)))) if exponent else len(whole)
    return len(significant) < length  # trailing zeros Excel wrote could be any digits


def cccd_disagreements(
    cccd: str, birth_year: int | None, gender: GenderCode | None
) -> Iterator[str]:
    """Warnings when the CCCD's century/gender digit and year disagree with the sheet."""
    digit = int(cccd[3])
    implied_year = 1900 + (digit // 2) * 100 + int(cccd[4:6])
    implied_gender: GenderCode = "F" if digit % 2 else "M"
    if birth_year is not None and implied_year != birth_year:
        yield f"số CCCD {cccd} ứng với năm sinh {implied_year}, danh sách ghi {birth_year}"
    if gender is not None and implied_gender != gender:
        said = {"M": "nam", "F": "nữ"}
        yield (
            f"số CCCD {cccd} ứng với giới tính {said[implied_gender]}, danh sách ghi {said[gender]}"
        )


def parse_phone(value: CellValue) -> tuple[str, list[str]]:
    """(0xxxxxxxxx or "" when invalid, repair kinds)."""
    if type(value) is str and _PHONE_OK.fullmatch(value):
        return value, []  # the usual case
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        text = str(int(value))
    else:
        text = _PHONE_JUNK.sub("", plain_text(value))
    fixes: list[str] = []
    if text.startswith("+84"):
        text = "0" + text[3:]
        fixes.append("phone_prefix")
    elif text.startswith("84") and len(text) in (11, 12):
        text = "0" + text[2:]
        fixes.append("phone_prefix")
    elif text.isdigit() and len(text) in (9, 10) and not text.startswith("0"):
        text = "0" + text  # a number cell lost its leading zero
        fixes.append("phone_leading_zero")
    if not text.isascii() or not _PHONE_OK.fullmatch(text):
        return "", []
    return text, fixes
