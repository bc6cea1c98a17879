"""Editing the estimate: manual lines, edits of generated lines, overrides, actual amounts,
and the plan's settings for travel and for who gets which support.

Each function runs in the caller's transaction; bad input raises MoneyError and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.budget.documents import Document, documents_of, record_documents
from models.budget.estimate import line_cap
from models.budget.rules import (
    AGENCY_PAID_SUPPORTS,
    CATEGORIES,
    CATEGORY_LABELS,
    PAYER_AGENCY,
    PAYER_LABELS,
    SUPPORT_LABELS,
    SUPPORTS,
    activity_place_type,
    check_amount,
    plan_payers,
    set_for,
)
from models.concurrency import check_version
from models.entities.enums import LineOrigin, TravelMethod
from models.entities.tables import (
    Activity,
    BudgetLine,
    NormItem,
    PetrolPrice,
    Plan,
    PlanSupport,
)
from models.errors import MoneyError
from models.guard import require_plan_unlocked, require_unlocked
from models.i18n_marks import N_, Amount
from models.lookup import get_activity, get_plan


class AboveCapError(MoneyError):
    """A rate above its norm item's cap entered without a reason: nothing is saved. The
    window asks for the reason (e.g. the province's resolution) and saves again with it."""

    def __init__(self, item: str, rate: int, cap: int) -> None:
        super().__init__(
            N_(
                "Đơn giá {rate} đồng của khoản “{item}” vượt mức tối đa {cap} đồng: cần ghi lý do "
                "chấp nhận vượt định mức trước khi lưu"
            ),
            item=item,
            rate=Amount(rate),
            cap=Amount(cap),
        )
        self.item, self.rate, self.cap = item, rate, cap

    def __reduce__(self) -> tuple[object, ...]:  # crosses the worker thread/process intact
        return (type(self), (self.item, self.rate, self.cap))


def _require_reason(session: Session, line: BudgetLine, reason: str) -> None:
    """Refuse a rate above the line's cap unless a reason is given or already recorded
    (the cap itself: TT 55/2023/TT-BTC and the province's norm set, models.budget.rules)."""
    if reason.strip() or line.override_reason.strip() or line.norm_item is None:
        return
    plan = session.get(Plan, line.plan_id)
    assert plan is not None
    activity = get_activity(session, line.activity_id) if line.activity_id else None
    place_type = activity_place_type(activity) if activity is not None else "other"
    day = activity.start_date if activity is not None else None
    cap = line_cap(plan, place_type, line.item_code, line.norm_item, day)
    if cap is not None and line.rate > cap:
        raise AboveCapError(line.norm_item.name, line.rate, cap)


# --- editing -------------------------------------------------------------------------------


def _line(session: Session, line_id: int) -> BudgetLine:
    line = session.get(BudgetLine, line_id)
    if line is None or line.suppressed:
        raise MoneyError(f"không có dòng dự toán mã số {line_id}")
    if line.activity_id is not None:
        require_unlocked(get_activity(session, line.activity_id))
    else:
        require_plan_unlocked(get_plan(session, line.plan_id))
    return line


def _norm_item(
    plan: Plan, norm_code: str | None, activity: Activity | None = None
) -> NormItem | None:
    if not norm_code:
        return None
    norm_set = set_for(plan, activity)
    if norm_set is None:
        raise MoneyError(
            f"kế hoạch {plan.code} chưa có bộ định mức áp dụng; không dùng được mục {norm_code}"
        )
    for item in norm_set.items:
        if item.code == norm_code.strip():
            return item
    raise MoneyError(f"bộ định mức {norm_set.code} không có mục {norm_code.strip()}")


def add_line(
    session: Session,
    *,
    plan_id: int,
    description: str,
    quantity: int,
    unit: str,
    rate: int,
    activity_id: int | None = None,
    norm_code: str | None = None,
    document_ref: str = "",
    override_reason: str = "",
) -> int:
    """Add a manual line to an activity or (activity_id None) to the plan itself; its id."""
    plan = get_plan(session, plan_id)
    if activity_id is not None:
        activity = get_activity(session, activity_id)
        if activity.plan_id != plan.id:
            raise MoneyError(f"hoạt động {activity.code} không thuộc kế hoạch {plan.code}")
        require_unlocked(activity)
    else:
        require_plan_unlocked(plan)
    if not description.strip():
        raise MoneyError("dòng dự toán cần có nội dung")
    quantity = check_amount(quantity, "số lượng")
    rate = check_amount(rate, "đơn giá")
    item = _norm_item(
        plan, norm_code, get_activity(session, activity_id) if activity_id is not None else None
    )
    last = session.scalar(
        select(func.max(BudgetLine.position)).where(
            BudgetLine.plan_id == plan.id, BudgetLine.activity_id == activity_id
        )
    )
    line = BudgetLine(
        plan_id=plan.id,
        activity_id=activity_id,
        norm_item=item,
        item_code="",
        description=description,
        quantity=quantity,
        unit=unit,
        rate=rate,
        amount=quantity * rate,
        origin=LineOrigin.MANUAL,
        document_ref=document_ref,
        override_reason=override_reason,
        position=(last or 0) + 1000,
    )
    session.add(line)
    session.flush()
    _require_reason(session, line, override_reason)
    return line.id


def update_line(
    session: Session,
    line_id: int,
    *,
    quantity: int | None = None,
    rate: int | None = None,
    description: str | None = None,
    unit: str | None = None,
    norm_code: str | None = None,
    document_ref: str | None = None,
    budget_code: str | None = None,
    expected_version: int | None = None,
    override_reason: str | None = None,
) -> None:
    """Edit a line. On a generated line an edited quantity or rate is kept by later refreshes.
    `expected_version`: the version the form showed; someone else's save since is refused.
    A new rate above the cap needs `override_reason` (AboveCapError otherwise), which is
    recorded with it."""
    line = _line(session, line_id)
    check_version(line, expected_version)
    rate_before, item_before = line.rate, line.norm_item
    if quantity is not None:
        line.quantity = check_amount(quantity, "số lượng")
        line.quantity_edited = line.origin is LineOrigin.GENERATED
    if rate is not None:
        line.rate = check_amount(rate, "đơn giá")
        line.rate_edited = line.origin is LineOrigin.GENERATED
    if description is not None:
        if not description.strip():
            raise MoneyError("dòng dự toán cần có nội dung")
        line.description = description
    if unit is not None:
        line.unit = unit
    if norm_code is not None:
        plan = session.get(Plan, line.plan_id)
        assert plan is not None
        activity = get_activity(session, line.activity_id) if line.activity_id else None
        line.norm_item = _norm_item(plan, norm_code, activity)
    if document_ref is not None:
        line.document_ref = document_ref
    if budget_code is not None:
        code = budget_code.strip()
        if code and not (len(code) == 4 and code.isascii() and code.isdigit()):
            raise MoneyError(f"tiểu mục «{code}» phải có 4 chữ số, ví dụ 6658")
        line.budget_code = code
    if override_reason is not None and override_reason.strip():
        line.override_reason = override_reason.strip()
    line.amount = line.quantity * line.rate
    if line.rate != rate_before or line.norm_item is not item_before:
        _require_reason(session, line, "")
    session.flush()


def reset_line(session: Session, line_id: int) -> None:
    """Forget a user's edits of a generated line: the next refresh recomputes it."""
    line = _line(session, line_id)
    line.quantity_edited = line.rate_edited = False


def remove_line(session: Session, line_id: int) -> None:
    """Remove a line. A generated line is kept out of every total and is not generated again."""
    line = _line(session, line_id)
    if line.origin is LineOrigin.GENERATED:
        line.suppressed = True
    else:
        session.delete(line)
    session.flush()


def record_override(session: Session, line_id: int, reason: str) -> None:
    """Record why a rate above its cap is accepted (e.g. a province's resolution); "" clears."""
    line = _line(session, line_id)
    line.override_reason = reason
    session.flush()


def record_line_documents(session: Session, line_id: int, docs: Sequence[Document]) -> None:
    """Settle a line by its documents (contracts, invoices…): the actual is their sum."""
    record_documents(session, _line(session, line_id), docs)


def add_line_document(session: Session, line_id: int, doc: Document) -> None:
    """One more document behind a line's actual amount (kept with the ones before)."""
    line = _line(session, line_id)
    record_documents(session, line, [*documents_of(line), doc])


def record_actual(session: Session, line_id: int, amount: int, document_ref: str) -> None:
    """Settlement of a line without a formula: the amount spent and its contract/invoice."""
    line = _line(session, line_id)
    amount = check_amount(amount, "số tiền thực chi")
    if amount > 0 and not document_ref.strip():
        raise MoneyError(f'dòng "{line.description}": cần số hợp đồng, hóa đơn hoặc chứng từ')
    line.actual_amount = amount
    line.document_ref = document_ref
    session.flush()


# --- plan settings --------------------------------------------------------------------------


def set_plan_travel(
    session: Session,
    plan_id: int,
    *,
    method: str | None = None,
    petrol_price: int | None = None,
    petrol_price_date: dt.date | None = None,
    expected_version: int | None = None,
) -> None:
    """Choose how travel is supported and, for the own-vehicle formula, the petrol price of the
    day (đồng/litre) with its date. The next estimate uses them."""
    plan = get_plan(session, plan_id)
    check_version(plan, expected_version)
    if method is not None:
        known = [m.value for m in TravelMethod]
        if method not in known:
            raise MoneyError(
                f"cách tính tiền đi lại {method!r} không có; chọn một trong: {', '.join(known)}"
            )
        plan.travel_method = method
    if petrol_price is not None:
        plan.petrol_price = check_amount(petrol_price, "giá xăng")
    if petrol_price_date is not None:
        plan.petrol_price_date = petrol_price_date
    if petrol_price is not None and petrol_price_date is not None:
        set_petrol_price(session, plan_id, petrol_price_date, petrol_price)
    session.flush()


def set_petrol_price(session: Session, plan_id: int, valid_from: dt.date, price: int) -> None:
    """The petrol price published on a day (đồng/litre); trips from that day on are priced
    with it until the next one (models.budget.rules.petrol_price_on)."""
    plan = get_plan(session, plan_id)
    price = check_amount(price, "giá xăng")
    for row in plan.petrol_prices:
        if row.valid_from == valid_from:
            row.price = price
            break
    else:
        plan.petrol_prices.append(PetrolPrice(valid_from=valid_from, price=price))
        plan.petrol_prices.sort(key=lambda p: p.valid_from)
    session.flush()


def remove_petrol_price(session: Session, plan_id: int, valid_from: dt.date) -> None:
    plan = get_plan(session, plan_id)
    for row in list(plan.petrol_prices):
        if row.valid_from == valid_from:
            plan.petrol_prices.remove(row)
    session.flush()


def set_plan_support(
    session: Session, plan_id: int, category: str, support: str, enabled: bool
) -> None:
    """Decide whether the plan pays one kind of support to one participant category."""
    plan = get_plan(session, plan_id)
    if category not in CATEGORIES:
        raise MoneyError(f"nhóm người {category!r} không có; chọn: {', '.join(CATEGORIES)}")
    if support not in SUPPORTS:
        raise MoneyError(f"khoản hỗ trợ {support!r} không có; chọn: {', '.join(SUPPORTS)}")
    if enabled and support not in AGENCY_PAID_SUPPORTS and plan_payers(plan)[category] != "class":
        raise MoneyError(
            f"{CATEGORY_LABELS[category]} do {PAYER_LABELS[PAYER_AGENCY]} chi trả: lớp không chi "
            f"{SUPPORT_LABELS[support]} cho họ — chọn người chi trả là kinh phí lớp trước"
        )
    for row in plan.supports:
        if row.category == category and row.support == support:
            row.enabled = enabled
            break
    else:
        plan.supports.append(PlanSupport(category=category, support=support, enabled=enabled))
    session.flush()


def support_choices(session: Session, plan_id: int) -> dict[str, frozenset[str]]:
    """Category -> the kinds of support the plan pays (its choices over the defaults)."""
    from models.budget.rules import plan_supports

    return plan_supports(get_plan(session, plan_id))


def set_support_choices(
    session: Session, plan_id: int, chosen: dict[str, frozenset[str]]
) -> dict[str, frozenset[str]]:
    """Save the whole who-gets-what grid of a plan; returns the grid as it was (for undo)."""
    before = support_choices(session, plan_id)
    for category in CATEGORIES:
        wanted = chosen.get(category, before.get(category, frozenset()))
        for support in SUPPORTS:
            if (support in wanted) != (support in before.get(category, frozenset())):
                set_plan_support(session, plan_id, category, support, support in wanted)
    return before
