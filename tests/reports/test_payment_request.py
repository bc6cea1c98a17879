"""Payment and advance requests: totals equal the settlement and the estimate to the đồng."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from models.attendance.marks import set_all_present
from models.entities.tables import Activity
from models.lookup import plan_id
from models.papers.requests import build_payment_request
from models.settlement.data import to_json
from models.text.words import amount_in_words
from reports.numbers import money
from reports.payment_request import write_payment_request_pdf
from tests.reports.helpers import text_of


def _first_class(s: Any) -> tuple[int, int]:
    from models.demo import scenarios as demo

    pid = plan_id(s, demo.PLAN_A)
    return pid, s.scalars(select(Activity.id).where(Activity.plan_id == pid)).first()


def test_payment_equals_settlement(demo_db: Any, tmp_path: Path) -> None:
    from models.settlement.compute import settle_activity

    with demo_db.write() as s:
        _, aid = _first_class(s)
        set_all_present(s, aid, by="test")
    with demo_db.read() as s:
        settled = json.loads(to_json(settle_activity(s, aid)))
        data = build_payment_request(s, activity_id=aid, advanced=1_000_000)
    assert data.total == settled["total"] > 0
    assert data.due == data.total - 1_000_000
    assert any(line.budget_code for line in data.lines)
    text = text_of(write_payment_request_pdf(data, tmp_path / "tt.pdf"))
    assert "GIẤY ĐỀ NGHỊ THANH TOÁN" in text and "Mẫu số C37-HD" in text
    assert money(data.total) in text and money(data.due) in text
    assert amount_in_words(data.due) in text
    assert "Người đề nghị thanh toán" in text and "Kế toán trưởng" in text


def test_plan_advance_equals_estimate(demo_db: Any, tmp_path: Path) -> None:
    from models.budget.estimate import estimate_plan

    with demo_db.read() as s:
        pid, _ = _first_class(s)
        est = estimate_plan(s, pid)
        expected = sum(x.amount for a in est.activities for x in a.lines)
        expected += sum(x.amount for x in est.plan_lines)
        data = build_payment_request(s, plan_id=pid, kind="advance", advanced=5)
    assert data.total == expected == est.total > 0
    assert data.advanced == 0  # nothing is deducted from an advance
    text = text_of(write_payment_request_pdf(data, tmp_path / "tu.pdf"))
    assert "GIẤY ĐỀ NGHỊ TẠM ỨNG" in text and "Mẫu số C32-HD" in text
    assert "Lý do tạm ứng" in text and money(data.total) in text


def test_one_of_class_or_plan(demo_db: Any) -> None:
    with demo_db.read() as s, pytest.raises(ValueError):
        build_payment_request(s)


def test_half_days_carry_their_whole_days_sub_item(demo_db: Any, tmp_path: Path) -> None:
    """Someone away for one buổi is paid a half day: a line the estimate never had. It is
    asked for under the whole day's tiểu mục (6658 for meals), on the request and the
    summary alike, so the treasury sees a code on every line."""
    from models.attendance.marks import set_attendance_by_cccd
    from models.entities.tables import Enrollment, Person
    from models.papers.summary import settlement_summary

    with demo_db.write() as s:
        pid, aid = _first_class(s)
        set_all_present(s, aid, by="test")
        cccd = s.scalars(
            select(Person.cccd).join(Enrollment).where(Enrollment.activity_id == aid)
        ).first()
        set_attendance_by_cccd(s, aid, [cccd], "absent", by="test", session_no=2)
    with demo_db.read() as s:
        data = build_payment_request(s, plan_id=pid)
        summary = settlement_summary(s, plan_id=pid)
    half = [x for x in data.lines if x.item.endswith("(nửa ngày)")]
    assert half and all(x.budget_code for x in data.lines), data.lines
    whole = {x.item: x.budget_code for x in data.lines}
    assert all(x.budget_code == whole[x.item.removesuffix(" (nửa ngày)")] for x in half)
    assert all(r.sub_item for r in summary.rows)


@pytest.mark.parametrize("count", range(1, 31))
def test_signatures_keep_two_lines_above_the_total(tmp_path: Path, count: int) -> None:
    """However many lines, the page with the signatures holds "Cộng" and two lines above."""
    import datetime as dt

    from models.papers.data import UnitInfo
    from models.papers.forms import PaymentRequest, RequestLine
    from tests.reports.helpers import pages

    unit = UnitInfo(name="Sở Thông tin và Truyền thông tỉnh Lai Châu", parent="UBND TỈNH LAI CHÂU",
                    preparer="Nguyễn Thị Minh Hằng", chief_accountant="Phạm Văn Tuấn",
                    head="Lê Đức Thịnh", head_title="GIÁM ĐỐC")  # fmt: skip
    lines = tuple(RequestLine(f"Khoản chi số {n}", 1_000 * n, "6658") for n in range(1, count + 1))
    for advanced in (0, 500):
        data = PaymentRequest(unit=unit, kind="payment", requester=unit.preparer,
                              department=unit.name, purpose="Thanh toán", lines=lines,
                              classification="", advanced=advanced, date=dt.date(2023, 11, 7),
                              scope_code="L01")  # fmt: skip
        texts = pages(write_payment_request_pdf(data, tmp_path / "tt.pdf"))
        signed = [t for t in texts if "Kế toán trưởng" in t]
        assert len(signed) == 1
        assert signed[0].count("Khoản chi số") >= min(2, count), (count, advanced, len(texts))
        assert sum(t.count("Khoản chi số") for t in texts) == count


def test_manual_lines_keep_their_own_sub_items(demo_db: Any) -> None:
    """Manual lines have no key: two in one class (a hall, printing) keep their own tiểu mục
    on the request and on the summary, never the other's."""
    from models.budget.edit import add_line, record_actual, update_line
    from models.papers.summary import settlement_summary

    with demo_db.write() as s:
        pid, aid = _first_class(s)
        set_all_present(s, aid, by="test")
        for text, code in (("Thuê hội trường", "6757"), ("In tài liệu", "6651")):
            line = add_line(s, plan_id=pid, activity_id=aid, description=text, quantity=1,
                            unit="lớp", rate=1_000_000)  # fmt: skip
            update_line(s, line, budget_code=code)
            record_actual(s, line, 1_000_000, "HĐ 01")
    with demo_db.read() as s:
        request = {x.item: x.budget_code for x in build_payment_request(s, activity_id=aid).lines}
        summary = {r.label: r.sub_item for r in settlement_summary(s, plan_id=pid).rows}
    for codes in (request, summary):
        assert (codes["Thuê hội trường"], codes["In tài liệu"]) == ("6757", "6651"), codes
