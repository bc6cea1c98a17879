"""Personal income tax withheld from lecturer fees: TT 111/2013/TT-BTC Điều 25 khoản 1 điểm i
(10 % of a payment of 2,000,000 đ or more; none with form 08/CK-TNCN)."""

from __future__ import annotations

from sqlalchemy import select

from models.db import Database
from models.entities.tables import ClassSession, Lecturer
from models.lookup import activity_id
from models.planning.setup import update_session
from models.settlement.compute import settle_activity


def _lan_anh(db: Database) -> tuple[int, int, int, int]:
    """(fee, total, withheld, net) of Hoàng Thị Lan Anh (tier 3) in TTDN23-L01."""
    with db.write() as s:
        settled = settle_activity(s, activity_id(s, "TTDN23-L01"))
    (row,) = [x for x in settled.lecturers if x.full_name == "Hoàng Thị Lan Anh"]
    return row.fee, row.total, row.withheld, row.net


def test_a_fee_from_two_million_has_ten_percent_withheld(demo_url: str) -> None:
    db = Database(demo_url)
    # One buổi at tier 3: 1,500,000 đ, under the 2,000,000 threshold: nothing withheld.
    assert _lan_anh(db) == (1_500_000, 1_500_000, 0, 1_500_000)
    with db.write() as s:  # she teaches a second buổi of the class: one payment of 3,000,000
        lan_anh = s.scalar(select(Lecturer).where(Lecturer.full_name == "Hoàng Thị Lan Anh"))
        assert lan_anh is not None
        free = s.scalars(
            select(ClassSession)
            .where(ClassSession.activity_id == activity_id(s, "TTDN23-L01"))
            .where(ClassSession.lecturer_id != lan_anh.id)
            .order_by(ClassSession.on_date.desc())
        ).first()
        assert free is not None
        update_session(s, free.id, lecturer_id=lan_anh.id, topic="", taught=True)
    # 2 × 1,500,000 = 3,000,000 ≥ 2,000,000: 10 % = 300,000 withheld, net 2,700,000.
    assert _lan_anh(db) == (3_000_000, 3_000_000, 300_000, 2_700_000)
    with db.write() as s:  # she gave the payer form 08/CK-TNCN
        lan_anh = s.scalar(select(Lecturer).where(Lecturer.full_name == "Hoàng Thị Lan Anh"))
        assert lan_anh is not None
        lan_anh.tax_commitment = True
    assert _lan_anh(db) == (3_000_000, 3_000_000, 0, 3_000_000)
    db.close()


def test_the_lecturer_paper_shows_gross_withheld_and_net(demo_url: str, tmp_path: object) -> None:
    from models.papers.money import lecturer_fee_sheet

    db = Database(demo_url)
    with db.write() as s:
        lan_anh = s.scalar(select(Lecturer).where(Lecturer.full_name == "Hoàng Thị Lan Anh"))
        assert lan_anh is not None
        lan_anh.cccd, lan_anh.tax_code = "012087001234", "8012345678"
        first = activity_id(s, "TTDN23-L01")
        free = s.scalars(
            select(ClassSession).where(
                ClassSession.activity_id == first, ClassSession.lecturer_id != lan_anh.id
            )
        ).first()
        assert free is not None
        update_session(s, free.id, lecturer_id=lan_anh.id, topic="", taught=True)
    with db.write() as s:
        sheet = lecturer_fee_sheet(s, activity_id(s, "TTDN23-L01"))
    (row,) = [r for r in sheet.rows if r.full_name == "Hoàng Thị Lan Anh"]
    assert (row.amount, row.withheld, row.net) == (3_000_000, 300_000, 2_700_000)
    assert (row.cccd, row.tax_code) == ("012087001234", "8012345678")
    assert sheet.withheld == 300_000 and sheet.net == sheet.total - 300_000
    db.close()
