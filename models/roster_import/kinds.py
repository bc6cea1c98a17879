"""What a row that is not a person is: the recognisers of numbering rows, totals and
subtotals, signature blocks, notes and section headings, shared by the roster parser
(models.roster_import.rows) and the schedule reader (models.planning.schedule_read).

Matching is on tone-stripped keys (heading_key), except where toneless keys collide with real
words, which are decided on the text with its tones.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Final

from models.roster_import.cells import is_blank
from models.roster_import.headers import heading_key
from models.roster_import.parsed import SkipKind
from models.roster_import.read import CellValue

_NUMBERING: Final = re.compile(r"\(?\s*(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,5})\s*\)?\.?")
_TOTAL: Final = re.compile(r"(tong cong|tong so|tong|cong|so luong)\b(.*)")
_SIGNATURE: Final = re.compile(
    r"nguoi lap(?: bieu| danh sach| bang)?|nguoi (?:ky|duyet|kiem tra)"
    r"|ke toan(?: truong)?|thu truong(?: don vi)?|thu quy|xac nhan(?: .*)?"
    r"|(?:t ?m|tm|k ?t|kt|q|tl|tuq)(?: .*)?\b(?:ubnd|chu tich|giam doc|truong|uy ban)(?: .*)?"
    r"|noi nhan(?: .*)?|(?:ky|ky va) ghi ro ho ten|ky ten(?: .*)?|ky dong dau(?: .*)?"
    r"|ky (?:va )?ghi ro ho ten(?: .*)?|chu tich(?: ubnd.*)?|pho chu tich(?: .*)?|giam doc"
    r"|pho giam doc|truong phong|truong ban(?: .*)?|ban to chuc|ubnd xa(?: .*)?"
    r"|(?:.* )?ngay \S+ thang \S+ nam \S+(?: .*)?"
)
SECTION_WORDS: Final = re.compile(
    r"(?:xã|phường|thị trấn|thôn|bản|huyện|tổ dân phố|danh sách|khu|đội|cụm|lớp|buổi)\b"
)
_NOTE_WORDS: Final = re.compile(r"(?:ghi chu|luu y|chu y|chu thich)\b")
_SECTION_NUMBER: Final = re.compile(r"\s*(?:[IVXLC]+|[A-Z])\s*[.)/-]\s*\S")


def other_row_kind(texts: Sequence[str]) -> SkipKind | None:
    """Total, subtotal, signature, note or section, from a row's repaired text cells; None
    when the text says none of these. (The schedule importer reads its rows with it too.)"""
    keys = [heading_key(t) for t in texts]
    for key, text in zip(keys, texts, strict=True):
        total = _total_kind(key)
        if total is not None and _TOTAL_TONED.match(text.lower()):
            return total
    if any(_is_signature(key, t.lower()) for key, t in zip(keys, texts, strict=True)):
        return "signature"
    if len(texts) == 1:
        if _NOTE_WORDS.match(keys[0]):
            return "note"
        if _SECTION_NUMBER.match(texts[0]) or SECTION_WORDS.match(texts[0].lower()):
            return "section"
    return None


def is_numbering_row(values: Sequence[CellValue]) -> bool:
    """A column-numbering row under a header: "(1) (2) (3)", "1 2 3", "A B C"."""
    filled = [v for v in values if not is_blank(v)]
    return len(filled) >= 2 and all(is_numbering(v) for v in filled)


# Toneless keys collide with real words: "Tống Cộng" (a family and given name) keys like
# "Tổng cộng", "Trưởng bản" (a village head) like "Trưởng ban" (who signs). These are decided
# on the text with its tones.
_TOTAL_TONED: Final = re.compile(r"(?:tổng cộng|tổng số|tổng|cộng|số lượng)\b")
_NOT_A_SIGNER: Final = re.compile(r"trưởng bản\b|trưởng thôn\b")


def marker(key: str, text: str = "") -> bool:
    """Whether a name cell is a total line or a signature-block phrase, not a name."""
    lowered = text.lower()
    if _total_kind(key) is not None and (not text or _TOTAL_TONED.match(lowered)):
        return True
    return _is_signature(key, lowered)


def _is_signature(key: str, lowered: str = "") -> bool:
    return _SIGNATURE.fullmatch(key) is not None and not _NOT_A_SIGNER.match(lowered)


def _total_kind(key: str) -> SkipKind | None:
    match = _TOTAL.match(key)
    if match is None:
        return None
    rest = match.group(2)
    if rest.strip() and not any(ch.isdigit() for ch in rest):
        return None  # "Tống Văn An" is a name, "Tổng cộng: 44 người" is not
    return "total" if match.group(1) != "cong" else "subtotal"


_FIGURE: Final = re.compile(r"[\d\s.,'/+Ee-]*\d{2}[\d\s.,'/+Ee-]*")


def is_figure(value: CellValue) -> bool:
    """A number, a date or text made of digits (a CCCD, a year, "1.2E+11", "05/3/1970")."""
    if isinstance(value, str):
        return _FIGURE.fullmatch(value.strip()) is not None
    return not is_blank(value) and not isinstance(value, bool)


def is_small_number(value: CellValue) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return math.isfinite(value) and float(value).is_integer() and 0 < value < 100000
    if isinstance(value, str):
        text = value.strip().rstrip(".")
        return text.isdigit() and len(text) <= 5
    return False


def is_numbering(value: CellValue) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return math.isfinite(value) and float(value).is_integer() and 0 <= value < 1000
    if isinstance(value, str):
        return _NUMBERING.fullmatch(value.strip()) is not None
    return False
