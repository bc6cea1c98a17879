"""Bảng tổng hợp quyết toán (issue 11): per budget item across a plan's classes, with the
tiểu mục, estimate, actual and remaining; per commune for campaigns. Its figures add up to
the settlement to the đồng, and the PDF prints them."""

from __future__ import annotations

from pathlib import Path

from models.attendance.marks import set_all_present
from models.db import Database
from models.lookup import activity_by_code, plan_by_code
from models.papers.summary import settlement_summary
from models.settlement.compute import settle_plan
from reports.summary import write_summary_pdf
from tests.reports.helpers import text_of


def test_the_summary_adds_up_to_the_settlement(demo_db: Database, tmp_path: Path) -> None:
    with demo_db.write() as s:
        set_all_present(s, activity_by_code(s, "TTDN23-L01").id, by="x")
        plan = plan_by_code(s, "KH-TTDN-2023").id
        settled = settle_plan(s, plan)
        by_item = settlement_summary(s, plan_id=plan)
        by_commune = settlement_summary(s, plan_id=plan, by_commune=True)
    assert by_item.actual == settled.total == by_commune.actual
    assert by_item.estimate == settled.estimate_total == 549_587_600  # scenario A's estimate
    codes = {r.label: r.sub_item for r in by_item.rows}
    assert codes["Hỗ trợ tiền ăn học viên"] == "6658" and codes["Nước uống giữa giờ"] == "6699"
    meals = next(r for r in by_item.rows if r.label == "Hỗ trợ tiền ăn học viên")
    assert meals.actual == 40 * 2 * 200_000  # only class 1 has attendance: 40 people, 2 days
    assert all(r.remaining == r.estimate - r.actual for r in by_item.rows)
    assert sum(r.count for r in by_commune.rows) == 7  # every class in one commune row
    path = write_summary_pdf(by_item, tmp_path / "tong-hop.pdf")
    text = text_of(path)
    assert "BẢNG TỔNG HỢP QUYẾT TOÁN KINH PHÍ" in text and "549.587.600" in text
    assert f"{settled.total:,}".replace(",", ".") in text and "Tiểu mục" in text


def test_by_commune_the_total_row_counts_the_sessions_and_people(
    demo_db: Database, tmp_path: Path
) -> None:
    """A campaign's summary by commune: the total row adds up the buổi and those present."""
    from tests.reports.helpers import pages

    with demo_db.write() as s:
        for code in ("TTDN23-L01", "TTDN23-L02"):
            set_all_present(s, activity_by_code(s, code).id, by="x")
        sheet = settlement_summary(s, plan_id=plan_by_code(s, "KH-TTDN-2023").id, by_commune=True)
    people = sum(r.people for r in sheet.rows)
    assert people == 80 and sum(r.count for r in sheet.rows) == 7
    total = next(line for line in pages(write_summary_pdf(sheet, tmp_path / "xa.pdf"))[-1]
                 .splitlines() if "Tổng cộng" in line)  # fmt: skip
    assert total.split()[:4] == ["Tổng", "cộng", "7", "80"], total
