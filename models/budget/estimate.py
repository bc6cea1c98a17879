"""The budget estimate (dự toán): lines generated from the roster, checked against the norm set.

Every line carries the norm item it is checked against (with its legal source), quantity, unit,
rate and amount = quantity × rate in whole đồng, and a status:

* ``within_cap``  rate ≤ the cap of its norm item;
* ``above_cap``   rate > cap: an error until the user records an override with a reason;
* ``overridden``  above the cap, with the user's reason recorded;
* ``no_cap``      "actual, by document" (or no norm item): needs a contract/invoice reference at
  settlement.

Generated lines are stored (BudgetLine.origin = generated, keyed by `item_code`) and refreshed
from the roster, the sessions and the norm set whenever an estimate is asked for; a user's edit
of a quantity or a rate is kept across refreshes, a removed generated line stays removed
(`suppressed`), and manual lines are never touched. A locked activity is never refreshed.
Generation: models.budget.generate; editing and plan settings: models.budget.edit.

Functions take a Session and run in the caller's transaction (`with db.write() as s:`); results
are plain frozen dataclasses. Bad input raises MoneyError, leaving the session unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.budget.entitlements import HALF_SUFFIX
from models.budget.generate import (
    material_rate,
    rebind_manual_lines,
    refresh_activity_lines,
    refresh_plan_lines,
)
from models.budget.rules import (
    Rules,
    activity_place_type,
    build_rules,
    half_rate,
    item_applies,
    norm_params,
    own_vehicle_rate,
    petrol_price_on,
    round_half_up,
)
from models.entities.tables import Activity, BudgetLine, NormItem, NormSet, Plan
from models.i18n_marks import N_, Amount, Text
from models.lookup import get_activity, get_plan

WITHIN_CAP: Final = "within_cap"
ABOVE_CAP: Final = "above_cap"
OVERRIDDEN: Final = "overridden"
NO_CAP: Final = "no_cap"
STATUS_LABELS: Final = {
    WITHIN_CAP: "trong định mức",
    ABOVE_CAP: "vượt định mức",
    OVERRIDDEN: "vượt định mức (đã ghi lý do)",
    NO_CAP: "theo thực tế (cần chứng từ)",
}


@dataclass(frozen=True)
class Classification:
    """Where a line sits in the budget classification (mục lục ngân sách): the plan's chương,
    loại–khoản and programme code, the line's tiểu mục (the norm item's unless changed)."""

    chapter: str = ""  # chương
    sector: str = ""  # loại–khoản
    sub_item: str = ""  # tiểu mục
    programme: str = ""  # mã chương trình mục tiêu quốc gia

    def as_json(self) -> dict[str, str]:
        return {
            "chapter": self.chapter, "sector": self.sector, "sub_item": self.sub_item,
            "programme": self.programme,
        }  # fmt: skip

    @property
    def text(self) -> str:
        """ "Chương 412, loại–khoản 340-341, tiểu mục 6658" as far as it is known."""
        parts = (("Chương", self.chapter), ("loại–khoản", self.sector),
                 ("tiểu mục", self.sub_item), ("CTMTQG", self.programme))  # fmt: skip
        return ", ".join(f"{label} {value}" for label, value in parts if value)


@dataclass(frozen=True)
class EstimateLine:
    line_id: int
    activity_id: int | None
    activity_code: str  # "" for a plan-level line
    key: str  # the generator's key (item_code); "" for most manual lines
    description: str
    norm_code: str
    norm_name: str
    source: str
    needs_verification: bool  # confidence "M": "cần kiểm tra"
    quantity: int
    unit: str
    rate: int
    cap: int | None
    amount: int
    status: str
    override_reason: str
    origin: str
    quantity_edited: bool
    rate_edited: bool
    document_ref: str
    version: int = 0  # the row's version as read: a save passes it back (optimistic lock)
    norm_set: str = ""  # the code of the set that priced the line
    classification: Classification = Classification()
    why_set: str = ""  # why that set: the plan names it, or in force on the dates (province)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.line_id,
            "activity": self.activity_code or None,
            "key": self.key,
            "item": self.description,
            "norm_code": self.norm_code or None,
            "source": self.source,
            "needs_verification": self.needs_verification,
            "quantity": self.quantity,
            "unit": self.unit,
            "rate": self.rate,
            "cap": self.cap,
            "amount": self.amount,
            "status": self.status,
            "override_reason": self.override_reason,
            "origin": self.origin,
            "document_ref": self.document_ref,
            "norm_set": self.norm_set or None,
            "why_set": self.why_set or None,
            "classification": self.classification.as_json(),
        }


@dataclass(frozen=True)
class ActivityEstimate:
    activity_id: int
    code: str
    title: str
    start: dt.date
    end: dt.date
    locked: bool
    lines: tuple[EstimateLine, ...]
    total: int
    warnings: tuple[str, ...]

    @property
    def errors(self) -> tuple[EstimateLine, ...]:
        """Lines above their cap without a recorded reason."""
        return tuple(line for line in self.lines if line.status == ABOVE_CAP)


@dataclass(frozen=True)
class PlanEstimate:
    plan_id: int
    code: str
    title: str
    norm_set_code: str
    ceiling: int
    activities: tuple[ActivityEstimate, ...]
    plan_lines: tuple[EstimateLine, ...]  # lines that belong to no activity
    total: int
    remaining: int  # ceiling − total (negative: over the ceiling)
    warnings: tuple[str, ...]

    @property
    def lines(self) -> tuple[EstimateLine, ...]:
        return tuple(line for a in self.activities for line in a.lines) + self.plan_lines

    @property
    def errors(self) -> tuple[EstimateLine, ...]:
        return tuple(line for line in self.lines if line.status == ABOVE_CAP)


# --- caps and statuses ----------------------------------------------------------------------


def line_cap(
    plan: Plan, place_type: str, key: str, item: NormItem | None, day: dt.date | None = None
) -> int | None:
    """The cap a line's rate is checked against, from the norm item as it is now in the DB."""
    if item is None or item.basis == "actual":
        return None
    if item.basis == "formula":
        return _formula_cap(plan, place_type, item, day)
    if item.cap is None:
        return None
    if key.startswith("material_"):
        return material_rate(plan, item)  # with the minority-language uplift
    return half_rate(item.cap) if key.endswith(HALF_SUFFIX) else item.cap


def _formula_cap(
    plan: Plan, place_type: str, item: NormItem, day: dt.date | None = None
) -> int | None:
    params = norm_params(item)
    if params.get("formula") == "own_vehicle_fuel":  # đồng per km at the trip's petrol price
        return own_vehicle_rate(item, petrol_price_on(plan, day))
    if params.get("formula") != "ratio_of_items":
        return item.cap
    ratio = Decimal(str(params.get("ratio", "0")))
    of_items = params.get("of_items")
    siblings = {i.code: i for i in item.norm_set.items}
    for code in of_items if isinstance(of_items, list) else []:
        base = siblings.get(str(code))
        if base is not None and base.cap is not None and item_applies(base, None, place_type):
            return round_half_up(ratio * base.cap)
    return None


def status_of(rate: int, cap: int | None, override_reason: str) -> str:
    if cap is None:
        return NO_CAP
    if rate <= cap:
        return WITHIN_CAP
    return OVERRIDDEN if override_reason else ABOVE_CAP


def why_set(plan: Plan, chosen: NormSet) -> Text:
    """Why a line is priced by `chosen`, in a sentence for the window's tooltip."""
    if plan.norm_set is not None and plan.norm_set.id == chosen.id:
        return Text(N_("kế hoạch {plan} chọn bộ định mức này"), plan=plan.code)
    if chosen.province:
        return Text(
            N_(
                "bộ định mức của tỉnh {province} (nghị quyết HĐND) có hiệu lực vào ngày của "
                "lớp; thay mức chung ở những mục tỉnh quy định"
            ),
            province=chosen.province,
        )
    return Text(N_("bộ định mức chung có hiệu lực vào ngày của lớp"))


def _default_code(item: NormItem | None) -> str:
    return str(norm_params(item).get("budget_code", "")) if item is not None else ""


def _view(
    line: BudgetLine, plan: Plan, place_type: str, activity_code: str, day: dt.date | None = None
) -> EstimateLine:
    item = line.norm_item
    cap = line_cap(plan, place_type, line.item_code, item, day)
    return EstimateLine(
        line_id=line.id,
        activity_id=line.activity_id,
        activity_code=activity_code,
        key=line.item_code,
        description=line.description,
        norm_code=item.code if item else "",
        norm_name=item.name if item else "",
        source=item.source if item else "",
        needs_verification=bool(item and item.confidence.value == "M"),
        quantity=line.quantity,
        unit=line.unit,
        rate=line.rate,
        cap=cap,
        amount=line.amount,
        status=status_of(line.rate, cap, line.override_reason),
        override_reason=line.override_reason,
        origin=line.origin.value,
        quantity_edited=line.quantity_edited,
        rate_edited=line.rate_edited,
        document_ref=line.document_ref,
        version=line.version,
        norm_set=item.norm_set.code if item is not None else "",
        why_set=why_set(plan, item.norm_set) if item is not None else "",
        classification=Classification(
            chapter=plan.budget_chapter,
            sector=plan.budget_sector,
            sub_item=line.budget_code or _default_code(item),
            programme=plan.programme_code,
        ),
    )


def _lines(
    session: Session,
    plan: Plan,
    activity: Activity | None,
    stored: Sequence[BudgetLine] | None = None,
) -> tuple[EstimateLine, ...]:
    if activity is None:
        place_type, code, day = "other", "", None
    else:
        place_type, code = activity_place_type(activity), activity.code
        day = activity.start_date
    if stored is None:
        query = select(BudgetLine).where(
            BudgetLine.plan_id == plan.id, BudgetLine.suppressed.is_(False)
        )
        if activity is None:
            query = query.where(BudgetLine.activity_id.is_(None))
        else:
            query = query.where(BudgetLine.activity_id == activity.id)
        stored = session.scalars(query.order_by(BudgetLine.position, BudgetLine.id)).all()
    else:
        stored = sorted(
            (line for line in stored if not line.suppressed), key=lambda x: (x.position, x.id)
        )
    return tuple(_view(line, plan, place_type, code, day) for line in stored)


def estimate_activity(
    session: Session,
    activity_id: int,
    *,
    refresh: bool = True,
    rules: Rules | None = None,
    stored: Sequence[BudgetLine] | None = None,
) -> ActivityEstimate:
    """The estimate of one activity. With `refresh` (the default) the generated lines are
    brought up to date first, so call it inside `db.write()`; `refresh=False` only reads
    (with the activity's `rules` when the caller has built them already, and its `stored`
    lines when it has read them already: models.settlement.held)."""
    activity = get_activity(session, activity_id)
    if refresh:
        warnings = refresh_activity_lines(session, activity_id)
    else:
        warnings = list((rules or build_rules(activity)).warnings)
    lines = _lines(session, activity.plan, activity, None if refresh else stored)
    warnings = warnings + [
        Text(
            N_(
                'Dòng "{line}" ({code}) vượt định mức “{item}”: {rate} > {cap} đồng; cần ghi lý do.'
            ),
            line=line.description,
            code=activity.code,
            item=line.norm_name,
            rate=Amount(line.rate),
            cap=Amount(line.cap),
        )
        for line in lines
        if line.status == ABOVE_CAP and line.cap is not None
    ]
    return ActivityEstimate(
        activity_id=activity.id,
        code=activity.code,
        title=activity.title,
        start=activity.start_date,
        end=activity.end_date,
        locked=activity.locked,
        lines=lines,
        total=sum(line.amount for line in lines),
        warnings=tuple(warnings),
    )


def estimate_plan(session: Session, plan_id: int, *, refresh: bool = True) -> PlanEstimate:
    """All activities of a plan plus its plan-level lines, against the funding ceiling."""
    plan = get_plan(session, plan_id)
    activities = tuple(
        estimate_activity(session, a.id, refresh=refresh)
        for a in sorted(plan.activities, key=lambda a: (a.start_date, a.code))
    )
    if refresh and not plan.locked:
        refresh_plan_lines(session, plan)
        rebind_manual_lines(session, plan, None)
        session.flush()
    plan_lines = _lines(session, plan, None)
    total = sum(a.total for a in activities) + sum(line.amount for line in plan_lines)
    ceiling = plan.funding_source.ceiling if plan.funding_source else 0
    warnings: list[str] = []
    seen: set[str] = set()
    for a in activities:
        for w in a.warnings:
            if w not in seen:
                seen.add(w)
                warnings.append(w)
    for line in plan_lines:
        if line.status == ABOVE_CAP:
            warnings.append(
                Text(
                    N_('Dòng "{line}" vượt định mức “{item}”.'),
                    line=line.description,
                    item=line.norm_name,
                )
            )
    if plan.funding_source is not None and total > ceiling:
        warnings.append(
            Text(
                N_("Dự toán {total} đồng vượt mức kinh phí được giao {ceiling} đồng."),
                total=Amount(total),
                ceiling=Amount(ceiling),
            )
        )
    return PlanEstimate(
        plan_id=plan.id,
        code=plan.code,
        title=plan.title,
        norm_set_code=plan.norm_set.code if plan.norm_set else "",
        ceiling=ceiling,
        activities=activities,
        plan_lines=plan_lines,
        total=total,
        remaining=ceiling - total,
        warnings=tuple(warnings),
    )


def estimate_with_plan(
    session: Session, activity_id: int, *, refresh: bool = True
) -> tuple[ActivityEstimate, PlanEstimate]:
    """An activity's estimate beside its plan's (every activity's lines brought up to date)."""
    plan_id = get_activity(session, activity_id).plan_id
    return (
        estimate_activity(session, activity_id, refresh=refresh),
        estimate_plan(session, plan_id, refresh=refresh),
    )
