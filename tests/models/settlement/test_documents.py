"""Actual spending by document: several documents per line, invoices with symbol, seller and
seller's tax code; an actual above the estimate is flagged like a cap violation."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from models.attendance.marks import set_all_present
from models.budget.documents import Document
from models.budget.edit import record_line_documents, record_override
from models.budget.estimate import estimate_activity
from models.db import Database
from models.entities.tables import Venue
from models.errors import MoneyError
from models.lookup import activity_id
from models.settlement.compute import settle_activity
from models.settlement.locking import lock_activity

DAY = dt.date(2023, 10, 17)


def test_a_hired_hall_settled_by_a_contract_and_an_invoice(demo_url: str) -> None:
    db = Database(demo_url)
    with db.write() as s:
        for venue in s.scalars(select(Venue)):
            venue.organiser_owned = False  # a hired hall: 2 days × 3.000.000 in the estimate
        l01 = activity_id(s, "TTDN23-L01")
        hall = next(x for x in estimate_activity(s, l01).lines if x.key == "hall")
        set_all_present(s, l01, by="x")
    with pytest.raises(MoneyError, match="hóa đơn số 0000123 thiếu ký hiệu, đơn vị bán"), \
            db.write() as s:  # fmt: skip
        record_line_documents(s, hall.line_id, [Document("invoice", "0000123", DAY, 1_000_000)])
    contract = Document("contract", "12/2023/HĐ-TTDN", DAY, 5_500_000)
    invoice = Document(
        "invoice",
        "0000123",
        DAY,
        1_000_000,
        symbol="1C23TLC",
        seller="Công ty TNHH Âm thanh Lai Châu",
        seller_tax_code="6200012345",
    )
    with db.write() as s:
        record_line_documents(s, hall.line_id, [contract, invoice])
        settled = settle_activity(s, l01)
    line = next(x for x in settled.lines if x.key == "hall")
    assert (line.actual_amount, line.estimate_amount) == (6_500_000, 6_000_000)
    assert line.document_ref == (
        "Hợp đồng số 12/2023/HĐ-TTDN ngày 17/10/2023; "
        "Hóa đơn số 0000123 ký hiệu 1C23TLC ngày 17/10/2023"
    )
    assert line.status == "above_cap"  # spent above the estimate, no reason yet
    assert any("thực chi 6.500.000 vượt dự toán 6.000.000" in w for w in settled.warnings)
    with pytest.raises(MoneyError, match="không khóa được"), db.write() as s:
        lock_activity(s, l01, by="Kế toán")
    with db.write() as s:
        record_override(s, hall.line_id, "Thuê thêm âm thanh theo phụ lục hợp đồng")
    with db.write() as s:
        assert next(x for x in settle_activity(s, l01).lines if x.key == "hall").status == (
            "overridden"
        )
        lock_activity(s, l01, by="Kế toán")
    db.close()
