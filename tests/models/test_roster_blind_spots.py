"""The importer's blind spots: no person dropped or taken for a total or a signature."""

from __future__ import annotations

from pathlib import Path

from models.db import Database
from models.roster_import.outcome import ImportPreview
from models.roster_import.plan import plan_import
from tests.models import roster_fixtures as fx

HEADER = ["STT", "Họ và tên", "Năm sinh", "Dân tộc", "Chức vụ", "Thôn, bản", "Số CCCD"]


def _plan(empty_url: str, path: Path) -> ImportPreview:
    db = Database(empty_url)
    try:
        with db.read() as s:
            return plan_import(s, path)
    finally:
        db.close()


def _fates(preview: ImportPreview) -> dict[int, str]:
    return {r.ref.row: r.fate for r in preview.rows}


def _skipped(preview: ImportPreview) -> dict[int, str]:
    return {s.row: s.kind for s in preview.skipped}


def test_tong_cong_is_a_person_and_tong_cong_a_total(tmp_path: Path, empty_url: str) -> None:
    rows = [
        HEADER,
        [1, "Tống Cộng", 1975, "Kinh", "Trưởng thôn", "Thôn 1", "011075000101"],
        [2, "Tống Văn Cộng", 1980, "Kinh", "", "Thôn 1", "011080000102"],
        ["", "Tổng cộng: 2 người"],
    ]
    preview = _plan(empty_url, fx.write_xlsx(tmp_path / "ds.xlsx", {"DS": rows}))
    assert _fates(preview) == {2: "new", 3: "new"}
    assert _skipped(preview) == {4: "total"}


def test_a_numbered_row_without_a_name_is_rejected_not_skipped(
    tmp_path: Path, empty_url: str
) -> None:
    rows = [
        HEADER,
        [1, "Lò Văn Ánh", 1970, "Thái", "Trưởng bản", "Bản Na", "011070000201"],
        [2, "", 1981, "Thái", "Trưởng bản", "Bản Hua Sát", "011081000202"],  # name lost
        [3, "Quàng Thị Én", 1985, "Thái", "", "Bản Na", ""],
    ]
    preview = _plan(empty_url, fx.write_xlsx(tmp_path / "ds.xlsx", {"DS": rows}))
    assert _fates(preview) == {2: "new", 3: "rejected", 4: "new"}
    (rejected,) = [r for r in preview.rows if r.fate == "rejected"]
    assert "thiếu họ và tên" in rejected.reason


def test_a_signature_phrase_mid_list_does_not_end_the_list(tmp_path: Path, empty_url: str) -> None:
    rows = [
        HEADER,
        [1, "Lò Văn Ánh", 1970, "Thái", "Trưởng bản", "Bản Na", "011070000301"],
        ["", "Người lập biểu"],  # pasted from another sheet, in the middle
        ["", "Ngày 05 tháng 02 năm 2023"],
        [2, "Quàng Thị Én", 1985, "Thái", "", "Bản Na", "011085000302"],
        ["", "Lường Văn Đức", 1979, "Thái", "", "Bản Na", "011079000303"],  # unnumbered, has a CCCD
        ["", "Kế toán"],
        ["", "Hoàng Thị Thu Trang"],  # the accountant's name: a signer, not a person
    ]
    preview = _plan(empty_url, fx.write_xlsx(tmp_path / "ds.xlsx", {"DS": rows}))
    assert _fates(preview) == {2: "new", 5: "new", 6: "new"}
    assert _skipped(preview) == {3: "signature", 4: "signature", 7: "signature", 8: "signature"}
    assert preview.rows_read == len(preview.rows) + len(preview.skipped) == 7


def test_a_stray_byte_rejects_its_row_only(tmp_path: Path, empty_url: str) -> None:
    lines = [
        "STT,Họ và tên,Năm sinh,Dân tộc",
        "1,Lò Văn Ánh,1970,Thái",
        "2,Quàng Thị Én,1985,Thái",
        "3,Lường Văn Đức,1979,Thái",
    ]
    path = tmp_path / "ds.csv"
    path.write_bytes("\n".join(lines).encode().replace("Én".encode(), b"\xc9n"))
    preview = _plan(empty_url, path)
    assert _fates(preview) == {2: "new", 3: "rejected", 4: "new"}
    (rejected,) = [r for r in preview.rows if r.fate == "rejected"]
    assert "byte 0xC9" in rejected.reason and "không phải UTF-8" in rejected.reason


def test_a_stored_cccd_under_another_name_waits_for_confirmation(
    tmp_path: Path, empty_url: str
) -> None:
    import pytest

    from models.roster_import.apply import apply_import
    from models.roster_import.errors import RosterImportError

    first = fx.write_xlsx(
        tmp_path / "a.xlsx",
        {"DS": [HEADER, [1, "Lò Văn Ánh", 1970, "Thái", "", "Bản Na", "011070000401"]]},
    )
    second = fx.write_xlsx(
        tmp_path / "b.xlsx",
        {"DS": [HEADER, [1, "Lường Văn Đức", 1979, "Thái", "", "Bản Na", "011070000401"]]},
    )
    db = Database(empty_url)
    with db.write() as s:
        apply_import(s, plan_import(s, first))
    with db.read() as s:
        preview = plan_import(s, second)
    assert _fates(preview) == {2: "possible_duplicate"}  # never merged on a warning
    (row,) = preview.rows
    with db.write() as s, pytest.raises(RosterImportError, match="chỉ có thể gộp"):
        apply_import(s, plan_import(s, second), {row.ref: "new"})
    with db.write() as s:
        result = apply_import(s, plan_import(s, second), {row.ref: "merge"})
    assert result.imported == 0
    db.close()


def test_every_skipped_row_is_in_the_rejects_report_with_its_kind(
    tmp_path: Path, empty_url: str
) -> None:
    import openpyxl

    from models.roster_import.outcome import rejects_report
    from reports.rejects import write_rejects

    rows = [
        HEADER,
        [1, "Lò Văn Ánh", 1970, "Thái", "Trưởng bản", "Bản Na", "011070000501"],
        [2, "", 1981, "Thái", "", "Bản Na", ""],  # nameless: rejected
        ["", "Tổng cộng: 2 người"],
        ["", "Người lập biểu"],
    ]
    preview = _plan(empty_url, fx.write_xlsx(tmp_path / "ds.xlsx", {"DS": rows}))
    report = rejects_report(preview)
    (part,) = report.sheets
    assert [(line.row, line.reason) for line in part.skipped] == [
        (4, "dòng tổng cộng"),
        (5, "phần ký tên, ngày tháng"),
    ]
    assert report.line_count == 1  # only the row to correct counts
    path = write_rejects(report, tmp_path / "loi.xlsx")
    sheet = openpyxl.load_workbook(path)["DS"]
    statuses = [sheet.cell(r, 1).value for r in range(2, sheet.max_row + 1)]
    assert statuses == ["bị từ chối", "bỏ qua", "bỏ qua"]
    # Read rows reconcile: people + skipped, every one of them in the file the sender gets.
    assert preview.rows_read == len(preview.rows) + len(preview.skipped) == 4


def test_rows_above_a_header_found_further_down_are_accounted_for(
    tmp_path: Path, empty_url: str
) -> None:
    rows = [
        ["UBND XÃ NẬM TĂM"],
        [1, "Lò Văn Ánh", 1970, "Thái", "Trưởng bản", "Bản Na", "011070000601"],  # pasted on top
        ["DANH SÁCH NGƯỜI CÓ UY TÍN"],
        HEADER,
        [2, "Quàng Thị Én", 1985, "Thái", "", "Bản Na", "011085000602"],
    ]
    preview = _plan(empty_url, fx.write_xlsx(tmp_path / "ds.xlsx", {"DS": rows}))
    assert _fates(preview) == {2: "new", 5: "new"}
    assert _skipped(preview) == {1: "title", 3: "title"}
    assert preview.rows_read == 4  # every non-blank row but the header's own


def test_a_nameless_numbered_row_after_the_signatures_is_still_rejected(
    tmp_path: Path, empty_url: str
) -> None:
    rows = [
        HEADER,
        ["", "Người lập biểu"],
        [1, "", 1961, "Thái", "Trưởng bản", "Bản Na", "011061000701"],
        ["", "Kế toán", "", "", "Thủ trưởng đơn vị"],  # a signature block across the columns
    ]
    preview = _plan(empty_url, fx.write_xlsx(tmp_path / "ds.xlsx", {"DS": rows}))
    assert _fates(preview) == {3: "rejected"}
    assert _skipped(preview) == {2: "signature", 4: "signature"}
