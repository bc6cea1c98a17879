"""Page layout an accountant accepts: the total, the amount in words and the signatures never
stand alone on a page: the table's last rows move with them (issue 11). Checked by reading the
PDFs back, for every length of list from 1 to 60, on the sign-in sheet and the payout list,
and on the demo's estimate and lecturer paper that used to break badly."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import replace as replace_person
from pathlib import Path

import pytest

from models.papers.data import SignInPerson
from reports.payout import write_payout
from reports.signin import write_sign_in
from tests.reports.helpers import NAMES, flat, pages
from tests.reports.test_payout import _sheet as payout_sheet
from tests.reports.test_signin import _sheet as sign_in_sheet

SIGNERS = "Người lập"
MM = 72 / 25.4


def _person(i: int) -> SignInPerson:
    return SignInPerson(
        full_name=NAMES[i % len(NAMES)], birth_year=1970 + i % 30, gender="M" if i % 2 else "F",
        ethnicity="Thái", position="Trưởng bản", village="Bản Nà Tăm", commune="Xã Bình Lư",
    )  # fmt: skip


def _rows_on(text: str) -> int:
    """Table rows on a page: each data row, and only a data row, names the village."""
    return flat(text).count("Nà Tăm")


def _check(path: Path, rows: int) -> None:
    texts = pages(path)
    signed = [t for t in texts if SIGNERS in t]
    assert len(signed) == 1, path
    carried = _rows_on(signed[0])
    assert carried >= min(2, rows), (path, rows, len(texts))  # never the footer alone
    assert sum(_rows_on(t) for t in texts) == rows  # every row printed once


@pytest.mark.parametrize("count", range(1, 61))
def test_sign_in_signatures_keep_their_rows(tmp_path: Path, count: int) -> None:
    path = write_sign_in(sign_in_sheet([_person(i) for i in range(count)]), tmp_path / "s.pdf")
    _check(path, count)
    if count <= 7:  # a 7-person sheet fits on one page
        assert len(pages(path)) == 1


@pytest.mark.parametrize("count", range(1, 61))
def test_payout_total_and_signatures_keep_their_rows(tmp_path: Path, count: int) -> None:
    path = write_payout(payout_sheet(count), tmp_path / "p.pdf")
    _check(path, count)


def test_the_demo_papers_that_used_to_break(tmp_path: Path, demo_url: str) -> None:
    """TTDN23-L01's estimate put "Tổng cộng" alone on page 2; its lecturer paper its footer."""
    from models.db import Database
    from models.lookup import activity_by_code
    from models.papers.money import budget_sheet, lecturer_fee_sheet
    from reports.budget import write_budget_pdf
    from reports.lecturer_fees import write_lecturer_fees

    db = Database(demo_url)
    with db.write() as s:
        aid = activity_by_code(s, "TTDN23-L01").id
        estimate = budget_sheet(s, activity_id=aid, date=dt.date(2023, 10, 10))
        lecturers = lecturer_fee_sheet(s, aid, date=dt.date(2023, 10, 17))
    db.close()
    # The estimate's travel line shows where its rate per km comes from.
    assert "lít/km × giá xăng" in estimate.travel_basis
    assert f"Tiền đi lại theo km: {estimate.travel_basis}" in flat(
        " ".join(pages(write_budget_pdf(estimate, tmp_path / "b.pdf")))
    )
    for path in (
        write_budget_pdf(estimate, tmp_path / "du-toan.pdf"),
        write_lecturer_fees(lecturers, tmp_path / "giang-vien.pdf"),
    ):
        texts = pages(path)
        last = texts[-1]
        assert SIGNERS in last and "Tổng cộng" in last
        # at least one item row above the total: a row number 1–99 at a line start
        body = [line for line in last.splitlines() if line.strip()[:2].strip().isdigit()]
        assert body, (path, last)


# --- page sums, margins, payout paper furniture -----------------------------------------------

MONEY = re.compile(r"\d{1,3}(?:\.\d{3})+|\b\d+\b")


def _layout_pages(path: Path) -> list[str]:
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return out.split("\f")[:-1]


def _amount(line: str) -> int:
    """The last amount on a line: the "Tổng cộng" column of a payout row or sum row."""
    return int(MONEY.findall(line)[-1].replace(".", ""))


def test_each_page_sum_is_its_rows_and_the_carried_figure_adds_up(tmp_path: Path) -> None:
    sheet = payout_sheet(60)
    path = write_payout(sheet, tmp_path / "p.pdf")
    texts = _layout_pages(path)
    assert len(texts) > 2
    carried = 0
    for index, text in enumerate(texts):
        lines = text.splitlines()
        numbers = [int(m.group(1)) for ln in lines if (m := re.match(r"\s*(\d+)\s+\D", ln))]
        page = sum(sheet.rows[n - 1].total for n in numbers)
        assert numbers, index
        if index:
            (line,) = [ln for ln in lines if "Cộng trang trước chuyển sang" in ln]
            assert _amount(line) == carried
        (line,) = [ln for ln in lines if re.match(r"\s*Cộng trang\s+\d", ln)]
        assert _amount(line) == page, index
        carried += page
        if index < len(texts) - 1:
            (line,) = [ln for ln in lines if "Cộng chuyển sang trang sau" in ln]
            assert _amount(line) == carried
    assert carried == sheet.total


def _boxes(path: Path) -> list[tuple[float, float, float, float, float, float, str]]:
    """Every word's box in points: page width, height, xMin, yMin, xMax, yMax, word."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    out = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S):
        w, h = float(page.group(1)), float(page.group(2))
        for m in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
            page.group(3),
        ):
            x0, y0, x1, y1 = (float(m.group(i)) for i in range(1, 5))
            out.append((w, h, x0, y0, x1, y1, m.group(5)))
    return out


def test_margins_follow_the_decree(tmp_path: Path) -> None:
    """ND30 Phụ lục I: left (binding) 30–35 mm, right 15–20 mm, top and bottom 20–25 mm;
    only the page number sits in the top margin."""
    from models.papers.data import LecturerFeeSheet
    from reports.lecturer_fees import write_lecturer_fees
    from tests.reports.helpers import UNIT
    from tests.reports.test_payout import HEADING, LECTURERS

    paths = [
        write_payout(payout_sheet(60), tmp_path / "p.pdf"),
        write_sign_in(sign_in_sheet([_person(i) for i in range(40)]), tmp_path / "s.pdf"),
        write_lecturer_fees(LecturerFeeSheet(UNIT, HEADING, LECTURERS * 4), tmp_path / "g.pdf"),
    ]
    for path in paths:
        boxes = _boxes(path)
        assert boxes
        for w, h, x0, y0, x1, y1, word in boxes:
            assert x0 >= 30 * MM - 0.5, (path.name, word, x0 / MM)
            assert x1 <= w - 15 * MM + 0.5, (path.name, word, (w - x1) / MM)
            assert y1 <= h - 20 * MM + 0.5, (path.name, word, (h - y1) / MM)
            if y0 < 20 * MM - 0.5:  # in the top margin: the page number, centred
                assert re.fullmatch(r"\d+(/\d+)?", word), (path.name, word)
                assert abs((x0 + x1) / 2 - w / 2) < 3


def test_payout_paper_has_its_number_address_and_audience(tmp_path: Path) -> None:
    from dataclasses import replace

    from models.papers.data import OUTREACH_PAYOUT_TITLE

    sheet = payout_sheet(3)
    text = flat(" ".join(pages(write_payout(sheet, tmp_path / "a.pdf"))))
    assert f"Số: ……………/BK-{sheet.heading.activity_code}" in text
    assert f"Địa chỉ: {sheet.unit.address}" in text
    assert "Tổng số: 3 học viên" in text
    outreach = replace(sheet, title=OUTREACH_PAYOUT_TITLE, audience="người tham dự")
    text = flat(" ".join(pages(write_payout(outreach, tmp_path / "b.pdf"))))
    assert "BUỔI TRUYỀN THÔNG" in text and "Tổng số: 3 người tham dự" in text
    assert "học viên" not in text


def test_a_commune_name_is_never_cut(tmp_path: Path) -> None:
    long = "Xã Nậm Cuổi Mường Khoa Thượng"
    person = replace_person(_person(0), commune=long)
    path = write_sign_in(sign_in_sheet([person]), tmp_path / "s.pdf")
    lines = _layout_pages(path)[0].replace("\xa0", " ").splitlines()
    # Too long for the Xã column even a little smaller: wrapped between its words, each
    # word whole on some line (never "Mườ" / "ng").
    words = {w for ln in lines for w in ln.split()}
    assert set(long.split()) <= words
    short = "Xã Ma Li Pho"  # fits a little smaller: kept on one line
    path = write_sign_in(
        sign_in_sheet([replace_person(_person(0), commune=short)]), tmp_path / "t.pdf"
    )
    lines = _layout_pages(path)[0].replace("\xa0", " ").splitlines()
    assert any(short in re.sub(r" +", " ", ln) for ln in lines)


def test_demo_payout_and_lecturer_papers_show_their_basis(tmp_path: Path, demo_url: str) -> None:
    """Travel shows km, the rate per km and the petrol price; the lecturer paper carries every
    cost, gross, tax and net, and each page of the payout list its sums."""
    from models.attendance.marks import set_all_present
    from models.db import Database
    from models.lookup import activity_by_code
    from models.papers.money import lecturer_fee_sheet
    from models.papers.money import payout_sheet as build_payout
    from reports.lecturer_fees import write_lecturer_fees

    db = Database(demo_url)
    with db.write() as s:
        aid = activity_by_code(s, "TTDN23-L01").id
        set_all_present(s, aid, by="test")
    with db.write() as s:
        payout = build_payout(s, aid)
        lecturers = lecturer_fee_sheet(s, aid)
    db.close()
    assert payout.travel_rate and payout.petrol_price
    text = flat(" ".join(pages(write_payout(payout, tmp_path / "p.pdf"))))
    rate = f"{payout.travel_rate:,}".replace(",", ".")
    petrol = f"{payout.petrol_price:,}".replace(",", ".")
    assert f"× {rate} đồng/km" in text and f"giá xăng {petrol} đồng/lít" in text
    row = next(r for r in payout.rows if r.travel)
    assert f"{row.travel_km} km × {rate} đ" in text
    assert "Cộng trang" in text and "Căn cứ mức chi: TT 55/2023/TT-BTC" in text
    texts = pages(write_lecturer_fees(lecturers, tmp_path / "gv.pdf"))
    text = flat(" ".join(texts))
    for phrase in ("Thù lao", "Đi lại", "Tiền nghỉ", "Phụ cấp lưu trú", "Thuế TNCN",
                   "Thực nhận", "Số CCCD, mã số thuế", "Ký nhận", "/GV-TTDN23-L01"):  # fmt: skip
        assert phrase in text, phrase
    total = f"{lecturers.total:,}".replace(",", ".")
    assert f"Tổng số tiền: {total} đồng" in text
    assert lecturers.total == sum(r.gross for r in lecturers.rows) > lecturers.fees
    signed = [t for t in texts if SIGNERS in t]
    assert len(signed) == 1 and "Thực nhận" in signed[0]  # the table goes on with the signers


def test_outreach_payout_names_the_delegate_rule(tmp_path: Path, campaign_url: str) -> None:
    from models.db import Database
    from models.lookup import activity_by_code
    from models.papers.money import NobodyPaidError
    from models.papers.money import payout_sheet as build_payout

    db = Database(campaign_url)
    with db.write() as s:
        aid = activity_by_code(s, "CDTT23-B001").id
        with pytest.raises(NobodyPaidError):  # nobody is paid: no empty list
            build_payout(s, aid)
        sheet = build_payout(s, aid, include_zero=True)
    db.close()
    assert sheet.audience == "người tham dự"
    assert "Điều 12, khoản 4" in sheet.basis and "TT 55/2023" not in sheet.basis
    text = flat(" ".join(pages(write_payout(sheet, tmp_path / "b.pdf"))))
    assert "BẢNG KÊ CHI TIỀN CHO NGƯỜI THAM DỰ BUỔI TRUYỀN THÔNG" in text
    assert f"Tổng số: {len(sheet.rows)} người tham dự" in text
    assert "học viên" not in text


@pytest.mark.parametrize("count", range(1, 25))
def test_lecturer_signatures_keep_their_rows_and_page_sums_add_up(
    tmp_path: Path, count: int
) -> None:
    from models.papers.data import LecturerFeeRow, LecturerFeeSheet
    from reports.lecturer_fees import write_lecturer_fees
    from tests.reports.helpers import UNIT
    from tests.reports.test_payout import HEADING

    rows = tuple(
        LecturerFeeRow(
            f"{NAMES[i % len(NAMES)]} Nà Tăm", "Giảng viên, Trường Chính trị tỉnh", 3, 2,
            1_500_000, 3_000_000, withheld=300_000, travel=460_000 * (i % 3), lodging=350_000,
            per_diem=200_000, cccd=f"0120870{i:05d}", tax_code=f"80123{i:05d}",
        )
        for i in range(count)
    )  # fmt: skip
    sheet = LecturerFeeSheet(UNIT, HEADING, rows, date=dt.date(2023, 10, 17))
    path = write_lecturer_fees(sheet, tmp_path / "gv.pdf")
    _check(path, count)
    texts = _layout_pages(path)
    numbered = [
        (
            text,
            [int(m.group(1)) for ln in text.splitlines() if (m := re.match(r"\s*(\d+)\s+\D", ln))],
        )
        for text in texts
    ]
    numbered = [(text, numbers) for text, numbers in numbered if numbers]
    if len(numbered) > 1:  # a list longer than a page: each page's sum is its rows' net
        carried = 0
        for text, numbers in numbered:
            page = sum(rows[n - 1].net for n in numbers)
            (line,) = [ln for ln in text.splitlines() if re.match(r"\s*Cộng trang\s+\d", ln)]
            assert _amount(line) == page, numbers
            carried += page
        assert carried == sheet.net
    else:  # on one page: no page sums
        assert "Cộng trang" not in texts[-1]
