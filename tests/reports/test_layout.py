"""Page layout an accountant accepts: the total, the amount in words and the signatures never
stand alone on a page: the table's last rows move with them (issue 11). Checked by reading the
PDFs back, for every length of list from 1 to 60, on the sign-in sheet and the payout list,
and on the demo's estimate and lecturer paper that used to break badly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from models.papers.data import SignInPerson
from reports.payout import write_payout
from reports.signin import write_sign_in
from tests.reports.helpers import NAMES, flat, pages
from tests.reports.test_payout import _sheet as payout_sheet
from tests.reports.test_signin import _sheet as sign_in_sheet

SIGNERS = "Người lập"


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
