"""Bảng tổng hợp quyết toán of a plan, from its settlement (models.settlement):

* by item: each budget item across all classes, estimate against actual and what remains, with
  its tiểu mục (the estimate line's classification; the plan's chương and loại–khoản under
  the title);
* by commune (campaigns, e.g. the demo's scenario B): what each commune's learners were paid
  (meals, lodging, travel), in how many classes, how many people.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy.orm import Session

from models.entities.enums import Role
from models.lookup import get_plan
from models.papers.data import PaperHeading
from models.papers.forms import SettlementSummary, SummaryBy, SummaryCommuneRow, SummaryItemRow
from models.papers.money import plan_codes
from models.papers.sign_in import funding_text, unit_info

__all__ = ["build_settlement_summary"]

_NO_COMMUNE = "(chưa ghi xã)"


def build_settlement_summary(
    session: Session,
    *,
    plan_id: int,
    by: SummaryBy = "item",
    date: dt.date | None = None,
    refresh: bool = True,
) -> SettlementSummary:
    from models.budget.estimate import estimate_plan
    from models.settlement.compute import settle_plan

    if by not in ("item", "commune"):
        raise ValueError(f"by must be 'item' or 'commune', not {by!r}")
    plan = get_plan(session, plan_id)
    settled = settle_plan(session, plan_id, refresh=refresh)
    items: list[SummaryItemRow] = []
    communes: list[SummaryCommuneRow] = []
    if by == "item":
        est = estimate_plan(session, plan_id, refresh=False)
        codes = {x.line_id: x.classification.sub_item for x in est.lines}
        sums: dict[tuple[str, str], list[int]] = {}
        for line in settled.lines:
            code = codes.get(line.line_id, "") if line.line_id else ""
            pair = sums.setdefault((line.description, code), [0, 0])
            pair[0] += line.estimate_amount
            pair[1] += line.actual_amount
        items = [
            SummaryItemRow(item, code, estimate, actual)
            for (item, code), (estimate, actual) in sums.items()
            if estimate or actual
        ]
    else:
        per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        classes: dict[str, set[int]] = defaultdict(set)
        for a in settled.activities:
            for p in a.people:
                if str(p.role) != Role.LEARNER.value:
                    continue
                key = p.commune.strip() or _NO_COMMUNE
                row = per[key]
                row[0] += 1
                row[1] += p.meal
                row[2] += p.lodging
                row[3] += p.travel
                classes[key].add(a.activity_id)
        communes = [SummaryCommuneRow(name, len(classes[name]), *per[name]) for name in sorted(per)]
    return SettlementSummary(
        unit=unit_info(plan.org_unit),
        heading=PaperHeading(
            activity_title=plan.title,
            activity_code=plan.code,
            funding=funding_text(plan.funding_source),
        ),
        by=by,
        items=tuple(items),
        communes=tuple(communes),
        classification=plan_codes(plan),
        ceiling=plan.funding_source.ceiling if plan.funding_source else None,
        date=date,
    )
