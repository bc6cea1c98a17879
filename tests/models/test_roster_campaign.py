"""The hostile-roster campaign: generated rosters as communes really mangle them — signature
phrases mid-list, nameless numbered rows, a stray byte, CCCDs Excel turned into powers of
ten, control and direction characters in names, people above a header found further down —
and every row written with a name or a CCCD is accounted for: imported, duplicate, possible
duplicate, rejected (with the reason its hazard calls for) or listed as skipped.

Derandomized in CI (tests/conftest.py loads the "ci" hypothesis profile there)."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.db import Database
from models.entities.tables import Person
from models.roster_import.apply import apply_import
from models.roster_import.outcome import ImportOptions
from models.roster_import.plan import plan_sheets
from models.roster_import.read import read_file
from tests.models import roster_fixtures as fx

HEADER = ["STT", "Họ và tên", "Năm sinh", "Dân tộc", "Chức vụ", "Thôn, bản", "Số CCCD"]
FAMILIES = ["Lò", "Quàng", "Lường", "Tòng", "Vì", "Hoàng", "Tống", "Điêu"]
GIVEN = ["Ánh", "Bình", "Cường", "Dũng", "Én", "Giang", "Hạnh", "Khăm", "Lả", "Mến", "Nghĩa",
         "Ơn", "Phượng", "Quý", "Sương", "Thắm", "Uyên", "Vân", "Xuân", "Yến", "Ước", "Đức",
         "Chiến", "Hoa", "Khiêm", "Lan", "Minh", "Nhung", "Oanh", "Pảng"]  # fmt: skip
SIGNATURES = ["Người lập biểu", "Kế toán", "Ngày 05 tháng 10 năm 2023", "Trưởng ban",
              "TM. UBND XÃ", "Xác nhận của UBND xã", "(Ký và ghi rõ họ tên)"]  # fmt: skip
TITLES = ["UBND XÃ QUÀI TỞ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "DANH SÁCH HỌC VIÊN"]
# Characters a name must lose, counted as repairs: in a .csv anything goes; an .xlsx (XML)
# cannot hold C0 controls, so only the invisible ones there.
INVISIBLE = ["\u202e", "\u200b", "\ufeff", "\u200d"]
CONTROLS = ["\x07", "\x1b"]
POSITIONS = ["Trưởng bản", "Người có uy tín", "Trưởng ban công tác Mặt trận", "Bí thư chi bộ"]
STRAY = "\u2063"  # a placeholder the .csv writer turns into the byte 0xFF

Hazard = str  # what was done to a row; decides the fate it must get


@dataclass(frozen=True)
class Written:
    """A row the campaign wrote: its hazard and what identifies it."""

    row: int  # 1-based, as the sheet shows it
    hazard: Hazard
    name: str  # the clean name meant ("" when the row has none)
    cccd: str  # the 12 digits meant ("" when the row has none)


@dataclass
class Roster:
    fmt: str
    rows: list[list[object]]
    written: list[Written]


def _person(
    index: int, number: int | str, hazard: Hazard, fmt: str, draw: st.DrawFn
) -> tuple[list[object], Written]:
    year = 1960 + index % 40
    cccd = f"0110{year % 100:02d}{index:06d}"
    name = f"{FAMILIES[index % len(FAMILIES)]} Văn {GIVEN[index % len(GIVEN)]}"
    if index >= len(GIVEN):  # names stay distinct: no accidental "possible duplicate"
        name += f" {GIVEN[(index // len(GIVEN)) % len(GIVEN)]}"
    shown_name: str = name
    shown_cccd: object = cccd
    if hazard == "tong_cong":
        name = shown_name = f"Tống Cộng {GIVEN[index % len(GIVEN)]}" if index else "Tống Cộng"
    elif hazard == "nameless":
        shown_name = ""
    elif hazard == "controls":
        pool = INVISIBLE + (CONTROLS if fmt == "csv" else [])
        junk = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3))
        at = draw(st.integers(0, len(name)))
        shown_name = name[:at] + "".join(junk) + name[at:]
    elif hazard == "mangled":
        shown_cccd = f"{int(cccd) / 10**11:.5f}E+11" if cccd[0] != "0" else "1.10900E+10"
        if fmt == "xlsx" and draw(st.booleans()):
            shown_cccd = float(f"{int(cccd):.5e}")  # a real number cell, digits already lost
    elif hazard == "stray":
        shown_name = name[:2] + STRAY + name[2:]
    position = draw(st.sampled_from(POSITIONS))
    cells: list[object] = [number, shown_name, year, "Thái", position, "Bản Na", shown_cccd]
    return cells, Written(0, hazard, "" if hazard == "nameless" else name, cccd)


@st.composite
def rosters(draw: st.DrawFn) -> Roster:
    fmt = draw(st.sampled_from(["csv", "xlsx"]))
    hazards = ["plain", "tong_cong", "nameless", "controls", "mangled", "unnumbered"]
    if fmt == "csv":
        hazards.append("stray")
    plan = draw(
        st.lists(st.one_of(st.sampled_from(hazards), st.just("signature")), min_size=1, max_size=30)
    )
    if plan.count("stray") > 1:  # more than one makes the file "mixed": refused as a whole
        first = plan.index("stray")
        plan = [h if h != "stray" or i == first else "plain" for i, h in enumerate(plan)]
    rows: list[list[object]] = []
    written: list[Written] = []
    index = 0

    def add(cells: list[object], meant: Written | None) -> None:
        rows.append(cells)
        if meant is not None:
            written.append(Written(len(rows), meant.hazard, meant.name, meant.cccd))

    for title in draw(st.lists(st.sampled_from(TITLES), max_size=3)):
        add([title], None)
    for _ in range(draw(st.integers(0, 2))):  # a list pasted above the real header
        index += 1
        add(*_person(index, index, "above", fmt, draw))
    if draw(st.booleans()):
        add([], None)
    add(list(HEADER), None)
    number = 0
    for hazard in plan:
        if hazard == "signature":
            add(["", draw(st.sampled_from(SIGNATURES))], None)
            continue
        index += 1
        number += 1
        shown = "" if hazard == "unnumbered" else number
        add(*_person(index, shown, hazard, fmt, draw))
    for phrase in draw(st.lists(st.sampled_from(SIGNATURES), max_size=3)):
        add(["", phrase], None)
    return Roster(fmt, rows, written)


def _write(roster: Roster, folder: Path) -> Path:
    if roster.fmt == "xlsx":
        return fx.write_xlsx(folder / "ds.xlsx", {"DS": roster.rows})
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(roster.rows)
    path = folder / "ds.csv"
    path.write_bytes(buffer.getvalue().encode("utf-8").replace(STRAY.encode(), b"\xff"))
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path_factory.mktemp('campaign') / 'c.sqlite3'}")
    yield database
    database.close()


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(rosters())
def test_every_written_person_is_accounted_for(db: Database, roster: Roster) -> None:
    with tempfile.TemporaryDirectory() as folder:
        (sheet,) = read_file(_write(roster, Path(folder)))
    session = db.sessions()
    try:
        preview = plan_sheets(session, [sheet], ImportOptions(current_year=2024), source="ds")
        fates = {r.ref.row: r for r in preview.rows}
        skipped = {s.row: s.kind for s in preview.skipped}
        assert preview.rows_read == len(preview.rows) + len(preview.skipped)
        for meant in roster.written:
            assert meant.row in fates, (meant, skipped.get(meant.row))  # never skipped
            got = fates[meant.row]
            reason = got.reason if got.fate == "rejected" else ""
            if meant.hazard == "nameless":
                assert got.fate == "rejected" and "thiếu họ và tên" in reason
            elif meant.hazard == "mangled":
                assert got.fate == "rejected" and "lũy thừa" in reason
            elif meant.hazard == "stray":
                assert got.fate == "rejected" and "0xFF" in reason
            else:  # a person, whatever stands around it, with the name meant
                assert got.fate == "new", (meant, reason)
                assert got.person is not None
                assert got.person.full_name == meant.name and got.person.cccd == meant.cccd
                if meant.hazard == "controls":
                    assert got.repairs
        result = apply_import(session, preview, default="hold")
        assert result.imported + result.rejected == len(roster.written)
        stored = {p.cccd: p.full_name for p in session.query(Person)}
        clean = {w.cccd: w.name for w in roster.written if fates[w.row].fate == "new"}
        assert stored == clean
        report = result.rejects_report()
        assert report.line_count == result.rejected
        listed = {(s.row, s.kind) for s in preview.skipped}
        assert sum(len(part.skipped) for part in report.sheets) == len(listed)
    finally:
        session.rollback()
        session.close()
