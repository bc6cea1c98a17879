"""Hợp đồng thuê khoán chuyên môn (a lecturer's teaching contract) and biên bản nghiệm thu và
thanh lý hợp đồng, per lecturer per class, with the amounts of the settlement: the fee (buổi
actually taught × the tier's rate, Thông tư 36/2018/TT-BTC Điều 5), the personal income tax
withheld (10 % of a payment of 2,000,000 đ or more without a commitment 08/CK-TNCN, Thông tư
111/2013/TT-BTC Điều 25 khoản 1 điểm i) and the net paid; models.settlement computes them.
Travel, lodging and per-diem of lecturers are reimbursed costs, not part of the contract.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.entities.tables import Lecturer
from models.lookup import get_activity
from models.papers.forms import ContractKind, ContractSet, LecturerContract
from models.papers.sign_in import activity_heading, unit_info

__all__ = ["build_contracts"]


def build_contracts(
    session: Session,
    *,
    activity_id: int,
    kind: ContractKind = "contract",
    date: dt.date | None = None,
    refresh: bool = False,
) -> ContractSet:
    """One class's lecturers who taught (or are paid); a contract is dated on the first day,
    its acceptance on the last, unless `date`."""
    from models.settlement.compute import settle_activity

    activity = get_activity(session, activity_id)
    settled = settle_activity(session, activity_id, refresh=refresh)
    ids = [lec.lecturer_id for lec in settled.lecturers]
    people = {lec.id: lec for lec in session.scalars(select(Lecturer).where(Lecturer.id.in_(ids)))}
    contracts = []
    for lec in settled.lecturers:
        if not (lec.fee or lec.sessions):
            continue
        row = people[lec.lecturer_id]
        contracts.append(
            LecturerContract(
                full_name=lec.full_name,
                title=", ".join(p for p in (lec.title, lec.agency) if p.strip()),
                cccd=row.cccd,
                tax_code=row.tax_code,
                tax_commitment=row.tax_commitment,
                sessions=lec.sessions,
                rate=lec.rate,
                gross=lec.fee,
                withheld=lec.withheld,
            )
        )
    default = activity.start_date if kind == "contract" else activity.end_date
    return ContractSet(
        unit=unit_info(activity.plan.org_unit),
        heading=activity_heading(activity),
        kind=kind,
        lecturers=tuple(contracts),
        date=date or default,
    )


def contracts(session: Session, activity_id: int, *, date: dt.date | None = None) -> ContractSet:
    """The lecturer contracts of one class, as the paper registry builds them."""
    return build_contracts(session, activity_id=activity_id, kind="contract", date=date)


def acceptances(session: Session, activity_id: int, *, date: dt.date | None = None) -> ContractSet:
    """The acceptance and liquidation records of one class, as the registry builds them."""
    return build_contracts(session, activity_id=activity_id, kind="acceptance", date=date)
