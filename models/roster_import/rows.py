"""Rows under the header: classification, per-cell repair, validation.

Every non-blank row of the sheet but the header's own is either a person row (parsed into
`PersonData`, or rejected with the reasons) or a recognised non-person row, skipped and
listed with its kind: a title above the header,
numbering "(1) (2) (3)", total/subtotal "Tổng cộng: 44 người", signature block, a repeated
header, a section heading ("Xã Quài Tở", "II. BẢN CO NỎNG") or a numbered empty line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from models.roster_import.cells import (
    LETTER,
    GenderCode,
    cccd_disagreements,
    is_blank,
    parse_cccd,
    parse_gender,
    parse_phone,
    parse_year,
    plain_text,
)
from models.roster_import.headers import Field, Header, heading_key, row_is_header
from models.roster_import.kinds import (
    SECTION_WORDS,
    is_figure,
    is_numbering,
    is_numbering_row,
    is_small_number,
    marker,
    other_row_kind,
)
from models.roster_import.parsed import (
    MAX_LENGTH,
    MIN_AGE,
    OLDEST_YEAR,
    TEXT_FIELDS,
    Issue,
    PersonData,
    PersonRow,
    SheetRows,
    SkipKind,
    SkippedRow,
)
from models.roster_import.read import CellValue, RawSheet, column_letter
from models.roster_import.repair import EMPTY_REPAIR, TextRepair
from models.text.vntext import (
    LegacyEncoding,
    Repaired,
)

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
            return EMPTY_REPAIR
        return self.repair(plain_text(value), is_name=is_name, hint=self.hint)

    # -- classification -------------------------------------------------------------------

    def parse(self) -> SheetRows:
        persons: list[PersonRow] = []
        skipped: list[SkippedRow] = []
        rows_read = 0
        signature_mode = False
        rows = self.sheet.rows
        # Only the block after the last sure person row signs: a "Kế toán" or a date line in
        # the middle of a list does not end it.
        last_person = self._last_sure_person(rows)
        # Rows above the header (unit name, title, a stray list pasted on top) are read too:
        # a row with a name and a number, CCCD or year there is a person under the header's
        # columns; anything else is listed as a title, so every row of the file is counted.
        header_rows = set(self.header.rows)
        for index in range(self.header.rows[0] - 1):
            raw = rows[index]
            if index + 1 in header_rows or all(is_blank(v) for v in raw):
                continue
            rows_read += 1
            _name, person_like, numbered = self._name_and_number(raw)
            if person_like and (numbered or self._identified(raw)):
                persons.append(self.person_row(index + 1, raw))
            else:
                skipped.append(SkippedRow(self.sheet.name, index + 1, "title", self._summary(raw)))
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
            if kind == "signature" and index > last_person:
                signature_mode = True
            skipped.append(SkippedRow(self.sheet.name, number, kind, self._summary(raw)))
        return SheetRows(tuple(persons), tuple(skipped), rows_read)

    def _last_sure_person(self, rows: Sequence[Sequence[CellValue]]) -> int:
        """The index of the last row that is a person whatever stands above it."""
        for index in range(len(rows) - 1, self.header.last_row - 1, -1):  # from the end
            if self._sure_person(rows[index]):
                return index
        return -1

    def _sure_person(self, row: Sequence[CellValue]) -> bool:
        """A named row with a number, CCCD or year, or a numbered one with a CCCD or year
        and no name (rejected "thiếu họ và tên"): a person wherever it stands."""
        _name, person_like, numbered = self._name_and_number(row)
        if person_like:
            return numbered or self._identified(row)
        return numbered and self._identified(row)

    def _name_and_number(self, row: Sequence[CellValue]) -> tuple[str, bool, bool]:
        """(the name, whether it is one and not a total or a signature phrase, whether the
        STT cell holds a small number)."""
        name = self._text(self._name_cell(row))
        person_like = bool(name) and LETTER.search(name) is not None
        person_like = person_like and not marker(heading_key(name), name)
        stt = self.stt_col
        numbered = stt is not None and stt < len(row) and is_small_number(row[stt])
        return name, person_like, numbered

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
        name, person_like, numbered = self._name_and_number(row)
        stt = self.stt_col
        if person_like and numbered and not signature_mode:
            return None  # the common case, decided without looking at the other cells
        filled = [(c, v) for c, v in enumerate(row) if not is_blank(v)]
        kind: SkipKind | None = None
        if signature_mode:
            # After "Người lập" etc. a name is a person again when it is numbered or has a
            # CCCD or a birth year: a signer's name has neither.
            kind = None if self._sure_person(row) else "signature"
        elif is_numbering_row([v for _, v in filled]):
            kind = "numbering"
        elif all(c == stt and is_numbering(v) for c, v in filled):
            kind = "numbered_blank"
        elif (
            (not person_like or not numbered)
            and len(filled) >= 2
            and row_is_header(row, self._text)
        ):
            kind = "header"
        elif numbered and not person_like and self._person_data(row):
            kind = None  # a numbered person without a name: rejected "thiếu họ và tên"
        elif not person_like:
            kind = self._other_kind([self._text(v) for _, v in filled if isinstance(v, str)])
        elif not numbered and len(filled) == 1 and SECTION_WORDS.match(name.lower()):
            kind = "section"  # "Bản Co Nỏng" alone, in the name column
        return kind

    _ID_FIELDS: Final = (
        Field.CCCD, Field.BIRTH_YEAR, Field.YEAR_MALE, Field.YEAR_FEMALE, Field.BIRTH_DATE,
    )  # fmt: skip
    _PERSON_FIELDS: Final = (
        *_ID_FIELDS, Field.ETHNICITY, Field.POSITION, Field.VILLAGE, Field.MALE_MARK,
        Field.FEMALE_MARK, Field.GENDER, Field.PHONE,
    )  # fmt: skip

    def _filled(self, row: Sequence[CellValue], fields: Sequence[Field]) -> bool:
        cols = (self.cols[f] for f in fields if f in self.cols)
        return any(c < len(row) and not is_blank(row[c]) for c in cols)

    def _identified(self, row: Sequence[CellValue]) -> bool:
        """A CCCD or a birth year: what a signer's name under "Người lập" never has (a
        signature block spread across the columns puts words there, not figures)."""
        cols = (self.cols[f] for f in self._ID_FIELDS if f in self.cols)
        return any(c < len(row) and is_figure(row[c]) for c in cols)

    def _person_data(self, row: Sequence[CellValue]) -> bool:
        return self._filled(row, self._PERSON_FIELDS)

    @staticmethod
    def _other_kind(texts: Sequence[str]) -> SkipKind | None:
        return other_row_kind(texts)

    # -- person rows ----------------------------------------------------------------------

    def person_row(self, number: int, row: Sequence[CellValue]) -> PersonRow:
        """Repair and validate a person row: the person, or the reasons it is rejected."""
        cells = _RowCells(self, number, row)
        fault = self.sheet.faults.get(number - 1)
        if fault is not None:  # a byte that is not UTF-8 in a UTF-8 file: never guessed
            cells.error("", fault)
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
        elif not LETTER.search(name):
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
            shown = plain_text(value).strip()[:40]
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
