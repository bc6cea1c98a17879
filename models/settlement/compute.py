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
from collections.abc import Collection
from contextlib import nullcontext
from dataclasses import dataclass, replace
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

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
    Entitled,
    Participant,
    Rules,
    build_rules,
    check_amount,
    days_text,
    half_rate,
    income_tax_withheld,
    lecturer_refs,
    participants,
    participants_from,
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
from models.settlement.held import Mark, held, holding_plan, load_for_settlement
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


def _marks(session: Session, activity: Activity) -> list[Mark]:
    """Every mark given in the activity's buổi, of any status (one statement)."""
    return [
        (enrollment_id, on_date, status)
        for enrollment_id, on_date, status in session.execute(
            select(Attendance.enrollment_id, ClassSession.on_date, Attendance.status)
            .join(ClassSession, Attendance.session_id == ClassSession.id)
            .where(ClassSession.activity_id == activity.id)
        )
    ]


def _presence(marks: list[Mark]) -> dict[int, Attended]:
    """enrollment_id -> sessions attended per date ("present" only). People who attended
    on the same dates share one Attended (a class is mostly alike)."""
    came: dict[int, list[dt.date]] = defaultdict(list)
    for enrollment_id, on_date, status in marks:
        if status == Presence.PRESENT:
            came[enrollment_id].append(on_date)
    alike: dict[tuple[dt.date, ...], Attended] = {}
    out: dict[int, Attended] = {}
    for enrollment_id, dates in came.items():
        pattern = tuple(sorted(dates))
        attended = alike.get(pattern)
        if attended is None:
            attended = alike[pattern] = Attended(dict(Counter(pattern)))
        out[enrollment_id] = attended
    return out


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
    session: Session, activity: Activity, *, refresh: bool, stored: list[BudgetLine] | None
) -> tuple[ActivityEstimate, Rules]:
    """The activity's estimate (its lines refreshed first with `refresh`, else from the
    `stored` lines when held) and its rules, built once when only reading (a campaign's 113
    settlements read twice as fast)."""
    if refresh:
        est = estimate_activity(session, activity.id, refresh=True)
        return est, build_rules(activity)
    rules = build_rules(activity)
    est = estimate_activity(session, activity.id, refresh=False, rules=rules, stored=stored)
    return est, rules


@dataclass(frozen=True)
class _Reads:
    """What one activity's settlement reads."""

    estimate: ActivityEstimate
    rules: Rules
    actuals: dict[int, int | None]  # line id -> actual amount
    marks: list[Mark]
    people: list[Participant]


def _read(session: Session, activity: Activity, *, refresh: bool) -> _Reads:
    """From what `holding_plan` holds (models.settlement.held), unless the estimate is
    refreshed (which writes lines), else from the database."""
    rows = None if refresh else held(session, activity.id)
    if rows is None:
        est, rules = _estimate_and_rules(session, activity, refresh=refresh, stored=None)
        actuals = {
            line_id: amount
            for line_id, amount in session.execute(
                select(BudgetLine.id, BudgetLine.actual_amount).where(
                    BudgetLine.activity_id == activity.id
                )
            )
        }
        people = participants(session, activity)
        return _Reads(est, rules, actuals, _marks(session, activity), people)
    stored = rows.lines[activity.id]
    est, rules = _estimate_and_rules(session, activity, refresh=False, stored=stored)
    actuals = {line.id: line.actual_amount for line in stored}
    people = participants_from(activity, rows.people[activity.id])
    return _Reads(est, rules, actuals, rows.marks[activity.id], people)


def compute_settlement(session: Session, activity_id: int, *, refresh: bool) -> ActivitySettlement:
    activity = load_for_settlement(session, activity_id)
    reads = _read(session, activity, refresh=refresh)
    est, rules, actuals, people = reads.estimate, reads.rules, reads.actuals, reads.people
    estimate = {line.key: line for line in est.lines if line.key and line.origin == "generated"}
    presence = _presence(reads.marks)
    quantities: Counter[str] = Counter()
    amounts: Counter[str] = Counter()
    unpaid: set[str] = set()

    payouts: list[PersonPayout] = []
    owed_by_kind: dict[tuple[Entitled, int, int | None], _Owed] = {}
    for p in people:
        attended = presence.get(p.enrollment_id, _ABSENT)
        # Keyed by the Attended object: _presence shares one among those who came alike.
        kind = (p.entitled, id(attended), p.travel_actual)
        owed = owed_by_kind.get(kind)
        if owed is None:
            owed = owed_by_kind[kind] = _owed(rules, estimate, p, attended)
        for key, quantity, amount in owed.lines:
            quantities[key] += quantity
            amounts[key] += amount
        unpaid.update(owed.unpaid)
        payouts.append(_payout(p, owed))

    lecturers = _lecturers(session, rules, estimate, quantities, amounts, unpaid)

    lines: list[SettlementLine] = []
    # What the rules could not price (no petrol price, no norm set…) pays 0 here as in the
    # estimate: the settlement and every paper made from it say so too.
    warnings: list[str] = list(rules.warnings)
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
    warnings.extend(paid_twice(session, activity, payouts, _known(people, presence, payouts)))
    unmarked = _unmarked(activity, len(people), reads.marks)
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


def _known(
    people: list[Participant], presence: dict[int, Attended], payouts: list[PersonPayout]
) -> dict[int, tuple[bool, Collection[dt.date]]]:
    """What the double-pay check asks of the people paid: agency paid, days present."""
    paid = {p.person_id for p in payouts if p.total > 0}
    if not paid:
        return {}
    return {
        p.person_id: (p.agency_paid, presence[p.enrollment_id].per_date.keys())
        for p in people
        if p.person_id in paid and p.enrollment_id in presence
    }


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


_ABSENT: Final = Attended({})


@dataclass(frozen=True)
class _Owed:
    """What one kind of person who attended alike is owed (a class works it out once)."""

    lines: list[tuple[str, int, int]]  # line key, quantity, amount
    unpaid: set[str]  # keys entitled to but not in the estimate
    half_days: int
    days: str
    nights: int
    meal: int
    lodging: int
    travel: int
    per_diem: int


def _owed(
    rules: Rules, estimate: dict[str, EstimateLine], p: Participant, attended: Attended
) -> _Owed:
    lines: list[tuple[str, int, int]] = []
    unpaid: set[str] = set()
    parts: Counter[str] = Counter()
    for key, quantity in person_quantities(rules, p.entitled, attended).items():
        if _by_invoice(key):
            continue  # the hotel's invoice, on the line
        rate = _rate(estimate, key)
        if rate is None:
            unpaid.add(key)
            continue
        by_ticket = rules.key_method(key) == TravelMethod.ACTUAL
        amount = (p.travel_actual or 0) if by_ticket else quantity * rate
        lines.append((key, quantity, amount))
        if key in PAYOUT_COLUMNS:
            parts[PAYOUT_COLUMNS[key]] += amount
    stayed = parts["lodging"] and nights(
        attended.per_date, rules.arrive_night_before, rules.night_after
    )
    return _Owed(
        lines=lines,
        unpaid=unpaid,
        half_days=attended.half_days,
        days=days_text(attended.half_days),
        nights=stayed or 0,
        meal=parts["meal"],
        lodging=parts["lodging"],
        travel=parts["travel"],
        per_diem=parts["per_diem"],
    )


def _payout(p: Participant, owed: _Owed) -> PersonPayout:
    return PersonPayout(
        person_id=p.person_id,
        cccd=p.cccd,
        full_name=p.full_name,
        position=p.position,
        village=p.village,
        commune=p.commune,
        role=p.role,
        category=p.category,
        half_days=owed.half_days,
        days=owed.days,
        nights=owed.nights,
        meal=owed.meal,
        lodging=owed.lodging,
        travel=owed.travel,
        per_diem=owed.per_diem,
        total=owed.meal + owed.lodging + owed.travel + owed.per_diem,
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


def _unmarked(activity: Activity, enrolled: int, marks: list[Mark]) -> int:
    """Enrolled × buổi − marks: the marks not yet given."""
    return enrolled * len(activity.sessions) - len(marks)


# --- public API -------------------------------------------------------------------------------


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
    ordered = sorted(plan.activities, key=lambda a: (a.start_date, a.code))
    # Only reading: the plan's rows at once (models.settlement.held), not 7 reads a class.
    with nullcontext() if refresh else holding_plan(session, plan_id):
        activities = tuple(settle_activity(session, a.id, refresh=refresh) for a in ordered)
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
    warnings = list(dict.fromkeys(w for a in activities for w in a.warnings))  # each once
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
