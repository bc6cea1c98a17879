"""Norm sets in the database: the shipped files are the starting point, loaded once.

Once loaded, a set lives in the database so that a user's corrections survive upgrades; a newer
release only adds sets whose codes are not there yet.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.budget.rules import period_warnings
from models.concurrency import check_version
from models.entities.enums import Confidence
from models.entities.tables import NormItem, NormSet, Plan
from models.errors import MoneyError
from models.norms.files import APPLIES_TO, PLACE_TYPES, NormItemSpec, NormSetSpec, shipped_norm_sets

DEFAULT_SET = "TT55-2023-QG"
_SET_CODE = re.compile(r"[A-Z0-9][A-Z0-9._-]*")
_ITEM_CODE = re.compile(r"[A-Z][A-Z0-9_]*")

# Formula parameters kept as JSON in NormItem.params (decimals as strings, never floats).
_PARAMS = (
    "formula",
    "litres_per_km",
    "min_distance_km",
    "min_distance_km_difficult",
    "ratio",
    "of_items",
    "persons_per_room",
    "class_days_under",
    "minority_language_uplift",
    "threshold",
    "budget_code",
    "note",
)


def _params(spec: NormItemSpec) -> str:
    out: dict[str, object] = {}
    for name in _PARAMS:
        value = getattr(spec, name)
        if value in (None, "", ()):
            continue
        if isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = value
    return json.dumps(out, ensure_ascii=False, sort_keys=True)


def item_entity(spec: NormItemSpec) -> NormItem:
    return NormItem(
        code=spec.code,
        name=spec.name,
        unit=spec.unit,
        cap=spec.cap,
        basis=spec.basis,
        applies_to=",".join(spec.applies_to),
        lecturer_tier=spec.lecturer_tier,
        place_types=",".join(spec.place_types),
        params=_params(spec),
        source=spec.source,
        confidence=Confidence(spec.confidence),
    )


def set_entity(spec: NormSetSpec, *, shipped: bool) -> NormSet:
    return NormSet(
        code=spec.code,
        name=spec.name,
        legal_basis="\n".join(spec.legal_basis),
        province=spec.province,
        effective_from=spec.effective_from,
        effective_to=spec.effective_to,
        shipped=shipped,
        items=[item_entity(item) for item in spec.items],
    )


def install_shipped(session: Session) -> list[NormSet]:
    """Add the shipped sets that this database does not have yet; returns the ones added.

    A shipped set the database already has gains the items a newer release ships (by code);
    its figures, which the user may have corrected with a source, are never touched."""
    specs = shipped_norm_sets()
    stored = {
        s.code: s
        for s in session.scalars(
            select(NormSet).where(NormSet.code.in_([spec.code for spec in specs]))
        )
    }
    added = [set_entity(spec, shipped=True) for spec in specs if spec.code not in stored]
    session.add_all(added)
    for spec in specs:
        norm_set = stored.get(spec.code)
        if norm_set is None or not norm_set.shipped:
            continue
        have = {item.code: item for item in norm_set.items}
        norm_set.items.extend(item_entity(i) for i in spec.items if i.code not in have)
        for item_spec in spec.items:  # a budget code the stored item lacks (not a figure)
            item = have.get(item_spec.code)
            params = json.loads(item.params or "{}") if item is not None else {}
            if item is not None and item_spec.budget_code and "budget_code" not in params:
                item.params = json.dumps(
                    {**params, "budget_code": item_spec.budget_code},
                    ensure_ascii=False, sort_keys=True,
                )  # fmt: skip
    session.flush()
    return added


def shipped_sets_installed(session: Session) -> bool:
    """Every shipped set is stored with at least the items this release ships: one query,
    so opening a database need not load every set to find nothing to install."""
    want = {spec.code: len(spec.items) for spec in shipped_norm_sets()}
    rows = session.execute(
        select(NormSet.code, func.count(NormItem.id))
        .join(NormItem, NormItem.norm_set_id == NormSet.id)
        .where(NormSet.code.in_(list(want)))
        .group_by(NormSet.code)
    )
    have: dict[str, int] = {code: count for code, count in rows}
    return all(have.get(code, -1) >= count for code, count in want.items())


def default_norm_set(session: Session) -> NormSet | None:
    install_shipped(session)
    return session.scalar(select(NormSet).where(NormSet.code == DEFAULT_SET))


# --- reading and editing norm sets (the user's corrections live in the database) ----------


class NormError(MoneyError):
    """Bad input for a norm set or item; the message names the set and the item."""


NEEDS_CHECK = "cần kiểm tra"


@dataclass(frozen=True)
class NormItemView:
    item_id: int
    code: str
    name: str
    unit: str
    cap: int | None
    basis: str  # cap | actual | formula
    applies_to: tuple[str, ...]
    place_types: tuple[str, ...]
    lecturer_tier: int | None
    params: str  # JSON
    source: str
    confidence: str  # Q | S | M
    note: str
    version: int = 0  # the row version the view was read at (a form sends it back)

    @property
    def needs_verification(self) -> bool:
        return self.confidence == Confidence.UNCONFIRMED.value

    @property
    def check_label(self) -> str:
        """ "cần kiểm tra" for figures widely repeated but not confirmed ([M])."""
        return NEEDS_CHECK if self.needs_verification else ""

    def as_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "unit": self.unit,
            "cap": self.cap,
            "basis": self.basis,
            "applies_to": list(self.applies_to),
            "place_types": list(self.place_types),
            "lecturer_tier": self.lecturer_tier,
            "params": json.loads(self.params or "{}"),
            "source": self.source,
            "confidence": self.confidence,
            "needs_verification": self.needs_verification,
        }


@dataclass(frozen=True)
class NormSetView:
    set_id: int
    code: str
    name: str
    legal_basis: tuple[str, ...]
    province: str
    effective_from: dt.date | None
    effective_to: dt.date | None
    derived_from: str  # code of the set it was copied from, or ""
    shipped: bool
    items: tuple[NormItemView, ...]

    def item(self, code: str) -> NormItemView:
        for item in self.items:
            if item.code == code:
                return item
        raise KeyError(code)

    def covers(self, day: dt.date) -> bool:
        if self.effective_from is not None and day < self.effective_from:
            return False
        return self.effective_to is None or day <= self.effective_to

    def as_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "legal_basis": list(self.legal_basis),
            "province": self.province,
            "effective_from": self.effective_from.isoformat() if self.effective_from else None,
            "effective_to": self.effective_to.isoformat() if self.effective_to else None,
            "derived_from": self.derived_from or None,
            "shipped": self.shipped,
            "items": [i.as_json() for i in self.items],
        }


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _item_view(item: NormItem) -> NormItemView:
    params = json.loads(item.params or "{}")
    note = params.get("note", "") if isinstance(params, dict) else ""
    return NormItemView(
        item_id=item.id,
        code=item.code,
        name=item.name,
        unit=item.unit,
        cap=item.cap,
        basis=item.basis,
        applies_to=_split(item.applies_to),
        place_types=_split(item.place_types),
        lecturer_tier=item.lecturer_tier,
        params=item.params,
        source=item.source,
        confidence=item.confidence.value,
        note=str(note),
        version=item.version,
    )


def set_view(norm_set: NormSet, derived_from: str = "") -> NormSetView:
    return NormSetView(
        set_id=norm_set.id,
        code=norm_set.code,
        name=norm_set.name,
        legal_basis=tuple(line for line in norm_set.legal_basis.splitlines() if line.strip()),
        province=norm_set.province,
        effective_from=norm_set.effective_from,
        effective_to=norm_set.effective_to,
        derived_from=derived_from,
        shipped=norm_set.shipped,
        items=tuple(_item_view(i) for i in norm_set.items),
    )


def list_norm_sets(session: Session) -> tuple[NormSetView, ...]:
    """Every norm set in the database (the shipped ones are installed first), by code."""
    install_shipped(session)
    sets = list(session.scalars(select(NormSet).order_by(NormSet.code)))
    codes = {s.id: s.code for s in sets}
    return tuple(set_view(s, codes.get(s.derived_from_id or 0, "")) for s in sets)


def _set(session: Session, code: str) -> NormSet:
    install_shipped(session)
    norm_set = session.scalar(select(NormSet).where(NormSet.code == code.strip()))
    if norm_set is None:
        raise NormError(f"không có bộ định mức mã {code.strip()}")
    return norm_set


def _item(norm_set: NormSet, code: str) -> NormItem:
    for item in norm_set.items:
        if item.code == code.strip():
            return item
    raise NormError(f"bộ định mức {norm_set.code} không có mục {code.strip()}")


def _check_cap(cap: object, where: str) -> int:
    if isinstance(cap, bool) or not isinstance(cap, int) or cap < 0:
        raise NormError(f"{where}: mức chi phải là số nguyên đồng không âm, không phải {cap!r}")
    return cap


def derive_norm_set(
    session: Session,
    base_code: str,
    *,
    code: str,
    name: str,
    province: str,
    legal_basis: Sequence[str],
    effective_from: dt.date,
    effective_to: dt.date | None = None,
) -> NormSetView:
    """A provincial set (e.g. from a province's HĐND resolution): a copy of `base_code` with its
    own code, source and dates; override caps afterwards with `set_norm_cap`."""
    base = _set(session, base_code)
    code = code.strip()
    if not _SET_CODE.fullmatch(code):
        raise NormError(f"mã bộ định mức {code!r}: chỉ dùng chữ in hoa không dấu, số, . _ -")
    if session.scalar(select(NormSet.id).where(NormSet.code == code)) is not None:
        raise NormError(f"đã có bộ định mức mã {code}")
    if not name.strip():
        raise NormError(f"bộ định mức {code}: cần có tên")
    if effective_to is not None and effective_to < effective_from:
        raise NormError(f"bộ định mức {code}: ngày hết hiệu lực trước ngày có hiệu lực")
    derived = NormSet(
        code=code,
        name=name,
        legal_basis="\n".join([*legal_basis, *base.legal_basis.splitlines()]),
        province=province,
        effective_from=effective_from,
        effective_to=effective_to,
        derived_from_id=base.id,
        shipped=False,
        items=[
            NormItem(
                code=i.code,
                name=i.name,
                unit=i.unit,
                cap=i.cap,
                basis=i.basis,
                applies_to=i.applies_to,
                lecturer_tier=i.lecturer_tier,
                place_types=i.place_types,
                params=i.params,
                source=i.source,
                confidence=i.confidence,
            )
            for i in base.items
        ],
    )
    session.add(derived)
    session.flush()
    return set_view(derived, base.code)


def set_norm_cap(
    session: Session,
    set_code: str,
    item_code: str,
    cap: int,
    *,
    source: str,
    confidence: Confidence = Confidence.QUOTED,
    expected_version: int | None = None,
) -> NormItemView:
    """Correct or override one cap, citing its source (e.g. "NQ 11/2019/NQ-HĐND tỉnh Lai Châu,
    Điều 2"). The default confidence is Q: the user read the text they cite.
    `expected_version`: the version the form showed; someone else's save since is refused."""
    norm_set = _set(session, set_code)
    item = _item(norm_set, item_code)
    check_version(item, expected_version)
    where = f"“{item.name}” ({norm_set.name})"  # in words: the user reads it on Định mức
    if item.basis == "actual":
        raise NormError(f"{where}: khoản chi theo thực tế, không có mức trần")
    if not source.strip():
        raise NormError(f"{where}: cần ghi nguồn pháp lý của mức chi mới")
    item.cap = _check_cap(cap, where)
    item.source = source
    item.confidence = confidence
    session.flush()
    return _item_view(item)


def add_norm_item(
    session: Session,
    set_code: str,
    *,
    code: str,
    name: str,
    unit: str,
    cap: int | None,
    applies_to: Sequence[str],
    source: str,
    place_types: Sequence[str] = (),
    confidence: Confidence = Confidence.QUOTED,
) -> NormItemView:
    """Add an item to a set, e.g. TRAVEL_FLAT_KM (a province's flat rate per km); cap None
    means "actual, by document"."""
    norm_set = _set(session, set_code)
    code = code.strip()
    where = f"{norm_set.code}/{code}"
    if not _ITEM_CODE.fullmatch(code):
        raise NormError(f"{where}: mã mục chỉ dùng chữ in hoa không dấu, số và _")
    if any(i.code == code for i in norm_set.items):
        raise NormError(f"{where}: mục đã có")
    unknown = [a for a in applies_to if a not in APPLIES_TO]
    if unknown or not applies_to:
        raise NormError(
            f"{where}: đối tượng áp dụng không hợp lệ: {', '.join(unknown) or '(trống)'}"
        )
    bad_places = [p for p in place_types if p not in PLACE_TYPES]
    if bad_places:
        raise NormError(f"{where}: loại địa bàn không hợp lệ: {', '.join(bad_places)}")
    if not source.strip() or not name.strip():
        raise NormError(f"{where}: cần có tên và nguồn pháp lý")
    item = NormItem(
        code=code,
        name=name,
        unit=unit,
        cap=None if cap is None else _check_cap(cap, where),
        basis="actual" if cap is None else "cap",
        applies_to=",".join(applies_to),
        place_types=",".join(place_types),
        params="{}",
        source=source,
        confidence=confidence,
    )
    norm_set.items.append(item)
    session.flush()
    return _item_view(item)


def set_plan_norm_set(session: Session, plan_id: int, set_code: str) -> tuple[str, ...]:
    """A plan picks one norm set; returns a warning for each activity outside its dates."""
    norm_set = _set(session, set_code)
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NormError(f"không có kế hoạch mã số {plan_id}")
    plan.norm_set = norm_set
    session.flush()
    return tuple(period_warnings(norm_set, plan.activities))
