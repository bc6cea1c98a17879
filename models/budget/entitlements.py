"""Who is entitled to what: quantities per person and per lecturer, from what they attended.

The estimate calls these with everyone present at every session, the settlement with the
sessions actually attended; the counting rules (half days, nights, travel) are described in
models.budget.rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

from models.budget.rules import (
    DRINKS,
    DRINKS_ITEM,
    LECTURER,
    LODGING,
    LODGING_ITEMS,
    LODGING_LEADER_ITEMS,
    LODGING_ROOM_ITEMS,
    LODGING_SINGLE_ROOM_ITEMS,
    MEAL,
    MEAL_DELEGATE_ITEMS,
    MEAL_LEARNER_ITEMS,
    ORGANISER,
    PER_DIEM,
    PER_DIEM_ITEM,
    PUBLIC_TRANSPORT_ITEM,
    TRAVEL,
    Entitled,
    LecturerRef,
    Rules,
    lecturer_item_code,
)
from models.entities.enums import ActivityKind, TravelMethod
from models.entities.tables import NormItem

# --- counting ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Presence:
    """What one person attended: sessions per date (1 or 2)."""

    per_date: Mapping[dt.date, int]

    @property
    def half_days(self) -> int:
        return sum(self.per_date.values())

    @property
    def came(self) -> bool:
        return self.half_days > 0


def day_parts(presence: Presence) -> tuple[int, int]:
    """(full days, half days): a date with both buổi attended is a full day, a date with one
    buổi attended (or a date that only has one buổi) is half a day."""
    full = sum(1 for n in presence.per_date.values() if n >= 2)
    half = sum(1 for n in presence.per_date.values() if n == 1)
    return full, half


def nights(dates: Iterable[dt.date], arrive_night_before: bool, night_after: bool = False) -> int:
    """Nights actually stayed: between consecutive days attended, the evening before the first
    (when far participants arrive the day before) and the night after the last (when they
    leave the next morning)."""
    attended = set(dates)
    if not attended:
        return 0
    between = sum(1 for d in attended if d + dt.timedelta(days=1) in attended)
    first = 1 if arrive_night_before else 0
    starts = sum(1 for d in attended if d - dt.timedelta(days=1) not in attended)
    ends = sum(1 for d in attended if d + dt.timedelta(days=1) not in attended)
    return between + first * starts + (ends if night_after else 0)


def per_diem_days(dates: Iterable[dt.date], arrive_night_before: bool) -> int:
    """Per-diem days of a trip: from the day of departure to the day of return, travel days
    included (TT 40/2017/TT-BTC Điều 6 khoản 1: "tính từ ngày bắt đầu đi công tác tới ngày
    kết thúc công tác và trở về"). Arriving the evening before adds that travel day; the
    return is on the last day taught."""
    days = sorted(set(dates))
    if not days:
        return 0
    return (days[-1] - days[0]).days + 1 + (1 if arrive_night_before else 0)


# --- who gets what ----------------------------------------------------------------------------

# Generated line keys (BudgetLine.item_code) whose quantity is counted person by person.
ORGANISER_PREFIX: Final = "organiser_"
LECTURER_PREFIX: Final = "lecturer_"
HALF_SUFFIX: Final = "_half"


# Lodging line keys and the norm items they are checked against (TT 40/2017/TT-BTC Điều 7):
# flat per night (k2), the leader's flat tier, by invoice per room of two (k3), a leader alone.
LODGING_LEADER: Final = LODGING + "_leader"
LODGING_ROOM: Final = LODGING + "_room"
LODGING_SINGLE_ROOM: Final = LODGING + "_room_single"
LODGING_KEYS: Final[Mapping[str, tuple[str, ...]]] = {
    LODGING: LODGING_ITEMS,
    LODGING_LEADER: LODGING_LEADER_ITEMS,
    LODGING_ROOM: LODGING_ROOM_ITEMS,
    LODGING_SINGLE_ROOM: LODGING_SINGLE_ROOM_ITEMS,
}
# Keys paid to a hotel by invoice, per room: not paid to the person, not on the payout list.
BY_INVOICE: Final = frozenset({LODGING_ROOM, LODGING_SINGLE_ROOM})


def lodging_keys(rules: Rules, leader: bool) -> tuple[str, ...]:
    """The lodging keys to try for a person, best first: a leader's tier falls back to the
    ordinary one where the norm set has no leader's item for their category."""
    if rules.lodging_by_invoice:
        return (LODGING_SINGLE_ROOM, LODGING_ROOM) if leader else (LODGING_ROOM,)
    return (LODGING_LEADER, LODGING) if leader else (LODGING,)


def key_item(rules: Rules, key: str, category: str) -> NormItem | None:
    """The norm item a generated line is checked against, for a person of `category` (looked
    up once per key and category for the activity)."""
    cache = rules.item_cache
    if (key, category) not in cache:
        cache[(key, category)] = _key_item(rules, key, category)
    return cache[(key, category)]


def _key_item(rules: Rules, key: str, category: str) -> NormItem | None:
    base = key.removeprefix(ORGANISER_PREFIX).removeprefix(LECTURER_PREFIX)
    base = base.removesuffix(HALF_SUFFIX)
    codes: tuple[str, ...]
    method = rules.key_method(key)
    if method is not None:
        item = rules.km_basis(method)[0]
        codes = (PUBLIC_TRANSPORT_ITEM,) if method == TravelMethod.ACTUAL else ()
        if item is not None and method != TravelMethod.ACTUAL:
            codes = (item.code,)
        return rules.pick(codes, category)
    if base in LODGING_KEYS:
        return rules.pick(LODGING_KEYS[base], category)
    if base == MEAL:
        if rules.activity.kind is not ActivityKind.TRAINING:
            return rules.pick(MEAL_DELEGATE_ITEMS, category, rules.meal_place_type)
        codes = MEAL_LEARNER_ITEMS
    elif base == DRINKS:
        codes = (DRINKS_ITEM,)
    elif base == PER_DIEM:
        codes = (PER_DIEM_ITEM,)
    elif base.startswith("fee_t"):
        codes = (lecturer_item_code(int(base.removeprefix("fee_t"))),)
    else:
        codes = ()
    return rules.pick(codes, category)


def person_quantities(rules: Rules, p: Entitled, presence: Presence) -> dict[str, int]:
    """Line key -> the quantity (days, nights, km or trips) a person of kind `p`
    (Participant.entitled) is entitled to for what they attended."""
    out: dict[str, int] = {}
    if not presence.came:
        return out
    cat = p.category
    full, half = day_parts(presence)
    organiser = cat == ORGANISER
    prefix = ORGANISER_PREFIX if organiser else ""
    far = rules.beyond_threshold(p.distance_km, p.difficult_area)

    def add(key: str, quantity: int) -> None:
        if quantity > 0 and key_item(rules, key, cat) is not None:
            out[key] = out.get(key, 0) + quantity

    def add_first(keys: Iterable[str], quantity: int) -> None:
        for key in keys:
            if key_item(rules, key, cat) is not None:
                add(key, quantity)
                return

    if p.agency_paid:  # their agency paid the trip: the class pays only the drinks served
        if rules.pays(cat, DRINKS):
            add(DRINKS, full)
            add(DRINKS + HALF_SUFFIX, half)
        return out
    if not organiser and rules.pays(cat, MEAL):
        add(MEAL, full)
        add(MEAL + HALF_SUFFIX, half)
    if rules.pays(cat, DRINKS):
        add(DRINKS, full)
        add(DRINKS + HALF_SUFFIX, half)
    learner = not organiser
    if (
        rules.lodging_beyond(p.distance_km, p.difficult_area)
        and rules.pays(cat, LODGING)
        and (rules.lodging_certified or not learner)
    ):
        stayed = nights(presence.per_date, rules.arrive_night_before, rules.night_after)
        add_first((prefix + k for k in lodging_keys(rules, p.leader)), stayed)
    if far and rules.pays(cat, TRAVEL) and p.distance_km is not None:
        method = rules.method_of(cat)
        actual = method == TravelMethod.ACTUAL
        add(rules.travel_key(prefix, method), 2 if actual else 2 * p.distance_km)
    if organiser and far and rules.pays(cat, PER_DIEM):
        add(prefix + PER_DIEM, len(presence.per_date))
    return out


def lecturer_quantities(rules: Rules, lec: LecturerRef, taught: list[dt.date]) -> dict[str, int]:
    """Line key -> quantity for one lecturer who taught the buổi on `taught` (one date per
    buổi): fee per buổi by tier; travel, lodging and per-diem when they come from afar."""
    out: dict[str, int] = {}
    if not taught:
        return out
    fee_key = f"{LECTURER_PREFIX}fee_t{lec.tier}"
    if key_item(rules, fee_key, LECTURER) is not None:
        out[fee_key] = len(taught)
    if not rules.beyond_threshold(lec.distance_km, False):
        return out
    dates = set(taught)
    method = rules.lecturer_method(lec)
    actual = method == TravelMethod.ACTUAL
    lodging = next(
        (
            LECTURER_PREFIX + k
            for k in lodging_keys(rules, lec.leader)
            if key_item(rules, LECTURER_PREFIX + k, LECTURER) is not None
        ),
        LECTURER_PREFIX + LODGING,
    )
    wanted = {
        lodging: (LODGING, nights(dates, rules.arrive_night_before, rules.night_after)),
        rules.travel_key(LECTURER_PREFIX, method): (TRAVEL, 2 if actual else 2 * lec.distance_km),
        LECTURER_PREFIX + PER_DIEM: (PER_DIEM, per_diem_days(dates, rules.arrive_night_before)),
    }
    for key, (support, quantity) in wanted.items():
        if rules.pays(LECTURER, support) and quantity > 0:
            if key_item(rules, key, LECTURER) is not None:
                out[key] = quantity
    return out
