"""Payout list and lecturer fee list PDFs, checked through their text."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

from models.papers.data import (
    LecturerFeeRow,
    LecturerFeeSheet,
    PaperHeading,
    PayoutRow,
    PayoutSheet,
)
from models.text.words import amount_in_words
from reports.lecturer_fees import write_lecturer_fees
from reports.numbers import money
from reports.payout import days_text, write_payout
from tests.reports.helpers import NAMES, PAGE_NUMBER, UNIT, flat, page_numbers, pages, text_of

HEADING = PaperHeading(
    activity_title="Lớp 1: Bồi dưỡng kiến thức đối ngoại cho Trưởng bản (huyện Phong Thổ)",
    activity_code="TTDN23-L01",
    start=dt.date(2023, 10, 16),
    end=dt.date(2023, 10, 17),
    venue="Hội trường Sở Thông tin và Truyền thông tỉnh Lai Châu",
    funding="Dự án 10, Tiểu dự án 1; Quyết định số 420/QĐ-UBND ngày 13/03/2023",
)


def _rows(count: int, *, per_diem: bool = False) -> tuple[PayoutRow, ...]:
    return tuple(
        PayoutRow(
            full_name=NAMES[i % len(NAMES)],
            position="Trưởng bản, Bản Nà Tăm, Xã Bình Lư",
            days=Decimal("1.5") if i % 4 == 3 else Decimal(2),
            meal=300_000 if i % 4 == 3 else 400_000,
            lodging=700_000 if i % 3 else 0,
            travel=123_450 * (i % 3),
            per_diem=200_000 if per_diem and i == 0 else 0,
            note="Vắng chiều ngày 2" if i % 4 == 3 else "",
        )
        for i in range(count)
    )


def _sheet(count: int = 45, **kw: bool) -> PayoutSheet:
    return PayoutSheet(
        unit=UNIT, heading=HEADING, rows=_rows(count, **kw), date=dt.date(2023, 10, 17)
    )


@pytest.fixture(scope="module")
def payout_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[PayoutSheet, Path]:
    sheet = _sheet()
    path = tmp_path_factory.mktemp("payout") / "bang-ke.pdf"
    assert write_payout(sheet, path) == path
    return sheet, path


def test_payout_text(payout_pdf: tuple[PayoutSheet, Path]) -> None:
    sheet, path = payout_pdf
    text = text_of(path)
    for name in NAMES:
        assert name in text, name
    total = sheet.total
    assert total == sum(r.meal + r.lodging + r.travel for r in sheet.rows)
    for phrase in (
        "BẢNG KÊ CHI TIỀN CHO NGƯỜI THAM DỰ TẬP HUẤN",
        HEADING.activity_title,
        "Từ ngày 16/10/2023 đến ngày 17/10/2023",
        "Địa điểm: Hội trường Sở Thông tin và Truyền thông tỉnh Lai Châu",
        "Nguồn kinh phí: Dự án 10",
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH LAI CHÂU",
        "Mã QHNS: 1052817",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Họ và tên",
        "Chức vụ, đơn vị",
        "Số ngày",
        "Tiền ăn",
        "Tiền nghỉ",
        "Tiền đi lại",
        "Tổng cộng",
        "Ký nhận",
        "Ghi chú",
        f"Tổng số tiền: {money(total)} đồng",
        f"Số tiền bằng chữ: {amount_in_words(total)}.",
        "Lai Châu, ngày 17 tháng 10 năm 2023",
        "Người lập biểu",
        "Kế toán trưởng",
        "Thủ trưởng đơn vị",
        "GIÁM ĐỐC",
        "Nguyễn Thị Minh Hằng",
        "Phạm Văn Tuấn",
        "Lê Đức Thịnh",
        "Vắng chiều ngày 2",
    ):
        assert phrase in text, phrase
    # The total row: each column's sum, and the grand total.
    for value in (sheet.meal, sheet.lodging, sheet.travel, total):
        assert money(value) in text
    assert "1,5" in text  # half days with a decimal comma
    # No per-diem column when nobody gets one.
    assert "Phụ cấp lưu trú" not in text


def test_payout_pages_numbered_and_headed(payout_pdf: tuple[PayoutSheet, Path]) -> None:
    _, path = payout_pdf
    texts = [flat(t) for t in pages(path)]
    assert len(texts) > 2
    assert not PAGE_NUMBER.search(texts[0].split("BẢNG KÊ")[0])
    assert page_numbers(path) == ["", *(str(n) for n in range(2, len(texts) + 1))]
    for number, text in enumerate(texts[1:], start=2):
        if number < len(texts):
            assert "Họ và tên" in text and "Ký nhận" in text  # header row repeated
            assert "CỘNG HÒA" not in text
    assert "Số tiền bằng chữ" in texts[-1]
    assert "Thủ trưởng đơn vị" in texts[-1]


def test_per_diem_column_appears_when_paid(tmp_path: Path) -> None:
    sheet = _sheet(5, per_diem=True)
    text = text_of(write_payout(sheet, tmp_path / "p.pdf"))
    assert "Phụ cấp lưu trú" in text
    assert f"Tổng số tiền: {money(sheet.total)} đồng" in text
    assert sheet.total == sum(r.total for r in sheet.rows)
    assert sheet.per_diem == 200_000


def test_nfd_names_and_empty_list(tmp_path: Path) -> None:
    rows = tuple(PayoutRow(unicodedata.normalize("NFD", n), meal=100_000) for n in NAMES[:3])
    sheet = PayoutSheet(UNIT, HEADING, rows)
    text = " ".join(pages(write_payout(sheet, tmp_path / "nfd.pdf")))
    assert not any(unicodedata.combining(ch) for ch in text)
    for name in NAMES[:3]:
        assert name in flat(text)
    assert "Lai Châu, ngày ..... tháng ..... năm ......" in flat(text)  # no date: blanks
    empty = PayoutSheet(UNIT, HEADING, ())
    text = text_of(write_payout(empty, tmp_path / "empty.pdf"))
    assert "Tổng số tiền: 0 đồng" in text
    assert "Số tiền bằng chữ: Không đồng." in text


def test_days_text() -> None:
    assert days_text(Decimal(2)) == "2"
    assert days_text(Decimal("1.5")) == "1,5"
    assert days_text(Decimal("0.5")) == "0,5"
    assert days_text(Decimal("85.50")) == "85,5"


def test_money_must_be_whole_dong() -> None:
    with pytest.raises(TypeError):
        PayoutRow("Lò Văn Thành", meal=1.5)  # type: ignore[arg-type]


def test_missing_directory_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_payout(_sheet(3), tmp_path / "no" / "x.pdf")
    assert list(tmp_path.iterdir()) == []


# --- lecturer fees ---------------------------------------------------------------------------

LECTURERS = (
    LecturerFeeRow("Vũ Mạnh Cường", "Phó Cục trưởng, Bộ Thông tin và Truyền thông", 2, 1,
                   1_800_000, 1_800_000),
    LecturerFeeRow("Hoàng Thị Lan Anh", "Phó Giám đốc Sở", 3, 2, 1_500_000, 3_000_000),
    LecturerFeeRow("Lò Văn Pản", "Trưởng phòng Tuyên truyền", 4, 1, 1_200_000, 1_200_000),
)  # fmt: skip


def test_lecturer_fee_text(tmp_path: Path) -> None:
    sheet = LecturerFeeSheet(UNIT, HEADING, LECTURERS, date=dt.date(2023, 10, 17))
    assert sheet.total == 6_000_000
    text = text_of(write_lecturer_fees(sheet, tmp_path / "gv.pdf"))
    for phrase in (
        "BẢNG THANH TOÁN THÙ LAO VÀ CÔNG TÁC PHÍ GIẢNG VIÊN",
        HEADING.activity_title,
        "Vũ Mạnh Cường",
        "Hoàng Thị Lan Anh",
        "Lò Văn Pản",
        "Phó Cục trưởng, Bộ Thông tin và Truyền thông",
        "(nhóm 3)",
        "Số buổi",
        "Mức chi (đồng/ buổi)",
        "1.800.000",
        "3.000.000",
        "Tổng số tiền: 6.000.000 đồng",
        "Số tiền bằng chữ: Sáu triệu đồng.",
        "Lai Châu, ngày 17 tháng 10 năm 2023",
        "Kế toán trưởng",
        "Lê Đức Thịnh",
    ):
        assert phrase in text, phrase
