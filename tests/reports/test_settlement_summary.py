"""Settlement summary by item and by commune: totals equal the plan's settlement to the đồng."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from models.attendance.marks import set_all_present
from models.entities.tables import Activity
from models.lookup import plan_id
from models.papers.summary import build_settlement_summary
from reports.numbers import money
from reports.summary import write_settlement_summary_pdf
from tests.reports.helpers import text_of


def test_by_item_and_by_commune(demo_db: Any, tmp_path: Path) -> None:
    from models.demo import scenarios as demo
    from models.settlement.compute import settle_plan

    with demo_db.write() as s:
        pid = plan_id(s, demo.PLAN_A)
        for aid in s.scalars(select(Activity.id).where(Activity.plan_id == pid)).all():
            set_all_present(s, aid, by="test")
    with demo_db.read() as s:
        settled = settle_plan(s, pid)
        items = build_settlement_summary(s, plan_id=pid)
        communes = build_settlement_summary(s, plan_id=pid, by="commune")
    assert items.estimate == settled.estimate_total
    assert items.total == settled.total > 0
    assert all(r.budget_code for r in items.items)
    learners = [p for p in settled.people if p.role == "learner"]
    assert communes.total == sum(p.meal + p.lodging + p.travel for p in learners) > 0
    assert sum(r.people for r in communes.communes) == len(learners)
    text = text_of(write_settlement_summary_pdf(items, tmp_path / "th.pdf"))
    assert "BẢNG TỔNG HỢP QUYẾT TOÁN KINH PHÍ" in text and "Tiểu mục" in text
    assert "Còn lại" in text and money(items.total) in text
    text = text_of(write_settlement_summary_pdf(communes, tmp_path / "xa.pdf"))
    assert "THEO XÃ" in text and communes.communes[0].commune in text
    assert money(communes.total) in text
