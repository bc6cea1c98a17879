"""Lecturer contracts and acceptance records: gross, tax withheld and net from the settlement."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pypdf import PdfReader
from sqlalchemy import select

from models.entities.tables import Activity
from models.lookup import plan_id
from models.papers.contracts import build_contracts
from models.papers.forms import ContractSet, LecturerContract
from models.text.words import amount_in_words
from reports.contracts import write_contracts_pdf
from reports.numbers import money_dong
from tests.reports.helpers import UNIT, text_of


def test_amounts_equal_the_settlement(demo_db: Any, tmp_path: Path) -> None:
    from models.demo import scenarios as demo
    from models.settlement.compute import settle_activity

    with demo_db.read() as s:
        pid = plan_id(s, demo.PLAN_A)
        aid = s.scalars(select(Activity.id).where(Activity.plan_id == pid)).first()
        settled = settle_activity(s, aid)
        data = build_contracts(s, activity_id=aid)
        done = build_contracts(s, activity_id=aid, kind="acceptance")
    fees = {lec.full_name: (lec.fee, lec.withheld) for lec in settled.lecturers if lec.fee}
    assert {c.full_name: (c.gross, c.withheld) for c in data.lecturers} == fees
    assert data.total == sum(f for f, _ in fees.values()) > 0
    path = write_contracts_pdf(data, tmp_path / "hd.pdf")
    assert len(PdfReader(path).pages) >= len(data.lecturers)
    text = text_of(path)
    first = data.lecturers[0]
    assert "HỢP ĐỒNG THUÊ KHOÁN CHUYÊN MÔN" in text and first.full_name in text
    assert f"Giá trị hợp đồng: {money_dong(first.gross)}" in text
    text = text_of(write_contracts_pdf(done, tmp_path / "nt.pdf"))
    assert "BIÊN BẢN NGHIỆM THU VÀ THANH LÝ HỢP ĐỒNG" in text
    assert f"Số tiền bên A thanh toán cho bên B: {money_dong(first.net)}" in text


def test_tax_withheld_is_printed(tmp_path: Path) -> None:
    from models.papers.data import PaperHeading

    lec = LecturerContract("Lê Văn Ước", "Giảng viên", "012166565316", "8012345678", False,
                           sessions=4, rate=600_000, gross=2_400_000, withheld=240_000)  # fmt: skip
    data = ContractSet(UNIT, PaperHeading("Lớp 1"), "acceptance", (lec,))
    text = text_of(write_contracts_pdf(data, tmp_path / "t.pdf"))
    assert f"(10 %): {money_dong(240_000)} ({amount_in_words(240_000)})" in text
    assert f"Số tiền bên A thanh toán cho bên B: {money_dong(2_160_000)}" in text
