"""Rows under the header: classification, per-cell repair, validation.

Every non-blank row under the header is either a person row (parsed into `PersonData`, or
rejected with the reasons) or a recognised non-person row, skipped and listed with its kind:
numbering "(1) (2) (3)", total/subtotal "Tổng cộng: 44 người", signature block, a repeated
header, a section heading ("Xã Quài Tở", "II. BẢN CO NỎNG") or a numbered empty line.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

from models.roster_import.headers import Field, Header, heading_key, row_is_header
from models.roster_import.read import CellValue, RawSheet, column_letter
from models.text.vntext import (
    LegacyEncoding,
    Repaired,
    detect_legacy,
    repair_text,
    tcvn3_to_unicode,
    vni_to_unicode,
)

SkipKind = Literal[
    "numbering", "total", "subtotal", "signature", "header", "section", "note", "numbered_blank"
]
GenderCode = Literal["M", "F"]

# Column widths of the person table (models.entities.Person): longer text is rejected.
MAX_LENGTH: Final[Mapping[str, int]] = {
    "full_name": 255,
    "ethnicity": 64,
    "position": 255,
    "village": 128,
    "commune": 128,
    "district": 128,
    "province": 64,
    "note": 1000,
}
TEXT_FIELDS: Final = (
    (Field.ETHNICITY, "ethnicity"),
    (Field.POSITION, "position"),
    (Field.VILLAGE, "village"),
    (Field.COMMUNE, "commune"),
    (Field.DISTRICT, "district"),
    (Field.PROVINCE, "province"),
    (Field.NOTE, "note"),
)
MIN_AGE: Final = 15
OLDEST_YEAR: Final = 1900


@dataclass(frozen=True)
class Issue:
    """A rejection reason or a warning, at the spreadsheet's own row and column letter."""

    sheet: str
    row: int | None
    column: str
    message: str

    def as_json(self, key: str = "reason") -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, key: self.message}


@dataclass(frozen=True)
class SkippedRow:
    sheet: str
    row: int
    kind: SkipKind
    text: str  # the row's first words, to recognise it

    def as_json(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "kind": self.kind, "text": self.text}


@dataclass(frozen=True)
class PersonData:
    """A person as the roster gives it, clean and validated."""

    full_name: str
    gender: GenderCode | None = None
    birth_year: int | None = None
    ethnicity: str = ""
    position: str = ""
    village: str = ""
    commune: str = ""
    district: str = ""
    province: str = ""
    cccd: str | None = None
    phone: str = ""
    note: str = ""

    def as_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class PersonRow:
    """A person row: its original cells, and the person or the reasons it is rejected."""

    sheet: str
    row: int
    cells: tuple[CellValue, ...]
    person: PersonData | None  # None: rejected, see errors
    errors: tuple[Issue, ...]
    warnings: tuple[Issue, ...]
    repairs: tuple[str, ...]  # one entry per repaired cell and kind


@dataclass(frozen=True)
class SheetRows:
    persons: tuple[PersonRow, ...]
    skipped: tuple[SkippedRow, ...]
    rows_read: int  # non-blank rows under the header


# --- recognisers ---------------------------------------------------------------------------

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
_SECTION_WORDS: Final = re.compile(
    r"(?:xã|phường|thị trấn|thôn|bản|huyện|tổ dân phố|danh sách|khu|đội|cụm|lớp|buổi)\b"
)
_NOTE_WORDS: Final = re.compile(r"(?:ghi chu|luu y|chu y|chu thich)\b")
_SECTION_NUMBER: Final = re.compile(r"\s*(?:[IVXLC]+|[A-Z])\s*[.)/-]\s*\S")
_YEAR: Final = re.compile(r"\d{4}")
_DATE_DMY: Final = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_DATE_YMD: Final = re.compile(r"(\d{4})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:[ T].*)?")
_MONTH_YEAR: Final = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{4})")
_NUMBER_TEXT: Final = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:[eE]\+?[0-9]+)")
_ID_JUNK: Final = re.compile(r"[\s.\-'’`]+")
_PHONE_JUNK: Final = re.compile(r"[\s.\-()/'’`]+")
_PHONE_OK: Final = re.compile(r"0\d{9,10}")
_LETTER: Final = re.compile(r"[^\W\d_]")
_EXCEL_EPOCH: Final = dt.date(1899, 12, 30)


def is_blank(value: CellValue) -> bool:
    return value is None or value == "" or (isinstance(value, str) and not value.strip())


def _plain(value: CellValue) -> str:
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


class TextRepair:
    """repair_text with a cache (roster columns repeat) and a sheet's legacy-encoding hint.

    vntext.detect_legacy insists on a marker byte, so a TCVN3 cell made only of codes that
    are also Vietnamese letters ("Giíi tÝnh", "Ghi chó") stays undetected; on a sheet where
    most legacy cells are TCVN3 (or VNI), such cells are decoded when decoding changes them.
    """

    def __init__(self) -> None:
        self._cache: dict[tuple[str, bool, LegacyEncoding | None], Repaired] = {}

    def __call__(
        self, raw: str, *, is_name: bool = False, hint: LegacyEncoding | None = None
    ) -> Repaired:
        key = (raw, is_name, hint)
        found = self._cache.get(key)
        if found is None:
            found = self._repair(raw, is_name, hint)
            self._cache[key] = found
        return found

    @staticmethod
    def _repair(raw: str, is_name: bool, hint: LegacyEncoding | None) -> Repaired:
        repaired = repair_text(raw, is_name=is_name)
        if hint is None or "tcvn3" in repaired.kinds or "vni" in repaired.kinds:
            return repaired
        if raw.isascii() or not all(ord(c) < 0x100 or c in _CP1252 for c in raw):
            return repaired
        decoded = tcvn3_to_unicode(raw) if hint == "tcvn3" else vni_to_unicode(raw)
        if decoded == raw:
            return repaired
        again = repair_text(decoded, is_name=is_name)
        return Repaired(again.text, again.kinds | {hint})


_EMPTY: Final = Repaired("", frozenset())
_CP1252: Final = frozenset(bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore"))


HINT_SAMPLE_ROWS: Final = 400


def sheet_hint(sheet: RawSheet) -> LegacyEncoding | None:
    """The legacy encoding most of the sheet's non-ASCII text is in, if it clearly is."""
    seen: set[str] = set()
    counts = {"tcvn3": 0, "vni": 0, "unicode": 0}
    for row in sheet.rows[:HINT_SAMPLE_ROWS]:  # a legacy-typed sheet is typed so throughout
        for value in row:
            if not isinstance(value, str) or value.isascii() or value in seen:
                continue
            seen.add(value)
            found = detect_legacy(value)
            if found is not None:
                counts[found] += 1
            elif any(ord(c) > 0xFF and c not in _CP1252 for c in value):
                counts["unicode"] += 1
            if len(seen) >= 2000:
                break
    encodings: tuple[LegacyEncoding, LegacyEncoding] = ("tcvn3", "vni")
    for encoding, other in (encodings, encodings[::-1]):
        seen_here = counts[encoding]
        if seen_here >= 2 and seen_here > 2 * counts[other] and seen_here >= counts["unicode"]:
            return encoding
    return None


# --- the parser ----------------------------------------------------------------------------


class SheetParser:
    """Classifies and parses the rows of one sheet under its header."""

    def __init__(
        self,
        sheet: RawSheet,
        header: Header,
        repair: TextRepair,
        *,
        hint: LegacyEncoding | None,
        current_year: int,
    ) -> None:
        self.sheet = sheet
        self.header = header
        self.repair = repair
        self.current_year = current_year
        self.hint = hint
        self.cols = header.columns
        self.letters = {fld: column_letter(col) for fld, col in header.columns.items()}
        self.text_columns = tuple(
            (fld, attr, header.columns[fld], self.letters[fld], MAX_LENGTH[attr])
            for fld, attr in TEXT_FIELDS
            if fld in header.columns
        )
        # Repaired text of each distinct str cell (roster columns repeat): (plain, names).
        self._memo: tuple[dict[str, Repaired], dict[str, Repaired]] = ({}, {})
        self.name_col = self.cols.get(Field.FULL_NAME, self.cols.get(Field.GIVEN_NAME))
        self.stt_col = self.cols.get(Field.STT)
        self.has_gender_columns = not {Field.MALE_MARK, Field.FEMALE_MARK, Field.GENDER}.isdisjoint(
            self.cols
        )

    def repaired(self, value: CellValue, *, is_name: bool = False) -> Repaired:
        """The cell's text repaired (legacy encodings with the sheet's hint, NFC, spaces)."""
        if type(value) is str:
            memo = self._memo[is_name]
            found = memo.get(value)
            if found is None:
                found = memo[value] = self.repair(value, is_name=is_name, hint=self.hint)
            return found
        if is_blank(value):
            return _EMPTY
        return self.repair(_plain(value), is_name=is_name, hint=self.hint)

    # -- classification -------------------------------------------------------------------

    def parse(self) -> SheetRows:
        persons: list[PersonRow] = []
        skipped: list[SkippedRow] = []
        rows_read = 0
        signature_mode = False
        rows = self.sheet.rows
        for index in range(self.header.last_row, len(rows)):
            raw = rows[index]
            if all(is_blank(v) for v in raw):
                continue
            rows_read += 1
            number = index + 1
            kind = self.classify(raw, signature_mode)
            if kind is None:
                persons.append(self.person_row(number, raw))
                continue
            if kind == "signature":
                signature_mode = True
            skipped.append(SkippedRow(self.sheet.name, number, kind, self._summary(raw)))
        return SheetRows(tuple(persons), tuple(skipped), rows_read)

    def _is_header(self, row: Sequence[CellValue]) -> bool:
        return row_is_header(row, self._text)

    def _text(self, value: CellValue) -> str:
        return self.repaired(value).text

    def _summary(self, row: Sequence[CellValue]) -> str:
        words = " | ".join(t for t in (self._text(v) for v in row) if t)
        return words if len(words) <= 80 else words[:79] + "…"

    def _name_cell(self, row: Sequence[CellValue]) -> CellValue:
        if self.name_col is None or self.name_col >= len(row):
            return None
        return row[self.name_col]

    def classify(self, row: Sequence[CellValue], signature_mode: bool) -> SkipKind | None:
        """None for a person row, else the kind of non-person row."""
        name = self._text(self._name_cell(row))
        person_like = bool(name) and _LETTER.search(name) is not None
        person_like = person_like and not _marker(heading_key(name))
        stt = self.stt_col
        numbered = stt is not None and stt < len(row) and _is_small_number(row[stt])
        if person_like and numbered and not signature_mode:
            return None  # the common case, decided without looking at the other cells
        filled = [(c, v) for c, v in enumerate(row) if not is_blank(v)]
        kind: SkipKind | None = None
        if signature_mode:
            # After "Người lập" etc. only a numbered row with a name is a person again.
            kind = None if numbered and person_like else "signature"
        elif len(filled) >= 2 and all(_is_numbering(v) for _, v in filled):
            kind = "numbering"
        elif all(c == stt and _is_numbering(v) for c, v in filled):
            kind = "numbered_blank"
        elif (
            (not person_like or not numbered)
            and len(filled) >= 2
            and row_is_header(row, self._text)
        ):
            kind = "header"
        elif not person_like:
            kind = self._other_kind([self._text(v) for _, v in filled if isinstance(v, str)])
        elif not numbered and len(filled) == 1 and _SECTION_WORDS.match(name.lower()):
            kind = "section"  # "Bản Co Nỏng" alone, in the name column
        return kind

    @staticmethod
    def _other_kind(texts: Sequence[str]) -> SkipKind | None:
        """Total, signature, note or section rows, from their text cells."""
        keys = [heading_key(t) for t in texts]
        for key in keys:
            total = _total_kind(key)
            if total is not None:
                return total
        if any(_SIGNATURE.fullmatch(key) for key in keys):
            return "signature"
        if len(texts) == 1:
            if _NOTE_WORDS.match(keys[0]):
                return "note"
            if _SECTION_NUMBER.match(texts[0]) or _SECTION_WORDS.match(texts[0].lower()):
                return "section"
        return None

    # -- person rows ----------------------------------------------------------------------

    def person_row(self, number: int, row: Sequence[CellValue]) -> PersonRow:
        """Repair and validate a person row: the person, or the reasons it is rejected."""
        cells = _RowCells(self, number, row)
        name = cells.name()
        birth_year, gender = cells.birth()
        cccd = cells.cccd(birth_year, gender)
        phone = cells.phone()
        values = cells.texts()
        person = None
        if not cells.errors:
            person = PersonData(
                full_name=name,
                gender=gender,
                birth_year=birth_year,
                cccd=cccd,
                phone=phone,
                **values,
            )
        return PersonRow(
            self.sheet.name,
            number,
            tuple(row),
            person,
            tuple(cells.errors),
            tuple(cells.warnings),
            tuple(cells.repairs),
        )


class _RowCells:
    """The cells of one person row, read field by field, collecting issues and repairs."""

    def __init__(self, parser: SheetParser, number: int, row: Sequence[CellValue]) -> None:
        self.parser = parser
        self.number = number
        self.row = row
        self.errors: list[Issue] = []
        self.warnings: list[Issue] = []
        self.repairs: list[str] = []

    def error(self, column: str, message: str) -> None:
        self.errors.append(Issue(self.parser.sheet.name, self.number, column, message))

    def warn(self, column: str, message: str) -> None:
        self.warnings.append(Issue(self.parser.sheet.name, self.number, column, message))

    def cell(self, fld: Field) -> tuple[CellValue, str]:
        col = self.parser.cols.get(fld)
        if col is None:
            return None, ""
        return (self.row[col] if col < len(self.row) else None), self.parser.letters[fld]

    def repaired(self, fld: Field, *, is_name: bool = False) -> tuple[str, str]:
        value, letter = self.cell(fld)
        fixed = self.parser.repaired(value, is_name=is_name)
        if fixed.kinds:
            self.repairs.extend(fixed.kinds)
        return fixed.text, letter

    def texts(self) -> dict[str, str]:
        """The plain text fields (dân tộc, chức vụ, thôn, xã, …), length-checked."""
        values = dict.fromkeys(_LABEL, "")
        row, width, repaired = self.row, len(self.row), self.parser.repaired
        for _, attr, col, letter, limit in self.parser.text_columns:
            fixed = repaired(row[col] if col < width else None)
            if fixed.kinds:
                self.repairs.extend(fixed.kinds)
            values[attr] = fixed.text
            if len(fixed.text) > limit:
                self.error(letter, f"{_LABEL[attr]} dài quá {limit} ký tự")
        return values

    def name(self) -> str:
        full, letter = self.repaired(Field.FULL_NAME, is_name=True)
        given, given_letter = self.repaired(Field.GIVEN_NAME, is_name=True)
        if Field.FULL_NAME not in self.parser.cols:
            letter = given_letter
        name = f"{full} {given}".strip() if given and full != given else full or given
        limit = MAX_LENGTH["full_name"]
        if not name:
            self.error(letter, "thiếu họ và tên")
        elif not _LETTER.search(name):
            self.error(letter, f"họ và tên «{name[:40]}» không có chữ")
        elif len(name) > limit:
            self.error(letter, f"họ và tên dài quá {limit} ký tự")
        return name

    def _year(self, fld: Field) -> tuple[int | None, str]:
        value, letter = self.cell(fld)
        if is_blank(value):
            return None, letter
        year, problem = parse_year(value)
        if problem:
            self.error(letter, problem)
        return year, letter

    def birth(self) -> tuple[int | None, GenderCode | None]:
        """Birth year and gender from Nam | Nữ year columns, a year or date, marks, a word."""
        birth_year: int | None = None
        gender: GenderCode | None = None
        male, male_letter = self._year(Field.YEAR_MALE)
        female, female_letter = self._year(Field.YEAR_FEMALE)
        if male is not None and female is not None:
            if male != female:
                self.error(male_letter, "năm sinh ghi ở cả cột Nam và cột Nữ, khác nhau")
            else:
                birth_year = male
                self.warn(female_letter, "năm sinh ghi ở cả cột Nam và cột Nữ; không rõ giới tính")
        elif male is not None or female is not None:
            birth_year, gender = (male, "M") if male is not None else (female, "F")
        letter = male_letter if male is not None else female_letter
        for fld in (Field.BIRTH_YEAR, Field.BIRTH_DATE):
            year, where = self._year(fld)
            if year is None:
                continue
            if birth_year is None:
                birth_year, letter = year, where
            elif year != birth_year:
                self.warn(where, f"năm sinh {year} khác năm {birth_year} ở cột {letter}")
        latest = self.parser.current_year - MIN_AGE
        if birth_year is not None and not OLDEST_YEAR <= birth_year <= latest:
            self.error(letter, f"năm sinh {birth_year} không hợp lý")
            birth_year = None
        return birth_year, self._gender(gender)

    def _gender(self, gender: GenderCode | None) -> GenderCode | None:
        if not self.parser.has_gender_columns:
            return gender
        male_mark, male_letter = self.cell(Field.MALE_MARK)
        female_mark, _ = self.cell(Field.FEMALE_MARK)
        marks: list[GenderCode] = []
        if not is_blank(male_mark):
            marks.append("M")
        if not is_blank(female_mark):
            marks.append("F")
        if len(marks) == 2:
            self.warn(male_letter, "đánh dấu cả Nam và Nữ; không rõ giới tính")
        elif marks:
            if gender is not None and gender != marks[0]:
                self.warn(male_letter, "giới tính ở hai nơi khác nhau")
            gender = gender or marks[0]
        said_text, letter = self.repaired(Field.GENDER)
        if said_text:
            said = parse_gender(said_text)
            if said is None:
                self.warn(letter, f"giới tính «{said_text[:40]}» không rõ")
            elif gender is not None and said != gender:
                self.warn(letter, "giới tính khác với cột năm sinh Nam/Nữ")
            else:
                gender = said
        return gender

    def cccd(self, birth_year: int | None, gender: GenderCode | None) -> str | None:
        value, letter = self.cell(Field.CCCD)
        if is_blank(value):
            return None
        cccd, problem, fixed_zero = parse_cccd(value)
        if problem:
            self.error(letter, problem)
        if fixed_zero:
            self.repairs.append("cccd_leading_zero")
        if cccd is not None:
            for message in cccd_disagreements(cccd, birth_year, gender):
                self.warn(letter, message)
        return cccd

    def phone(self) -> str:
        value, letter = self.cell(Field.PHONE)
        if is_blank(value):
            return ""
        phone, fixes = parse_phone(value)
        self.repairs.extend(fixes)
        if not phone:
            shown = _plain(value).strip()[:40]
            self.warn(letter, f"số điện thoại «{shown}» không hợp lệ, không lưu")
        return phone


_LABEL: Final = {
    "ethnicity": "dân tộc",
    "position": "chức vụ",
    "village": "thôn, bản",
    "commune": "xã",
    "district": "huyện",
    "province": "tỉnh",
    "note": "ghi chú",
}


def _marker(key: str) -> bool:
    """Whether a name cell's key is a total line or a signature-block phrase, not a name."""
    return _total_kind(key) is not None or _SIGNATURE.fullmatch(key) is not None


def _total_kind(key: str) -> SkipKind | None:
    match = _TOTAL.match(key)
    if match is None:
        return None
    rest = match.group(2)
    if rest.strip() and not any(ch.isdigit() for ch in rest):
        return None  # "Tống Văn An" is a name, "Tổng cộng: 44 người" is not
    return "total" if match.group(1) != "cong" else "subtotal"


def _is_small_number(value: CellValue) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return math.isfinite(value) and float(value).is_integer() and 0 < value < 100000
    if isinstance(value, str):
        text = value.strip().rstrip(".")
        return text.isdigit() and len(text) <= 5
    return False


def _is_numbering(value: CellValue) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return math.isfinite(value) and float(value).is_integer() and 0 <= value < 1000
    if isinstance(value, str):
        return _NUMBERING.fullmatch(value.strip()) is not None
    return False


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
        return None, f"năm sinh «{_plain(value).strip()[:40]}» không đọc được"
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
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        digits = str(int(value))
    elif isinstance(value, int) and not isinstance(value, bool):
        digits = str(value)
    else:
        text = _plain(value).strip()
        if _NUMBER_TEXT.fullmatch(text):  # "1.1090012345E+10" typed or pasted as text
            digits = str(int(float(text)))
        else:
            digits = _ID_JUNK.sub("", text)
    if not digits.isascii() or not digits.isdigit():
        return None, f"số CCCD «{_plain(value).strip()[:40]}» có ký tự không phải chữ số", False
    if len(digits) == 12:
        return digits, "", False
    if len(digits) == 11:
        return "0" + digits, "", True
    return None, f"số CCCD «{digits[:40]}» có {len(digits)} chữ số, cần 12", False


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
        text = _PHONE_JUNK.sub("", _plain(value))
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
