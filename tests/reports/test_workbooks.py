"""Budget (PDF and .xlsx), settlement workbook, roster export and the workbook helpers.

The workbooks are opened back with openpyxl: cells, formulas, number formats, page setup.
When LibreOffice is installed the settlement is also recalculated and its totals checked.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from models.papers.data import (
    BudgetRow,
    BudgetSection,
    BudgetSheet,
    PaperHeading,
    PayoutRow,
    RosterExport,
    RosterRow,
    SettlementActivity,
    SettlementBook,
    SettlementLine,
)
from models.text.words import amount_in_words
from reports.budget import roman, write_budget_pdf, write_budget_xlsx
from reports.roster_xlsx import write_roster_xlsx
from reports.settlement_book import write_settlement_book
from reports.xlsx import DONG_FORMAT, MOTTO, NATION, Book, clean_text, sheet_title
from tests.reports.helpers import NAMES, UNIT, text_of

#: How LibreOffice shows one and a half days with the default (en-US) locale.
DAYS_SHOWN = "1.5"
EVIL = ('=HYPERLINK("http://x","a")', "+84 912 345 678", "-1", "@SUM(A1)")


def _cells(path: Path, sheet: str | None = None) -> Any:
    wb = openpyxl.load_workbook(path)
    return wb[sheet] if sheet else wb.worksheets[0]


def _find(ws: Any, value: object, column: int | None = None) -> Any:
    for row in ws.iter_rows(min_col=column or 1, max_col=column or ws.max_column):
        for cell in row:
            if cell.value == value:
                return cell
    raise AssertionError(f"{value!r} not in {ws.title}")


# --- helpers ---------------------------------------------------------------------------------


def test_text_never_becomes_a_formula(tmp_path: Path) -> None:
    book = Book()
    sheet = book.sheet("Thử", [10, 10])
    for value in EVIL:
        sheet.append([sheet.text(value), sheet.number(1_234_567)])
    writer = sheet.rows([("text", "text"), ("number", "money")])
    for value in EVIL:
        writer.append([value, 7])
    writer.append(["Lò Văn Thành", None])
    path = book.save(tmp_path / "t.xlsx")
    ws = _cells(path)
    rows = list(ws.iter_rows())
    assert len(rows) == 2 * len(EVIL) + 1
    for row, value in zip(rows, [*EVIL, *EVIL], strict=False):
        cell = row[0]
        assert cell.value == value
        assert cell.data_type == "s"
        assert cell.quotePrefix  # Excel keeps it text when it is edited
        assert row[1].number_format == DONG_FORMAT
        assert row[1].data_type == "n"
    last = rows[-1]
    assert last[0].value == "Lò Văn Thành" and not last[0].quotePrefix
    assert last[1].value is None


def test_helpers() -> None:
    taken: set[str] = set()
    assert sheet_title("Lớp 1: Sìn Hồ [2023]/?", taken) == "Lớp 1- Sìn Hồ -2023---"
    assert sheet_title("x" * 40, taken) == "x" * 31
    assert sheet_title("X" * 40, taken) == "X" * 27 + " (2)"  # names compare caseless
    assert clean_text("Lo\u0300 Va\u0306n\x07") == "Lò Văn"
    assert [roman(n) for n in (1, 4, 9, 14, 40, 113)] == ["I", "IV", "IX", "XIV", "XL", "CXIII"]


def test_signature_thirds() -> None:
    assert Book().sheet("a", [10] * 9).thirds() == [(1, 3), (4, 6), (7, 9)]
    assert Book().sheet("b", [5, 5, 5, 80]).thirds() == [(1, 1), (2, 2), (3, 4)]


def test_row_heights_fit_wrapped_text(tmp_path: Path) -> None:
    book = Book()
    sheet = book.sheet("Thử", [6, 20, 12])
    long = "Hỗ trợ tiền ăn cho học viên không hưởng lương từ ngân sách nhà nước"
    sheet.append([sheet.number(1, "int"), sheet.text(long), sheet.number(5, "money")])
    sheet.append([sheet.number(2, "int"), sheet.text("Thuê xe"), sheet.number(5, "money")])
    sheet.merged(long, "subtitle")  # across the three columns: fewer lines
    writer = sheet.rows([("number", "int"), ("text", "text"), ("number", "money")])
    writer.append([3, long + " " + long, 7])
    sheet.merged(f"Nguồn kinh phí: {long}", "note")  # a funding line wraps, never cut off
    ws = _cells(book.save(tmp_path / "h.xlsx"))
    heights = [ws.row_dimensions[r].height for r in range(1, 6)]
    assert ws.cell(5, 1).alignment.wrap_text and heights[4] == 3 * 15 + 3
    assert heights[1] is None  # one line: the default height
    # 67 characters in a 20-wide column take 4 lines: room for 4 to 5 (rather too tall).
    assert 4 * 15 + 3 <= heights[0] <= 5 * 15 + 3
    assert heights[2] == 2 * 15 + 3  # across 38 characters of width: 2 lines
    assert 8 * 15 + 3 <= heights[3] <= 10 * 15 + 3


# --- budget ----------------------------------------------------------------------------------


def _budget(scope: str = "plan") -> BudgetSheet:
    meal = BudgetRow(
        "Hỗ trợ tiền ăn học viên",
        "TT 55/2023/TT-BTC, Điều 4, khoản 1",
        "người/ngày",
        80,
        200_000,
        16_000_000,
        "ok",
        200_000,
    )
    hall = BudgetRow(
        "Thuê hội trường, thiết bị",
        "TT 40/2017/TT-BTC, Điều 11",
        "ngày",
        2,
        3_000_000,
        6_000_000,
        "actual",
        note="HĐ số 12/2023",
    )
    fee = BudgetRow(
        "Thù lao giảng viên nhóm 2",
        "TT 36/2018/TT-BTC, Điều 5",
        "buổi",
        2,
        2_000_000,
        4_000_000,
        "overridden",
        1_800_000,
        True,
        "Mời chuyên gia",
    )
    banner = BudgetRow(EVIL[0], "", "lớp", 1, 500_000, 500_000, "over", 400_000)
    sections = [
        BudgetSection("TTDN23-L01: Lớp 1 (huyện Phong Thổ)", (meal, hall, fee), "TTDN23-L01"),
        BudgetSection("TTDN23-L02: Lớp 2 (huyện Sìn Hồ)", (meal, banner), "TTDN23-L02"),
    ]
    return BudgetSheet(
        unit=UNIT,
        heading=PaperHeading("Kế hoạch thông tin đối ngoại năm 2023", "KH-TTDN-2023",
                             funding="Quyết định số 420/QĐ-UBND ngày 13/03/2023"),
        sections=tuple(sections if scope == "plan" else sections[:1]),
        ceiling=50_000_000 if scope == "plan" else None,
        date=dt.date(2023, 4, 3),
        scope="plan" if scope == "plan" else "activity",
    )  # fmt: skip


def test_budget_pdf(tmp_path: Path) -> None:
    sheet = _budget()
    assert sheet.total == 42_500_000
    text = text_of(write_budget_pdf(sheet, tmp_path / "du-toan.pdf"))
    for phrase in (
        "DỰ TOÁN KINH PHÍ",
        "Kế hoạch thông tin đối ngoại năm 2023",
        "Lai Châu, ngày 03 tháng 4 năm 2023",
        "Nguồn kinh phí: Quyết định số 420/QĐ-UBND",
        "I TTDN23-L01: Lớp 1 (huyện Phong Thổ) 26.000.000",
        "II TTDN23-L02: Lớp 2 (huyện Sìn Hồ) 16.500.000",
        "Hỗ trợ tiền ăn học viên",
        "TT 55/2023/TT-BTC, Điều 4, khoản 1",
        "người/ngày",
        "16.000.000",
        "Trong định mức",
        "Theo thực tế; HĐ số 12/2023",
        "Vượt định mức (có lý do); cần kiểm tra; Mời chuyên gia",
        "Vượt định mức",
        "Tổng dự toán: 42.500.000 đồng",
        f"Số tiền bằng chữ: {amount_in_words(42_500_000)}.",
        "Kinh phí được giao: 50.000.000 đồng",
        "Còn lại so với kinh phí được giao: 7.500.000 đồng",
        "Người lập biểu",
        "Nguyễn Thị Minh Hằng",
    ):
        assert phrase in text, phrase


def test_budget_pdf_over_the_ceiling(tmp_path: Path) -> None:
    sheet = _budget()
    over = BudgetSheet(sheet.unit, sheet.heading, sheet.sections, ceiling=40_000_000)
    text = text_of(write_budget_pdf(over, tmp_path / "over.pdf"))
    assert "Vượt kinh phí được giao: 2.500.000 đồng" in text
    single = _budget("activity")
    text = text_of(write_budget_pdf(single, tmp_path / "one.pdf"))
    assert "Kinh phí được giao" not in text
    assert "Tổng dự toán: 26.000.000 đồng" in text


def test_budget_xlsx(tmp_path: Path) -> None:
    sheet = _budget()
    ws = _cells(write_budget_xlsx(sheet, tmp_path / "du-toan.xlsx"))
    assert ws.title == "Dự toán"
    assert ws.freeze_panes == "C10"
    assert ws.print_title_rows == "$9:$9"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert [c.value for c in ws[9]][:7] == [
        "STT", "Nội dung chi", "Căn cứ (định mức)", "Đơn vị tính", "Số lượng",
        "Mức chi (đồng)", "Thành tiền (đồng)",
    ]  # fmt: skip
    section = _find(ws, "TTDN23-L01: Lớp 1 (huyện Phong Thổ)").row
    assert ws.cell(section, 1).value == "I"
    assert ws.cell(section, 7).value == f"=SUBTOTAL(9,G{section + 1}:G{section + 3})"
    meal = section + 1
    assert ws.cell(meal, 5).value == 80 and ws.cell(meal, 6).value == 200_000
    assert ws.cell(meal, 7).value == f"=E{meal}*F{meal}"
    assert ws.cell(meal, 7).number_format == DONG_FORMAT
    assert ws.cell(meal, 8).value == 200_000
    assert ws.cell(meal, 9).value == f'=IF(F{meal}<=H{meal},"Trong định mức","Vượt định mức")'
    fee = meal + 2
    assert "có lý do" in ws.cell(fee, 9).value and "cần kiểm tra" in ws.cell(fee, 9).value
    # what the formula shows, "Vượt định mức (có lý do); cần kiểm tra", wraps: a taller row
    assert ws.row_dimensions[fee].height == 2 * 15 + 3
    assert ws.cell(meal + 1, 9).value == "Theo thực tế"  # no cap: plain text
    evil = _find(ws, EVIL[0])
    assert evil.data_type == "s"
    total = _find(ws, "Tổng cộng").row
    assert ws.cell(total, 7).value == f"=SUBTOTAL(9,G10:G{total - 1})"
    assert ws.cell(total + 1, 7).value == 50_000_000
    assert ws.cell(total + 2, 7).value == f"=G{total + 1}-G{total}"
    assert [ws["A1"].value, ws["D1"].value, ws["D2"].value] == [UNIT.parent.upper(), NATION, MOTTO]
    assert "A1:C1" in ws.merged_cells and "D1:J1" in ws.merged_cells
    words = ws.cell(total + 3, 1).value
    assert words.startswith(f"=IF(ROUND(G{total},0)=42500000,")
    assert amount_in_words(42_500_000) in words
    people = _find(ws, "Người lập biểu")
    assert people.offset(0, 3).value == "Kế toán trưởng"
    assert _find(ws, UNIT.chief_accountant).column == people.column + 3


# --- settlement ------------------------------------------------------------------------------


def _settlement() -> SettlementBook:
    payouts = (
        *(
            PayoutRow(NAMES[i], "Trưởng bản, Xã Bình Lư", Decimal(2), 400_000, 700_000, 50_000 * i)
            for i in range(6)
        ),
        PayoutRow(EVIL[3], "", Decimal("1.5"), 300_000, note=EVIL[0]),
    )
    meal = sum(p.meal for p in payouts)
    lines = (
        SettlementLine("Hỗ trợ tiền ăn học viên", 3_200_000, meal, "người/ngày", "meal"),
        SettlementLine("Tiền nghỉ học viên ở xa", 4_900_000, 4_100_000, "người/đêm"),
        SettlementLine("Thuê hội trường", 6_000_000, 5_500_000, "ngày", note="HĐ 12/2023"),
    )
    first = SettlementActivity(
        "TTDN23-L01", "Lớp 1 (huyện Phong Thổ)", lines, payouts,
        dt.date(2023, 10, 16), dt.date(2023, 10, 17), "Hội trường Sở",
    )  # fmt: skip
    second = SettlementActivity("TTDN23-L02", "Lớp 2", (lines[2],), ())
    return SettlementBook(
        unit=UNIT,
        plan_code="KH-TTDN-2023",
        plan_title="Thông tin đối ngoại 2023",
        activities=(first, second),
        plan_lines=(SettlementLine("In tài liệu chung", 1_000_000, 900_000),),
        ceiling=30_000_000,
        funding="Quyết định số 420/QĐ-UBND",
    )


def test_settlement_workbook(tmp_path: Path) -> None:
    book = _settlement()
    path = write_settlement_book(book, tmp_path / "quyet-toan.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Tổng hợp", "TTDN23-L01", "TTDN23-L02"]
    summary = wb["Tổng hợp"]
    assert summary["A4"].value == "QUYẾT TOÁN KINH PHÍ"
    assert summary.freeze_panes == "D10" and summary.print_title_rows == "$9:$9"
    head = _find(summary, "TTDN23-L01").row
    assert summary.cell(head, 1).value == "I"
    assert summary.cell(head, 5).value == f"=SUBTOTAL(9,E{head + 1}:E{head + 3})"
    assert summary.cell(head, 7).value == f"=F{head}-E{head}"
    meal = head + 1
    # The meal line is linked to the payout sheet's meal total; lodging is not: a figure.
    sheet = wb["TTDN23-L01"]
    total_row = _find(sheet, "Tổng cộng", 2).row
    assert summary.cell(meal, 6).value == f"='TTDN23-L01'!E{total_row}"
    assert summary.cell(meal + 1, 6).value == 4_100_000
    assert summary.cell(meal, 7).value == f"=F{meal}-E{meal}"
    assert summary.cell(meal, 5).number_format == DONG_FORMAT
    assert _find(summary, "Chi chung của kế hoạch").column == 3
    grand = _find(summary, "Tổng cộng").row
    assert summary.cell(grand, 6).value == f"=SUBTOTAL(9,F10:F{grand - 1})"
    assert summary.cell(grand + 1, 6).value == 30_000_000
    assert summary.cell(grand + 2, 6).value == f"=F{grand + 1}-F{grand}"
    assert summary.cell(grand + 3, 6).number_format == "0.0%"
    # The payout sheet.
    assert sheet["A4"].value == "BẢNG KÊ CHI TIỀN CHO NGƯỜI THAM DỰ TẬP HUẤN"
    assert sheet["A5"].value == "TTDN23-L01: Lớp 1 (huyện Phong Thổ)"
    assert sheet.freeze_panes == "C8" and sheet.print_title_rows == "$7:$7"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.column_dimensions["B"].width == 24
    assert [sheet.cell(8, c).value for c in range(1, 10)] == [
        1, "Lò Văn Thành", "Trưởng bản, Xã Bình Lư", 2, 400_000, 700_000, 0, 0, "=SUM(E8:H8)",
    ]  # fmt: skip
    assert sheet.cell(8, 5).number_format == DONG_FORMAT
    evil = sheet.cell(14, 2)
    assert evil.value == EVIL[3] and evil.data_type == "s" and evil.quotePrefix
    assert sheet.cell(14, 11).value == EVIL[0] and sheet.cell(14, 11).data_type == "s"
    assert sheet.cell(14, 4).value == 1.5
    assert sheet.cell(total_row, 5).value == f"=SUM(E8:E{total_row - 1})"
    assert sheet.cell(total_row, 9).value == f"=SUM(I8:I{total_row - 1})"
    empty = wb["TTDN23-L02"]
    assert _find(empty, "Tổng cộng", 2).offset(0, 3).value == 0


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")


def _convert(source: Path, out: Path, profile: Path, target: str = "xlsx") -> Path:
    """LibreOffice headless, with its own profile: opens the file (recalculating the formulas,
    which openpyxl leaves without cached values) and saves it as `target`."""
    assert SOFFICE
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", target, "--outdir", str(out), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return out


def _split_meal(book: SettlementBook) -> SettlementBook:
    """Class 1's meal paid as two lines (full days and a half day) of one payout column."""
    first = book.activities[0]
    meal, *rest = first.lines
    half = 300_000  # the half-day row's meal
    lines = (
        replace(meal, item="Tiền ăn (ngày đủ)", actual=meal.actual - half),
        replace(meal, item="Tiền ăn (nửa ngày)", estimate=0, actual=half),
        *rest,
    )
    return replace(book, activities=(replace(first, lines=lines), *book.activities[1:]))


@needs_soffice
def test_settlement_recalculates_in_libreoffice(tmp_path: Path) -> None:
    """One person's meal edited on the class sheet moves every total that holds it."""
    book = _split_meal(_settlement())
    source = write_settlement_book(book, tmp_path / "quyet-toan.xlsx")
    wb = openpyxl.load_workbook(source)
    sheet = wb["TTDN23-L01"]
    person = _find(sheet, "Lò Văn Thành", 2).row
    assert sheet.cell(person, 5).value == 400_000
    sheet.cell(person, 5).value = 400_000 + 12_345
    edited = tmp_path / "edited" / "quyet-toan.xlsx"
    edited.parent.mkdir()
    wb.save(edited)
    profile = tmp_path / "profile"
    before = openpyxl.load_workbook(
        _convert(source, tmp_path / "before", profile) / "quyet-toan.xlsx", data_only=True
    )
    after = openpyxl.load_workbook(
        _convert(edited, tmp_path / "after", profile) / "quyet-toan.xlsx", data_only=True
    )

    # Before the edit the workbook agrees with the data it was written from.
    summary = before["Tổng hợp"]
    grand = _find(summary, "Tổng cộng").row
    assert summary.cell(grand, 5).value == book.estimate
    assert summary.cell(grand, 6).value == book.actual
    assert summary.cell(grand, 7).value == book.actual - book.estimate
    assert summary.cell(grand + 2, 6).value == 30_000_000 - book.actual
    words = _find(summary, f"Số tiền bằng chữ: {amount_in_words(book.actual)}.")
    payout_total = _find(before["TTDN23-L01"], "Tổng cộng", 2).row
    assert before["TTDN23-L01"].cell(payout_total, 9).value == sum(
        p.total for p in book.activities[0].payouts
    )

    # Every cell that moved, moved by exactly the change; nothing else moved but the words.
    changed: dict[tuple[str, str], tuple[object, object]] = {}
    for ws in before.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                new = after[ws.title][cell.coordinate].value
                if new != cell.value:
                    changed[ws.title, cell.coordinate] = (cell.value, new)
    head = _find(summary, "TTDN23-L01").row
    full_meal, half_meal = head + 1, head + 2
    assert _find(summary, "Tiền ăn (nửa ngày)").row == half_meal
    moved = {
        ("TTDN23-L01", f"E{person}"),  # the edited cell
        ("TTDN23-L01", f"I{person}"),  # the person's total
        ("TTDN23-L01", f"E{payout_total}"),  # the meal column's total
        ("TTDN23-L01", f"I{payout_total}"),  # the class sheet's total
        ("Tổng hợp", f"F{half_meal}"),  # the meal line (the last of the column's lines)
        ("Tổng hợp", f"G{half_meal}"),  # its variance
        ("Tổng hợp", f"F{head}"),  # the class's actual
        ("Tổng hợp", f"G{head}"),  # the class's variance
        ("Tổng hợp", f"F{grand}"),  # the grand total
        ("Tổng hợp", f"G{grand}"),  # its variance
    }
    for key in moved:
        old, new = changed.pop(key)
        assert isinstance(old, int | float) and isinstance(new, int | float), key
        assert new - old == 12_345, key
    remaining, share = (("Tổng hợp", f"F{grand + k}") for k in (2, 3))
    old, new = changed.pop(remaining)
    assert old - new == 12_345  # type: ignore[operator]
    changed.pop(share)
    # The amounts in words no longer match: both now ask to be rewritten.
    stale = {key: value for key, value in changed.items() if "bằng chữ" in str(value[1])}
    assert set(stale) == {
        ("Tổng hợp", words.coordinate),
        ("TTDN23-L01", f"A{payout_total + 1}"),
    }
    assert all("cần ghi lại bằng chữ" in str(new) for _, new in stale.values())
    assert not set(changed) - set(stale), changed
    assert after["Tổng hợp"].cell(full_meal, 6).value == book.activities[0].lines[0].actual


@needs_soffice
def test_workbooks_display_in_libreoffice(tmp_path: Path) -> None:
    """What LibreOffice shows: days as 2 or 1.5 (never "2."), and the printed heading."""
    source = write_settlement_book(_settlement(), tmp_path / "quyet-toan.xlsx")
    out = _convert(
        source, tmp_path / "csv", tmp_path / "profile",
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,2",
    )  # fmt: skip
    (shown,) = out.glob("*.csv")
    rows = list(csv.reader(shown.read_text(encoding="utf-8").splitlines()))
    days = [row[3] for row in rows if row and row[0].isdigit()]
    assert days == ["2"] * 6 + [DAYS_SHOWN]
    assert rows[0][3] == NATION and rows[1][3] == MOTTO
    pdf = _convert(source, tmp_path / "pdf", tmp_path / "profile", "pdf") / "quyet-toan.pdf"
    text = text_of(pdf)
    for phrase in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "QUYẾT TOÁN KINH PHÍ",
        "Người lập biểu",
        "Kế toán trưởng",
        "Thủ trưởng đơn vị",
        "Nguyễn Thị Minh Hằng",
    ):
        assert phrase in text, phrase  # fmt: skip


# --- roster ----------------------------------------------------------------------------------


def test_roster_xlsx(tmp_path: Path) -> None:
    rows = (
        RosterRow("Lò Văn Thành", "M", 1971, "Thái", "Trưởng bản", "Bản Nà Tăm", "Xã Bình Lư",
                  "Huyện Tam Đường", "Lai Châu", "012071000123", "0912345678",
                  activity_code="TTDN23-L01"),
        RosterRow("Lò Thị Hường", "F", 1982, cccd="012182000456", note=EVIL[1]),
        RosterRow(EVIL[0], None, None),
    )  # fmt: skip
    roster = RosterExport("DANH SÁCH HỌC VIÊN", rows, "Tất cả học viên", with_activity=True)
    ws = _cells(write_roster_xlsx(roster, tmp_path / "ds.xlsx"))
    assert [c.value for c in ws[5]] == [
        "STT", "Họ và tên", "Năm sinh", None, "Dân tộc", "Chức vụ", "Thôn, bản", "Xã", "Huyện",
        "Tỉnh", "Số CCCD", "Số điện thoại", "Lớp", "Ghi chú",
    ]  # fmt: skip
    assert ws["C6"].value == "Nam" and ws["D6"].value == "Nữ"
    assert "C5:D5" in ws.merged_cells
    assert ws.freeze_panes == "C7" and ws.print_title_rows == "$5:$6"
    first = [c.value for c in ws[7]]
    assert first[:4] == [1, "Lò Văn Thành", 1971, None]
    assert first[10] == "012071000123"  # text: the leading zero stays
    assert ws["K7"].data_type == "s"
    assert first[12] == "TTDN23-L01"
    second = [c.value for c in ws[8]]
    assert second[2:4] == [None, 1982]
    assert ws["N8"].value == EVIL[1] and ws["N8"].data_type == "s"
    assert ws["B9"].value == EVIL[0] and ws["B9"].data_type == "s" and ws["B9"].quotePrefix
    assert ws.max_row == 9
