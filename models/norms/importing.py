"""A norm set updated from a file the user imports (a new circular, a province's resolution):
never a program update.

`compare_norm_file` reads the file and says what would change, writing nothing: a new set, or
for a set already in the database every item added or changed (the cap, the source, the
confidence and the parameters, old beside new) and the items the file no longer has (kept:
lines may point at them). `apply_norm_file` then writes it in the caller's transaction.
A locked class is never repriced: its settlement is the snapshot taken when it was locked
(models.settlement.locking); the preview counts the classes that keep their figures.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from models.budget.rules import set_in_force
from models.entities.enums import Confidence
from models.entities.tables import Activity, NormItem, NormSet, Plan
from models.norms.files import NormItemSpec, NormSetSpec, load_norm_file
from models.norms.store import install_shipped, item_entity, set_entity


@dataclass(frozen=True)
class ItemChange:
    code: str
    name: str
    field: str  # "cap", "source", "confidence", "params", "name", "unit", "new"
    old: str
    new: str

    def as_json(self) -> dict[str, str]:
        return {"code": self.code, "name": self.name, "field": self.field, "old": self.old,
                "new": self.new}  # fmt: skip

    @property
    def text(self) -> str:
        if self.field == "new":
            return f"{self.code} ({self.name}): mục mới, {self.new}"
        return f"{self.code} ({self.name}): {self.field} {self.old or '—'} → {self.new or '—'}"


@dataclass(frozen=True)
class NormImportPreview:
    code: str
    name: str
    new_set: bool
    changes: tuple[ItemChange, ...]
    kept: tuple[str, ...]  # item codes the file no longer has: kept in the database
    activities: int  # classes priced by this set
    locked: int  # of them locked: they keep their figures

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code, "name": self.name, "new_set": self.new_set,
            "changes": [c.as_json() for c in self.changes], "kept": list(self.kept),
            "activities": self.activities, "locked": self.locked,
        }  # fmt: skip

    @property
    def summary(self) -> str:
        if self.new_set:
            return f"Bộ định mức mới {self.code} ({self.name})."
        if not self.changes:
            return f"Bộ định mức {self.code}: tệp không khác gì dữ liệu đang dùng."
        locked = f"; {self.locked} lớp đã khóa quyết toán giữ nguyên số tiền" if self.locked else ""
        return (
            f"Bộ định mức {self.code}: {len(self.changes)} thay đổi, áp dụng cho "
            f"{self.activities} lớp{locked}."
        )


def _money(value: int | None) -> str:
    return "theo thực tế" if value is None else f"{value:,}".replace(",", ".")


def _differences(stored: NormItem, spec: NormItemSpec) -> list[ItemChange]:
    fresh = item_entity(spec)
    out = []
    pairs = (
        ("cap", _money(stored.cap), _money(fresh.cap)),
        ("source", stored.source, fresh.source),
        ("confidence", stored.confidence.value, fresh.confidence.value),
        ("name", stored.name, fresh.name),
        ("unit", stored.unit, fresh.unit),
        ("params", _params(stored.params), _params(fresh.params)),
        ("applies_to", stored.applies_to, fresh.applies_to),
        ("place_types", stored.place_types, fresh.place_types),
    )
    for field, old, new in pairs:
        if old != new:
            out.append(ItemChange(spec.code, spec.name, field, old, new))
    return out


def _params(text: str) -> str:
    loaded = json.loads(text or "{}")
    return json.dumps(loaded, ensure_ascii=False, sort_keys=True) if loaded else ""


def _counts(session: Session, norm_set: NormSet | None) -> tuple[int, int]:
    """(classes priced by the set, of them locked): those of plans naming it, and those of
    plans naming none whose dates fall in its period (models.budget.rules.set_in_force)."""
    if norm_set is None:
        return 0, 0
    in_period: list[ColumnElement[bool]] = [
        Activity.plan_id.in_(select(Plan.id).where(Plan.norm_set_id.is_(None)))
    ]
    if norm_set.effective_from is not None:
        in_period.append(Activity.start_date >= norm_set.effective_from)
    if norm_set.effective_to is not None:
        in_period.append(Activity.end_date <= norm_set.effective_to)
    named = Activity.plan_id.in_(select(Plan.id).where(Plan.norm_set_id == norm_set.id))
    candidates = session.scalars(select(Activity).where(or_(named, and_(*in_period)))).all()
    priced = [a for a in candidates if set_in_force(a) is norm_set]
    return len(priced), sum(1 for a in priced if a.locked)


def _preview(session: Session, spec: NormSetSpec) -> tuple[NormImportPreview, NormSet | None]:
    install_shipped(session)
    stored = session.scalar(select(NormSet).where(NormSet.code == spec.code))
    activities, locked = _counts(session, stored)
    if stored is None:
        preview = NormImportPreview(spec.code, spec.name, True, (), (), 0, 0)
        return preview, None
    by_code = {i.code: i for i in stored.items}
    changes: list[ItemChange] = []
    for item in spec.items:
        old = by_code.get(item.code)
        if old is None:
            changes.append(ItemChange(item.code, item.name, "new", "", _money(item.cap)))
        else:
            changes.extend(_differences(old, item))
    wanted = {i.code for i in spec.items}
    kept = tuple(sorted(code for code in by_code if code not in wanted))
    preview = NormImportPreview(
        spec.code, spec.name, False, tuple(changes), kept, activities, locked
    )
    return preview, stored


def compare_norm_file(session: Session, path: str | os.PathLike[str]) -> NormImportPreview:
    """What importing the file would change; nothing is written."""
    preview, _stored = _preview(session, load_norm_file(path))
    return preview


def apply_norm_file(session: Session, path: str | os.PathLike[str]) -> NormImportPreview:
    """Import the file: a new set, or the stored set brought to the file's figures."""
    spec = load_norm_file(path)
    preview, stored = _preview(session, spec)
    if stored is None:
        session.add(set_entity(spec, shipped=False))
        session.flush()
        return preview
    stored.name = spec.name
    stored.legal_basis = "\n".join(spec.legal_basis)
    stored.province = spec.province
    stored.effective_from = spec.effective_from
    stored.effective_to = spec.effective_to
    by_code = {i.code: i for i in stored.items}
    for item_spec in spec.items:
        fresh = item_entity(item_spec)
        old = by_code.get(item_spec.code)
        if old is None:
            stored.items.append(fresh)
            continue
        for attr in ("name", "unit", "cap", "basis", "applies_to", "lecturer_tier",
                     "place_types", "params", "source"):  # fmt: skip
            setattr(old, attr, getattr(fresh, attr))
        old.confidence = Confidence(fresh.confidence)
    session.flush()
    return preview
