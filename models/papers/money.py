"""The money papers' data: payout list, lecturer fees, estimate and settlement book.

Amounts come from the settlement (attendance), never from the estimate, except on the estimate
itself; each function takes an open Session and ids and returns `models.papers.data` objects.
The money core is imported here only, so the sign-in sheets never load it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.budget.estimate import EstimateLine
from models.entities.enums import ActivityKind
from models.entities.tables import Activity, Plan, Venue
from models.errors import UserError
from models.i18n_marks import N_
from models.lookup import get_activity, get_plan
from models.papers.data import (
    OUTREACH_PAYOUT_TITLE,
    PAYOUT_TITLE,
    BudgetRow,
    BudgetSection,
    BudgetSheet,
    BudgetStatus,
    LecturerFeeRow,
    LecturerFeeSheet,
    PaperHeading,
    PayoutColumn,
    PayoutRow,
    PayoutSheet,
    SettlementActivity,
    SettlementBook,
    SettlementLine,
)
from models.papers.sign_in import activity_heading, funding_text, unit_info
from models.settlement.compute import PAYOUT_COLUMNS, ActivitySettlement
from models.settlement.compute import SettlementLine as SettlementLineData

__all__ = [
    "NobodyPaidError",
    "budget_sheet",
    "lecturer_fee_sheet",
    "payout_sheet",
    "settlement_book",
]


class NobodyPaidError(UserError):
    """A payout list with no one on it: no paper is made (an empty list is not a document)."""


_STATUS: dict[str, BudgetStatus] = {
    "within_cap": "ok",
    "above_cap": "over",
    "overridden": "overridden",
    "no_cap": "actual",
}


def _position(position: str, village: str, commune: str) -> str:
    """ "Chức vụ, đơn vị": "Trưởng bản, Bản Nà Tăm, Xã Bình Lư"."""
    return ", ".join(part for part in (position, village, commune) if part.strip())


def _days(half_days: int) -> Decimal:
    return Decimal(half_days) / 2


def _payout_rows(
    settled: ActivitySettlement, *, include_zero: bool, km_rate: int | None = None
) -> tuple[PayoutRow, ...]:
    return tuple(
        PayoutRow(
            full_name=p.full_name,
            position=_position(p.position, p.village, p.commune),
            days=_days(p.half_days),
            meal=p.meal,
            lodging=p.lodging,
            travel=p.travel,
            per_diem=p.per_diem,
            travel_km=_km(p.travel, km_rate),
        )
        for p in settled.people
        if include_zero or p.total
    )


def _km(travel: int, rate: int | None) -> int | None:
    """The km a travel amount pays at `rate` đồng/km, when it is exactly that."""
    if not travel or not rate or travel % rate:
        return None
    return travel // rate


def _km_rate(settled: ActivitySettlement, prefix: str = "") -> int | None:
    """The đồng-per-km rate of the travel lines (own vehicle or flat per km), when there is
    one: tickets have none, and two different rates are not printed as one."""
    rates = {
        line.actual_rate
        for line in settled.lines
        if line.key.startswith(f"{prefix}travel") and line.actual_rate and line.actual_amount
    }
    return rates.pop() if len(rates) == 1 else None


def _petrol(activity: Activity, rate: int | None) -> tuple[int | None, str]:
    """The petrol price of the activity's first day and the litres per km it gives `rate`
    (TT 40/2017/TT-BTC Điều 5 khoản 2 điểm b: 0,2 lít xăng × km × giá xăng)."""
    from models.budget.rules import petrol_price_on

    price = petrol_price_on(activity.plan, activity.start_date)
    if not rate or not price:
        return None, ""
    litres = Decimal(rate) / Decimal(price)
    text = f"{litres.quantize(Decimal('0.01')).normalize():f}".replace(".", ",")
    return price, text


def _basis(settled: ActivitySettlement, outreach: bool) -> str:
    """The rules the amounts are paid under: the sources of the payout's lines; for outreach
    sessions the delegate rule, not the learner's."""
    sources: list[str] = []
    for line in settled.lines:
        if line.key in PAYOUT_COLUMNS and line.actual_amount and line.source.strip():
            if line.source not in sources:
                sources.append(line.source)
    who = (
        "người tham dự buổi truyền thông, chi theo mức cho đại biểu không hưởng lương "
        "(TT 40/2017/TT-BTC, Điều 12, khoản 4)"
        if outreach
        else "học viên lớp tập huấn (TT 55/2023/TT-BTC, Điều 4, khoản 1)"
    )
    text = f"Đối tượng: {who}"
    return f"{text}. Căn cứ mức chi: {'; '.join(sources)}" if sources else text


def payout_sheet(
    session: Session,
    activity_id: int,
    *,
    date: dt.date | None = None,
    include_zero: bool = False,
    refresh: bool = False,
) -> PayoutSheet:
    """The payout list of one activity, from its settlement (attendance, not the estimate).

    People paid nothing (absent, or with no support) are left out unless `include_zero`.
    The paper is dated on the last day of the activity unless `date` is given. The
    estimate's lines are read as stored: every write keeps them current
    (models.budget.current); `refresh` brings them up to date first, for a caller inside a
    write that has not committed yet.
    """
    from models.settlement.compute import settle_activity
    from models.settlement.held import load_for_settlement

    activity = load_for_settlement(session, activity_id)
    settled = settle_activity(session, activity_id, refresh=refresh)
    km_rate = _km_rate(settled)
    rows = _payout_rows(settled, include_zero=include_zero, km_rate=km_rate)
    if not rows:
        raise NobodyPaidError(
            N_("{code}: không có ai được chi tiền (chưa điểm danh, hoặc không có khoản chi "
               "cho người tham dự), nên không lập bảng kê chi tiền."),
            code=activity.code,
        )  # fmt: skip
    outreach = activity.kind is ActivityKind.OUTREACH
    price, litres = _petrol(activity, km_rate)
    return PayoutSheet(
        unit=unit_info(activity.plan.org_unit),
        heading=activity_heading(activity),
        rows=rows,
        title=OUTREACH_PAYOUT_TITLE if outreach else PAYOUT_TITLE,
        date=date or activity.end_date,
        warnings=settled.warnings,
        audience="người tham dự" if outreach else "học viên",
        basis=_basis(settled, outreach),
        travel_rate=km_rate,
        petrol_price=price,
        litres_per_km=litres,
    )


def _lecturer_ids(withheld: int, lecturer_id: int, session: Session) -> tuple[str, str, str]:
    """CCCD, tax code and the note on the commitment form (mẫu 08/CK-TNCN)."""
    from models.entities.tables import Lecturer

    lec = session.get(Lecturer, lecturer_id)
    if lec is None:
        return "", "", ""
    note = "có cam kết 08/CK-TNCN" if lec.tax_commitment and not withheld else ""
    return lec.cccd or "", lec.tax_code or "", note


def lecturer_fee_sheet(
    session: Session, activity_id: int, *, date: dt.date | None = None, refresh: bool = False
) -> LecturerFeeSheet:
    """Lecturer fees of one activity: the buổi actually taught at the tier's rate."""
    from models.settlement.compute import settle_activity

    activity = get_activity(session, activity_id)
    settled = settle_activity(session, activity_id, refresh=refresh)
    km_rate = _km_rate(settled, "lecturer_")
    rows = []
    for lec in settled.lecturers:
        if not (lec.total or lec.sessions):
            continue
        cccd, tax_code, note = _lecturer_ids(lec.withheld, lec.lecturer_id, session)
        rows.append(
            LecturerFeeRow(
                full_name=lec.full_name,
                title=", ".join(p for p in (lec.title, lec.agency) if p.strip()),
                tier=lec.tier,
                sessions=lec.sessions,
                rate=lec.rate,
                amount=lec.fee,
                withheld=lec.withheld,
                travel=lec.travel,
                lodging=lec.lodging,
                per_diem=lec.per_diem,
                cccd=cccd,
                tax_code=tax_code,
                note=note,
                travel_km=_km(lec.travel, km_rate),
            )
        )
    price, litres = _petrol(activity, km_rate)
    return LecturerFeeSheet(
        unit=unit_info(activity.plan.org_unit),
        heading=activity_heading(activity),
        rows=tuple(rows),
        date=date or activity.end_date,
        travel_rate=km_rate,
        petrol_price=price,
        litres_per_km=litres,
        warnings=settled.warnings,
    )


def _budget_rows(lines: Iterable[EstimateLine], *, include_empty: bool) -> tuple[BudgetRow, ...]:
    rows = []
    for line in lines:
        if not include_empty and not line.amount:
            continue
        notes = [line.override_reason, line.document_ref]
        rows.append(
            BudgetRow(
                item=line.description,
                source=line.source,
                unit=line.unit,
                quantity=line.quantity,
                rate=line.rate,
                amount=line.amount,
                status=_STATUS.get(line.status, "actual"),
                cap=line.cap,
                needs_verification=line.needs_verification,
                note="; ".join(n for n in notes if n.strip()),
                budget_code=line.classification.sub_item,
            )
        )
    return tuple(rows)


def _dots(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _estimate_travel_basis(lines: Iterable[EstimateLine], activity: Activity) -> str:
    """The km rate of the estimate's travel lines with the petrol price it comes from
    (TT 40/2017/TT-BTC Điều 5 khoản 2 điểm b); "" when there is none or several."""
    rates = sorted({line.rate for line in lines if "travel" in line.key and line.rate})
    if len(rates) != 1:
        return ""
    price, litres = _petrol(activity, rates[0])
    text = f"{_dots(rates[0])} đồng/km"
    if price and litres:
        text += f" ({litres} lít/km × giá xăng {_dots(price)} đồng/lít)"
    return text


def _plan_travel_basis(session: Session, activities: Iterable[Any]) -> str:
    """One text when every activity has the same basis; else each with its code."""
    texts = {
        a.code: text
        for a in activities
        if (text := _estimate_travel_basis(a.lines, get_activity(session, a.activity_id)))
    }
    if len(set(texts.values())) == 1:
        return next(iter(texts.values()))
    return "; ".join(f"{code}: {text}" for code, text in texts.items())


def budget_sheet(
    session: Session,
    *,
    activity_id: int | None = None,
    plan_id: int | None = None,
    date: dt.date | None = None,
    include_empty: bool = False,
    refresh: bool = False,
) -> BudgetSheet:
    """The estimate of one activity, or of a plan (a section per activity, then the plan's
    own lines) against its funding ceiling. Lines of 0 đồng are left out unless
    `include_empty` (generated lines waiting for a rate)."""
    from models.budget.estimate import estimate_activity, estimate_plan

    if (activity_id is None) == (plan_id is None):
        raise ValueError("give exactly one of activity_id and plan_id")
    if activity_id is not None:
        activity = get_activity(session, activity_id)
        est = estimate_activity(session, activity_id, refresh=refresh)
        return BudgetSheet(
            unit=unit_info(activity.plan.org_unit),
            heading=activity_heading(activity),
            sections=(
                BudgetSection(
                    title=activity.title,
                    code=activity.code,
                    rows=_budget_rows(est.lines, include_empty=include_empty),
                ),
            ),
            date=date,
            scope="activity",
            warnings=est.warnings,
            classification=plan_codes(activity.plan),
            travel_basis=_estimate_travel_basis(est.lines, activity),
        )
    assert plan_id is not None
    plan = get_plan(session, plan_id)
    plan_est = estimate_plan(session, plan_id, refresh=refresh)
    sections = [
        BudgetSection(
            title=f"{a.code}: {a.title}",
            code=a.code,
            rows=_budget_rows(a.lines, include_empty=include_empty),
        )
        for a in plan_est.activities
    ]
    plan_rows = _budget_rows(plan_est.plan_lines, include_empty=include_empty)
    if plan_rows:
        sections.append(BudgetSection(title="Chi chung của kế hoạch", rows=plan_rows))
    return BudgetSheet(
        unit=unit_info(plan.org_unit),
        heading=PaperHeading(
            activity_title=plan.title,
            activity_code=plan.code,
            funding=funding_text(plan.funding_source),
        ),
        sections=tuple(sections),
        ceiling=plan.funding_source.ceiling if plan.funding_source else None,
        date=date,
        scope="plan",
        warnings=plan_est.warnings,
        classification=plan_codes(plan),
        travel_basis=_plan_travel_basis(session, plan_est.activities),
    )


def plan_codes(plan: Plan) -> str:
    """The plan's part of the budget classification, as printed under the estimate."""
    from models.budget.estimate import Classification

    return Classification(
        chapter=plan.budget_chapter, sector=plan.budget_sector, programme=plan.programme_code
    ).text


def _settlement_lines(
    lines: Iterable[SettlementLineData], payouts: tuple[PayoutRow, ...]
) -> tuple[SettlementLine, ...]:
    lines = list(lines)
    # Lines are linked to a payout column's total when together they make up that column to
    # the đồng (meal for full and half days: two lines, one column); the workbook then derives
    # them from the payout rows. Otherwise it keeps their figures.
    by_column: dict[PayoutColumn, list[int]] = defaultdict(list)
    for index, line in enumerate(lines):
        column = PAYOUT_COLUMNS.get(line.key)
        if column is not None:
            by_column[column].append(index)
    linked: dict[int, PayoutColumn] = {}
    for column, indexes in by_column.items():
        total = sum(getattr(p, column) for p in payouts)
        if sum(lines[i].actual_amount for i in indexes) == total:
            linked.update(dict.fromkeys(indexes, column))
    out = []
    for index, line in enumerate(lines):
        notes = [line.document_ref]
        if line.missing_document:
            notes.append("thiếu chứng từ")
        out.append(
            SettlementLine(
                item=line.description,
                estimate=line.estimate_amount,
                actual=line.actual_amount,
                unit=line.unit,
                payout_column=linked.get(index),
                note="; ".join(n for n in notes if n.strip()),
            )
        )
    return tuple(out)


def settlement_book(
    session: Session, plan_id: int, *, date: dt.date | None = None, refresh: bool = False
) -> SettlementBook:
    """The plan's settlement: estimate against actual per activity and line, each
    activity's payout rows (everyone enrolled, in name order), against the ceiling."""
    from models.settlement.compute import settle_plan

    plan = get_plan(session, plan_id)
    settled = settle_plan(session, plan_id, refresh=refresh)
    venues: dict[int, str] = {
        aid: name
        for aid, name in session.execute(
            select(Activity.id, Venue.name)
            .join(Venue, Venue.id == Activity.venue_id)
            .where(Activity.plan_id == plan_id)
        )
    }
    activities = []
    for a in settled.activities:
        payouts = _payout_rows(a, include_zero=True, km_rate=_km_rate(a))
        activities.append(
            SettlementActivity(
                code=a.code,
                title=a.title,
                lines=_settlement_lines(a.lines, payouts),
                payouts=payouts,
                start=a.start,
                end=a.end,
                venue=venues.get(a.activity_id, ""),
            )
        )
    return SettlementBook(
        unit=unit_info(plan.org_unit),
        plan_code=plan.code,
        plan_title=plan.title,
        activities=tuple(activities),
        plan_lines=_settlement_lines(settled.plan_lines, ()),
        ceiling=plan.funding_source.ceiling if plan.funding_source else None,
        funding=funding_text(plan.funding_source),
        date=date,
        warnings=settled.warnings,
    )
