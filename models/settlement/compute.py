"""Settlement (quyết toán): computed from attendance, not from the estimate.

* Meal support, drinks: per session attended (a buổi is half a day; see models.budget.rules).
* Lodging: nights actually stayed, derived from the dates attended (models.budget.rules).
* Travel: only for people who came at least once.
* Lecturer fees: per buổi actually taught (ClassSession.taught) at the tier rate.
* Lines without a formula (hall, banners, printing, manual lines…): the actual amount and its
  document reference, recorded by `models.budget_edit.record_actual`.

Rates are those of the activity's estimate lines (the approved rate, checked against its cap);
a half-day is paid at the daily rate halved, rounded half up to the đồng. Every computed line
is actual quantity × actual rate, and the payout list adds up to those lines to the đồng.

A locked activity (models.settlement.locking) returns the settlement kept when it was locked.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import replace
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from models.budget.entitlements import (
    BY_INVOICE,
    HALF_SUFFIX,
    LECTURER_PREFIX,
    lecturer_quantities,
    nights,
    person_quantities,
)
from models.budget.entitlements import Presence as Attended
from models.budget.estimate import (
    ABOVE_CAP,
    NO_CAP,
    OVERRIDDEN,
    ActivityEstimate,
    EstimateLine,
    estimate_activity,
    estimate_plan,
)
from models.budget.rules import (
    TRAVEL_SUFFIXES,
    Participant,
    Rules,
    build_rules,
    check_amount,
    days_text,
    half_rate,
    income_tax_withheld,
    lecturer_refs,
    participants,
)
from models.entities.enums import LockAction, Presence, TravelMethod
from models.entities.tables import (
    Activity,
    ActivityLockEvent,
    Attendance,
    BudgetLine,
    ClassSession,
    Enrollment,
    Person,
    Plan,
)
from models.errors import MoneyError
from models.guard import require_unlocked
from models.i18n_marks import N_, Text
from models.lookup import get_activity, get_plan
from models.papers.data import PayoutColumn
from models.settlement.data import (
    ActivitySettlement,
    LecturerPayout,
    PersonPayout,
    PlanSettlement,
    SettlementLine,
    from_json,
    verified_snapshot,
)
from models.settlement.double_pay import paid_twice
from models.text.words import amount_in_words

__all__ = [
    "ATTENDANCE",
    "DOCUMENT",
    "ActivitySettlement",
    "LecturerPayout",
    "PersonPayout",
    "PlanSettlement",
    "SettlementLine",
    "compute_settlement",
    "set_travel_actual",
    "settle_activity",
    "settle_plan",
]

ATTENDANCE: Final = "attendance"
DOCUMENT: Final = "document"
# Estimate keys whose amounts are paid to people, and the payout column each one fills.
PAYOUT_COLUMNS: Final[dict[str, PayoutColumn]] = {
    "meal": "meal",
    "meal_half": "meal",
    "lodging": "lodging",
    "organiser_lodging": "lodging",
    "lodging_leader": "lodging",
    "organiser_lodging_leader": "lodging",
    "organiser_per_diem": "per_diem",
    **{
        f"{who}travel{suffix}": "travel"
        for who in ("", "organiser_")
        for suffix in ("", *TRAVEL_SUFFIXES.values())
    },
}


# --- computing ------------------------------------------------------------------------------


def _presence(session: Session, activity_id: int) -> dict[int, Attended]:
    """enrollment_id -> sessions attended per date ("present" only)."""
    per: dict[int, Counter[dt.date]] = defaultdict(Counter)
    rows = session.execute(
        select(Attendance.enrollment_id, ClassSession.on_date)
        .join(ClassSession, Attendance.session_id == ClassSession.id)
        .where(ClassSession.activity_id == activity_id, Attendance.status == Presence.PRESENT)
    ).all()
    for enrollment_id, on_date in rows:
        per[enrollment_id][on_date] += 1
    return {eid: Attended(dict(days)) for eid, days in per.items()}


def _rate(estimate: dict[str, EstimateLine], key: str) -> int | None:
    """The rate a computed key is paid at: its estimate line's, or for a half day the daily
    line's rate halved (rounded half up). None: not in the estimate, so not paid."""
    if key in estimate:
        return estimate[key].rate
    if key.endswith(HALF_SUFFIX) and key.removesuffix(HALF_SUFFIX) in estimate:
        return half_rate(estimate[key.removesuffix(HALF_SUFFIX)].rate)
    return None


def _settled(
    line: EstimateLine,
    basis: str,
    quantity: int | None,
    rate: int | None,
    amount: int,
    *,
    missing_document: bool = False,
) -> SettlementLine:
    """An estimate line with what was actually spent on it."""
    return SettlementLine(
        line_id=line.line_id,
        activity_code=line.activity_code,
        key=line.key,
        description=line.description,
        norm_code=line.norm_code,
        source=line.source,
        unit=line.unit,
        basis=basis,
        estimate_quantity=line.quantity,
        estimate_rate=line.rate,
        estimate_amount=line.amount,
        actual_quantity=quantity,
        actual_rate=rate,
        actual_amount=amount,
        variance=amount - line.amount,
        status=line.status,
        document_ref=line.document_ref,
        missing_document=missing_document,
    )


def _document_line(line: EstimateLine, actual: int | None) -> SettlementLine:
    amount = actual or 0
    missing = amount > 0 and line.status == NO_CAP and not line.document_ref.strip()
    settled = _settled(line, DOCUMENT, None, None, amount, missing_document=missing)
    if amount > line.amount:  # spent above the estimate: like a cap, until a reason is given
        status = OVERRIDDEN if line.override_reason else ABOVE_CAP
        settled = replace(settled, status=status)
    return settled


def _by_invoice(key: str) -> bool:
    """Rooms paid to the hotel by invoice: a document line, never a payout."""
    return key.removeprefix("organiser_").removeprefix(LECTURER_PREFIX) in BY_INVOICE


def _by_document(rules: Rules, key: str) -> bool:
    """Lines settled from documents even though people are entitled to them: rooms by
    invoice, and a lecturer's tickets (the ticket amounts are on the line, not per person)."""
    tickets = rules.key_method(key) == TravelMethod.ACTUAL
    return _by_invoice(key) or (tickets and key.startswith(LECTURER_PREFIX))


def _is_computed(key: str) -> bool:
    return (
        key in PAYOUT_COLUMNS or key in ("drinks", "drinks_half") or key.startswith(LECTURER_PREFIX)
    )


def _estimate_and_rules(
    session: Session, activity: Activity, *, refresh: bool
) -> tuple[ActivityEstimate, Rules]:
    """The activity's estimate (its lines refreshed first with `refresh`) and its rules, built
    once when only reading (a campaign's 113 settlements read twice as fast)."""
    if refresh:
        est = estimate_activity(session, activity.id, refresh=True)
        return est, build_rules(activity)
    rules = build_rules(activity)
    return estimate_activity(session, activity.id, refresh=False, rules=rules), rules


def compute_settlement(session: Session, activity_id: int, *, refresh: bool) -> ActivitySettlement:
    activity = get_activity(session, activity_id)
    est, rules = _estimate_and_rules(session, activity, refresh=refresh)
    estimate = {line.key: line for line in est.lines if line.key and line.origin == "generated"}
    actuals: dict[int, int | None] = {
        line_id: amount
        for line_id, amount in session.execute(
            select(BudgetLine.id, BudgetLine.actual_amount).where(
                BudgetLine.activity_id == activity.id
            )
        )
    }
    quantities: Counter[str] = Counter()
    amounts: Counter[str] = Counter()
    unpaid: set[str] = set()

    presence = _presence(session, activity.id)
    people = participants(session, activity)
    payouts: list[PersonPayout] = []
    for p in people:
        attended = presence.get(p.enrollment_id, Attended({}))
        parts: Counter[str] = Counter()
        for key, quantity in person_quantities(rules, p, attended).items():
            if _by_invoice(key):
                continue  # the hotel's invoice, on the line
            rate = _rate(estimate, key)
            if rate is None:
                unpaid.add(key)
                continue
            by_ticket = rules.key_method(key) == TravelMethod.ACTUAL
            amount = (p.travel_actual or 0) if by_ticket else quantity * rate
            quantities[key] += quantity
            amounts[key] += amount
            if key in PAYOUT_COLUMNS:
                parts[PAYOUT_COLUMNS[key]] += amount
        payouts.append(_payout(p, attended, parts, rules))

    lecturers = _lecturers(session, rules, estimate, quantities, amounts, unpaid)

    lines: list[SettlementLine] = []
    warnings: list[str] = []
    seen: set[str] = set()
    for line in est.lines:
        if line.key in estimate and _is_computed(line.key) and not _by_document(rules, line.key):
            seen.add(line.key)
            rate = None if rules.key_method(line.key) == TravelMethod.ACTUAL else line.rate
            lines.append(_attendance_line(line, quantities[line.key], amounts[line.key], rate))
            continue
        actual = actuals.get(line.line_id)
        if actual is None and line.amount:
            warnings.append(
                Text(
                    N_('Dòng "{line}" ({code}): chưa nhập số thực chi.'),
                    line=line.description,
                    code=activity.code,
                )
            )
        lines.append(_document_line(line, actual))
    for key in sorted(set(quantities) - seen):
        base = estimate.get(key.removesuffix(HALF_SUFFIX))
        if base is not None and amounts[key]:
            lines.append(_half_line(base, key, quantities[key], amounts[key]))
    for key in sorted(unpaid):
        warnings.append(
            f'{activity.code}: khoản "{key}" có người được hưởng nhưng không có dòng trong dự '
            "toán nên không chi."
        )
    warnings.extend(paid_twice(session, activity, payouts))
    unmarked = _unmarked(session, activity.id) if people else 0
    if unmarked:
        warnings.append(
            Text(
                N_("{code}: còn {n} lượt chưa điểm danh (tính là vắng)."),
                code=activity.code,
                n=unmarked,
            )
        )
    warnings.extend(_line_warnings(activity.code, lines))
    total = sum(line.actual_amount for line in lines)
    return ActivitySettlement(
        activity_id=activity.id,
        code=activity.code,
        title=activity.title,
        start=activity.start_date,
        end=activity.end_date,
        locked=activity.locked,
        people=tuple(payouts),
        lecturers=tuple(lecturers),
        lines=tuple(lines),
        estimate_total=est.total,
        total=total,
        total_in_words=amount_in_words(total),
        warnings=tuple(warnings),
    )


def _line_warnings(code: str, lines: list[SettlementLine]) -> list[str]:
    out = []
    for sl in lines:
        if sl.missing_document:
            out.append(f'Dòng "{sl.description}" ({code}): thiếu số chứng từ.')
        if sl.status == ABOVE_CAP and sl.basis == DOCUMENT:
            out.append(
                f'Dòng "{sl.description}" ({code}): thực chi {sl.actual_amount:,} vượt dự toán '
                f"{sl.estimate_amount:,} đồng, chưa ghi lý do.".replace(",", ".")
            )
        elif sl.status == ABOVE_CAP:
            out.append(f'Dòng "{sl.description}" ({code}): vượt định mức, chưa ghi lý do.')
    return out


def _payout(p: Participant, attended: Attended, parts: Counter[str], rules: Rules) -> PersonPayout:
    return PersonPayout(
        person_id=p.person_id,
        cccd=p.cccd,
        full_name=p.full_name,
        position=p.position,
        village=p.village,
        commune=p.commune,
        role=p.role,
        category=p.category,
        half_days=attended.half_days,
        days=days_text(attended.half_days),
        nights=nights(attended.per_date, rules.arrive_night_before, rules.night_after)
        if parts["lodging"]
        else 0,
        meal=parts["meal"],
        lodging=parts["lodging"],
        travel=parts["travel"],
        per_diem=parts["per_diem"],
        total=parts["meal"] + parts["lodging"] + parts["travel"] + parts["per_diem"],
    )


def _lecturers(
    session: Session,
    rules: Rules,
    estimate: dict[str, EstimateLine],
    quantities: Counter[str],
    amounts: Counter[str],
    unpaid: set[str],
) -> list[LecturerPayout]:
    """Fees for the buổi actually taught; travel, lodging, per-diem for those who came from afar."""
    activity = rules.activity
    taught: dict[int, list[dt.date]] = defaultdict(list)
    for s in activity.sessions:
        if s.lecturer_id is not None and s.taught:
            taught[s.lecturer_id].append(s.on_date)
    refs = lecturer_refs(s.lecturer for s in activity.sessions if s.lecturer is not None)
    out = []
    for lecturer_id, dates in taught.items():
        lec = refs[lecturer_id]
        parts: Counter[str] = Counter()
        fee_rate = 0
        for key, quantity in lecturer_quantities(rules, lec, dates).items():
            if _by_document(rules, key):
                continue  # by document, on the line
            rate = _rate(estimate, key)
            if rate is None:
                unpaid.add(key)
                continue
            quantities[key] += quantity
            amounts[key] += quantity * rate
            part = key.removeprefix(LECTURER_PREFIX)
            if rules.key_method(key) is not None:
                part = "travel"
            elif part.startswith("lodging"):
                part = "lodging"
            if part.startswith("fee_t"):
                part, fee_rate = "fee", rate
            parts[part] += quantity * rate
        out.append(
            LecturerPayout(
                lecturer_id=lec.lecturer_id,
                full_name=lec.full_name,
                title=lec.title,
                agency=lec.agency,
                tier=lec.tier,
                sessions=len(dates),
                rate=fee_rate,
                fee=parts["fee"],
                travel=parts["travel"],
                lodging=parts["lodging"],
                per_diem=parts["per_diem"],
                total=sum(parts.values()),
                withheld=income_tax_withheld(rules, parts["fee"], lec.tax_commitment),
            )
        )
    session.flush()
    return sorted(out, key=lambda lp: (lp.tier, lp.full_name))


def _attendance_line(
    line: EstimateLine, quantity: int, amount: int, rate: int | None
) -> SettlementLine:
    return _settled(line, ATTENDANCE, quantity, rate, amount)


def _half_line(base: EstimateLine, key: str, quantity: int, amount: int) -> SettlementLine:
    """Half days attended when the estimate only had whole days: paid at the half-day rate."""
    rate = half_rate(base.rate)
    return SettlementLine(
        line_id=None,
        activity_code=base.activity_code,
        key=key,
        description=f"{base.description} (nửa ngày)",
        norm_code=base.norm_code,
        source=base.source,
        unit="người/buổi",
        basis=ATTENDANCE,
        estimate_quantity=0,
        estimate_rate=rate,
        estimate_amount=0,
        actual_quantity=quantity,
        actual_rate=rate,
        actual_amount=amount,
        variance=amount,
        status=base.status,
        document_ref="",
        missing_document=False,
    )


def _unmarked(session: Session, activity_id: int) -> int:
    """Enrolled × buổi − marks: the marks not yet given (one statement)."""
    enrolled = (
        select(func.count())
        .select_from(Enrollment)
        .where(Enrollment.activity_id == activity_id)
        .scalar_subquery()
    )
    sessions = (
        select(func.count())
        .select_from(ClassSession)
        .where(ClassSession.activity_id == activity_id)
        .scalar_subquery()
    )
    marked = (
        select(func.count())
        .select_from(Attendance)
        .join(ClassSession, Attendance.session_id == ClassSession.id)
        .where(ClassSession.activity_id == activity_id)
        .scalar_subquery()
    )
    row = session.execute(select(enrolled, sessions, marked)).one()
    return (row[0] or 0) * (row[1] or 0) - (row[2] or 0)


# --- public API -------------------------------------------------------------------------------


# What a settlement reads of an activity beside its people: 2 statements, and 4 once a
# session for its plan, instead of the 9 lazy loads it took one by one (a campaign's payout
# lists read 113 activities of one plan).
_ACTIVITY_GRAPH = (joinedload(Activity.venue), selectinload(Activity.sessions))
_PLAN_GRAPH = (
    joinedload(Plan.org_unit),
    joinedload(Plan.funding_source),
    selectinload(Plan.categories),
    selectinload(Plan.supports),
    selectinload(Plan.petrol_prices),
)
_HELD_PLANS = "settlement.plans"  # session.info key: the plans loaded for settling, held


def load_for_settlement(session: Session, activity_id: int) -> Activity:
    """The activity with what its settlement reads beside the people (its venue and buổi;
    its plan's unit, funding, categories, supports, petrol prices), unless the session holds
    them already. The session forgets what nothing references and would read it again one
    lazy load at a time: the caller keeps the activity, the session keeps the plan."""
    activity = session.get(Activity, activity_id, options=_ACTIVITY_GRAPH)
    if activity is None:
        return get_activity(session, activity_id)  # says which one is missing
    held: dict[int, Plan | None] = session.info.setdefault(_HELD_PLANS, {})
    if activity.plan_id not in held:
        held[activity.plan_id] = session.get(Plan, activity.plan_id, options=_PLAN_GRAPH)
    return activity


def settle_activity(
    session: Session, activity_id: int, *, refresh: bool = True
) -> ActivitySettlement:
    """The settlement of one activity. A locked activity returns what was locked. With
    `refresh` (the default) the estimate's generated lines are brought up to date first (call
    it inside `db.write()`)."""
    activity = load_for_settlement(session, activity_id)
    if activity.locked:
        snapshot = _last_lock(session, activity_id)
        if snapshot is not None and snapshot.snapshot:
            return from_json(verified_snapshot(snapshot.snapshot, snapshot.checksum))
    return compute_settlement(session, activity_id, refresh=refresh and not activity.locked)


def settle_plan(session: Session, plan_id: int, *, refresh: bool = True) -> PlanSettlement:
    """Every activity of the plan, plus the plan-level lines, against the funding ceiling."""
    plan = get_plan(session, plan_id)
    activities = tuple(
        settle_activity(session, a.id, refresh=refresh)
        for a in sorted(plan.activities, key=lambda a: (a.start_date, a.code))
    )
    est = estimate_plan(session, plan_id, refresh=False)
    actuals = {
        line_id: amount
        for line_id, amount in session.execute(
            select(BudgetLine.id, BudgetLine.actual_amount).where(
                BudgetLine.plan_id == plan.id, BudgetLine.activity_id.is_(None)
            )
        )
    }
    plan_lines = tuple(_document_line(line, actuals.get(line.line_id)) for line in est.plan_lines)
    warnings = [w for a in activities for w in a.warnings]
    for sl in plan_lines:
        if sl.missing_document:
            warnings.append(Text(N_('Dòng "{line}": thiếu số chứng từ.'), line=sl.description))
        elif sl.line_id is not None and actuals.get(sl.line_id) is None and sl.estimate_amount:
            warnings.append(Text(N_('Dòng "{line}": chưa nhập số thực chi.'), line=sl.description))
    total = sum(a.total for a in activities) + sum(line.actual_amount for line in plan_lines)
    estimate_total = sum(a.estimate_total for a in activities) + sum(
        line.estimate_amount for line in plan_lines
    )
    ceiling = plan.funding_source.ceiling if plan.funding_source else 0
    return PlanSettlement(
        plan_id=plan.id,
        code=plan.code,
        title=plan.title,
        ceiling=ceiling,
        activities=activities,
        plan_lines=plan_lines,
        estimate_total=estimate_total,
        total=total,
        remaining=ceiling - total,
        total_in_words=amount_in_words(total),
        warnings=tuple(warnings),
    )


def set_travel_actual(
    session: Session, activity_id: int, cccd: str, amount: int, document_ref: str
) -> None:
    """Travel by actual ticket: the amount on one person's tickets and their numbers."""
    activity = get_activity(session, activity_id)
    require_unlocked(activity)
    amount = check_amount(amount, "tiền vé")
    enrollment = session.scalar(
        select(Enrollment)
        .join(Person, Enrollment.person_id == Person.id)
        .where(Enrollment.activity_id == activity.id, Person.cccd == cccd.strip())
    )
    if enrollment is None:
        raise MoneyError(f"CCCD {cccd.strip()} không có trong danh sách lớp {activity.code}")
    if amount and not document_ref.strip():
        raise MoneyError(f"tiền vé của CCCD {cccd.strip()}: cần số vé hoặc chứng từ")
    enrollment.travel_actual = amount
    enrollment.travel_document = document_ref
    session.flush()


def _last_lock(session: Session, activity_id: int) -> ActivityLockEvent | None:
    return session.scalar(
        select(ActivityLockEvent)
        .where(
            ActivityLockEvent.activity_id == activity_id,
            ActivityLockEvent.action == LockAction.LOCK,
        )
        .order_by(ActivityLockEvent.id.desc())
        .limit(1)
    )
