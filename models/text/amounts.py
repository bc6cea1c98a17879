"""Amounts of money as Vietnamese users type them: whole đồng, dots (or spaces) between
thousands, an optional "đ" / "đồng" / "VNĐ" after.

Accepted: "250000", "250.000", "250.000 đ", "1 250 000 đồng". Refused with a sentence, never
reinterpreted: a decimal part ("250.000,00" — the law pays whole đồng), a comma ("250,000"
is 250 in Vietnamese and 250 thousand in English), misplaced separators ("25.00"),
abbreviations ("250k", "2tr"), and a minus sign where the amount cannot be negative.
Pure standard library.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from models.errors import UserError

_UNIT: Final = re.compile(r"\s*(?:đồng|đ|vnđ|vnd)\.?\s*$", re.IGNORECASE)
_GROUPED: Final = re.compile(r"\d{1,3}(?:([. ])\d{3})?(?:\1\d{3})*")


class AmountError(UserError):
    """Text that is not a whole number of đồng written the Vietnamese way."""


def parse_amount(text: str, *, label: str = "Số tiền", negative: bool = False) -> int:
    """The amount in đồng, or AmountError naming `label` and what is wrong."""
    raw = unicodedata.normalize("NFC", text).strip().replace("\u00a0", " ")
    body = _UNIT.sub("", raw).strip()
    if not body:
        raise AmountError(f"{label}: chưa nhập số tiền")
    sign = 1
    if body[0] in "-−":
        if not negative:
            raise AmountError(f"{label} không được âm: «{text.strip()}»")
        sign, body = -1, body[1:].strip()
    if "," in body:
        raise AmountError(
            f"{label}: «{text.strip()}» có dấu phẩy — số tiền là số đồng nguyên, viết "
            "250.000 hoặc 250000 (không có phần lẻ)"
        )
    if body.isdigit():
        return sign * int(body)
    if _GROUPED.fullmatch(body):
        return sign * int(body.replace(".", "").replace(" ", ""))
    if re.search(r"\d\s*[a-zA-Z]", body):
        raise AmountError(
            f"{label}: «{text.strip()}» không phải số tiền — viết đủ chữ số, ví dụ 250.000"
        )
    raise AmountError(
        f"{label}: «{text.strip()}» không đọc được — viết 250.000 hoặc 250000 (dấu chấm "
        "ngăn cách hàng nghìn)"
    )


def format_amount(amount: int) -> str:
    """250000 -> "250.000" (what the money fields show)."""
    sign = "-" if amount < 0 else ""
    return sign + f"{abs(amount):,}".replace(",", ".")
