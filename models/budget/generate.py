"""Generating an activity's budget lines from roster, sessions, venue, lecturers and norms.

Generated lines are stored (BudgetLine.origin = generated, keyed by `item_code`) and refreshed
whenever an estimate is asked for: a user's edit of a quantity or a rate is kept, a removed
generated line stays removed (`suppressed`), manual lines are never touched, a locked activity
is never refreshed. Quantities: see models.budget.rules (half days, nights, travel).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.budget.entitlements import (
    HALF_SUFFIX,
    LECTURER_PREFIX,
    LODGING_LEADER,
    LODGING_ROOM,
    LODGING_SINGLE_ROOM,
    ORGANISER_PREFIX,
    Presence,
    key_item,
    lecturer_quantities,
    person_quantities,
)
from models.budget.rules import (
    LECTURER,
    LecturerRef,
    Participant,
    Rules,
    build_rules,
    category_of,
    half_rate,
    lecturer_refs,
    norm_params,
    participants,
    round_half_up,
    set_for,
)
from models.entities.enums import ActivityKind, LineOrigin, Role, TravelMethod
from models.entities.tables import Activity, BudgetLine, NormItem, Plan
from models.i18n_marks import N_, Text
from models.lookup import get_activity
from models.people.lecturer_tiers import suggest_tier

# --- generation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    key: str
    item: NormItem | None
    description: str
    quantity: int
    unit: str
    rate: int


_PERSON_LINES: Final = (  # key, description, unit (own vehicle / flat per km)
    ("meal", "Hỗ trợ tiền ăn học viên", "người/ngày"),
    ("meal_half", "Hỗ trợ tiền ăn học viên (nửa ngày)", "người/buổi"),
    ("lodging", "Tiền nghỉ học viên ở xa", "người/đêm"),
    ("travel", "Tiền đi lại học viên ở xa (khứ hồi)", "km"),
    ("drinks", "Nước uống giữa giờ", "người/ngày"),
    ("drinks_half", "Nước uống giữa giờ (nửa ngày)", "người/buổi"),
    ("organiser_lodging", "Tiền nghỉ ban tổ chức ở xa", "người/đêm"),
    ("organiser_travel", "Tiền đi lại ban tổ chức ở xa (khứ hồi)", "km"),
    ("organiser_per_diem", "Phụ cấp lưu trú ban tổ chức ở xa", "người/ngày"),
)
_LECTURER_LINES: Final = (
    ("lecturer_travel", "Tiền đi lại giảng viên ở xa (khứ hồi)", "km"),
    ("lecturer_lodging", "Tiền nghỉ giảng viên ở xa", "người/đêm"),
    ("lecturer_per_diem", "Phụ cấp lưu trú giảng viên ở xa", "người/ngày"),
)
# key, norm item, unit: lines of "actual, by document" costs and class materials.
_FIXED_LINES: Final = (
    ("hall", "HALL_HIRE", "ngày"),
    ("banner", "BANNER", "lớp"),
    ("stationery", "STATIONERY", "người"),
    ("printing", "PRINTING", "bộ"),
    ("certificate", "CERTIFICATE", "giấy"),
)
# An outreach session: its hall, banner, sound hire and leaflets for the households (no
# learners' stationery, class printing or certificates).
_OUTREACH_LINES: Final = (
    ("hall", "HALL_HIRE", "ngày"),
    ("banner", "BANNER", "buổi"),
    ("sound", "SOUND_HIRE", "buổi"),
    ("leaflet", "LEAFLET", "tờ"),
)
# Training material is written once for the whole plan: plan-level lines (activity None).
_MATERIAL_LINES: Final = (
    ("material_write", "MATERIAL_WRITE"),
    ("material_edit", "MATERIAL_EDIT"),
    ("material_review", "MATERIAL_REVIEW"),
)


_WHO: Final = {ORGANISER_PREFIX: "ban tổ chức", LECTURER_PREFIX: "giảng viên", "": "học viên"}
_METHOD_WORDS: Final = {
    TravelMethod.OWN_VEHICLE.value: "tự túc phương tiện",
    TravelMethod.FLAT_PER_KM.value: "khoán theo km",
    TravelMethod.ACTUAL.value: "theo vé",
}
_LODGING_WORDS: Final = {
    LODGING_LEADER: ("Tiền nghỉ {who} ở xa (mức lãnh đạo)", "người/đêm"),
    LODGING_ROOM: ("Tiền thuê phòng nghỉ {who} theo hóa đơn (2 người/phòng)", "phòng/đêm"),
    LODGING_SINGLE_ROOM: ("Tiền thuê phòng nghỉ {who} theo hóa đơn (phòng 1 người)", "phòng/đêm"),
}


def _prefix(key: str) -> str:
    return next((p for p in (ORGANISER_PREFIX, LECTURER_PREFIX) if key.startswith(p)), "")


def _extra_line(key: str, rules: Rules) -> tuple[str, str, str] | None:
    """Description and unit of a key outside the fixed lists: travel by a category's or a
    lecturer's own method, the leader's lodging tier, rooms paid by invoice."""
    prefix = _prefix(key)
    base = key.removeprefix(prefix)
    who = _WHO[prefix]
    method = rules.key_method(key)
    if method is not None:
        words = _METHOD_WORDS.get(method, method)
        return key, f"Tiền đi lại {who} ở xa (khứ hồi, {words})", "km"
    if base in _LODGING_WORDS:
        text, unit = _LODGING_WORDS[base]
        return key, text.format(who=who), unit
    return None


def _generated_rate(rules: Rules, key: str, item: NormItem) -> int:
    """The rate a generated line starts with: the cap, never more."""
    method = rules.key_method(key)
    if method is not None:
        return 0 if method == TravelMethod.ACTUAL else rules.km_basis(method)[1]
    if key == "hall":
        venue = rules.activity.venue
        return venue.daily_hire if venue is not None else 0
    cap = item.cap or 0
    return half_rate(cap) if key.endswith(HALF_SUFFIX) else cap


def hall_hired(activity: Activity, people: int) -> bool:
    """Whether the class hires its hall: not when the venue is the organising unit's own and
    seats everyone (TT 40/2017/TT-BTC Điều 11: "trong trường hợp cơ quan, đơn vị không có địa
    điểm phải thuê hoặc có nhưng không đáp ứng được số lượng đại biểu tham dự")."""
    venue = activity.venue
    if venue is None or not venue.organiser_owned:
        return True
    return venue.capacity is not None and people > venue.capacity


def full_presence(activity: Activity) -> Presence:
    return Presence(dict(Counter(s.on_date for s in activity.sessions)))


@dataclass
class _Counts:
    totals: Counter[str]
    items: dict[str, NormItem]
    fee_tiers: set[int]
    warnings: list[str]


def _count(session: Session, rules: Rules, everyone: Presence) -> tuple[_Counts, int]:
    """Quantities per generated key, everyone present; and the number of learners."""
    activity = rules.activity
    counts = _Counts(Counter(), {}, set(), [])

    def add(key: str, quantity: int, category: str) -> None:
        counts.totals[key] += quantity
        item = key_item(rules, key, category)
        if item is not None:
            counts.items.setdefault(key, item)

    people = participants(session, activity)
    planned = planned_participants(activity) if not people else []
    if planned:
        counts.warnings.append(
            Text(
                N_(
                    "{code} chưa có danh sách: dự toán tính theo {n} người dự kiến (tiền ăn, "
                    "nước uống; tiền đi lại, tiền nghỉ tính khi có danh sách và khoảng cách)."
                ),
                code=activity.code,
                n=len(planned),
            )
        )
    kinds = Counter(p.entitled for p in (*planned, *people))  # people alike: worked out once
    for kind, n in kinds.items():
        for key, quantity in person_quantities(rules, kind, everyone).items():
            add(key, quantity * n, kind.category)
    unknown = sum(1 for p in people if p.distance_km is None)
    if unknown:
        counts.warnings.append(
            Text(
                N_(
                    "{n} người của {code} chưa có khoảng cách đến nơi học: "
                    "chưa tính tiền đi lại, tiền nghỉ cho họ."
                ),
                n=unknown,
                code=activity.code,
            )
        )
    refs = lecturer_refs(s.lecturer for s in activity.sessions if s.lecturer is not None)
    taught: dict[int, list[dt.date]] = {}
    for s in activity.sessions:
        if s.lecturer_id is not None:
            taught.setdefault(s.lecturer_id, []).append(s.on_date)
    for lecturer_id, dates in taught.items():
        lec = refs[lecturer_id]
        counts.warnings.extend(tier_warning(lec))
        for key, quantity in lecturer_quantities(rules, lec, dates).items():
            if key.startswith(f"{LECTURER_PREFIX}fee_t"):
                counts.fee_tiers.add(lec.tier)
            add(key, quantity, LECTURER)
    return counts, sum(1 for p in people if p.role == Role.LEARNER.value) + len(planned)


def tier_warning(lec: LecturerRef) -> list[str]:
    """A lecturer paid at a higher tier than the catalogue gives their position (TT 36/2018
    Điều 5 k2 a): a warning, since a degree may justify it."""
    match = suggest_tier(lec.title)
    if match is None or lec.tier >= match.tier:
        return []
    return [
        f"Giảng viên {lec.full_name} ({lec.title}) xếp nhóm {lec.tier} nhưng theo {match.source}, "
        f"chức danh «{match.position}» thuộc nhóm {match.tier}: kiểm tra lại hạng thù lao."
    ]


def planned_participants(activity: Activity) -> list[Participant]:
    """Before the roster arrives: the planned head count as learners (or delegates) of
    unknown distance, so the estimate has its meals and drinks; nobody is paid from these."""
    count = activity.expected_count or 0
    category = category_of(activity, Role.LEARNER, False)
    someone = Participant(
        enrollment_id=0, person_id=0, role=Role.LEARNER.value, category=category,
        distance_km=None, difficult_area=False, travel_actual=None, travel_document="",
        cccd="", full_name="", sort_key="", position="", village="", commune="",
    )  # fmt: skip
    return [someone] * count


def _draft(rules: Rules, counts: _Counts, key: str, description: str, unit: str) -> Draft | None:
    item = counts.items.get(key)
    if not counts.totals[key] or item is None:
        return None
    if rules.key_method(key) == TravelMethod.ACTUAL:
        unit = "lượt"
    quantity = counts.totals[key]
    if key.removeprefix(_prefix(key)) == LODGING_ROOM:  # two per room (TT 40/2017 Điều 7 k3)
        quantity = -(-quantity // 2)
    return Draft(key, item, description, quantity, unit, _generated_rate(rules, key, item))


def draft_lines(session: Session, rules: Rules) -> tuple[list[Draft], list[str]]:
    """The generated lines of an activity, everyone present at every session."""
    everyone = full_presence(rules.activity)
    counts, learners = _count(session, rules, everyone)
    person_lines = [_draft(rules, counts, *spec) for spec in _PERSON_LINES]
    fee_lines = [
        _draft(
            rules,
            counts,
            f"{LECTURER_PREFIX}fee_t{tier}",
            f"Thù lao giảng viên nhóm {tier}",
            "buổi",
        )
        for tier in sorted(counts.fee_tiers)
    ]
    lecturer_lines = [_draft(rules, counts, *spec) for spec in _LECTURER_LINES]
    fixed = {spec[0] for spec in (*_PERSON_LINES, *_LECTURER_LINES)}
    extra_specs = [_extra_line(k, rules) for k in sorted(set(counts.totals) - fixed)]
    extra_lines = [_draft(rules, counts, *spec) for spec in extra_specs if spec is not None]
    drafts = [
        d for d in (*person_lines, *extra_lines, *fee_lines, *lecturer_lines) if d is not None
    ]
    days = len(everyone.per_date)
    outreach = rules.activity.kind is ActivityKind.OUTREACH
    for key, code, unit in _OUTREACH_LINES if outreach else _FIXED_LINES:
        item = rules.item(code)
        if item is None:
            continue
        if key == "hall" and not hall_hired(rules.activity, learners):
            continue
        quantity = {"hall": days, "banner": 1, "sound": 1}.get(key, learners)
        drafts.append(
            Draft(key, item, item.name, quantity, unit, _generated_rate(rules, key, item))
        )
    return drafts, counts.warnings


def refresh_activity_lines(session: Session, activity_id: int) -> list[str]:
    """Bring the generated lines up to date with roster, sessions and norms; keep user edits.

    Returns the warnings of the generation. A locked activity is left as it is.
    """
    activity = get_activity(session, activity_id)
    rules = build_rules(activity)
    if activity.locked:
        return rules.warnings
    drafts, warnings = draft_lines(session, rules)
    existing = {
        line.item_code: line
        for line in session.scalars(
            select(BudgetLine).where(
                BudgetLine.activity_id == activity.id,
                BudgetLine.origin == LineOrigin.GENERATED,
            )
        )
    }
    seen = set()
    for position, draft in enumerate(drafts, 1):
        seen.add(draft.key)
        line = existing.get(draft.key)
        if line is None:
            line = BudgetLine(
                plan_id=activity.plan_id,
                activity_id=activity.id,
                item_code=draft.key,
                description=draft.description,
                origin=LineOrigin.GENERATED,
                quantity=0,
                rate=0,
                amount=0,
            )
            session.add(line)
        line.norm_item = draft.item
        line.unit = draft.unit
        line.position = position * 10
        if not line.quantity_edited:
            line.quantity = draft.quantity
        if not line.rate_edited:
            line.rate = draft.rate
        line.amount = line.quantity * line.rate
    for key, line in existing.items():
        if key in seen:
            continue
        touched = (
            line.quantity_edited
            or line.rate_edited
            or line.suppressed
            or line.override_reason
            or line.document_ref
            or line.actual_amount is not None
        )
        if not touched:
            session.delete(line)
        elif not line.quantity_edited:
            line.quantity = 0
            line.amount = 0
    rebind_manual_lines(session, activity.plan, activity.id)
    session.flush()
    return rules.warnings + warnings


def material_rate(plan: Plan, item: NormItem) -> int:
    """The cap per standard page, with the norm's uplift when the plan's material is written
    in a minority language (TT 55/2023/TT-BTC: +30 %)."""
    cap = item.cap or 0
    uplift = norm_params(item).get("minority_language_uplift")
    if plan.minority_language and isinstance(uplift, str):
        return round_half_up(Decimal(cap) * (1 + Decimal(uplift)))
    return cap


def refresh_plan_lines(session: Session, plan: Plan) -> None:
    """The plan-level generated lines: writing, editing and reviewing the training material,
    once per plan (pages entered by the user; reviewing follows the written pages unless
    edited). Only when a class of the plan is shorter than the norm's class_days_under."""
    norm_set = set_for(plan, None)
    if plan.locked or norm_set is None:
        return
    items = {i.code: i for i in norm_set.items}
    existing = {
        line.item_code: line
        for line in session.scalars(
            select(BudgetLine).where(
                BudgetLine.plan_id == plan.id,
                BudgetLine.activity_id.is_(None),
                BudgetLine.origin == LineOrigin.GENERATED,
            )
        )
    }
    days = [(a.end_date - a.start_date).days + 1 for a in plan.activities]
    written = existing.get("material_write")
    pages = written.quantity if written is not None else 0
    for position, (key, code) in enumerate(_MATERIAL_LINES, 1):
        item = items.get(code)
        under = norm_params(item).get("class_days_under") if item is not None else None
        short = not isinstance(under, int) or any(d < under for d in days)
        line = existing.get(key)
        if item is None or not short:
            if line is not None and not (line.quantity or line.actual_amount is not None):
                session.delete(line)
            continue
        if line is None:
            line = BudgetLine(
                plan_id=plan.id, activity_id=None, item_code=key, description=item.name,
                origin=LineOrigin.GENERATED, quantity=0, rate=0, amount=0, unit="trang",
            )  # fmt: skip
            session.add(line)
        line.norm_item = item
        line.position = position * 10
        if not line.rate_edited:
            line.rate = material_rate(plan, item)
        if key == "material_review" and not line.quantity_edited:
            line.quantity = pages
        line.amount = line.quantity * line.rate
    session.flush()


def rebind_manual_lines(session: Session, plan: Plan, activity_id: int | None) -> None:
    """Lines checked against an item of another set follow the set that prices them (the
    plan's, or the one in force on the activity's dates), by item code."""
    activity = next((a for a in plan.activities if a.id == activity_id), None)
    norm_set = set_for(plan, activity)
    items = {i.code: i for i in norm_set.items} if norm_set else {}
    query = select(BudgetLine).where(
        BudgetLine.plan_id == plan.id,
        BudgetLine.norm_item_id.is_not(None),
        BudgetLine.activity_id == activity_id
        if activity_id is not None
        else BudgetLine.activity_id.is_(None),
    )
    for line in session.scalars(query):
        current = line.norm_item
        if current is not None and norm_set is not None and current.norm_set_id != norm_set.id:
            line.norm_item = items.get(current.code)
