"""What the estimate and the settlement share: who is entitled to what, and how it is counted.

One set of rules serves both: the estimate counts every enrolled person at every session, the
settlement counts the sessions each person actually attended. So a payout can never be computed
differently from the line it belongs to.

Counting rules (documented here once, used everywhere):

* **Half days.** A buổi is half a day. Each session attended counts as half a day: a person
  present at both sessions of a date gets one full day, at one of them half a day ("1,5" days for
  three sessions). Excused counts as absent: support follows presence. Full days are paid at the
  daily rate of the line; half days at the line's half-day rate, which is the daily rate halved
  and **rounded half up to the đồng** (once, on the rate; so the half-day line is still exactly
  quantity × rate, and the person's payout is the sum of their full-day and half-day parts).
* **Nights.** With the plan's `arrive_night_before` (the default), a person from beyond the
  distance threshold stays the night before each date they attend: nights = dates attended.
  Without it, nights = attended dates whose next date is attended too (the nights in between).
* **Travel.** A round trip (2 × the one-way distance) for everyone beyond the threshold who came
  at least once. With the own-vehicle formula the rate per km is litres/km × the petrol price of
  the day, **rounded half up to the đồng once, on the per-km rate**; the line is person-km ×
  rate, and each person's travel is their km × the same rate, so the payout list adds up to the
  line exactly. A provincial flat rate per km comes from the norm item TRAVEL_FLAT_KM of the
  plan's norm set. Actual tickets are entered per person (by document).
* **Threshold.** The distance threshold is the own-vehicle item's `min_distance_km` (or
  `min_distance_km_difficult` for people from especially difficult communes) in the plan's norm
  set; it decides travel and lodging alike. A person without a distance gets neither, and the
  estimate says how many such people there are.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any, Final, NamedTuple

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, object_session

from models.entities.enums import ActivityKind, PlaceType, Role, TravelMethod
from models.entities.tables import (
    Activity,
    Enrollment,
    Lecturer,
    NormItem,
    NormSet,
    Person,
    Plan,
    PlanCategory,
)
from models.errors import MoneyError
from models.i18n_marks import N_, Text
from models.text.vntext import collapse_spaces

# --- participant categories and kinds of support ------------------------------------------

LEARNER_UNSALARIED: Final = "learner_unsalaried"
LEARNER_SALARIED: Final = "learner_salaried"
DELEGATE_UNSALARIED: Final = "delegate_unsalaried"
ORGANISER: Final = "organiser"
LECTURER: Final = "lecturer"
CATEGORIES: Final = (LEARNER_UNSALARIED, LEARNER_SALARIED, DELEGATE_UNSALARIED, ORGANISER, LECTURER)

MEAL: Final = "meal"
LODGING: Final = "lodging"
TRAVEL: Final = "travel"
DRINKS: Final = "drinks"
PER_DIEM: Final = "per_diem"
SUPPORTS: Final = (MEAL, LODGING, TRAVEL, DRINKS, PER_DIEM)

CATEGORY_LABELS: Final[Mapping[str, str]] = {
    LEARNER_UNSALARIED: "học viên không hưởng lương",
    LEARNER_SALARIED: "học viên hưởng lương",
    DELEGATE_UNSALARIED: "đại biểu không hưởng lương",
    ORGANISER: "ban tổ chức, phục vụ",
    LECTURER: "giảng viên, báo cáo viên",
}
SUPPORT_LABELS: Final[Mapping[str, str]] = {
    MEAL: "tiền ăn",
    LODGING: "tiền nghỉ",
    TRAVEL: "tiền đi lại",
    DRINKS: "nước uống",
    PER_DIEM: "phụ cấp lưu trú",
}

# What a plan pays to whom unless it decides otherwise (PlanSupport rows). Salaried learners are
# normally paid by their own agency (domain brief, section 3); the class budget supports
# non-salaried learners, and the travel costs of organisers and lecturers who travel.
DEFAULT_SUPPORTS: Final[Mapping[str, frozenset[str]]] = {
    LEARNER_UNSALARIED: frozenset({MEAL, LODGING, TRAVEL, DRINKS}),
    LEARNER_SALARIED: frozenset({DRINKS}),
    DELEGATE_UNSALARIED: frozenset({MEAL, LODGING, TRAVEL, DRINKS}),
    ORGANISER: frozenset({LODGING, TRAVEL, DRINKS, PER_DIEM}),
    LECTURER: frozenset({LODGING, TRAVEL, PER_DIEM}),
}

# Who pays a category's costs (PlanCategory.payer). Salaried learners are paid by their own
# agency as công tác phí unless the plan says the class pays (TT 40/2017/TT-BTC Điều 12 k4
# point b, TT 36/2018/TT-BTC Điều 5 k1); village heads and prestigious persons draw a monthly
# allowance, not a salary, and stay non-salaried: the class pays them.
PAYER_CLASS: Final = "class"
PAYER_AGENCY: Final = "agency"
PAYERS: Final = (PAYER_CLASS, PAYER_AGENCY)
PAYER_LABELS: Final[Mapping[str, str]] = {
    PAYER_CLASS: "kinh phí lớp",
    PAYER_AGENCY: "cơ quan cử đi (công tác phí)",
}
DEFAULT_PAYERS: Final[Mapping[str, str]] = {
    LEARNER_UNSALARIED: PAYER_CLASS,
    LEARNER_SALARIED: PAYER_AGENCY,
    DELEGATE_UNSALARIED: PAYER_CLASS,
    ORGANISER: PAYER_CLASS,
    LECTURER: PAYER_CLASS,
}
# What an agency-paid category still gets from the class: the drinks served to everyone.
AGENCY_PAID_SUPPORTS: Final = frozenset({DRINKS})

# Item codes of the norm-set vocabulary (resources/norms/*.toml). Caps live in the database.
MEAL_LEARNER_ITEMS: Final = ("MEAL_LEARNER",)
MEAL_DELEGATE_ITEMS: Final = ("MEAL_DELEGATE_URBAN1", "MEAL_DELEGATE_CITY", "MEAL_DELEGATE_COMMUNE")
LODGING_ITEMS: Final = ("LODGING_FLAT_URBAN1", "LODGING_FLAT_CITY", "LODGING_FLAT_OTHER")
LODGING_LEADER_ITEMS: Final = ("LODGING_FLAT_LEADER",)
LODGING_ROOM_ITEMS: Final = ("LODGING_INVOICE_CITY", "LODGING_INVOICE_OTHER")
LODGING_SINGLE_ROOM_ITEMS: Final = ("LODGING_INVOICE_LEADER_CITY", "LODGING_INVOICE_LEADER_OTHER")
OWN_VEHICLE_ITEM: Final = "TRAVEL_OWN_VEHICLE"
FLAT_KM_ITEM: Final = "TRAVEL_FLAT_KM"
PUBLIC_TRANSPORT_ITEM: Final = "TRAVEL_PUBLIC"
DRINKS_ITEM: Final = "DRINKS"
PER_DIEM_ITEM: Final = "PER_DIEM"


def lecturer_item_code(tier: int) -> str:
    return f"LECTURER_T{tier}"


# --- arithmetic ----------------------------------------------------------------------------


def round_half_up(value: Decimal) -> int:
    """Round to the whole đồng, halves up (0,5 đ -> 1 đ). The only rounding in the money core."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def half_rate(daily_rate: int) -> int:
    """The half-day rate: the daily rate halved, rounded half up to the đồng."""
    return round_half_up(Decimal(daily_rate) / 2)


def days_text(half_days: int) -> str:
    """Half days as the papers print days: 3 -> "1,5", 4 -> "2"."""
    whole, half = divmod(half_days, 2)
    return f"{whole},5" if half else str(whole)


def check_amount(value: object, label: str) -> int:
    """A non-negative whole number (đồng, km, people); refuses floats and booleans."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise MoneyError(f"{label} phải là số nguyên, không phải {value!r}")
    if value < 0:
        raise MoneyError(f"{label} không được âm ({value})")
    return value


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def norm_params(item: NormItem) -> dict[str, object]:
    loaded = json.loads(item.params or "{}")
    return loaded if isinstance(loaded, dict) else {}


@cache
def _names(text: str) -> frozenset[str]:
    """The comma-separated names of a norm item's field, parsed once per distinct text."""
    return frozenset(a.strip() for a in text.split(",") if a.strip())


def item_applies(item: NormItem, category: str | None, place_type: str | None = None) -> bool:
    """Whether the item covers this category (None: any) at this place type (None: any)."""
    applies = _names(item.applies_to)
    if category is not None and "all" not in applies and category not in applies:
        return False
    places = _names(item.place_types)
    return place_type is None or not places or place_type in places


def plan_supports(plan: Plan, kind: ActivityKind | None = None) -> dict[str, frozenset[str]]:
    """Category -> kinds of support the plan pays: the defaults with the plan's choices.

    For outreach sessions (`kind` OUTREACH) the residents' meal support is off unless the plan
    switches it on: TT 40/2017/TT-BTC Điều 12 khoản 4 sets a maximum the unit may pay to
    non-salaried delegates ("theo mức khoán"), not an entitlement (issue 10)."""
    payers = plan_payers(plan)
    chosen = {c: set(s) for c, s in DEFAULT_SUPPORTS.items()}
    if payers[LEARNER_SALARIED] == PAYER_CLASS:  # the class pays them like everyone else
        chosen[LEARNER_SALARIED] = set(DEFAULT_SUPPORTS[LEARNER_UNSALARIED])
    if kind is ActivityKind.OUTREACH:
        chosen[DELEGATE_UNSALARIED].discard(MEAL)
    for row in plan.supports:
        if row.category not in chosen:
            continue
        if row.enabled:
            chosen[row.category].add(row.support)
        else:
            chosen[row.category].discard(row.support)
    for category, payer in payers.items():  # an agency-paid category: never from the class
        if payer == PAYER_AGENCY:
            chosen[category] &= AGENCY_PAID_SUPPORTS
    return {c: frozenset(s) for c, s in chosen.items()}


def _category_rows(plan: Plan) -> dict[str, PlanCategory]:
    return {row.category: row for row in plan.categories}


def plan_payers(plan: Plan) -> dict[str, str]:
    """Category -> who pays their costs: the plan's choice, else DEFAULT_PAYERS."""
    rows = _category_rows(plan)
    return {c: rows[c].payer if c in rows else DEFAULT_PAYERS[c] for c in CATEGORIES}


def plan_travel_methods(plan: Plan) -> dict[str, str]:
    """Category -> how they travel: the category's own method, else the plan's."""
    rows = _category_rows(plan)
    own = {c: row.travel_method for c, row in rows.items() if row.travel_method}
    return {c: own.get(c) or plan.travel_method for c in CATEGORIES}


# --- the rules of one activity -----------------------------------------------------------------


class Entitled(NamedTuple):
    """All that a person's entitlements depend on besides what they attended
    (models.budget.entitlements.person_quantities reads nothing else): people alike are
    entitled alike, so a class works each kind out once."""

    category: str
    distance_km: int | None
    difficult_area: bool
    leader: bool
    agency_paid: bool


class Participant(NamedTuple):
    """An enrolled person, as the money rules see them. A named tuple: a campaign's
    settlement makes 17,000 at a time, six times faster than a frozen dataclass."""

    enrollment_id: int
    person_id: int
    cccd: str
    full_name: str
    sort_key: str
    position: str
    village: str
    commune: str
    role: str
    category: str
    distance_km: int | None
    difficult_area: bool
    travel_actual: int | None
    travel_document: str
    leader: bool = False  # hệ số phụ cấp chức vụ 1,25 or more
    agency_paid: bool = False  # their agency paid this trip as công tác phí

    @property
    def entitled(self) -> Entitled:
        return Entitled(
            self.category, self.distance_km, self.difficult_area, self.leader, self.agency_paid
        )


@dataclass(frozen=True)
class LecturerRef:
    lecturer_id: int
    full_name: str
    title: str
    agency: str
    tier: int
    distance_km: int
    tax_commitment: bool = False  # mẫu 08/CK-TNCN given: no tax withheld from the fee
    travel_method: str | None = None  # None: the lecturers' category method
    leader: bool = False


PIT_ITEM: Final = "PIT_WITHHOLDING"


def income_tax_withheld(rules: Rules, fee: int, committed: bool) -> int:
    """Personal income tax withheld from one fee payment: the norm set's ratio of a fee of
    at least its threshold (TT 111/2013/TT-BTC Điều 25 khoản 1 điểm i: 10 % from
    2,000,000 đ), nothing for a lecturer who gave form 08/CK-TNCN or without the item."""
    item = rules.items.get(PIT_ITEM)
    if item is None or committed:
        return 0
    params = norm_params(item)
    threshold, ratio = params.get("threshold"), params.get("ratio")
    if not isinstance(threshold, int) or not isinstance(ratio, str) or fee < threshold:
        return 0
    return round_half_up(Decimal(ratio) * fee)


@dataclass
class Rules:
    """Everything the counting needs about one activity, looked up once."""

    activity: Activity
    plan: Plan
    norm_set: NormSet | None
    items: dict[str, NormItem]
    place_type: str
    supports: dict[str, frozenset[str]]
    meal_place_type: str  # the place type delegate meal caps are chosen by (meal_place)
    travel_method: str
    min_km: int | None
    min_km_difficult: int | None
    arrive_night_before: bool
    warnings: list[str]
    night_after: bool = False
    lodging_certified: bool = True
    lodging_min_km: int | None = None  # None: the travel threshold
    travel_methods: dict[str, str] = field(default_factory=dict)  # category -> method
    km_bases: dict[str, tuple[NormItem | None, int]] = field(default_factory=dict)
    lodging_by_invoice: bool = False
    # (line key, category) -> the norm item it is checked against (entitlements.key_item)
    item_cache: dict[tuple[str, str], NormItem | None] = field(default_factory=dict)

    def item(self, code: str) -> NormItem | None:
        return self.items.get(code)

    def method_of(self, category: str) -> str:
        return self.travel_methods.get(category, self.travel_method)

    def lecturer_method(self, lec: LecturerRef) -> str:
        return lec.travel_method or self.method_of(LECTURER)

    def travel_key(self, prefix: str, method: str) -> str:
        """The line key of travel by `method`: plain "travel" for the plan's own method (the
        key lines had before methods could differ by category), suffixed otherwise."""
        suffix = "" if method == self.travel_method else TRAVEL_SUFFIXES[method]
        return f"{prefix}{TRAVEL}{suffix}"

    def key_method(self, key: str) -> str | None:
        """The travel method of a travel line key; None for any other key."""
        base = travel_base(key)
        if base is None:
            return None
        for method, suffix in TRAVEL_SUFFIXES.items():
            if base == TRAVEL + suffix:
                return method
        return self.travel_method

    def km_basis(self, method: str) -> tuple[NormItem | None, int]:
        """(norm item, đồng per km) of a per-km method; (public transport item, 0) by ticket."""
        return self.km_bases.get(method, (None, 0))

    def pick(
        self, codes: Iterable[str], category: str, place_type: str | None = None
    ) -> NormItem | None:
        place = place_type or self.place_type
        for code in codes:
            item = self.items.get(code)
            if item is not None and item_applies(item, category, place):
                return item
        return None

    def beyond_threshold(self, distance_km: int | None, difficult: bool) -> bool:
        if distance_km is None or self.min_km is None:
            return False
        if difficult and self.min_km_difficult is not None:
            return distance_km >= min(self.min_km, self.min_km_difficult)
        return distance_km >= self.min_km

    def lodging_beyond(self, distance_km: int | None, difficult: bool) -> bool:
        """Far enough for lodging: the plan's own lodging threshold, else the travel one."""
        if self.lodging_min_km is None:
            return self.beyond_threshold(distance_km, difficult)
        return distance_km is not None and distance_km >= self.lodging_min_km

    def pays(self, category: str, support: str) -> bool:
        return support in self.supports.get(category, frozenset())


TRAVEL_SUFFIXES: Final[Mapping[str, str]] = {
    TravelMethod.OWN_VEHICLE.value: "_own",
    TravelMethod.FLAT_PER_KM.value: "_flat",
    TravelMethod.ACTUAL.value: "_ticket",
}


def travel_base(key: str) -> str | None:
    """ "travel", "travel_own", … of a travel line key (any prefix); None for other keys."""
    rest = key.removeprefix("organiser_").removeprefix("lecturer_")
    suffix = rest.removeprefix(TRAVEL)
    if rest.startswith(TRAVEL) and (suffix == "" or suffix in TRAVEL_SUFFIXES.values()):
        return rest
    return None


def category_of(activity: Activity, role: Role, salaried: bool) -> str:
    if role is not Role.LEARNER:
        return ORGANISER
    if salaried:
        return LEARNER_SALARIED
    return LEARNER_UNSALARIED if activity.kind is ActivityKind.TRAINING else DELEGATE_UNSALARIED


def petrol_price_on(plan: Plan, day: dt.date | None) -> int:
    """The petrol price of a trip on `day`: the newest dated price from that day or before,
    else the plan's single price (TT 40/2017/TT-BTC Điều 5 k2 điểm b: the price at the time
    of the trip)."""
    dated = [p for p in plan.petrol_prices if day is None or p.valid_from <= day]
    return dated[-1].price if dated else plan.petrol_price


def own_vehicle_rate(item: NormItem, petrol_price: int) -> int:
    """Đồng per km: litres/km × the petrol price of the day, rounded half up once."""
    litres = Decimal(str(norm_params(item).get("litres_per_km", "0")))
    return round_half_up(litres * petrol_price)


def activity_place_type(activity: Activity) -> str:
    if activity.place_type is not None:
        return activity.place_type.value
    if activity.venue is not None:
        return activity.venue.place_type.value
    return PlaceType.OTHER.value


ORGANISER_LEVELS: Final = ("central", "province", "district", "commune")


def meal_place(activity: Activity) -> str:
    """The place type that picks a delegate meal cap (TT 40/2017/TT-BTC Điều 12 khoản 4):
    a commune-level organiser's meeting is point c wherever it is held; otherwise the venue
    decides — the urban districts of a centrally-run city are point a, anywhere else in a
    province (a grade-I provincial city included) point b."""
    if activity.plan.organiser_level == "commune":
        return PlaceType.COMMUNE.value
    venue = activity.venue
    if activity_place_type(activity) == PlaceType.URBAN1.value and venue and venue.central_city:
        return PlaceType.URBAN1.value
    return PlaceType.CITY.value


def set_in_force(activity: Activity) -> NormSet | None:
    """The norm set an activity is priced by: the plan's when it names one, else the set in
    force on the activity's dates — a set of the plan's province first (its HĐND resolution
    overrides the national figures), then a national one; the latest to take effect wins."""
    plan = activity.plan
    if plan.norm_set is not None:
        return plan.norm_set
    session = object_session(activity)
    if session is None:
        return None
    start, end = activity.start_date, activity.end_date
    candidates = session.scalars(
        select(NormSet).where(
            or_(NormSet.effective_from.is_(None), NormSet.effective_from <= start),
            or_(NormSet.effective_to.is_(None), NormSet.effective_to >= end),
        )
    ).all()
    province = collapse_spaces(plan.org_unit.place) if plan.org_unit else ""

    def rank(s: NormSet) -> tuple[bool, bool, dt.date]:
        local = bool(s.province) and s.province == province
        return (local, not s.province, s.effective_from or dt.date.min)

    usable = [s for s in candidates if not s.province or s.province == province]
    return max(usable, key=rank, default=None)


def set_for(plan: Plan, activity: Activity | None) -> NormSet | None:
    """The set a line of `activity` (None: a plan-level line) is checked against: the plan's
    named set, else the set in force for the activity or, for the plan's own lines, for its
    first activity."""
    if plan.norm_set is not None:
        return plan.norm_set
    if activity is None:
        first = min(plan.activities, key=lambda a: (a.start_date, a.code), default=None)
        return set_in_force(first) if first is not None else None
    return set_in_force(activity)


def build_rules(activity: Activity) -> Rules:
    plan = activity.plan
    norm_set = set_in_force(activity)
    warnings: list[str] = []
    items: dict[str, NormItem] = {}
    if norm_set is None:
        warnings.append(
            Text(
                N_(
                    "Không có bộ định mức nào có hiệu lực vào ngày của {code} và kế hoạch "
                    "{plan} chưa chọn bộ định mức: không có mức chi để kiểm tra."
                ),
                code=activity.code,
                plan=plan.code,
            )
        )
    else:
        items = {i.code: i for i in norm_set.items}
        warnings.extend(period_warnings(norm_set, [activity]))
    thresholds = items.get(OWN_VEHICLE_ITEM)
    min_km = min_km_difficult = None
    if thresholds is not None:
        params = norm_params(thresholds)
        raw_min, raw_difficult = (
            params.get("min_distance_km"),
            params.get("min_distance_km_difficult"),
        )
        min_km = raw_min if isinstance(raw_min, int) else None
        min_km_difficult = raw_difficult if isinstance(raw_difficult, int) else None
    if min_km is None and norm_set is not None:
        warnings.append(
            f"Bộ định mức {norm_set.code} không có ngưỡng khoảng cách ({OWN_VEHICLE_ITEM}): "
            "không tính tiền đi lại, tiền nghỉ."
        )
    method = plan.travel_method
    methods = plan_travel_methods(plan)
    km_bases: dict[str, tuple[NormItem | None, int]] = {}
    for used in sorted({method, *methods.values(), *_lecturer_methods(activity)}):
        km_bases[used] = _km_basis(plan, activity, items, used, thresholds, warnings)
    return Rules(
        activity=activity,
        plan=plan,
        norm_set=norm_set,
        items=items,
        place_type=activity_place_type(activity),
        meal_place_type=meal_place(activity),
        supports=plan_supports(plan, activity.kind),
        travel_method=method,
        min_km=min_km,
        min_km_difficult=min_km_difficult,
        arrive_night_before=plan.arrive_night_before,
        night_after=plan.night_after,
        lodging_certified=plan.lodging_certified,
        lodging_min_km=plan.lodging_min_km,
        warnings=warnings,
        travel_methods=methods,
        km_bases=km_bases,
        lodging_by_invoice=plan.lodging_by_invoice,
    )


def _lecturer_methods(activity: Activity) -> set[str]:
    return {
        s.lecturer.travel_method
        for s in activity.sessions
        if s.lecturer is not None and s.lecturer.travel_method
    }


def _km_basis(
    plan: Plan,
    activity: Activity,
    items: Mapping[str, NormItem],
    method: str,
    own_vehicle: NormItem | None,
    warnings: list[str],
) -> tuple[NormItem | None, int]:
    """The norm item and rate per km of one travel method (warnings for what is missing):
    own vehicle — litres per km × the petrol price on the trip's day (TT 40/2017/TT-BTC Điều 5
    k2 điểm b); a provincial flat rate per km (TRAVEL_FLAT_KM); tickets — by document."""
    if method == TravelMethod.OWN_VEHICLE:
        if own_vehicle is None:
            return None, 0
        price = petrol_price_on(plan, activity.start_date)
        if price == 0:
            warnings.append(
                Text(
                    N_("Kế hoạch {plan} chưa nhập giá xăng: tiền đi lại tính 0 đồng/km."),
                    plan=plan.code,
                )
            )
        return own_vehicle, own_vehicle_rate(own_vehicle, price)
    if method == TravelMethod.FLAT_PER_KM:
        flat = items.get(FLAT_KM_ITEM)
        if flat is None or flat.cap is None:
            warnings.append(
                f"Kế hoạch chọn mức khoán theo km nhưng bộ định mức không có mục {FLAT_KM_ITEM}."
            )
            return None, 0
        return flat, flat.cap
    return items.get(PUBLIC_TRANSPORT_ITEM), 0


def period_warnings(norm_set: NormSet, activities: Iterable[Activity]) -> list[str]:
    """Activities whose dates fall outside the norm set's effective period."""
    out = []
    for a in activities:
        start_ok = norm_set.effective_from is None or a.start_date >= norm_set.effective_from
        end_ok = norm_set.effective_to is None or a.end_date <= norm_set.effective_to
        if not (start_ok and end_ok):
            period = f"{_d(norm_set.effective_from) or '…'} – {_d(norm_set.effective_to) or 'nay'}"
            out.append(
                f"Hoạt động {a.code} ({_d(a.start_date)} – {_d(a.end_date)}) nằm ngoài thời gian "
                f"hiệu lực của bộ định mức {norm_set.code} ({period})."
            )
    return out


def _d(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


# The columns a Participant is made of, after the enrollment's activity (so one statement can
# read the people of many activities: models.settlement.held).
PARTICIPANT_COLUMNS: Final = (
    Enrollment.activity_id,
    Enrollment.id,
    Person.id,
    Person.cccd,
    Person.full_name,
    Person.sort_key,
    Person.position,
    Person.village,
    Person.commune,
    Enrollment.role,
    Person.salaried,
    Person.distance_km,
    Person.difficult_area,
    Enrollment.travel_actual,
    Enrollment.travel_document,
    Person.leader,
    Enrollment.agency_paid,
)


def participants(session: Session, activity: Activity) -> list[Participant]:
    """Everyone enrolled, in Vietnamese name order (columns, not ORM objects: a campaign's
    17,000 people are read without building an entity each)."""
    rows = session.execute(
        select(*PARTICIPANT_COLUMNS)
        .join(Person, Enrollment.person_id == Person.id)
        .where(Enrollment.activity_id == activity.id)
        .order_by(Person.sort_key, Person.id)
    ).all()
    return participants_from(activity, rows)


def participants_from(activity: Activity, rows: Sequence[Sequence[Any]]) -> list[Participant]:
    """Participants from rows of PARTICIPANT_COLUMNS, in the rows' order."""
    categories = {
        (role, salaried): category_of(activity, role, salaried)
        for role in {r[9] for r in rows}
        for salaried in (False, True)
    }
    return [
        Participant(
            enrollment_id=eid,
            person_id=pid,
            cccd=cccd or "",
            full_name=name,
            sort_key=key,
            position=position,
            village=village,
            commune=commune,
            role=role.value,
            category=categories[(role, bool(salaried))],
            distance_km=km,
            difficult_area=difficult,
            travel_actual=actual,
            travel_document=document,
            leader=leader,
            agency_paid=agency,
        )
        for (
            _,
            eid,
            pid,
            cccd,
            name,
            key,
            position,
            village,
            commune,
            role,
            salaried,
            km,
            difficult,
            actual,
            document,
            leader,
            agency,
        ) in rows
    ]


def lecturer_refs(lecturers: Iterable[Lecturer]) -> dict[int, LecturerRef]:
    return {
        lec.id: LecturerRef(
            lecturer_id=lec.id,
            full_name=lec.full_name,
            title=lec.title,
            agency=lec.agency,
            tier=lec.tier,
            distance_km=lec.distance_km,
            tax_commitment=lec.tax_commitment,
            travel_method=lec.travel_method,
            leader=lec.leader,
        )
        for lec in lecturers
    }
