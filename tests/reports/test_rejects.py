"""The rejection report (.xlsx): original cells, reasons, no formulas, atomic writes."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import openpyxl
import pytest

from models.roster_import.report_data import (
    STATUS_CONFIRM,
    STATUS_REJECTED,
    RejectLine,
    RejectSheet,
    RejectsReport,
)
from reports.rejects import write_rejects

DANGEROUS = ['=HYPERLINK("http://x")', "+84912345678", "-1+1", "@SUM(A1)", "=1+2"]


def _report() -> RejectsReport:
    lines = (
        RejectLine(15, STATUS_REJECTED, "cột B: thiếu họ và tên", (5.0, "", 1980.0, None, "Thái")),
        RejectLine(18, STATUS_CONFIRM, "có thể trùng với dòng 12", (8.0, "Quàng Văn Ún", 1990.0)),
        RejectLine(30, STATUS_REJECTED, "cột D: năm sinh", tuple(DANGEROUS)),
        RejectLine(31, STATUS_REJECTED, "lạ", ("a\x00b\x1fc", dt.date(1979, 3, 12), True, 1.5)),
    )
    return RejectsReport(
        "ds.xlsx",
        (("Tệp", "ds.xlsx"), ("Bị từ chối", 3)),
        (
            RejectSheet("Xã Quài Tở", ("STT", "Họ và tên", "Nam", "Nữ", "Dân tộc"), lines),
            RejectSheet("a/b:c*?[d]", (), lines[:1]),
            RejectSheet("A/B:C*?[D]", (), lines[:1]),
        ),
    )


def test_written_and_reopened(tmp_path: Path) -> None:
    path = write_rejects(_report(), tmp_path / "loi.xlsx")
    assert path == tmp_path / "loi.xlsx"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["loi.xlsx"]  # no temp file left
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Tóm tắt", "Xã Quài Tở", "a_b_c___d_", "A_B_C___D_ (2)"]
    summary = book["Tóm tắt"]
    assert summary["A3"].value == "Tệp" and summary["B4"].value == 3
    sheet = book["Xã Quài Tở"]
    assert [c.value for c in sheet[1]][:8] == [
        "Trạng thái", "Lý do", "Dòng gốc", "STT", "Họ và tên", "Nam", "Nữ", "Dân tộc"
    ]  # fmt: skip
    assert [c.value for c in sheet[2]][:8] == [
        "bị từ chối", "cột B: thiếu họ và tên", 15, 5, None, 1980, None, "Thái"
    ]  # fmt: skip
    assert [c.value for c in sheet[3]][:6] == [
        "cần xác nhận", "có thể trùng với dòng 12", 18, 8, "Quàng Văn Ún", 1990
    ]  # fmt: skip
    assert [c.value for c in sheet[4]][3:8] == DANGEROUS
    assert [c.value for c in sheet[5]][3:7] == [
        "a\ufffdb\ufffdc", dt.datetime(1979, 3, 12), True, 1.5
    ]  # fmt: skip


def test_no_cell_is_a_formula(tmp_path: Path) -> None:
    path = write_rejects(_report(), tmp_path / "loi.xlsx")
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)


def test_empty_report_says_so(tmp_path: Path) -> None:
    report = RejectsReport("ds.xlsx", (("Tệp", "ds.xlsx"),), ())
    book = openpyxl.load_workbook(write_rejects(report, tmp_path / "r.xlsx"))
    assert book.sheetnames == ["Tóm tắt"]
    assert book["Tóm tắt"]["A5"].value == "Không có dòng nào bị từ chối hoặc cần xác nhận."


def test_failure_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "loi.xlsx"
    target.write_bytes(b"old report")

    def broken(self: object, filename: str) -> None:
        Path(filename).write_bytes(b"half")
        raise OSError("đĩa đầy")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken)
    with pytest.raises(OSError, match="đĩa đầy"):
        write_rejects(_report(), target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["loi.xlsx"]
    assert target.read_bytes() == b"old report"  # the old file is untouched


def test_the_report_has_the_permissions_of_a_normally_written_file(tmp_path: Path) -> None:
    # Written through reports.files.atomic_output like every paper (mkstemp's 0600 made the
    # sender's copy unreadable to colleagues on a shared folder).
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    path = write_rejects(_report(), tmp_path / "loi.xlsx")
    assert stat.S_IMODE(path.stat().st_mode) == stat.S_IMODE(plain.stat().st_mode)
