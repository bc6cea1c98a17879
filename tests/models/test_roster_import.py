"""Roster import (models/roster_import): exact per-row outcomes on real-shaped workbooks."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.db import Database
from models.entities.enums import Gender
from models.entities.tables import Activity, Enrollment, Person
from models.people.queries import name_keys
from models.roster_import.apply import apply_import
from models.roster_import.cells import parse_cccd, parse_phone, parse_year
from models.roster_import.errors import RosterImportError
from models.roster_import.headers import Field, detect_header, match_field
from models.roster_import.outcome import ImportOptions, ImportPreview, RowRef, rejects_report
from models.roster_import.plan import plan_import, plan_sheets
from models.roster_import.read import RawSheet, column_index, column_letter, read_file
from tests.models import roster_fixtures as fx

YEAR = ImportOptions(current_year=2024)


@pytest.fixture
def db(empty_url: str) -> Iterator[Database]:
    database = Database(empty_url)
    yield database
    database.close()


def fates(preview: ImportPreview) -> dict[tuple[str, int], str]:
    return {(r.ref.sheet, r.ref.row): r.fate for r in preview.rows}


def person(preview: ImportPreview, sheet: str, row: int) -> dict[str, Any]:
    (found,) = [r for r in preview.rows if r.ref == RowRef(sheet, row)]
    assert found.person is not None, found.reason
    return found.person.as_json()


def people(session: Session) -> list[Person]:
    return list(session.scalars(select(Person).order_by(Person.id)))


# --- the four-sheet commune workbook ---------------------------------------------------------


def test_commune_workbook_every_row(db: Database, tmp_path: Path) -> None:
    path = fx.commune_workbook(tmp_path / "ds.xlsx")
    with db.read() as s:
        preview = plan_import(s, path, YEAR)
    q = fx.QUAI_TO
    assert fates(preview) == {
        (q, 10): "new",
        (q, 11): "new",
        (q, 12): "new",
        (q, 14): "new",
        (q, 15): "rejected",
        (q, 16): "rejected",
        (q, 17): "duplicate",
        (q, 18): "possible_duplicate",
        (q, 19): "rejected",
        (q, 20): "new",
        (fx.CO_NONG, 4): "new",
        (fx.CO_NONG, 5): "new",
        (fx.CO_NONG, 6): "new",
        (fx.QUAI_NUA, 2): "new",
        (fx.QUAI_NUA, 3): "new",
    }
    doc = preview.as_json()
    # Every non-blank row but the header's own: the unit name, national title and list title
    # above the header are listed as "title" rows.
    assert (doc["rows_read"], doc["person_rows"]) == (27, 15)
    assert (doc["imported"], doc["duplicates"], doc["possible_duplicates"], doc["rejected"]) == (
        10,
        1,
        1,
        3,
    )
    assert doc["reconciled"] is True and "10 + 1 + 1 + 3 = 15: khớp" in doc["summary"]
    assert [(s["sheet"], s["row"], s["kind"]) for s in doc["skipped"]] == [
        (q, 1, "title"),
        (q, 2, "title"),
        (q, 4, "title"),
        (q, 5, "title"),
        (q, 9, "numbering"),
        (q, 21, "total"),
        (q, 23, "signature"),
        (q, 24, "signature"),
        (q, 25, "signature"),
        (q, 27, "signature"),
        (fx.CO_NONG, 1, "title"),
        (fx.CO_NONG, 7, "subtotal"),
    ]
    assert doc["rejections"] == [
        {"sheet": q, "row": 15, "column": "B", "reason": "thiếu họ và tên"},
        {"sheet": q, "row": 16, "column": "I", "reason": "số CCCD «12345» có 5 chữ số, cần 12"},
        {"sheet": q, "row": 19, "column": "D", "reason": "năm sinh 2030 không hợp lý"},
    ]
    assert doc["repaired"] == {
        "case": 2,
        "cccd_leading_zero": 2,
        "nfd": 1,
        "phone_prefix": 1,
        "spaces": 1,
        "tcvn3": 14,
        "vni": 7,
    }
    assert doc["warnings"] == [
        {
            "sheet": fx.GUIDE,
            "row": None,
            "column": "",
            "message": "không tìm thấy dòng tiêu đề (Họ và tên …); trang tính không được đọc",
        },
        {
            "sheet": q,
            "row": 20,
            "column": "I",
            "message": "số CCCD 011185000124 ứng với năm sinh 1985, danh sách ghi 1965",
        },
        {
            "sheet": q,
            "row": 20,
            "column": "I",
            "message": "số CCCD 011185000124 ứng với giới tính nữ, danh sách ghi nam",
        },
    ]
    assert doc["duplicate_rows"] == [
        {"sheet": q, "row": 17, "of": {"sheet": q, "row": 10, "full_name": "Lò Văn Thành"}}
    ]
    assert doc["possible_duplicate_rows"] == [
        {
            "sheet": q,
            "row": 18,
            "full_name": "Quàng Văn Ún",
            "of": {"sheet": q, "row": 12, "full_name": "Quàng Văn Ún"},
            "decision": "hold",
        }
    ]
    columns = {s["name"]: s["columns"] for s in doc["sheets"]}
    assert columns[q] == {
        "stt": "A", "full_name": "B", "year_male": "C", "year_female": "D", "ethnicity": "E",
        "position": "F", "village": "G", "commune": "H", "cccd": "I", "phone": "J", "note": "K",
    }  # fmt: skip
    assert columns[fx.CO_NONG] == {
        "stt": "A", "full_name": "B", "birth_year": "C", "gender": "D", "ethnicity": "E",
        "position": "F", "village": "G", "commune": "H", "cccd": "I", "note": "J",
    }  # fmt: skip
    assert columns[fx.GUIDE] == {}
    assert [s["header_rows"] for s in doc["sheets"]] == [[7, 8], [3], [1], []]


def test_commune_workbook_repaired_values(db: Database, tmp_path: Path) -> None:
    path = fx.commune_workbook(tmp_path / "ds.xlsx")
    with db.read() as s:
        preview = plan_import(s, path, YEAR)
    q = fx.QUAI_TO
    assert person(preview, q, 10) == {
        "full_name": "Lò Văn Thành", "gender": "M", "birth_year": 1978, "ethnicity": "Thái",
        "position": "Trưởng bản", "village": "Bản Hua Sát", "commune": "Xã Quài Tở",
        "district": "", "province": "", "cccd": "011078012345", "phone": "0912345678",
        "note": "",
    }  # fmt: skip
    cham = person(preview, q, 11)
    assert (cham["full_name"], cham["gender"], cham["birth_year"]) == ("Lò Thị Chăm", "F", 1985)
    assert person(preview, q, 12)["full_name"] == "Quàng Văn Ún"  # NFC now
    assert person(preview, q, 12)["commune"] == "Quài Tở"
    assert person(preview, q, 14)["full_name"] == "Giàng A Dế"
    hoang = person(preview, fx.CO_NONG, 4)
    assert (hoang["full_name"], hoang["position"], hoang["village"], hoang["commune"]) == (
        "Hoàng Văn Thành",
        "Trưởng bản",
        "Bản Co Nỏng",
        "Xã Quài Tở",
    )
    assert person(preview, fx.CO_NONG, 5)["cccd"] == "011191000777"
    assert person(preview, fx.CO_NONG, 5)["gender"] == "F"
    assert person(preview, fx.CO_NONG, 6)["full_name"] == "Quàng Văn Hưng"
    pao = person(preview, fx.QUAI_NUA, 2)
    assert (pao["full_name"], pao["ethnicity"], pao["commune"], pao["birth_year"]) == (
        "Vàng A Páo",
        "Mông",
        "Xã Quài Nưa",
        1975,
    )
    assert person(preview, fx.QUAI_NUA, 3)["full_name"] == "Sùng Thị Mỷ"


def test_apply_writes_people_with_name_keys(db: Database, tmp_path: Path) -> None:
    path = fx.commune_workbook(tmp_path / "ds.xlsx")
    with db.write() as s:
        result = apply_import(s, plan_import(s, path, YEAR))
    assert (result.imported, result.duplicates, result.possible_duplicates, result.rejected) == (
        10,
        1,
        1,
        3,
    )
    with db.read() as s:
        stored = people(s)
    assert [p.full_name for p in stored] == [
        "Lò Văn Thành", "Lò Thị Chăm", "Quàng Văn Ún", "Giàng A Dế", "Điêu Văn Inh",
        "Hoàng Văn Thành", "Lường Thị Xuân", "Quàng Văn Hưng", "Vàng A Páo", "Sùng Thị Mỷ",
    ]  # fmt: skip
    assert list(result.created_ids) == [p.id for p in stored]
    for p in stored:
        assert {"sort_key": p.sort_key, "search_key": p.search_key} == name_keys(p.full_name)
    first = stored[0]
    assert (first.gender, first.cccd, first.phone, first.note) == (
        Gender.MALE,
        "011078012345",
        "0912345678",
        "đi cùng vợ",  # the duplicate row 17 filled the empty note of row 10
    )


def test_second_import_finds_everyone(db: Database, tmp_path: Path) -> None:
    path = fx.commune_workbook(tmp_path / "ds.xlsx")
    with db.write() as s:
        apply_import(s, plan_import(s, path, YEAR))
    with db.write() as s:
        again = plan_import(s, path, YEAR)
        result = apply_import(s, again)
    counts = {fate: again.count(fate) for fate in ("new", "duplicate", "possible_duplicate")}
    # People with a CCCD are the same people; those without are possible duplicates.
    assert counts == {"new": 0, "duplicate": 8, "possible_duplicate": 4}
    match = {r.ref.row: r.match for r in again.rows if r.ref.sheet == fx.QUAI_TO}
    assert match[10] is not None and match[10].person_id == 1
    assert match[17] is not None and match[17].person_id == 1
    assert result.created_ids == ()
    with db.read() as s:
        assert s.scalar(select(func.count(Person.id))) == 10


def test_possible_duplicate_decisions(db: Database, tmp_path: Path) -> None:
    path = fx.commune_workbook(tmp_path / "ds.xlsx")
    with db.write() as s:
        result = apply_import(s, plan_import(s, path, YEAR), {RowRef(fx.QUAI_TO, 18): "new"})
        assert (result.imported, result.possible_duplicates) == (11, 0)
        assert result.as_json()["possible_duplicate_rows"][0]["decision"] == "new"
        s.rollback()
    with db.write() as s:
        result = apply_import(s, plan_import(s, path, YEAR), default="merge")
        assert (result.imported, result.duplicates, result.possible_duplicates) == (10, 2, 0)
        assert result.as_json()["reconciled"] is True
        un = s.scalars(select(Person).where(Person.full_name == "Quàng Văn Ún")).one()
        assert un.position == "" and un.village == "Bản Hua Sát"  # the first row's, kept


def test_enrolls_everyone_the_rows_resolve_to(demo_db: Any, tmp_path: Path) -> None:
    path = fx.commune_workbook(tmp_path / "ds.xlsx")
    with demo_db.write() as s:
        activity = s.scalars(select(Activity).where(Activity.code == "TTDN23-L01")).one()
        before = s.scalar(select(func.count(Person.id)))
        result = apply_import(s, plan_import(s, path, YEAR), activity_id=activity.id)
        assert result.enrolled == 10  # row 17 is row 10's person: enrolled once
        enrolled = s.scalar(select(func.count()).where(Enrollment.activity_id == activity.id))
        assert enrolled == 40 + 10
        assert s.scalar(select(func.count(Person.id))) == before + 10
    with demo_db.write() as s:  # again: everyone is already there
        activity = s.scalars(select(Activity).where(Activity.code == "TTDN23-L01")).one()
        result = apply_import(
            s, plan_import(s, path, YEAR), default="merge", activity_id=activity.id
        )
        assert result.created_ids == () and result.enrolled == 0


def test_demo_people_are_found_by_cccd_and_name(demo_db: Any, tmp_path: Path) -> None:
    with demo_db.read() as s:
        known = s.scalars(select(Person).order_by(Person.id).limit(2)).all()
    rows = [
        ["Họ và tên", "Năm sinh", "Xã", "CCCD"],
        [known[0].full_name.upper(), known[0].birth_year, known[0].commune, known[0].cccd],
        [known[1].full_name, known[1].birth_year, known[1].commune, ""],
    ]
    with demo_db.read() as s:
        preview = plan_sheets(s, [RawSheet("S", rows)], YEAR, source="x.csv")
    assert [(r.fate, r.match.person_id if r.match else None) for r in preview.rows] == [
        ("duplicate", known[0].id),
        ("possible_duplicate", known[1].id),
    ]


def test_import_is_one_transaction(db: Database, tmp_path: Path) -> None:
    path = fx.commune_workbook(tmp_path / "ds.xlsx")
    with pytest.raises(RuntimeError), db.write() as s:
        apply_import(s, plan_import(s, path, YEAR))
        raise RuntimeError("giữa chừng")
    with db.read() as s:
        assert s.scalar(select(func.count(Person.id))) == 0


def test_apply_refuses_a_stale_preview(db: Database, tmp_path: Path) -> None:
    path = fx.commune_workbook(tmp_path / "ds.xlsx")
    with db.read() as s:
        preview = plan_import(s, path, YEAR)
    with db.write() as s:
        s.add(Person(full_name="Người Khác", **name_keys("Người Khác")))
    with pytest.raises(RosterImportError, match="đã thay đổi"), db.write() as s:
        apply_import(s, preview)


def test_bad_decisions_are_refused(db: Database, tmp_path: Path) -> None:
    path = fx.commune_workbook(tmp_path / "ds.xlsx")
    with db.write() as s:
        preview = plan_import(s, path, YEAR)
        with pytest.raises(RosterImportError, match="dòng 10"):
            apply_import(s, preview, {RowRef(fx.QUAI_TO, 10): "merge"})


def test_rejects_report_data(db: Database, tmp_path: Path) -> None:
    path = fx.commune_workbook(tmp_path / "ds.xlsx")
    with db.read() as s:
        preview = plan_import(s, path, YEAR)
    report = rejects_report(preview)
    # Sheets whose rows were only skipped (totals, signatures) are listed too, nothing to fix.
    (sheet,) = [s for s in report.sheets if s.lines]
    assert all(s.skipped for s in report.sheets if not s.lines)
    assert sheet.name == fx.QUAI_TO
    assert sheet.headings[:4] == ("STT", "Họ và tên", "Nam", "Nữ")
    assert [(line.row, line.status) for line in sheet.lines] == [
        (15, "bị từ chối"),
        (16, "bị từ chối"),
        (18, "cần xác nhận"),
        (19, "bị từ chối"),
    ]
    assert sheet.lines[1].cells[:2] == (6.0, "Tòng Văn Xuân")  # original cells
    assert "dòng 12" in sheet.lines[2].reason
    assert dict(report.summary)["Bị từ chối"] == 3


# --- formats and encodings -------------------------------------------------------------------

SIMPLE_EXPECTED = {4: "new", 5: "new", 7: "new", 8: "duplicate"}


def _simple_outcome(db: Database, path: Path) -> tuple[dict[int, str], list[Any], list[Any]]:
    with db.read() as s:
        preview = plan_import(s, path, YEAR)
    doc = preview.as_json()
    persons = [r.person.as_json() if r.person else None for r in preview.rows]
    return (
        {r.ref.row: r.fate for r in preview.rows},
        [(x["row"], x["kind"]) for x in doc["skipped"]],
        persons,
    )


@pytest.mark.parametrize(
    ("suffix", "encoding", "delimiter"),
    [
        (".xlsx", "", ""),
        (".xls", "", ""),
        (".ods", "", ""),
        (".csv", "utf-8-sig", ","),
        (".csv", "utf-8", ";"),
        (".csv", "utf-16", "\t"),
        (".csv", "cp1258", ","),
    ],
)
def test_every_format_reads_the_same(
    db: Database, tmp_path: Path, suffix: str, encoding: str, delimiter: str
) -> None:
    path = tmp_path / f"ds{suffix}"
    if suffix == ".xlsx":
        fx.write_xlsx(path, {fx.SIMPLE: fx.SIMPLE_ROWS})
    elif suffix == ".xls":
        fx.write_xls(path, {fx.SIMPLE: fx.SIMPLE_ROWS})
    elif suffix == ".ods":
        fx.write_ods(path, {fx.SIMPLE: fx.SIMPLE_ROWS})
    else:
        fx.write_csv(path, fx.SIMPLE_ROWS, encoding, delimiter)
    row_fates, skipped, persons = _simple_outcome(db, path)
    assert row_fates == SIMPLE_EXPECTED
    assert skipped == [
        (1, "title"), (3, "numbering"), (6, "header"), (9, "total"), (10, "signature"),
    ]  # fmt: skip
    assert persons[0] == {
        "full_name": "Vì Văn Khăm", "gender": "M", "birth_year": 1979, "ethnicity": "Thái",
        "position": "Trưởng bản", "village": "Bản Lồng", "commune": "Xã Mường Thín",
        "district": "", "province": "", "cccd": "011079000001", "phone": "0912000001",
        "note": "",
    }  # fmt: skip
    assert persons[1] is not None and persons[1]["phone"] == "0912000002"  # lost its zero


def test_csv_in_tcvn3_bytes(db: Database, tmp_path: Path) -> None:
    rows = [["STT", "Họ và tên", "Năm sinh", "Thôn, bản"], [1, "Hoàng Văn Thành", 1980, "Bản Lồng"]]
    legacy = [[fx.to_tcvn3(str(v)) for v in row] for row in rows]
    path = tmp_path / "tcvn3.csv"
    path.write_bytes(fx.csv_text(legacy).encode("latin-1"))
    with db.read() as s:
        preview = plan_import(s, path, YEAR)
    assert person(preview, "tcvn3", 2)["full_name"] == "Hoàng Văn Thành"
    assert person(preview, "tcvn3", 2)["village"] == "Bản Lồng"
    assert preview.repaired["tcvn3"] == 2


def test_chosen_sheets_only(db: Database, tmp_path: Path) -> None:
    path = fx.commune_workbook(tmp_path / "ds.xlsx")
    with db.read() as s:
        preview = plan_import(s, path, ImportOptions(sheets=("quài nưa",), current_year=2024))
    assert [s.name for s in preview.sheets] == [fx.QUAI_NUA]
    assert preview.person_rows == 2


# --- headers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "field"),
    [
        ("Họ và tên", Field.FULL_NAME), ("Họ tên", Field.FULL_NAME), ("Họ, tên", Field.FULL_NAME),
        ("HỌ VÀ TÊN", Field.FULL_NAME), ("Họ và tên học viên", Field.FULL_NAME),
        ("Tên", Field.GIVEN_NAME), ("Năm sinh", Field.BIRTH_YEAR),
        ("Năm sinh Nữ", Field.YEAR_FEMALE), ("Ngày sinh", Field.BIRTH_DATE),
        ("Ngày, tháng, năm sinh", Field.BIRTH_DATE), ("Giới tính", Field.GENDER),
        ("Dân tộc", Field.ETHNICITY), ("Chức vụ", Field.POSITION), ("Chức danh", Field.POSITION),
        ("Thôn", Field.VILLAGE), ("Bản", Field.VILLAGE), ("Thôn, bản", Field.VILLAGE),
        ("Thôn/bản/tổ dân phố", Field.VILLAGE), ("Xã", Field.COMMUNE),
        ("Xã, phường", Field.COMMUNE), ("Huyện", Field.DISTRICT), ("Số CCCD", Field.CCCD),
        ("CCCD", Field.CCCD), ("Căn cước", Field.CCCD), ("CMND", Field.CCCD),
        ("Số CMND/CCCD", Field.CCCD), ("Số điện thoại", Field.PHONE), ("SĐT", Field.PHONE),
        ("Điện thoại", Field.PHONE), ("Ghi chú", Field.NOTE), ("STT", Field.STT),
        ("Bản Hua Sát", None), ("Xã Quài Tở", None), ("Lò Văn Thành", None), ("Nam", None),
    ],
)  # fmt: skip
def test_heading_variants(heading: str, field: Field | None) -> None:
    assert match_field(heading) is field


def test_gender_marks_under_gioi_tinh(db: Database) -> None:
    rows = [
        ["TT", "Họ và tên", "Giới tính", "", "Năm sinh"],
        ["", "", "Nam", "Nữ", ""],
        [1, "Lò Văn A", "x", "", 1980],
        [2, "Lò Thị B", "", "x", 1981],
        [3, "Lò Thị C", "x", "x", 1982],
    ]
    sheet = RawSheet("S", rows, ((0, 2, 0, 3),))
    header = detect_header(sheet)
    assert header is not None and header.rows == (1, 2)
    assert header.letters() == {
        "stt": "A", "full_name": "B", "male_mark": "C", "female_mark": "D", "birth_year": "E"
    }  # fmt: skip
    with db.read() as s:
        preview = plan_sheets(s, [sheet], YEAR)
    assert [r.person.gender if r.person else "?" for r in preview.rows] == ["M", "F", None]
    assert [w.message for w in preview.warnings] == ["đánh dấu cả Nam và Nữ; không rõ giới tính"]


def test_split_name_columns_and_overrides(db: Database) -> None:
    rows = [
        ["Họ và tên đệm", "Tên", "Năm", "Nơi ở", "Số ĐT"],
        ["Lò Văn", "Thành", 1980, "Bản Lồng", "0912000001"],
    ]
    options = ImportOptions(mapping={"village": "D", "phone": "Số ĐT"}, current_year=2024)
    with db.read() as s:
        preview = plan_sheets(s, [RawSheet("S", rows)], options)
    got = preview.rows[0].person
    assert got is not None
    assert (got.full_name, got.birth_year, got.village, got.phone) == (
        "Lò Văn Thành",
        1980,
        "Bản Lồng",
        "0912000001",
    )


def test_unknown_override_field_and_column(db: Database) -> None:
    rows = [["Họ và tên", "Năm sinh"], ["Lò Văn A", 1980]]
    with db.read() as s:
        with pytest.raises(RosterImportError, match="trường «quê»"):
            plan_sheets(s, [RawSheet("S", rows)], ImportOptions(mapping={"quê": "C"}))
        with pytest.raises(RosterImportError, match="«S», dòng 1: không có cột tiêu đề «Quê»"):
            plan_sheets(s, [RawSheet("S", rows)], ImportOptions(mapping={"village": "Quê"}))


def test_header_row_option(db: Database) -> None:
    rows = [["Danh sách"], ["Người", "Sinh năm"], ["Lò Văn A", 1980]]
    options = ImportOptions(
        header_row=2, mapping={"full_name": "A", "birth_year": "B"}, current_year=2024
    )
    with db.read() as s:
        preview = plan_sheets(s, [RawSheet("S", rows)], options)
    assert [(r.ref.row, r.fate) for r in preview.rows] == [(3, "new")]


def test_sections_notes_and_numbered_blanks(db: Database) -> None:
    rows = [
        ["STT", "Họ và tên", "Năm sinh"],
        ["I. XÃ QUÀI TỞ"],
        [1, "Bàn Văn Sơn", 1980],  # "Bàn" is a family name, not "Bản"
        ["", "Bản Co Nỏng"],
        [2, "Tống Văn An", 1981],  # "Tống" is a family name, not "Tổng"
        [3],
        [4],
        ["Ghi chú: danh sách gồm 2 người"],
    ]
    with db.read() as s:
        preview = plan_sheets(s, [RawSheet("S", rows)], YEAR)
    assert [(r.ref.row, r.fate) for r in preview.rows] == [(3, "new"), (5, "new")]
    assert [(x.row, x.kind) for x in preview.skipped] == [
        (2, "section"),
        (4, "section"),
        (6, "numbered_blank"),
        (7, "numbered_blank"),
        (8, "note"),
    ]


# --- errors --------------------------------------------------------------------------------


def test_file_errors_name_the_file(db: Database, tmp_path: Path) -> None:
    with db.read() as s:
        with pytest.raises(RosterImportError, match=re.escape("không tìm thấy tệp ds.xlsx")):
            plan_import(s, tmp_path / "ds.xlsx")
        bogus = tmp_path / "hỏng.xlsx"
        bogus.write_bytes(b"not a workbook")
        with pytest.raises(RosterImportError, match=re.escape("không đọc được tệp hỏng.xlsx")):
            plan_import(s, bogus)
        other = tmp_path / "ds.pdf"
        other.write_bytes(b"%PDF")
        with pytest.raises(RosterImportError, match=re.escape("định dạng .pdf")):
            plan_import(s, other)
        path = fx.commune_workbook(tmp_path / "ds.xlsx")
        with pytest.raises(RosterImportError, match="không có trang tính «Xã Khác»"):
            plan_import(s, path, ImportOptions(sheets=("Xã Khác",)))
        guide = fx.write_xlsx(tmp_path / "hd.xlsx", {fx.GUIDE: fx.GUIDE_ROWS})
        with pytest.raises(
            RosterImportError, match=re.escape("hd.xlsx: không tìm thấy dòng tiêu đề")
        ):
            plan_import(s, guide)


def test_exceptions_are_value_errors() -> None:
    assert issubclass(RosterImportError, ValueError)


# --- values ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("011078012345", ("011078012345", "", False)),
        (11078012345.0, ("011078012345", "", True)),
        (11078012345, ("011078012345", "", True)),
        ("011 078 012 345", ("011078012345", "", False)),
        ("1.1078012345E+10", ("011078012345", "", True)),
        ("'011078012345", ("011078012345", "", False)),
        ("12345", (None, "số CCCD «12345» có 5 chữ số, cần 12", False)),
        ("01107801234X", (None, "số CCCD «01107801234X» có ký tự không phải chữ số", False)),
    ],
)
def test_cccd_values(value: Any, expected: tuple[Any, ...]) -> None:
    assert parse_cccd(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0912345678", ("0912345678", [])),
        ("+84 912 345 678", ("0912345678", ["phone_prefix"])),
        ("84912345678", ("0912345678", ["phone_prefix"])),
        (912345678.0, ("0912345678", ["phone_leading_zero"])),
        ("0912.345.678", ("0912345678", [])),
        ("gọi bản", ("", [])),
        ("12345", ("", [])),
    ],
)
def test_phone_values(value: Any, expected: tuple[Any, ...]) -> None:
    assert parse_phone(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1978, (1978, "")),
        (1978.0, (1978, "")),
        ("1978", (1978, "")),
        ("12/03/1979", (1979, "")),
        ("1979-03-12", (1979, "")),
        (dt.date(1979, 3, 12), (1979, "")),
        (dt.datetime(1979, 3, 12, 0, 0), (1979, "")),
        (28927.0, (1979, "")),  # an Excel date serial
        ("không rõ", (None, "năm sinh «không rõ» không đọc được")),
        (True, (None, "năm sinh «x» không đọc được")),
    ],
)
def test_year_values(value: Any, expected: tuple[Any, ...]) -> None:
    assert parse_year(value) == expected


def test_columns() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]
    assert [column_index(x) for x in ("A", "c", "AA", "Họ", "", "ABCD")] == [
        0,
        2,
        26,
        None,
        None,
        None,
    ]


def test_read_keeps_coordinates(tmp_path: Path) -> None:
    path = fx.commune_workbook(tmp_path / "ds.xlsx")
    sheets = read_file(path)
    assert [s.name for s in sheets] == [fx.QUAI_TO, fx.CO_NONG, fx.QUAI_NUA, fx.GUIDE]
    quai_to = sheets[0]
    assert quai_to.rows[9][1] == "Lò Văn Thành"  # B10
    assert (6, 2, 6, 3) in quai_to.merged  # C7:D7


def test_models_do_not_import_openpyxl() -> None:
    root = Path(__file__).resolve().parents[2] / "models" / "roster_import"
    for source in root.glob("*.py"):
        text = source.read_text(encoding="utf-8")
        assert "openpyxl" not in text.replace("models must not import openpyxl", ""), source
    assert Gender.MALE.value == "M"
