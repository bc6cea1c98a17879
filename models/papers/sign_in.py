"""The papers' plain data, read from the database.

Each function takes an open Session and ids (look codes up with `activity_id`/`plan_id`) and
returns the frozen dataclasses of `models.papers.data`; `reports` draws them without knowing
there is a database. People come in Vietnamese name order (`Person.sort_key`: given name,
then family and middle names); the unit block and the signers come from the plan's OrgUnit.

Built for campaigns: a plan's sheets are read with a handful of column queries, not one
query per activity nor ORM objects per person (scenario B: 113 sheets, 17,269 people).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.entities.tables import (
    Activity,
    ClassSession,
    Enrollment,
    FundingSource,
    Gender,
    OrgUnit,
    Person,
    Plan,
    Role,
    Venue,
)
from models.papers.data import (
    ROSTER_TITLE,
    SIGN_IN_TITLE,
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
    RosterExport,
    RosterRow,
    SessionLabel,
    SettlementActivity,
    SettlementBook,
    SettlementLine,
    SignInPerson,
    SignInSheet,
    UnitInfo,
)
from models.settlement.compute import PAYOUT_COLUMNS
from models.text.vntext import nfc

if TYPE_CHECKING:
    # The money core is imported when a money paper is asked for: the sign-in sheets and
    # the roster do not need it.
    from models.budget.estimate import EstimateLine
    from models.settlement.compute import ActivitySettlement
    from models.settlement.compute import SettlementLine as SettlementLineData

__all__ = [
    "PaperDataError",
    "activity_heading",
    "activity_id",
    "budget_sheet",
    "funding_text",
    "lecturer_fee_sheet",
    "payout_sheet",
    "plan_activity_ids",
    "plan_id",
    "roster_export",
    "settlement_book",
    "sign_in_sheet",
    "sign_in_sheets_for_plan",
    "unit_info",
]


class PaperDataError(LookupError):
    """An unknown code or id; the message is one sentence for the user."""


# --- look-ups --------------------------------------------------------------------------------


def activity_id(session: Session, code: str) -> int:
    found = session.scalar(select(Activity.id).where(Activity.code == nfc(code).strip()))
    if found is None:
        raise PaperDataError(f"không có hoạt động (lớp) mã {code}")
    return found


def plan_id(session: Session, code: str) -> int:
    found = session.scalar(select(Plan.id).where(Plan.code == nfc(code).strip()))
    if found is None:
        raise PaperDataError(f"không có kế hoạch mã {code}")
    return found


def plan_activity_ids(session: Session, plan: int) -> list[int]:
    """The plan's activities in print order (start date, then code)."""
    return list(
        session.scalars(
            select(Activity.id)
            .where(Activity.plan_id == plan)
            .order_by(Activity.start_date, Activity.code)
        )
    )


def _activity(session: Session, activity: int) -> Activity:
    found = session.get(Activity, activity)
    if found is None:
        raise PaperDataError(f"không có hoạt động (lớp) số {activity}")
    return found


def _plan(session: Session, plan: int) -> Plan:
    found = session.get(Plan, plan)
    if found is None:
        raise PaperDataError(f"không có kế hoạch số {plan}")
    return found


# --- the unit and the heading ----------------------------------------------------------------


def unit_info(org: OrgUnit | None) -> UnitInfo:
    """The organising unit's block and signers; an empty name when the plan has no unit."""
    if org is None:
        return UnitInfo(name="")
    return UnitInfo(
        name=org.name,
        parent=org.parent_agency,
        qhns_code=org.qhns_code,
        address=org.address,
        place=org.place,
        preparer=org.preparer,
        chief_accountant=org.chief_accountant,
        head=org.head,
        head_title=org.head_title,
    )


def funding_text(fund: FundingSource | None) -> str:
    """ "Dự án 10, Tiểu dự án 1 - Chương trình …; Quyết định số … ngày … của …"."""
    if fund is None:
        return ""
    what = ", ".join(p for p in (fund.project, fund.sub_project) if p)
    if fund.programme:
        what = f"{what} - {fund.programme}" if what else fund.programme
    decision = ""
    if fund.decision_number:
        decision = f"Quyết định số {fund.decision_number}"
        if fund.decision_date:
            d = fund.decision_date
            decision += f" ngày {d.day:02d}/{d.month:02d}/{d.year}"
        if fund.decided_by:
            decision += f" của {fund.decided_by}"
    return "; ".join(p for p in (what, decision) if p)


def _venue_text(name: str | None, address: str | None) -> str:
    name, address = (name or "").strip(), (address or "").strip()
    if name and address and address not in name:
        return f"{name}, {address}"
    return name or address


def activity_heading(activity: Activity) -> PaperHeading:
    venue = activity.venue
    return PaperHeading(
        activity_title=activity.title,
        activity_code=activity.code,
        start=activity.start_date,
        end=activity.end_date,
        venue=_venue_text(venue.name, venue.address) if venue else "",
        funding=funding_text(activity.plan.funding_source),
    )


def _gender(value: Gender | None) -> Literal["M", "F"] | None:
    if value is None:
        return None
    return "M" if value is Gender.MALE else "F"


# --- sign-in sheets --------------------------------------------------------------------------

_PERSON_COLUMNS = (
    Person.full_name,
    Person.birth_year,
    Person.gender,
    Person.ethnicity,
    Person.position,
    Person.village,
    Person.commune,
)


def _labels(start: dt.date, slots: Iterable[tuple[dt.date, str]]) -> tuple[SessionLabel, ...]:
    labels = []
    for on_date, half in slots:
        day = (on_date - start).days + 1
        labels.append(SessionLabel(max(day, 1), "sáng" if half == "am" else "chiều", on_date))
    return tuple(labels)


def _sign_in_people(
    session: Session, activity_ids: Sequence[int], *, by_commune: bool
) -> dict[int, list[SignInPerson]]:
    """Learners per activity, in print order, with one query."""
    order: list[Any] = [Enrollment.activity_id]
    if by_commune:
        order.append(Person.commune)
    query = (
        select(Enrollment.activity_id, *_PERSON_COLUMNS)
        .join(Person, Person.id == Enrollment.person_id)
        .where(Enrollment.activity_id.in_(activity_ids), Enrollment.role == Role.LEARNER)
        .order_by(*order, Person.sort_key, Person.id)
    )
    people: dict[int, list[SignInPerson]] = defaultdict(list)
    for aid, name, year, gender, ethnicity, position, village, commune in session.execute(query):
        people[aid].append(
            SignInPerson(
                full_name=name,
                birth_year=year,
                gender=_gender(gender),
                ethnicity=ethnicity,
                position=position,
                village=village,
                commune=commune,
            )
        )
    return people


def _sessions(
    session: Session, activity_ids: Sequence[int]
) -> dict[int, list[tuple[dt.date, str]]]:
    slots: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
    query = (
        select(ClassSession.activity_id, ClassSession.on_date, ClassSession.half)
        .where(ClassSession.activity_id.in_(activity_ids))
        .order_by(ClassSession.activity_id, ClassSession.on_date, ClassSession.half)
    )
    for aid, on_date, half in session.execute(query):
        slots[aid].append((on_date, half.value))
    return slots


def _sign_in_sheets(
    session: Session,
    activity_ids: Sequence[int],
    *,
    by_commune: bool,
    date: dt.date | None,
) -> list[SignInSheet]:
    if not activity_ids:
        return []
    rows = session.execute(
        select(Activity, Venue.name, Venue.address, OrgUnit)
        .join(Plan, Plan.id == Activity.plan_id)
        .outerjoin(Venue, Venue.id == Activity.venue_id)
        .outerjoin(OrgUnit, OrgUnit.id == Plan.org_unit_id)
        .where(Activity.id.in_(activity_ids))
    ).all()
    found = {a.id: (a, vname, vaddr, org) for a, vname, vaddr, org in rows}
    missing = [i for i in activity_ids if i not in found]
    if missing:
        raise PaperDataError(f"không có hoạt động (lớp) số {missing[0]}")
    people: dict[int, list[SignInPerson]] = {}
    slots: dict[int, list[tuple[dt.date, str]]] = {}
    for start in range(0, len(activity_ids), 500):  # SQLite's bound-parameter limit
        chunk = activity_ids[start : start + 500]
        people.update(_sign_in_people(session, chunk, by_commune=by_commune))
        slots.update(_sessions(session, chunk))
    units: dict[int, UnitInfo] = {}
    sheets = []
    for aid in activity_ids:
        activity, vname, vaddr, org = found[aid]
        key = org.id if org is not None else 0
        if key not in units:
            units[key] = unit_info(org)
        sheets.append(
            SignInSheet(
                unit=units[key],
                title=SIGN_IN_TITLE,
                activity_title=activity.title,
                start=activity.start_date,
                end=activity.end_date,
                venue=_venue_text(vname, vaddr),
                sessions=_labels(activity.start_date, slots.get(aid, ())),
                people=tuple(people.get(aid, ())),
                break_by_commune=by_commune,
                date=date,
                activity_code=activity.code,
            )
        )
    return sheets


def sign_in_sheet(
    session: Session,
    activity_id: int,
    *,
    by_commune: bool = False,
    date: dt.date | None = None,
) -> SignInSheet:
    """One activity's sign-in sheet: its learners, one signature column per buổi."""
    return _sign_in_sheets(session, [activity_id], by_commune=by_commune, date=date)[0]


def sign_in_sheets_for_plan(
    session: Session,
    plan_id: int,
    *,
    by_commune: bool = False,
    date: dt.date | None = None,
) -> list[SignInSheet]:
    """Every activity of the plan, in date order."""
    _plan(session, plan_id)
    ids = plan_activity_ids(session, plan_id)
    return _sign_in_sheets(session, ids, by_commune=by_commune, date=date)


# --- roster export ---------------------------------------------------------------------------


def roster_export(
    session: Session, activity_id: int | None = None, *, plan_id: int | None = None
) -> RosterExport:
    """The people of one activity, of one plan, or everyone (both None), in name order.

    Everyone: a person enrolled in several classes appears once, with their class codes.
    """
    query = select(Person).order_by(Person.sort_key, Person.id)
    subtitle = "Tất cả học viên"
    unit = UnitInfo(name="")
    if activity_id is not None:
        activity = _activity(session, activity_id)
        query = query.join(Enrollment, Enrollment.person_id == Person.id).where(
            Enrollment.activity_id == activity_id
        )
        subtitle = activity.title
        unit = unit_info(activity.plan.org_unit)
    elif plan_id is not None:
        plan = _plan(session, plan_id)
        query = query.where(
            Person.id.in_(
                select(Enrollment.person_id)
                .join(Activity, Activity.id == Enrollment.activity_id)
                .where(Activity.plan_id == plan_id)
            )
        )
        subtitle = plan.title
        unit = unit_info(plan.org_unit)
    codes: dict[int, list[str]] = defaultdict(list)
    if activity_id is None:
        enrolled = (
            select(Enrollment.person_id, Activity.code)
            .join(Activity, Activity.id == Enrollment.activity_id)
            .order_by(Activity.start_date, Activity.code)
        )
        if plan_id is not None:
            enrolled = enrolled.where(Activity.plan_id == plan_id)
        for pid, code in session.execute(enrolled):
            codes[pid].append(code)
    rows = tuple(
        RosterRow(
            full_name=p.full_name,
            gender=_gender(p.gender),
            birth_year=p.birth_year,
            ethnicity=p.ethnicity,
            position=p.position,
            village=p.village,
            commune=p.commune,
            district=p.district,
            province=p.province,
            cccd=p.cccd or "",
            phone=p.phone,
            salaried=p.salaried,
            distance_km=p.distance_km,
            activity_code=", ".join(codes.get(p.id, ())),
            note=p.note,
        )
        for p in session.scalars(query)
    )
    return RosterExport(
        title=ROSTER_TITLE,
        rows=rows,
        subtitle=subtitle,
        with_activity=activity_id is None,
        unit=unit,
    )


# --- the money papers (from the estimate and the settlement) ---------------------------------

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


def _payout_rows(settled: ActivitySettlement, *, include_zero: bool) -> tuple[PayoutRow, ...]:
    return tuple(
        PayoutRow(
            full_name=p.full_name,
            position=_position(p.position, p.village, p.commune),
            days=_days(p.half_days),
            meal=p.meal,
            lodging=p.lodging,
            travel=p.travel,
            per_diem=p.per_diem,
        )
        for p in settled.people
        if include_zero or p.total
    )


def payout_sheet(
    session: Session,
    activity_id: int,
    *,
    date: dt.date | None = None,
    include_zero: bool = False,
    refresh: bool = True,
) -> PayoutSheet:
    """The payout list of one activity, from its settlement (attendance, not the estimate).

    People paid nothing (absent, or with no support) are left out unless `include_zero`.
    The paper is dated on the last day of the activity unless `date` is given. With
    `refresh` the generated estimate lines are brought up to date first, as the money core
    does on screen (in a `db.read()` session nothing is kept).
    """
    from models.settlement.compute import settle_activity

    activity = _activity(session, activity_id)
    settled = settle_activity(session, activity_id, refresh=refresh)
    return PayoutSheet(
        unit=unit_info(activity.plan.org_unit),
        heading=activity_heading(activity),
        rows=_payout_rows(settled, include_zero=include_zero),
        date=date or activity.end_date,
        warnings=settled.warnings,
    )


def lecturer_fee_sheet(
    session: Session, activity_id: int, *, date: dt.date | None = None, refresh: bool = True
) -> LecturerFeeSheet:
    """Lecturer fees of one activity: the buổi actually taught at the tier's rate."""
    from models.settlement.compute import settle_activity

    activity = _activity(session, activity_id)
    settled = settle_activity(session, activity_id, refresh=refresh)
    rows = tuple(
        LecturerFeeRow(
            full_name=lec.full_name,
            title=", ".join(p for p in (lec.title, lec.agency) if p.strip()),
            tier=lec.tier,
            sessions=lec.sessions,
            rate=lec.rate,
            amount=lec.fee,
        )
        for lec in settled.lecturers
        if lec.fee or lec.sessions
    )
    return LecturerFeeSheet(
        unit=unit_info(activity.plan.org_unit),
        heading=activity_heading(activity),
        rows=rows,
        date=date or activity.end_date,
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
            )
        )
    return tuple(rows)


def budget_sheet(
    session: Session,
    *,
    activity_id: int | None = None,
    plan_id: int | None = None,
    date: dt.date | None = None,
    include_empty: bool = False,
    refresh: bool = True,
) -> BudgetSheet:
    """The estimate of one activity, or of a plan (a section per activity, then the plan's
    own lines) against its funding ceiling. Lines of 0 đồng are left out unless
    `include_empty` (generated lines waiting for a rate)."""
    from models.budget.estimate import estimate_activity, estimate_plan

    if (activity_id is None) == (plan_id is None):
        raise ValueError("give exactly one of activity_id and plan_id")
    if activity_id is not None:
        activity = _activity(session, activity_id)
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
        )
    assert plan_id is not None
    plan = _plan(session, plan_id)
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
    )


def _settlement_lines(
    lines: Iterable[SettlementLineData], payouts: tuple[PayoutRow, ...]
) -> tuple[SettlementLine, ...]:
    lines = list(lines)
    # A line is linked to a payout column's total only when it alone makes up that column
    # (and says so to the đồng): otherwise the workbook keeps its figure.
    by_column: dict[PayoutColumn, list[int]] = defaultdict(list)
    for index, line in enumerate(lines):
        column = PAYOUT_COLUMNS.get(line.key)
        if column is not None:
            by_column[column].append(index)
    linked: dict[int, PayoutColumn] = {}
    for column, indexes in by_column.items():
        total = sum(getattr(p, column) for p in payouts)
        if len(indexes) == 1 and lines[indexes[0]].actual_amount == total:
            linked[indexes[0]] = column
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
    session: Session, plan_id: int, *, date: dt.date | None = None, refresh: bool = True
) -> SettlementBook:
    """The plan's settlement: estimate against actual per activity and line, each
    activity's payout rows (everyone enrolled, in name order), against the ceiling."""
    from models.settlement.compute import settle_plan

    plan = _plan(session, plan_id)
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
        payouts = _payout_rows(a, include_zero=True)
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
