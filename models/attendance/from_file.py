"""Attendance from a file: a scanner's log (or a typed list) marks many people present at once.

A line holds what the check-in box accepts (a CCCD QR string or a CCCD number, see
models.attendance.checkin.parse_scan), optionally with a time before or after it, separated by
a tab, a semicolon, a comma or spaces: ``2026-12-05 07:31:02<TAB>012166565316|…`` or
``012166565316;07:31``. Times: ``HH:MM[:SS]``, ``YYYY-MM-DD HH:MM[:SS]`` (or ``T``),
``dd/mm/yyyy HH:MM[:SS]``, or a date alone.

Every non-blank line is accounted for, once: ``marked`` (written present now), ``already``
(present before, or earlier in the same file), ``not_enrolled`` (a CCCD not on the class list,
or with no buổi of theirs at that time) or ``unreadable`` (not a CCCD, or no time when one is
needed). Blank lines (empty or only spaces) are not lines read: a scanner's log often ends with
one. So ``lines_read == marked + already + not_enrolled + unreadable``.

The attendance grid exported as a workbook (`grid_table`, reports.attendance_xlsx) and filled in
by hand comes back through `read_grid` and `mark_from_grid`: a person's row is a line, "marked"
when one of its marks changed, "already" when all are as stored (blank cells change nothing).

Parsing (`parse_log`) is pure; `mark_from_file` writes through models.attendance.marks in the
caller's transaction: a failure part-way leaves nothing. A file that is not text (bytes that are
not UTF-8, a NUL byte: a spreadsheet or a PDF given by mistake) is refused whole with
`BadFileError` naming the line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.attendance.checkin import parse_scan
from models.attendance.marks import AttendanceGrid, _write, sessions_of
from models.entities.enums import Half, Presence
from models.entities.tables import Activity, Attendance, Enrollment, Person
from models.errors import MoneyError
from models.guard import require_unlocked
from models.i18n_marks import N_
from models.lookup import get_activity, plan_activity_ids
from models.text.vntext import search_key

LineStatus = Literal["marked", "already", "not_enrolled", "unreadable"]

# Morning buổi end at noon: a scan before 12:00 is the morning's, after it the afternoon's.
NOON = dt.time(12, 0)

_SEP = r"(?:\s*[\t;,]\s*|\s+)"
_TIME = r"\d{1,2}[:h]\d{2}(?::\d{2})?"
_DATE = r"(?:\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})"
_LEADING = re.compile(rf"^(?P<date>{_DATE})(?:[T ](?P<time>{_TIME}))?{_SEP}(?P<rest>.+)$")
_LEADING_TIME = re.compile(rf"^(?P<time>{_TIME}){_SEP}(?P<rest>.+)$")
_TRAILING = re.compile(rf"^(?P<rest>.+?){_SEP}(?P<date>{_DATE})(?:[T ](?P<time>{_TIME}))?$")
_TRAILING_TIME = re.compile(rf"^(?P<rest>.+?){_SEP}(?P<time>{_TIME})$")


class BadFileError(MoneyError):
    """The file is not a text file of lines: nothing was read or written."""


@dataclass(frozen=True)
class LogLine:
    """One non-blank line of the file, parsed."""

    number: int  # 1-based line number in the file
    text: str
    cccd: str = ""  # "" when unreadable
    on_date: dt.date | None = None
    at: dt.time | None = None
    reason: str = ""  # why it is unreadable

    @property
    def readable(self) -> bool:
        return bool(self.cccd)


@dataclass(frozen=True)
class Problem:
    line: int
    text: str
    reason: str

    def as_json(self) -> dict[str, object]:
        return {"line": self.line, "text": self.text, "reason": self.reason}


@dataclass(frozen=True)
class FileResult:
    lines_read: int
    marked: int
    already: int
    not_enrolled_lines: tuple[Problem, ...]
    unreadable_lines: tuple[Problem, ...]
    sessions: int = 0  # how many buổi received a mark

    @property
    def not_enrolled(self) -> int:
        return len(self.not_enrolled_lines)

    @property
    def unreadable(self) -> int:
        return len(self.unreadable_lines)

    def as_json(self) -> dict[str, object]:
        return {
            "lines_read": self.lines_read,
            "marked": self.marked,
            "already": self.already,
            "not_enrolled": self.not_enrolled,
            "unreadable": self.unreadable,
            "sessions": self.sessions,
            "not_enrolled_lines": [p.as_json() for p in self.not_enrolled_lines],
            "unreadable_lines": [p.as_json() for p in self.unreadable_lines],
        }


# --- parsing (pure) ---------------------------------------------------------------------------


def read_log(path: Path) -> list[LogLine]:
    """The lines of a file; BadFileError for a file that is not text."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadFileError(
            N_("không đọc được tệp {name}: {reason}"), name=str(path), reason=exc.strerror or exc
        ) from None
    return decode_log(data, name=str(path))


def decode_log(data: bytes, *, name: str = "") -> list[LogLine]:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for number, raw in enumerate(data.split(b"\n"), 1):
        if b"\x00" in raw:
            raise BadFileError(
                N_("tệp {name}, dòng {line}: không phải tệp văn bản (tệp Excel, PDF?)"),
                name=name,
                line=number,
            )
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            raise BadFileError(
                N_("tệp {name}, dòng {line}: không phải chữ UTF-8; lưu lại tệp dạng UTF-8"),
                name=name,
                line=number,
            ) from None
    return parse_log(data.decode("utf-8"))


def parse_log(text: str) -> list[LogLine]:
    """Every non-blank line, numbered as in the file."""
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            out.append(parse_line(number, line.strip()))
    return out


def parse_line(number: int, text: str) -> LogLine:
    rest, on_date, at = text, None, None
    for pattern in (_LEADING, _LEADING_TIME, _TRAILING, _TRAILING_TIME):
        found = pattern.match(text)
        if found is None:
            continue
        groups = found.groupdict()
        try:
            on_date = _parse_date(groups.get("date"))
            at = _parse_time(groups.get("time"))
        except ValueError:
            continue
        # A bare number with a time after spaces ("012166565316 07:31") must not lose digits
        # to the time; a QR string ends in a date field, never "HH:MM".
        rest = found["rest"]
        break
    scan = parse_scan(rest)
    if not scan.valid:
        return LogLine(number=number, text=text, reason=scan.reason)
    return LogLine(number=number, text=text, cccd=scan.cccd, on_date=on_date, at=at)


def all_dated(lines: Sequence[LogLine]) -> bool:
    """Whether the readable lines all carry a date, so each can pick its own buổi (a window
    that has a buổi chosen uses it for a file without dates)."""
    readable = [line for line in lines if line.readable]
    return bool(readable) and all(line.on_date is not None for line in readable)


def _parse_date(text: str | None) -> dt.date | None:
    if not text:
        return None
    if "-" in text:
        return dt.date.fromisoformat(text)
    day, month, year = (int(p) for p in text.split("/"))
    return dt.date(year, month, day)


def _parse_time(text: str | None) -> dt.time | None:
    if not text:
        return None
    hour, minute, *second = (int(p) for p in text.replace("h", ":").split(":"))
    return dt.time(hour, minute, second[0] if second else 0)


# --- writing ----------------------------------------------------------------------------------


@dataclass
class _Scope:
    """What the lines are matched against: the classes' people, buổi and present marks."""

    enrolled: dict[str, list[tuple[int, Activity]]]  # cccd -> (enrollment_id, class)
    slots: dict[tuple[int, dt.date, Half], int]  # (activity_id, date, half) -> session_id
    per_day: dict[tuple[int, dt.date], list[int]]  # (activity_id, date) -> session_ids
    present: set[tuple[int, int]]  # (enrollment_id, session_id) already present
    fixed: int | None  # the one session_id when a buổi was named


def _fixed_session(activity: Activity, session_no: int) -> int:
    infos = sessions_of(activity)
    if not 1 <= session_no <= len(infos):
        raise MoneyError(
            N_("hoạt động {code} không có buổi {n} (có {count} buổi)"),
            code=activity.code,
            n=session_no,
            count=len(infos),
        )
    return infos[session_no - 1].session_id


def _scope(
    session: Session, activity_id: int | None, session_no: int | None, plan_id: int | None
) -> _Scope:
    if (activity_id is None) == (plan_id is None):
        raise MoneyError(N_("nêu một lớp hoặc một kế hoạch"))
    if session_no is not None and activity_id is None:
        raise MoneyError(N_("số buổi chỉ đi cùng một lớp"))
    ids = [activity_id] if activity_id is not None else plan_activity_ids(session, plan_id or 0)
    activities = {i: get_activity(session, i) for i in ids}
    for activity in activities.values():
        require_unlocked(activity)
    fixed = _fixed_session(activities[ids[0]], session_no) if session_no is not None else None
    enrolled: dict[str, list[tuple[int, Activity]]] = defaultdict(list)
    for eid, aid, cccd in session.execute(
        select(Enrollment.id, Enrollment.activity_id, Person.cccd)
        .join(Person, Enrollment.person_id == Person.id)
        .where(Enrollment.activity_id.in_(ids))
    ):
        if cccd:
            enrolled[cccd].append((eid, activities[aid]))
    slots: dict[tuple[int, dt.date, Half], int] = {}
    per_day: dict[tuple[int, dt.date], list[int]] = defaultdict(list)
    for activity in activities.values():
        for s in activity.sessions:
            slots[(activity.id, s.on_date, s.half)] = s.id
            per_day[(activity.id, s.on_date)].append(s.id)
    present = {
        (e, s)
        for e, s in session.execute(
            select(Attendance.enrollment_id, Attendance.session_id)
            .join(Enrollment, Attendance.enrollment_id == Enrollment.id)
            .where(Enrollment.activity_id.in_(ids), Attendance.status == Presence.PRESENT)
        )
    }
    return _Scope(enrolled, slots, per_day, present, fixed)


def mark_from_file(
    session: Session,
    lines: Sequence[LogLine],
    *,
    by: str,
    activity_id: int | None = None,
    session_no: int | None = None,
    plan_id: int | None = None,
) -> FileResult:
    """Mark present everyone the lines name.

    With `activity_id` and `session_no`, every line is that buổi's (times are ignored). With
    `activity_id` alone, or `plan_id` (every class of the plan), each line's date and time pick
    the buổi: the person's class's buổi on that date, morning before noon, afternoon after; a
    date alone is enough on a day with one buổi.
    """
    scope = _scope(session, activity_id, session_no, plan_id)
    marked = already = 0
    not_enrolled: list[Problem] = []
    unreadable: list[Problem] = []
    to_mark: dict[int, list[int]] = defaultdict(list)  # session_id -> enrollment ids
    for line in lines:
        if not line.readable:
            unreadable.append(Problem(line.number, line.text, line.reason))
            continue
        classes = scope.enrolled.get(line.cccd)
        if not classes:
            why = f"CCCD {line.cccd} không có trong danh sách lớp"
            not_enrolled.append(Problem(line.number, line.text, why))
            continue
        if scope.fixed is not None:
            target: tuple[int, int] | tuple[str, str] = (classes[0][0], scope.fixed)
        else:
            target = _slot_of(line, classes, scope.slots, scope.per_day)
        first, second = target
        if isinstance(first, str) and isinstance(second, str):
            problem = Problem(line.number, line.text, second)
            (unreadable if first == "unreadable" else not_enrolled).append(problem)
            continue
        assert isinstance(first, int) and isinstance(second, int)
        if (first, second) in scope.present:
            already += 1
            continue
        scope.present.add((first, second))
        to_mark[second].append(first)
        marked += 1

    for session_id, enrollment_ids in to_mark.items():
        _write(session, enrollment_ids, [session_id], Presence.PRESENT, by)
    return FileResult(
        lines_read=len(lines),
        marked=marked,
        already=already,
        not_enrolled_lines=tuple(not_enrolled),
        unreadable_lines=tuple(unreadable),
        sessions=len(to_mark),
    )


def _slot_of(
    line: LogLine,
    classes: Iterable[tuple[int, Activity]],
    slots: dict[tuple[int, dt.date, Half], int],
    per_day: dict[tuple[int, dt.date], list[int]],
) -> tuple[int, int] | tuple[str, str]:
    """(enrollment_id, session_id) for a dated line, or ("unreadable" | "not_enrolled", why)."""
    if line.on_date is None:
        return ("unreadable", "thiếu ngày giờ điểm danh: không biết buổi nào")
    for enrollment_id, activity in classes:
        if line.at is not None:
            half = Half.MORNING if line.at < NOON else Half.AFTERNOON
            found = slots.get((activity.id, line.on_date, half))
            if found is not None:
                return (enrollment_id, found)
        else:
            day = per_day.get((activity.id, line.on_date), [])
            if len(day) == 1:
                return (enrollment_id, day[0])
            if len(day) > 1:
                why = f"ngày {line.on_date:%d/%m/%Y} có {len(day)} buổi: cần giờ điểm danh"
                return ("unreadable", why)
    codes = ", ".join(a.code for _, a in classes)
    return ("not_enrolled", f"lớp {codes} không có buổi vào lúc này ({line.on_date:%d/%m/%Y})")


# --- the attendance grid as a workbook, filled in by hand -------------------------------------

# What a cell of the filled-in grid may hold (compared without tones, lower case).
GRID_MARKS: dict[str, Presence | None] = {
    "x": Presence.PRESENT,
    "c": Presence.PRESENT,
    "co": Presence.PRESENT,
    "co mat": Presence.PRESENT,
    "✓": Presence.PRESENT,
    "v": Presence.ABSENT,
    "vang": Presence.ABSENT,
    "✗": Presence.ABSENT,
    "p": Presence.EXCUSED,
    "vang co phep": Presence.EXCUSED,
    "co phep": Presence.EXCUSED,
    "": None,
    "·": None,
    "-": None,
}
GRID_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")  # a workbook is the grid, not a scan log
_MARK_LETTER = {"present": "x", "absent": "v", "excused": "p", None: ""}
_NO_SESSION_HEAD = N_(
    "tệp {name}, dòng {line}: cột “{head}” không ghi buổi (như “Ngày 1 sáng 16/10/2023”)"
)
_HEADER_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


@dataclass(frozen=True)
class GridLine:
    """One person's row of a filled-in grid: the marks by (date, half)."""

    number: int  # the spreadsheet's row number
    text: str  # name and CCCD as typed, for the report
    cccd: str = ""
    marks: tuple[tuple[dt.date, Half, Presence], ...] = ()
    reason: str = ""  # why the row is unreadable


def grid_table(grid: AttendanceGrid) -> tuple[list[str], list[list[str | int]]]:
    """The grid's columns and rows for reports.attendance_xlsx, in the form `read_grid` reads:
    a buổi column is headed by its label and date, a mark is x, v, p or blank."""
    columns = ["STT", "Họ và tên", "Số CCCD"]
    columns += [f"{s.label} {s.on_date:%d/%m/%Y}" for s in grid.sessions]
    rows: list[list[str | int]] = [
        [n, r.full_name, r.cccd, *(_MARK_LETTER[m] for m in r.marks)]
        for n, r in enumerate(grid.rows, 1)
    ]
    return columns, rows


def read_grid(path: Path) -> list[GridLine]:
    """The person rows of a filled-in attendance workbook (the first sheet whose header row has
    a "CCCD" column). BadFileError for a file that is not one (no such header, a buổi column
    whose heading has no date)."""
    from models.roster_import.errors import RosterImportError
    from models.roster_import.read import read_file  # calamine: loaded for a workbook only

    try:
        sheets = read_file(path)
    except RosterImportError as exc:
        raise BadFileError(N_("tệp {name}: {reason}"), name=str(path), reason=str(exc)) from None
    for sheet in sheets:
        for index, row in enumerate(sheet.rows):
            heads = [search_key(str(v or "")) for v in row]
            cccd_col = next((i for i, h in enumerate(heads) if "cccd" in h), None)
            if cccd_col is not None:
                columns = _session_columns(path, index + 1, row, cccd_col)
                name_col = next((i for i, h in enumerate(heads) if "ten" in h), None)
                return _grid_lines(sheet.rows[index + 1 :], index + 2, cccd_col, name_col, columns)
    raise BadFileError(
        N_("tệp {name}: không có dòng tiêu đề với cột “Số CCCD” (bảng điểm danh xuất từ TapHuan)"),
        name=str(path),
    )


def _session_columns(
    path: Path, line: int, row: Sequence[object], cccd_col: int
) -> dict[int, tuple[dt.date, Half]]:
    columns: dict[int, tuple[dt.date, Half]] = {}
    for i, value in enumerate(row):
        head = search_key(str(value or ""))
        if i <= cccd_col or not head:
            continue
        found = _HEADER_DATE.search(head)
        half = Half.AFTERNOON if "chieu" in head else Half.MORNING if "sang" in head else None
        if found is None or half is None:
            raise BadFileError(
                _NO_SESSION_HEAD,
                name=str(path),
                line=line,
                head=str(value),
            )
        day, month, year = (int(g) for g in found.groups())
        columns[i] = (dt.date(year, month, day), half)
    return columns


def _grid_lines(
    rows: Sequence[Sequence[object]],
    first: int,
    cccd_col: int,
    name_col: int | None,
    columns: dict[int, tuple[dt.date, Half]],
) -> list[GridLine]:
    out = []
    for number, row in enumerate(rows, first):
        cells = [str(v).strip() if v is not None else "" for v in row]
        if not any(cells):
            continue  # a blank row is not a line
        name, cccd = _cell(cells, name_col), _cell(cells, cccd_col)
        text = " ".join(p for p in (name, cccd) if p)
        scan = parse_scan(cccd.removesuffix(".0"))  # a number Excel made a float
        if not scan.valid:
            out.append(GridLine(number, text, reason=scan.reason))
            continue
        marks, bad = [], ""
        for i, (day, half) in columns.items():
            key = search_key(_cell(cells, i))
            if key not in GRID_MARKS:
                bad = f"ô “{_cell(cells, i)}” không phải x (có mặt), v (vắng) hay p (có phép)"
                break
            status = GRID_MARKS[key]
            if status is not None:
                marks.append((day, half, status))
        out.append(GridLine(number, text, scan.cccd, tuple(marks), bad))
    return out


def _cell(cells: Sequence[str], index: int | None) -> str:
    return cells[index] if index is not None and index < len(cells) else ""


def mark_from_grid(
    session: Session, activity_id: int, lines: Sequence[GridLine], *, by: str
) -> FileResult:
    """Write the marks of a filled-in grid: a row is "marked" when one of its marks changed,
    "already" when all were as stored; a blank cell changes nothing."""
    scope = _scope(session, activity_id, None, None)
    stored = {
        (e, s): status
        for e, s, status in session.execute(
            select(Attendance.enrollment_id, Attendance.session_id, Attendance.status)
            .join(Enrollment, Attendance.enrollment_id == Enrollment.id)
            .where(Enrollment.activity_id == activity_id)
        )
    }
    marked = already = 0
    not_enrolled: list[Problem] = []
    unreadable: list[Problem] = []
    writes: dict[tuple[int, Presence], list[int]] = defaultdict(list)  # (session, status) -> e
    for line in lines:
        classes = scope.enrolled.get(line.cccd) if line.cccd else None
        if line.reason or not line.cccd:
            unreadable.append(Problem(line.number, line.text, line.reason))
            continue
        if not classes:
            why = f"CCCD {line.cccd} không có trong danh sách lớp"
            not_enrolled.append(Problem(line.number, line.text, why))
            continue
        enrollment_id = classes[0][0]
        changes = []
        for day, half, status in line.marks:
            session_id = scope.slots.get((activity_id, day, half))
            if session_id is None:
                raise BadFileError(
                    N_("dòng {line}: lớp không có buổi {half} ngày {date}"),
                    line=line.number,
                    half="sáng" if half is Half.MORNING else "chiều",
                    date=f"{day:%d/%m/%Y}",
                )
            if stored.get((enrollment_id, session_id)) is not status:
                changes.append((session_id, status))
        for session_id, status in changes:
            writes[(session_id, status)].append(enrollment_id)
        marked, already = (marked + 1, already) if changes else (marked, already + 1)
    for (session_id, status), enrollment_ids in writes.items():
        _write(session, enrollment_ids, [session_id], status, by)
    return FileResult(
        lines_read=len(lines),
        marked=marked,
        already=already,
        not_enrolled_lines=tuple(not_enrolled),
        unreadable_lines=tuple(unreadable),
        sessions=len({s for s, _ in writes}),
    )
