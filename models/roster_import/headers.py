"""Finding the header row and mapping columns to fields.

Headings are compared after repair (TCVN3/VNI decoded, NFC, single spaces), without tone
marks or punctuation, so "Họ, tên", "HỌ VÀ TÊN" and "Hä vµ tªn" all read "ho ten"/"ho va
ten". The header may take two rows: a top row with merged group cells ("Năm sinh" over
"Nam" | "Nữ", "Giới tính" over "Nam" | "Nữ", "Địa chỉ" over "Thôn" | "Xã") and a sub-row.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from models.roster_import.errors import RosterImportError
from models.roster_import.read import CellValue, RawSheet, column_index, column_letter, place
from models.text.vntext import repair_text, search_key


class Field(enum.StrEnum):
    STT = "stt"
    FULL_NAME = "full_name"  # "Họ và tên", or the family and middle names before "Tên"
    GIVEN_NAME = "given_name"  # "Tên" in its own column
    BIRTH_YEAR = "birth_year"  # a year (or a date) in one column
    YEAR_MALE = "year_male"  # "Năm sinh" split in Nam | Nữ: the year under the right one
    YEAR_FEMALE = "year_female"
    BIRTH_DATE = "birth_date"
    GENDER = "gender"  # "Nam" / "Nữ" written in one column
    MALE_MARK = "male_mark"  # "Giới tính" split in Nam | Nữ: a mark under the right one
    FEMALE_MARK = "female_mark"
    ETHNICITY = "ethnicity"
    POSITION = "position"
    VILLAGE = "village"
    COMMUNE = "commune"
    DISTRICT = "district"
    PROVINCE = "province"
    CCCD = "cccd"
    PHONE = "phone"
    NOTE = "note"


LABELS: Final[Mapping[Field, str]] = {
    Field.STT: "STT",
    Field.FULL_NAME: "Họ và tên",
    Field.GIVEN_NAME: "Tên",
    Field.BIRTH_YEAR: "Năm sinh",
    Field.YEAR_MALE: "Năm sinh (Nam)",
    Field.YEAR_FEMALE: "Năm sinh (Nữ)",
    Field.BIRTH_DATE: "Ngày sinh",
    Field.GENDER: "Giới tính",
    Field.MALE_MARK: "Giới tính (Nam)",
    Field.FEMALE_MARK: "Giới tính (Nữ)",
    Field.ETHNICITY: "Dân tộc",
    Field.POSITION: "Chức vụ",
    Field.VILLAGE: "Thôn, bản",
    Field.COMMUNE: "Xã",
    Field.DISTRICT: "Huyện",
    Field.PROVINCE: "Tỉnh",
    Field.CCCD: "Số CCCD",
    Field.PHONE: "Số điện thoại",
    Field.NOTE: "Ghi chú",
}

_ANY: Final = r"(?: .*)?"


def _words(first: str, more: str) -> str:
    """A heading made of these words only ("thon ban to dan pho"), starting with `first`.

    Data cells ("Bản Hua Sát", "Xã Quài Tở") carry other words, so they never match.
    """
    head = "|".join(first.split())
    tail = "|".join(first.split() + more.split())
    return f"(?:{head})(?: (?:{tail}))*"


# Patterns on the heading key (no tones, lower case, punctuation -> spaces), fullmatch.
_PATTERNS: Final[tuple[tuple[Field, re.Pattern[str]], ...]] = tuple(
    (f, re.compile(p))
    for f, p in (
        (Field.STT, r"s?tt|so tt|so thu tu"),
        (Field.FULL_NAME, rf"ho (?:va )?ten{_ANY}|ho|ho dem|ho va dem|ho va chu dem"),
        (Field.GIVEN_NAME, r"ten|ten goi"),
        (Field.BIRTH_DATE, rf"ngay (?:thang )?(?:nam )?sinh{_ANY}|sinh ngay{_ANY}"),
        (Field.BIRTH_YEAR, rf"nam sinh{_ANY}|ns"),
        (Field.GENDER, rf"gioi tinh{_ANY}|gioi|nam nu|phai"),
        (Field.ETHNICITY, rf"dan toc{_ANY}"),
        (Field.POSITION, rf"chuc vu{_ANY}|chuc danh{_ANY}|cv|chuc vu chuc danh"),
        (Field.VILLAGE, _words("thon ban xom to lang ap", "dan pho noi o cu tru")),
        (Field.COMMUNE, _words("xa phuong", "thi tran dac khu noi o cu tru")),
        (Field.DISTRICT, _words("huyen quan", "thi xa thanh pho tp")),
        (Field.PROVINCE, _words("tinh", "thanh pho tp")),
        (
            Field.CCCD,
            r"(?:so )?(?:cccd|can cuoc|can cuoc cong dan|the can cuoc|cmnd|cmt|dinh danh"
            rf"|ma dinh danh|so dinh danh ca nhan|cmnd cccd|cccd cmnd){_ANY}",
        ),
        (Field.PHONE, rf"(?:so )?(?:dien thoai|dt|sdt|dtdd|dt di dong|di dong){_ANY}"),
        (Field.NOTE, rf"ghi chu{_ANY}"),
    )
)
_PUNCT: Final = re.compile(r"[^\w]+|_")
_SUB_MALE: Final = "nam"  # toned: "nam" (male) is not "năm" (year)
_SUB_FEMALE: Final = frozenset({"nữ", "nu"})
_MARK_GROUP: Final = re.compile(r"gioi tinh|gioi|phai")


def heading_text(value: CellValue) -> str:
    """A heading cell as clean text (TCVN3/VNI decoded)."""
    if value is None or value == "":
        return ""
    return repair_text(str(value)).text


def _toned(text: str) -> str:
    return " ".join(_PUNCT.sub(" ", text.lower()).split())


@lru_cache(maxsize=65536)
def heading_key(text: str) -> str:
    return " ".join(_PUNCT.sub(" ", search_key(text)).split())


def match_field(text: str) -> Field | None:
    """The field a heading names, or None. "Nam"/"Nữ" alone are sub-headings (see below)."""
    toned = _toned(text)
    if toned.startswith("năm sinh") or toned in ("ns", "năm"):
        if re.fullmatch(r"năm sinh (?:của )?nam", toned):
            return Field.YEAR_MALE
        if re.fullmatch(r"năm sinh (?:của )?nữ", toned):
            return Field.YEAR_FEMALE
        return Field.BIRTH_YEAR
    key = heading_key(text)
    return next((fld for fld, pattern in _PATTERNS if key and pattern.fullmatch(key)), None)


def _sub_gender(text: str) -> str | None:
    toned = _toned(text)
    if toned == _SUB_MALE:
        return "M"
    if toned in _SUB_FEMALE:
        return "F"
    return None


@dataclass(frozen=True)
class Header:
    """Where a sheet's header is and what each column holds.

    rows: the 1-based header rows (one or two); columns: field -> 0-based column;
    headings: the clean heading text per column (the sub-row's under a group heading).
    """

    rows: tuple[int, ...]
    columns: Mapping[Field, int]
    headings: tuple[str, ...]

    @property
    def last_row(self) -> int:
        return self.rows[-1]

    def letters(self) -> dict[str, str]:
        return {f.value: column_letter(c) for f, c in sorted(self.columns.items(), key=_by_col)}


def _by_col(item: tuple[Field, int]) -> int:
    return item[1]


MAX_HEADER_SCAN: Final = 40


TextFn = Callable[[str], str]


def _row_texts(row: Sequence[CellValue], text: TextFn = heading_text) -> list[str]:
    return [text(v) if isinstance(v, str) and v else "" for v in row]


def _fields(texts: Sequence[str]) -> dict[int, Field]:
    found: dict[int, Field] = {}
    for col, text in enumerate(texts):
        fld = match_field(text) if text else None
        if fld is not None:
            found[col] = fld
    return found


_NAME_FIELDS: Final = frozenset({Field.FULL_NAME, Field.GIVEN_NAME})


def row_is_header(row: Sequence[CellValue], text: TextFn = heading_text) -> bool:
    """A repeated header row: names "Họ và tên" and at least one other heading."""
    if not any(isinstance(v, str) and v for v in row):
        return False
    found = set(_fields(_row_texts(row, text)).values())
    return not _NAME_FIELDS.isdisjoint(found) and len(found) >= 2


def detect_header(
    sheet: RawSheet, header_row: int | None = None, text: TextFn = heading_text
) -> Header | None:
    """The sheet's header, or None when none is found in the first rows.

    text cleans a heading cell (the caller's repair with the sheet's legacy hint).
    """
    rows = sheet.rows
    candidates = (
        [header_row - 1] if header_row is not None else range(min(len(rows), MAX_HEADER_SCAN))
    )
    for r in candidates:
        if r < 0 or r >= len(rows):
            continue
        top = _row_texts(rows[r], text)
        top_fields = _fields(top)
        sub = _row_texts(rows[r + 1], text) if r + 1 < len(rows) else []
        sub_fields = _fields(sub)
        sub_genders = {c: g for c, t in enumerate(sub) if t and (g := _sub_gender(t))}
        names_here = not _NAME_FIELDS.isdisjoint(top_fields.values())
        names_below = not _NAME_FIELDS.isdisjoint(sub_fields.values())
        name_col = next((c for c, f in top_fields.items() if f in _NAME_FIELDS), None)
        two_rows = _is_sub_header(sub, sub_fields, sub_genders, name_col)
        if header_row is None:
            if not (names_here or (names_below and two_rows and top_fields)):
                continue
            known = set(top_fields.values()) | (set(sub_fields.values()) if two_rows else set())
            if len(known) < 2:
                continue
        columns = _combine(top, top_fields, sub_fields, sub_genders, two_rows, sheet, r)
        headings = tuple(
            (sub[c] if two_rows and c < len(sub) and sub[c] else top[c] if c < len(top) else "")
            for c in range(max(len(top), len(sub) if two_rows else 0))
        )
        used = (r + 1, r + 2) if two_rows else (r + 1,)
        return Header(used, columns, headings)
    return None


def _is_sub_header(
    texts: Sequence[str],
    fields: Mapping[int, Field],
    genders: Mapping[int, str],
    name_col: int | None,
) -> bool:
    """Whether the row under a header row is its second row rather than data.

    It names at least one heading or a Nam/Nữ sub-column, has no digits (data rows carry
    years and numbers; numbering rows "(1) (2)" are data-side), and holds no name under
    the name heading.
    """
    if not fields and not genders:
        return False
    if any(any(ch.isdigit() for ch in t) for t in texts):
        return False
    if name_col is not None and name_col < len(texts) and texts[name_col]:
        return fields.get(name_col) in _NAME_FIELDS
    return True


def _group_label(
    top: Sequence[str], col: int, merged: Sequence[tuple[int, int, int, int]], r: int
) -> str:
    """The top-row heading over a sub-heading: its own cell, its merged range, or the left."""
    if col < len(top) and top[col]:
        return top[col]
    for r0, c0, r1, c1 in merged:
        if r0 <= r <= r1 and c0 <= col <= c1 and c0 < len(top):
            return top[c0]
    for left in range(col - 1, max(col - 3, -1), -1):
        if left < len(top) and top[left]:
            return top[left]
    return ""


def _combine(
    top: Sequence[str],
    top_fields: Mapping[int, Field],
    sub_fields: Mapping[int, Field],
    sub_genders: Mapping[int, str],
    two_rows: bool,
    sheet: RawSheet,
    r: int,
) -> dict[Field, int]:
    by_col: dict[int, Field] = dict(top_fields)
    if two_rows:
        by_col.update(sub_fields)
        for col, gender in sub_genders.items():
            group = heading_key(_group_label(top, col, sheet.merged, r))
            if _MARK_GROUP.match(group):
                by_col[col] = Field.MALE_MARK if gender == "M" else Field.FEMALE_MARK
            else:  # "Năm sinh" over Nam | Nữ, or no group heading at all
                by_col[col] = Field.YEAR_MALE if gender == "M" else Field.YEAR_FEMALE
    columns: dict[Field, int] = {}
    for col in sorted(by_col):
        columns.setdefault(by_col[col], col)  # the first column wins
    # A group heading ("Năm sinh", "Giới tính") read as a field of its own is dropped when its
    # Nam | Nữ sub-columns took the same column. Only then: with one sub-column missing, a
    # get() of None would match the other missing one.
    for whole, parts in (
        (Field.BIRTH_YEAR, (Field.YEAR_MALE, Field.YEAR_FEMALE)),
        (Field.GENDER, (Field.MALE_MARK, Field.FEMALE_MARK)),
    ):
        if whole in columns and columns[whole] in {columns[p] for p in parts if p in columns}:
            del columns[whole]
    return columns


def parse_field(name: str) -> Field:
    """A field named in English ("full_name") or by a Vietnamese heading ("Họ và tên")."""
    try:
        return Field(name.strip().lower())
    except ValueError:
        pass
    fld = match_field(name)
    if fld is None:
        valid = ", ".join(f.value for f in Field)
        raise RosterImportError(f"trường «{name}» không có; dùng một trong: {valid}")
    return fld


def apply_overrides(header: Header, overrides: Mapping[Field, str], sheet: str) -> Header:
    """Map fields to columns given as letters ("C") or heading text ("Họ tên chủ hộ")."""
    if not overrides:
        return header
    columns = dict(header.columns)
    for fld, target in overrides.items():
        col = column_index(target)
        if col is None:
            key = heading_key(heading_text(target))
            matches = [c for c, h in enumerate(header.headings) if h and heading_key(h) == key]
            if not matches:
                raise RosterImportError(
                    f"{place(sheet, header.rows[0])}: không có cột tiêu đề «{target}» "
                    f"cho trường {fld.value}"
                )
            col = matches[0]
        for other in [f for f, c in columns.items() if c == col]:
            del columns[other]
        columns[fld] = col
    return Header(header.rows, columns, header.headings)
