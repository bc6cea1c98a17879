"""Giấy đề nghị thanh toán and giấy đề nghị tạm ứng of a class or of a plan.

Forms of Thông tư 107/2017/TT-BTC (chế độ kế toán hành chính, sự nghiệp), Phụ lục I:
mẫu số C37-HD "Giấy đề nghị thanh toán" and C32-HD "Giấy đề nghị tạm ứng" (form numbers as we
know them; the `search` tool found no copy of the appendix to confirm them — check against
the circular before relying on the number printed top right).

* payment (thanh toán): the amounts are the settlement's actuals (models.settlement), less any
  advance already received (`advanced`);
* advance (tạm ứng): the amounts are the estimate's (models.budget).
Lines are grouped by content and budget sub-item (tiểu mục) across the plan's classes, in the
order they first appear; lines of 0 đồng are left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy.orm import Session

from models.lookup import get_activity, get_plan
from models.papers.forms import PaymentRequest, RequestKind, RequestLine
from models.papers.money import plan_codes
from models.papers.sign_in import unit_info
from models.papers.sub_items import SubItems

__all__ = ["build_payment_request"]


def _grouped(items: Iterable[tuple[str, str, int]]) -> tuple[RequestLine, ...]:
    sums: dict[tuple[str, str], int] = {}
    for item, code, amount in items:
        if amount:
            sums[(item, code)] = sums.get((item, code), 0) + amount
    return tuple(RequestLine(item, amount, code) for (item, code), amount in sums.items() if amount)


def build_payment_request(
    session: Session,
    *,
    activity_id: int | None = None,
    plan_id: int | None = None,
    kind: RequestKind = "payment",
    requester: str = "",
    department: str = "",
    advanced: int = 0,
    date: dt.date | None = None,
    refresh: bool = False,
) -> PaymentRequest:
    """The request of one class or of a whole plan. `requester` defaults to the unit's
    preparer, `department` to the unit's name; `advanced` is deducted from a payment."""
    from models.budget.estimate import estimate_activity, estimate_plan
    from models.settlement.compute import settle_activity, settle_plan

    if (activity_id is None) == (plan_id is None):
        raise ValueError("give exactly one of activity_id and plan_id")
    if activity_id is not None:
        activity = get_activity(session, activity_id)
        plan, title, code = activity.plan, activity.title, activity.code
        est = estimate_activity(session, activity_id, refresh=refresh)
        estimate_lines = list(est.lines)
        settled = []
        if kind == "payment":
            settled = list(settle_activity(session, activity_id, refresh=False).lines)
    else:
        plan = get_plan(session, plan_id)  # type: ignore[arg-type]
        title, code = plan.title, plan.code
        plan_est = estimate_plan(session, plan.id, refresh=refresh)
        estimate_lines = [x for a in plan_est.activities for x in a.lines]
        estimate_lines += plan_est.plan_lines
        settled = (
            list(settle_plan(session, plan.id, refresh=False).lines) if kind == "payment" else []
        )
    if kind == "payment":
        codes = SubItems(estimate_lines)  # half days take their whole day's tiểu mục
        lines = _grouped((x.description, codes.of(x), x.actual_amount) for x in settled)
        purpose = f"Thanh toán kinh phí tổ chức {title}"
    else:
        lines = _grouped(
            (x.description, x.classification.sub_item, x.amount) for x in estimate_lines
        )
        purpose = f"Tạm ứng kinh phí tổ chức {title}"
    unit = unit_info(plan.org_unit)
    return PaymentRequest(
        unit=unit,
        kind=kind,
        requester=requester or unit.preparer,
        department=department or unit.name,
        purpose=purpose,
        lines=lines,
        classification=plan_codes(plan),
        advanced=advanced if kind == "payment" else 0,
        date=date,
        scope_code=code,
    )


def payment_request(
    session: Session,
    activity_id: int | None = None,
    plan_id: int | None = None,
    *,
    date: dt.date | None = None,
) -> PaymentRequest:
    """Giấy đề nghị thanh toán as the paper registry builds it (printing.registry)."""
    return build_payment_request(
        session, activity_id=activity_id, plan_id=plan_id, kind="payment", date=date
    )


def advance_request(
    session: Session,
    activity_id: int | None = None,
    plan_id: int | None = None,
    *,
    date: dt.date | None = None,
) -> PaymentRequest:
    """Giấy đề nghị tạm ứng (from the estimate) as the paper registry builds it."""
    return build_payment_request(
        session, activity_id=activity_id, plan_id=plan_id, kind="advance", date=date
    )
