"""Bảng tổng hợp quyết toán: a plan's (or one activity's) spending per budget item across its
classes — estimate, actual and what remains — with the budget classification codes; or, for
a campaign, per commune (buổi, people present, estimate, actual).

Figures come from the settlement (attendance and documents) and the estimate, so the summary
adds up to the settlement workbook and `taphuan-cli settlement --json` to the đồng.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.budget.estimate import estimate_plan
from models.entities.tables import Activity, Venue
from models.lookup import get_activity, get_plan
from models.papers.data import PaperHeading
from models.papers.money import plan_codes
from models.papers.sign_in import funding_text, unit_info
from models.papers.sub_items import SubItems
from models.papers.summary_data import UNKNOWN_COMMUNE, SummaryRow, SummarySheet

_HALF = " (nửa ngày)"


def settlement_summary(
    session: Session,
    activity_id: int | None = None,
    plan_id: int | None = None,
    *,
    by_commune: bool = False,
    date: dt.date | None = None,
) -> SummarySheet:
    """The summary of a plan (or of one activity), by budget item or by commune."""
    from models.settlement.compute import settle_activity, settle_plan

    if (activity_id is None) == (plan_id is None):
        raise ValueError("give exactly one of activity_id and plan_id")
    if activity_id is not None:
        activity = get_activity(session, activity_id)
        plan = activity.plan
        settled = [settle_activity(session, activity_id)]
        plan_lines: tuple = ()  # type: ignore[type-arg]
        warnings = tuple(settled[0].warnings)
    else:
        plan = get_plan(session, plan_id)  # type: ignore[arg-type]
        whole = settle_plan(session, plan.id)
        settled, plan_lines, warnings = list(whole.activities), whole.plan_lines, whole.warnings
    codes = _sub_items(session, plan.id)
    if by_commune:
        rows = _by_commune(session, settled)
    else:
        rows = _by_item([line for a in settled for line in a.lines] + list(plan_lines), codes)
    heading = PaperHeading(
        activity_title=plan.title if activity_id is None else settled[0].title,
        activity_code=plan.code if activity_id is None else settled[0].code,
        start=min((a.start for a in settled), default=None),
        end=max((a.end for a in settled), default=None),
        funding=funding_text(plan.funding_source),
    )
    return SummarySheet(
        unit=unit_info(plan.org_unit),
        heading=heading,
        rows=tuple(rows),
        by_commune=by_commune,
        classification=plan_codes(plan),
        ceiling=plan.funding_source.ceiling
        if plan.funding_source and activity_id is None
        else None,
        date=date,
        warnings=tuple(warnings),
    )


def _sub_items(session: Session, plan_id: int) -> SubItems:
    """Each line's tiểu mục, as the estimate classifies it."""
    est = estimate_plan(session, plan_id, refresh=False)
    return SubItems([line for a in est.activities for line in a.lines] + list(est.plan_lines))


def _by_item(lines: list, codes: SubItems) -> list[SummaryRow]:  # type: ignore[type-arg]
    """One row per budget item (its norm item, else its description), half days with days."""
    totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    labels: dict[tuple[str, str], str] = {}
    classes: dict[tuple[str, str], set[str]] = defaultdict(set)
    for line in lines:
        sub_item = codes.of(line)
        label = line.description.removesuffix(_HALF)
        group = (sub_item, line.norm_code or label)
        labels.setdefault(group, label)
        totals[group][0] += line.estimate_amount
        totals[group][1] += line.actual_amount
        if line.actual_amount or line.estimate_amount:
            classes[group].add(line.activity_code)
    rows = [
        SummaryRow(labels[g], g[0], est, act, len(classes[g]))
        for g, (est, act) in totals.items()
        if est or act
    ]
    return sorted(rows, key=lambda r: (r.sub_item or "9999", r.label))


def _by_commune(session: Session, settled: list) -> list[SummaryRow]:  # type: ignore[type-arg]
    """One row per commune of the venues (a campaign's places), in commune order."""
    ids = [a.activity_id for a in settled]
    found = session.execute(
        select(Activity.id, Venue.commune)
        .outerjoin(Venue, Venue.id == Activity.venue_id)
        .where(Activity.id.in_(ids))
    )
    communes = {activity_id: commune for activity_id, commune in found}
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for a in settled:
        row = totals[communes.get(a.activity_id) or UNKNOWN_COMMUNE]
        row[0] += a.estimate_total
        row[1] += a.total
        row[2] += 1
        row[3] += sum(1 for p in a.people if p.half_days > 0)
    return [SummaryRow(c, "", *values) for c, values in sorted(totals.items())]
