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
