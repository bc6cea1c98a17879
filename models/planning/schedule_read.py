"""Reading a campaign schedule: a sheet of outreach sessions (buổi truyền thông) into clean rows.

The file is read as a roster is (models.roster_import.read: the hostile-file limits, the child
process for .xls/.ods, CSV encodings), its text repaired the same way (TCVN3/VNI with the
sheet's hint, NFC, single spaces), and its non-session rows recognised by the roster's rules
(totals, signature blocks, notes, section headings, numbering rows). No database here:
models.planning.schedule matches venues and speakers and writes.

Every non-blank row of a sheet with a header is accounted for: a session, a skipped row with
its kind, or a rejected one with the reasons (sheet, row, column). A cell covered by a merged
range reads the range's value, so a date merged over the morning and the afternoon rows
belongs to both.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from models.entities.enums import Half
from models.errors import UserError
from models.roster_import.cells import is_blank, plain_text
from models.roster_import.errors import RosterImportError
from models.roster_import.headers import heading_key
from models.roster_import.kinds import is_numbering_row, other_row_kind
from models.roster_import.read import CellValue, RawSheet, column_letter, read_file
from models.roster_import.repair import TextRepair, sheet_hint
from models.text.vntext import search_key


class ScheduleError(UserError):
    """A schedule cannot be imported or generated; the message names the file, sheet, row."""


class Col(enum.StrEnum):
    STT = "stt"
    DATE = "date"  # Ngày
    HALF = "half"  # Buổi: Sáng / Chiều
    PLACE = "place"  # Địa điểm
    COMMUNE = "commune"  # Xã
    VILLAGE = "village"  # Thôn, bản
    EXPECTED = "expected"  # Số hộ / số người dự kiến
    SPEAKERS = "speakers"  # Báo cáo viên
    TOPIC = "topic"  # Nội dung
    NOTE = "note"


_PATTERNS: Final = tuple(
    (c, re.compile(p))
    for c, p in (
        (Col.STT, r"s?tt|so tt|so thu tu"),
        (Col.DATE, r"ngay(?: thang)?(?: nam)?(?: (?:to chuc|thuc hien|truyen thong))?"
                   r"|thoi gian(?: to chuc| thuc hien)?|ngay gio"),
        (Col.HALF, r"buoi(?: (?:sang chieu|to chuc))?|sang chieu|ca"),
        (Col.PLACE, r"dia diem(?: .*)?|noi to chuc"),
        (Col.COMMUNE, r"(?:xa|phuong)(?: (?:xa|phuong|thi tran|dac khu))*|don vi"),
        (Col.VILLAGE, r"(?:thon|ban|xom|to|lang|ap)(?: (?:thon|ban|xom|to|lang|ap|dan pho))*"),
        (Col.EXPECTED, r"so (?:ho|nguoi|dai bieu|luot nguoi|luong)(?: .*)?|du kien(?: .*)?"),
        (Col.SPEAKERS, r"(?:bao cao vien|nguoi bao cao|giang vien|tuyen truyen vien)(?: .*)?"),
        (Col.TOPIC, r"noi dung(?: .*)?|chu de(?: .*)?"),
        (Col.NOTE, r"ghi chu(?: .*)?"),
    )
)  # fmt: skip
LABELS: Final[Mapping[Col, str]] = {
    Col.DATE: "Ngày",
    Col.HALF: "Buổi",
    Col.PLACE: "Địa điểm",
    Col.COMMUNE: "Xã",
    Col.VILLAGE: "Thôn, bản",
    Col.EXPECTED: "Số hộ",
    Col.SPEAKERS: "Báo cáo viên",
}
MAX_HEADER_SCAN: Final = 40


def match_col(text: str) -> Col | None:
    key = heading_key(text)
    return next((c for c, pattern in _PATTERNS if key and pattern.fullmatch(key)), None)


@dataclass(frozen=True)
class RowIssue:
    """A rejection reason or a warning, where it is: sheet, 1-based row, column letter."""

    sheet: str
    row: int
    column: str
    reason: str

    def as_json(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "reason": self.reason}

    def describe(self) -> str:
        column = f", cột {self.column}" if self.column else ""
        return f"trang tính «{self.sheet}», dòng {self.row}{column}: {self.reason}"


@dataclass(frozen=True)
class SkippedRow:
    sheet: str
    row: int
    kind: str  # title, header, numbering, total, subtotal, signature, note, section, no_header
    text: str

    def as_json(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "kind": self.kind, "text": self.text}


@dataclass(frozen=True)
class SessionRow:
    """One outreach session as the file (or the generator) gives it, clean and validated."""

    sheet: str
    row: int
    day: dt.date
    halves: tuple[Half, ...]
    place: str
    commune: str = ""
    village: str = ""
    expected: int | None = None
    speakers: tuple[str, ...] = ()
    topic: str = ""
    place_column: str = ""
    speakers_column: str = ""


@dataclass(frozen=True)
class ScheduleRows:
    rows_read: int
    sessions: tuple[SessionRow, ...]
    skipped: tuple[SkippedRow, ...]
    rejected_rows: tuple[int, ...]  # how many rows: len(); the issues may be several per row
    rejections: tuple[RowIssue, ...]
    warnings: tuple[RowIssue, ...] = ()


# --- cells ---------------------------------------------------------------------------------

_DMY: Final = re.compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4}|\d{2})(?!\d)")
_YMD: Final = re.compile(r"(?<!\d)(\d{4})\s*-\s*(\d{1,2})\s*-\s*(\d{1,2})(?!\d)")
_EXCEL_EPOCH: Final = dt.date(1899, 12, 30)
FIRST_YEAR: Final = 2000
LAST_YEAR: Final = 2100


def parse_day(value: CellValue) -> tuple[dt.date | None, str]:
    """(date, "") or (None, reason): an Excel date or serial, dd/mm/yyyy (or yyyy-mm-dd) text,
    a weekday or a buổi around it allowed ("Sáng thứ Hai, 02/10/2023")."""
    shown = plain_text(value).strip()[:40]
    day: dt.date | None = None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if math.isfinite(value) and 20_000 < value < 80_000:  # a serial in a General cell
            day = _EXCEL_EPOCH + dt.timedelta(days=int(value))
    elif isinstance(value, str):
        found = _DMY.search(value)
        parts: tuple[int, int, int] | None = None
        if found:
            d, m, y = (int(g) for g in found.groups())
            parts = (y + 2000 if y < 100 else y, m, d)
        elif found := _YMD.search(value):
            parts = (int(found.group(1)), int(found.group(2)), int(found.group(3)))
        if parts is not None:
            try:
                day = dt.date(*parts)
            except ValueError:
                return None, f"ngày «{shown}» không có thật"
    if day is None:
        return None, f"ngày «{shown}» không đọc được (cần ngày dạng dd/mm/yyyy)"
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        return None, f"ngày «{shown}» ngoài khoảng năm {FIRST_YEAR}–{LAST_YEAR}"
    return day, ""


_BOTH: Final = (Half.MORNING, Half.AFTERNOON)
_HALF_WORDS: Final = (
    (re.compile(r"\bca ngay\b|\bsang (?:va )?chieu\b|\bsang chieu\b"), _BOTH),
    (re.compile(r"\bsang\b"), (Half.MORNING,)),
    (re.compile(r"\bchieu\b"), (Half.AFTERNOON,)),
)
_CLOCK: Final = re.compile(r"(?<!\d)(\d{1,2})\s*(?:h|g|:|gio)\s*(?:\d{2})?")


def parse_half(text: str, *, whole_cell: bool = True) -> tuple[Half, ...]:
    """The buổi a cell names: Sáng, Chiều, S/C, AM/PM, a clock time, "cả ngày"; () if none.

    whole_cell=False looks for the words inside other text (a date cell "Sáng 02/10/2023").
    """
    key = " ".join(re.sub(r"[^\w]+|_", " ", search_key(text)).split())
    if whole_cell and key in ("s", "am"):
        return (Half.MORNING,)
    if whole_cell and key in ("c", "pm"):
        return (Half.AFTERNOON,)
    for pattern, halves in _HALF_WORDS:
        if pattern.search(key):
            return halves
    if whole_cell:
        clock = _CLOCK.match(key)
        if clock and int(clock.group(1)) < 24:
            return (Half.MORNING,) if int(clock.group(1)) < 12 else (Half.AFTERNOON,)
    return ()


_COUNT: Final = re.compile(
    r"(?:khoang |~ ?)?(\d{1,3}(?:[.,\s]\d{3})+|\d+)(?: (?:ho|nguoi|dai bieu|luot(?: nguoi)?))?"
)


def parse_count(value: CellValue) -> tuple[int | None, str]:
    """(households, "") or (None, reason); a blank cell is (None, "")."""
    if is_blank(value):
        return None, ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if math.isfinite(value) and float(value).is_integer() and value >= 0:
            return int(value), ""
    elif isinstance(value, str):
        found = _COUNT.fullmatch(search_key(value))
        if found:
            return int(re.sub(r"\D", "", found.group(1))), ""
    return None, f"số hộ «{plain_text(value).strip()[:40]}» không phải số nguyên không âm"


_TITLE_PREFIX: Final = re.compile(
    r"^(?:đ/c|đc|đồng chí|ông|bà|ths\.?|ts\.?|pgs\.?\s*ts\.?|cn\.?|bs\.?)\s+", re.IGNORECASE
)


def split_speakers(text: str) -> tuple[str, ...]:
    """ "Đ/c Lò Văn Pản (PCT UBND xã); bà Đặng Thu Hà" -> ("Lò Văn Pản", "Đặng Thu Hà")."""
    names: list[str] = []
    for part in re.split(r"[,;\n+]+|\s+-\s+|\s+và\s+", re.sub(r"\([^)]*\)", " ", text)):
        name = " ".join(part.split())
        while (stripped := _TITLE_PREFIX.sub("", name)) != name:
            name = stripped
        if name and name not in names:
            names.append(name)
    return tuple(names)


# --- sheets --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Header:
    rows: tuple[int, ...]  # 1-based
    columns: Mapping[Col, int]


def _fields(texts: Sequence[str]) -> dict[int, Col]:
    return {c: f for c, t in enumerate(texts) if t and (f := match_col(t)) is not None}


def detect_header(rows: Sequence[Sequence[CellValue]], text: Any) -> _Header | None:
    """The first row (of the first 40) naming a date and a place or commune among three
    headings; with its sub-row when the next row holds headings only ("Thời gian" over
    "Ngày | Buổi")."""
    for r in range(min(len(rows), MAX_HEADER_SCAN)):
        top = [text(v) if isinstance(v, str) else "" for v in rows[r]]
        top_fields = _fields(top)
        if not top_fields:
            continue
        sub_row = rows[r + 1] if r + 1 < len(rows) else []
        sub = [text(v) if isinstance(v, str) else "" for v in sub_row]
        sub_fields = _fields(sub)
        two_rows = bool(sub_fields) and all(
            (isinstance(v, str) and not any(ch.isdigit() for ch in v)) or is_blank(v)
            for v in sub_row
        )
        by_col = {**top_fields, **(sub_fields if two_rows else {})}
        found = set(by_col.values())
        if Col.DATE not in found or found.isdisjoint({Col.PLACE, Col.COMMUNE}) or len(found) < 3:
            continue
        columns: dict[Col, int] = {}
        for col in sorted(by_col):
            columns.setdefault(by_col[col], col)
        return _Header((r + 1, r + 2) if two_rows else (r + 1,), columns)
    return None


def _filled_merges(sheet: RawSheet, first_data: int) -> list[list[CellValue]]:
    """The rows with each vertically merged range's value copied into the cells it covers."""
    rows = [list(r) for r in sheet.rows]
    for r0, c0, r1, c1 in sheet.merged:
        if r1 <= r0 or r1 < first_data:
            continue
        for r in range(max(r0 + 1, first_data), min(r1, len(rows) - 1) + 1):
            for c in range(c0, c1 + 1):
                top = rows[r0][c] if c < len(rows[r0]) else None
                while len(rows[r]) <= c:
                    rows[r].append(None)
                rows[r][c] = top
    return rows


class _SheetReader:
    def __init__(self, sheet: RawSheet, header: _Header, repair: TextRepair) -> None:
        self.sheet = sheet
        self.cols = header.columns
        self.header = header
        self.repair = repair
        self.hint = sheet_hint(sheet)
        self.rows = _filled_merges(sheet, header.rows[-1])
        self.sessions: list[SessionRow] = []
        self.skipped: list[SkippedRow] = []
        self.rejected: list[int] = []
        self.rejections: list[RowIssue] = []
        self.rows_read = 0

    def text(self, raw: str) -> str:
        return self.repair(raw, hint=self.hint).text

    def name_text(self, raw: str) -> str:
        return self.repair(raw, is_name=True, hint=self.hint).text

    def cell(self, row: Sequence[CellValue], col: Col) -> tuple[CellValue, str]:
        index = self.cols.get(col)
        if index is None:
            return None, ""
        return (row[index] if index < len(row) else None), column_letter(index)

    def cell_text(self, row: Sequence[CellValue], col: Col) -> str:
        value, _letter = self.cell(row, col)
        return "" if is_blank(value) else self.text(plain_text(value))

    def summary(self, row: Sequence[CellValue]) -> str:
        words = " | ".join(t for v in row if not is_blank(v) and (t := self.text(plain_text(v))))
        return words if len(words) <= 80 else words[:79] + "…"

    def read(self) -> None:
        name = self.sheet.name
        header_rows = set(self.header.rows)
        for index in range(self.header.rows[0] - 1):  # unit name, title, date line
            if not all(is_blank(v) for v in self.rows[index]):
                self.rows_read += 1
                self.skipped.append(
                    SkippedRow(name, index + 1, "title", self.summary(self.rows[index]))
                )
        signing = False
        for index in range(self.header.rows[-1], len(self.rows)):
            raw = self.rows[index]
            if index + 1 in header_rows or all(is_blank(v) for v in raw):
                continue
            self.rows_read += 1
            kind = self.kind(raw, signing)
            if kind == "signature":
                signing = True
            if kind is not None:
                self.skipped.append(SkippedRow(name, index + 1, kind, self.summary(raw)))
            else:
                self.session(index + 1, raw)

    def kind(self, raw: Sequence[CellValue], signing: bool) -> str | None:
        """None for a session row (or a row to reject), else the kind of row skipped."""
        texts = [self.text(v) for v in raw if isinstance(v, str) and v.strip()]
        if is_numbering_row(raw):
            return "numbering"
        if not signing and self.dated(raw, texts):
            return None
        kind: str | None = None
        if len(_fields(texts)) >= 3:
            kind = "header"
        elif texts:
            kind = other_row_kind(texts)
        if kind is None and signing:
            kind = "signature"  # the names under "Người lập", "Xác nhận của UBND xã"
        return kind

    def dated(self, raw: Sequence[CellValue], texts: Sequence[str]) -> bool:
        """A session by its date cell: a date (then "UBND xã Quài Tở" is a place, not a
        signer), or a bad date beside a place or a count (rejected with the reason)."""
        day_value, _letter = self.cell(raw, Col.DATE)
        if is_blank(day_value):
            return False
        if parse_day(day_value)[0] is not None:
            return True
        said = self.cell_text(raw, Col.PLACE) or self.cell_text(raw, Col.EXPECTED)
        return (
            bool(said)
            and other_row_kind([self.text(plain_text(day_value))]) is None
            and len(_fields(texts)) < 3
        )

    def session(self, number: int, raw: Sequence[CellValue]) -> None:
        sheet = self.sheet.name
        errors: list[RowIssue] = []
        fault = self.sheet.faults.get(number - 1)
        if fault is not None:
            errors.append(RowIssue(sheet, number, "", fault))
        day_value, day_letter = self.cell(raw, Col.DATE)
        day: dt.date | None = None
        if is_blank(day_value):
            errors.append(RowIssue(sheet, number, day_letter, "thiếu ngày"))
        else:
            day, reason = parse_day(day_value)
            if day is None:
                errors.append(RowIssue(sheet, number, day_letter, reason))
        half_text = self.cell_text(raw, Col.HALF)
        halves = parse_half(half_text) if half_text else ()
        if not halves and isinstance(day_value, str):
            halves = parse_half(day_value, whole_cell=False)
        if not halves:
            letter = self.cell(raw, Col.HALF)[1] or day_letter
            said = f"«{half_text[:40]}» không phải buổi" if half_text else "thiếu buổi"
            errors.append(RowIssue(sheet, number, letter, f"{said} (Sáng hoặc Chiều)"))
        place = self.cell_text(raw, Col.PLACE)
        commune = self.cell_text(raw, Col.COMMUNE)
        village = self.cell_text(raw, Col.VILLAGE)
        place_letter = self.cell(raw, Col.PLACE)[1]
        if not place:
            place = " ".join(p for p in (village,) if p)  # a schedule may name only the bản
        if not place:
            errors.append(RowIssue(sheet, number, place_letter, "thiếu địa điểm"))
        elif len(place) > 255:
            errors.append(RowIssue(sheet, number, place_letter, "tên địa điểm dài quá 255 ký tự"))
        expected_value, expected_letter = self.cell(raw, Col.EXPECTED)
        expected, reason = parse_count(expected_value)
        if reason:
            errors.append(RowIssue(sheet, number, expected_letter, reason))
        speakers_value, speakers_letter = self.cell(raw, Col.SPEAKERS)
        speakers = tuple(
            self.name_text(name)
            for name in split_speakers(
                "" if is_blank(speakers_value) else self.text(plain_text(speakers_value))
            )
        )
        if errors or day is None:
            self.rejected.append(number)
            self.rejections.extend(errors)
            return
        self.sessions.append(
            SessionRow(
                sheet, number, day, halves, place, commune[:128], village, expected,
                speakers, self.cell_text(raw, Col.TOPIC)[:500], place_letter, speakers_letter,
            )
        )  # fmt: skip


def parse_sheets(sheets: Sequence[RawSheet], source: str) -> ScheduleRows:
    """Every sheet with a header read into sessions, skipped and rejected rows; a sheet
    without one is listed row by row as skipped ("no_header") with a warning."""
    repair = TextRepair()
    readers: list[_SheetReader] = []
    skipped: list[SkippedRow] = []
    warnings: list[RowIssue] = []
    rows_read = 0
    for sheet in sheets:
        hint = sheet_hint(sheet)
        header = detect_header(sheet.rows, lambda raw, hint=hint: repair(raw, hint=hint).text)
        if header is None:
            filled = [i for i, r in enumerate(sheet.rows) if not all(is_blank(v) for v in r)]
            if filled:
                warnings.append(
                    RowIssue(sheet.name, filled[0] + 1, "", "không tìm thấy dòng tiêu đề "
                             "(Ngày, Buổi, Địa điểm …); trang tính không được đọc")
                )  # fmt: skip
            for i in filled:
                rows_read += 1
                text = " | ".join(plain_text(v) for v in sheet.rows[i] if not is_blank(v))
                skipped.append(SkippedRow(sheet.name, i + 1, "no_header", text[:80]))
            continue
        reader = _SheetReader(sheet, header, repair)
        reader.read()
        readers.append(reader)
    if not readers:
        raise ScheduleError(
            f"{source}: không tìm thấy dòng tiêu đề có cột «Ngày» và «Địa điểm» ở trang tính nào"
        )
    return ScheduleRows(
        rows_read=rows_read + sum(r.rows_read for r in readers),
        sessions=tuple(s for r in readers for s in r.sessions),
        skipped=tuple(skipped) + tuple(s for r in readers for s in r.skipped),
        rejected_rows=tuple(n for r in readers for n in r.rejected),
        rejections=tuple(i for r in readers for i in r.rejections),
        warnings=tuple(warnings),
    )


def read_schedule(path: Path | str) -> ScheduleRows:
    """Read a schedule file (.xlsx .xls .ods .csv) into rows; refused in one line when the
    file cannot be read or has no header."""
    path = Path(path)
    try:
        sheets = read_file(path)
    except RosterImportError as exc:  # the reader speaks of rosters' files; same sentence
        raise ScheduleError(str(exc)) from exc
    return parse_sheets(sheets, path.name)
