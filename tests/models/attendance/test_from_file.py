"""Attendance from a scan log: every line accounted for, one transaction."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from models.attendance import from_file
from models.attendance.from_file import BadFileError, decode_log, mark_from_file, parse_log
from models.attendance.marks import attendance_grid, set_attendance_by_cccd
from models.db import Database
from models.entities.tables import Attendance
from models.lookup import activity_by_code, plan_by_code
from models.settlement.locking import lock_activity

CODE = "TTDN23-L01"  # sessions 16/10/2023 am, pm; 17/10/2023 am, pm
BUN = "012166565316"  # L01
CA = "012092282676"  # L01
THIRD = "012072923843"  # L01
ANH = "012161753304"  # in the database, enrolled in TTDN23-L02 only
QR_BUN = f"{BUN}|045123456|Lò Thị Bun|15041966|Nữ|Bản Nà Tăm, Tam Đường, Lai Châu|10052021"

LOG = f"""{QR_BUN}
{CA}

   \t
not a cccd at all
{BUN}
{ANH}
{THIRD[1:]}
123456789
"""  # 9 lines, 2 blank: 7 read


def _id(db: Database, code: str = CODE) -> int:
    with db.read() as s:
        return activity_by_code(s, code).id


def _marks(db: Database) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(Attendance)) or 0


def _present(db: Database, number: int, code: str = CODE) -> set[str]:
    with db.read() as s:
        grid = attendance_grid(s, _id(db, code))
    return {r.cccd for r in grid.rows if r.marks[number - 1] == "present"}


def test_parse_keeps_line_numbers_and_skips_blank_lines() -> None:
    lines = parse_log(LOG)
    assert [line.number for line in lines] == [1, 2, 5, 6, 7, 8, 9]
    assert [line.cccd for line in lines] == [BUN, CA, "", BUN, ANH, THIRD, ""]
    assert "CMND" in lines[-1].reason


@pytest.mark.parametrize(
    ("text", "on_date", "at"),
    [
        (f"2023-10-16 07:31:02\t{QR_BUN}", dt.date(2023, 10, 16), dt.time(7, 31, 2)),
        (f"{BUN};13:05", None, dt.time(13, 5)),
        (f"16/10/2023 13:05 {BUN[1:]}", dt.date(2023, 10, 16), dt.time(13, 5)),
        (f"{QR_BUN}, 2023-10-17T08:00", dt.date(2023, 10, 17), dt.time(8, 0)),
        ("012 166 565 316 07h45", None, dt.time(7, 45)),
        (f"{BUN}\t17/10/2023", dt.date(2023, 10, 17), None),
    ],
)
def test_times_before_or_after_the_scan(text: str, on_date: dt.date | None, at: dt.time) -> None:
    (line,) = parse_log(text)
    assert (line.cccd, line.on_date, line.at) == (BUN, on_date, at)


def test_one_session_every_line_accounted_for(demo_db: Database) -> None:
    aid = _id(demo_db)
    with demo_db.write() as s:
        set_attendance_by_cccd(s, aid, [CA], "present", by="t", session_no=1)
    with demo_db.write() as s:
        result = mark_from_file(s, parse_log(LOG), by="t", activity_id=aid, session_no=1)
    assert (result.lines_read, result.marked, result.already) == (7, 2, 2)
    assert (result.not_enrolled, result.unreadable) == (1, 2)
    total = result.marked + result.already + result.not_enrolled + result.unreadable
    assert total == result.lines_read
    assert [p.line for p in result.not_enrolled_lines] == [7]
    assert [p.line for p in result.unreadable_lines] == [5, 9]
    assert _present(demo_db, 1) == {BUN, CA, THIRD}
    assert _present(demo_db, 2) == set()
    doc = result.as_json()
    keys = ("lines_read", "marked", "already", "not_enrolled", "unreadable")
    assert [doc[k] for k in keys] == [7, 2, 2, 1, 2]


def test_times_pick_the_session(demo_db: Database) -> None:
    log = "\n".join(
        [
            f"2023-10-16 07:31\t{BUN}",  # buổi 1
            f"2023-10-16 13:10\t{BUN}",  # buổi 2
            f"2023-10-16 07:40\t{CA}",  # buổi 1
            f"2023-10-16 07:41\t{CA}",  # scanned twice: already
            f"2023-10-17 07:40\t{CA}",  # buổi 3
            f"2023-10-18 07:40\t{CA}",  # no buổi that day
            f"2023-10-17\t{CA}",  # a date alone on a day with two buổi
            f"07:40\t{CA}",  # a time without a date
        ]
    )
    with demo_db.write() as s:
        result = mark_from_file(s, parse_log(log), by="t", activity_id=_id(demo_db))
    assert (result.marked, result.already, result.not_enrolled, result.unreadable) == (4, 1, 1, 2)
    assert result.sessions == 3
    assert [p.line for p in result.not_enrolled_lines] == [6]
    assert [p.line for p in result.unreadable_lines] == [7, 8]
    assert (_present(demo_db, 1), _present(demo_db, 2)) == ({BUN, CA}, {BUN})
    assert _present(demo_db, 3) == {CA}


def test_a_whole_plan_in_one_call(demo_db: Database) -> None:
    with demo_db.read() as s:
        plan = plan_by_code(s, "KH-TTDN-2023").id
    log = f"2023-10-16 07:31\t{BUN}\n2023-10-19 14:00\t{ANH}\n2023-10-19 14:00\t{BUN}\n"
    with demo_db.write() as s:
        result = mark_from_file(s, parse_log(log), by="t", plan_id=plan)
    assert (result.marked, result.not_enrolled) == (2, 1)  # Bun's class has no buổi on 19/10
    assert _present(demo_db, 1) == {BUN}
    assert _present(demo_db, 2, "TTDN23-L02") == {ANH}


def test_a_failure_mid_way_leaves_nothing(
    demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = f"2023-10-16 07:31\t{BUN}\n2023-10-17 07:31\t{CA}\n"
    real = from_file._write
    calls: list[int] = []

    def second_fails(*args: object, **kwargs: object) -> int:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk went away")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(from_file, "_write", second_fails)
    with pytest.raises(RuntimeError), demo_db.write() as s:
        mark_from_file(s, parse_log(log), by="t", activity_id=_id(demo_db))
    assert len(calls) == 2 and _marks(demo_db) == 0


def test_a_locked_class_refuses_the_file(demo_db: Database) -> None:
    aid = _id(demo_db)
    with demo_db.write() as s:
        lock_activity(s, aid, by="kt")
    with pytest.raises(Exception, match="khóa"), demo_db.write() as s:
        mark_from_file(s, parse_log(BUN), by="t", activity_id=aid, session_no=1)
    assert _marks(demo_db) == 0


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (f"{BUN}\n{CA}\nPK\x03\x04\x00\x00".encode(), 3),
        (f"{BUN}\n".encode() + "Lê Thi\u0323".encode("cp1258"), 2),
    ],
)
def test_a_file_that_is_not_text_names_the_line(data: bytes, line: int, tmp_path: Path) -> None:
    path = tmp_path / "scan.txt"
    path.write_bytes(data)
    with pytest.raises(BadFileError, match=f"scan.txt, dòng {line}:"):
        from_file.read_log(path)
    assert len(decode_log(b"\xef\xbb\xbf" + BUN.encode())) == 1  # a BOM is fine
