"""Norm sets in the database: the shipped files are the starting point, loaded once.

Once loaded, a set lives in the database so that a user's corrections survive upgrades; a newer
release only adds sets whose codes are not there yet.
"""

from __future__ import annotations

import json
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.entities import Confidence, NormItem, NormSet
from models.norm_files import NormItemSpec, NormSetSpec, shipped_norm_sets

DEFAULT_SET = "TT55-2023-QG"

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
    """Add the shipped sets that this database does not have yet; returns the ones added."""
    have = set(session.scalars(select(NormSet.code)))
    added = [
        set_entity(spec, shipped=True) for spec in shipped_norm_sets() if spec.code not in have
    ]
    session.add_all(added)
    session.flush()
    return added


def default_norm_set(session: Session) -> NormSet | None:
    install_shipped(session)
    return session.scalar(select(NormSet).where(NormSet.code == DEFAULT_SET))
