"""Norm sets (định mức chi) stored as TOML files.

The schema is documented at the top of ``resources/norms/tt55_2023_national.toml``.
This module reads and validates such files into frozen dataclasses; it does not
touch the database. Money is ``int`` (whole đồng); decimal parameters are
``Decimal`` and are written as strings in the file, so no float ever enters.

Every validation problem raises :class:`NormFileError` whose message names the
file, the item code (or ``[set]``) and the field, e.g.::

    tt55.toml: item 'DRINKS': field 'cap': expected an integer number of đồng, got str
"""

from __future__ import annotations

import datetime
import os
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Final, Literal, cast

from models.errors import UserError

__all__ = [
    "APPLIES_TO",
    "BASES",
    "CONFIDENCES",
    "FORMULAS",
    "PLACE_TYPES",
    "SCHEMA_VERSION",
    "Basis",
    "Confidence",
    "NormFileError",
    "NormItemSpec",
    "NormSetSpec",
    "load_norm_file",
    "shipped_norm_sets",
]

SCHEMA_VERSION: Final = 1

Basis = Literal["actual", "cap", "formula"]
Confidence = Literal["Q", "S", "M"]

BASES: Final[tuple[str, ...]] = ("actual", "cap", "formula")
CONFIDENCES: Final[tuple[str, ...]] = ("Q", "S", "M")
APPLIES_TO: Final[tuple[str, ...]] = (
    "learner_unsalaried",
    "learner_salaried",
    "lecturer",
    "organiser",
    "delegate_unsalaried",
    "all",
)
PLACE_TYPES: Final[tuple[str, ...]] = ("urban1", "city", "other", "commune")
# formula name -> parameters it needs
FORMULAS: Final[Mapping[str, tuple[str, ...]]] = {
    "own_vehicle_fuel": ("litres_per_km", "min_distance_km", "min_distance_km_difficult"),
    "ratio_of_items": ("ratio", "of_items"),
    # Personal income tax withheld from a lecturer's fee: `ratio` of a payment of at least
    # `threshold` đồng (TT 111/2013/TT-BTC Điều 25 khoản 1 điểm i: 10 % from 2,000,000 đ).
    "income_tax_withholding": ("ratio", "threshold"),
}
_FORMULA_PARAMS: Final = frozenset(p for params in FORMULAS.values() for p in params)

_SET_CODE = re.compile(r"[A-Z0-9][A-Z0-9._-]*")
_ITEM_CODE = re.compile(r"[A-Z][A-Z0-9_]*")

_TOP_KEYS: Final = frozenset({"schema_version", "set", "items"})
_SET_KEYS: Final = frozenset(
    {"code", "name", "legal_basis", "province", "effective_from", "effective_to"}
)
_ITEM_KEYS: Final = frozenset(
    {
        "code",
        "name",
        "unit",
        "basis",
        "cap",
        "applies_to",
        "lecturer_tier",
        "place_types",
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
        "source",
        "confidence",
        "note",
    }
)


class NormFileError(UserError):
    """A norm file that cannot be read or does not follow the schema."""


@dataclass(frozen=True, slots=True)
class NormItemSpec:
    """One spending norm of a set. See the schema comment in the shipped TOML file."""

    code: str
    name: str
    unit: str
    basis: Basis
    applies_to: tuple[str, ...]
    source: str
    confidence: Confidence
    cap: int | None = None
    lecturer_tier: int | None = None
    place_types: tuple[str, ...] = ()  # empty: any place
    formula: str | None = None
    litres_per_km: Decimal | None = None
    min_distance_km: int | None = None
    min_distance_km_difficult: int | None = None
    ratio: Decimal | None = None
    of_items: tuple[str, ...] = ()
    persons_per_room: int | None = None
    class_days_under: int | None = None
    minority_language_uplift: Decimal | None = None
    threshold: int | None = None  # đồng: the smallest payment a withholding applies to
    budget_code: str = ""  # tiểu mục of the budget classification (TT 324/2016/TT-BTC)
    note: str = ""

    @property
    def needs_verification(self) -> bool:
        """Confidence "M": show as "cần kiểm tra"."""
        return self.confidence == "M"

    def applies_in(self, place_type: str) -> bool:
        return not self.place_types or place_type in self.place_types


@dataclass(frozen=True, slots=True)
class NormSetSpec:
    """A norm set as read from one file; ``origin`` is the file it came from."""

    code: str
    name: str
    legal_basis: tuple[str, ...]
    province: str
    effective_from: datetime.date
    effective_to: datetime.date | None
    items: tuple[NormItemSpec, ...]
    origin: str = ""
    schema_version: int = SCHEMA_VERSION

    def item(self, code: str) -> NormItemSpec:
        for item in self.items:
            if item.code == code:
                return item
        raise KeyError(f"norm set {self.code!r} has no item {code!r}")

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(item.code for item in self.items)

    def covers(self, day: datetime.date) -> bool:
        """Whether ``day`` lies within the set's effective dates (both ends included)."""
        if day < self.effective_from:
            return False
        return self.effective_to is None or day <= self.effective_to


# --- field readers ---------------------------------------------------------------


class _Table:
    """A TOML table plus where it came from, for error messages."""

    def __init__(self, origin: str, where: str, data: Mapping[str, object]) -> None:
        self.origin = origin
        self.where = where
        self.data = data

    def error(self, field: str, message: str) -> NormFileError:
        return NormFileError(f"{self.origin}: {self.where}: field {field!r}: {message}")

    def check_keys(self, allowed: Iterable[str]) -> None:
        unknown = sorted(set(self.data) - set(allowed))
        if unknown:
            raise self.error(unknown[0], "unknown field (check the spelling)")

    def has(self, field: str) -> bool:
        return field in self.data

    def _get(self, field: str) -> object:
        if field not in self.data:
            raise self.error(field, "missing")
        return self.data[field]

    def text(self, field: str, *, allow_empty: bool = False, default: str | None = None) -> str:
        if default is not None and field not in self.data:
            return default
        value = self._get(field)
        if not isinstance(value, str):
            raise self.error(field, f"expected text, got {_kind(value)}")
        value = value.strip()
        if not value and not allow_empty:
            raise self.error(field, "must not be empty")
        return value

    def choice(self, field: str, choices: Sequence[str]) -> str:
        value = self.text(field)
        if value not in choices:
            raise self.error(field, f"{value!r} is not one of {', '.join(choices)}")
        return value

    def integer(self, field: str, *, minimum: int = 0, maximum: int | None = None) -> int | None:
        if field not in self.data:
            return None
        value = self.data[field]
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(field, f"expected an integer, got {_kind(value)}")
        if value < minimum or (maximum is not None and value > maximum):
            upper = "" if maximum is None else f" and at most {maximum}"
            raise self.error(field, f"{value} must be at least {minimum}{upper}")
        return value

    def money(self, field: str) -> int | None:
        if field not in self.data:
            return None
        value = self.data[field]
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(
                field, f"expected an integer number of đồng (e.g. 200000), got {_kind(value)}"
            )
        if value < 0:
            raise self.error(field, f"{value} must not be negative")
        return value

    def decimal(self, field: str) -> Decimal | None:
        if field not in self.data:
            return None
        value = self.data[field]
        if not isinstance(value, str):
            raise self.error(
                field, f'write decimals as text, e.g. "0.2" (got {_kind(value)} {value!r})'
            )
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise self.error(field, f"{value!r} is not a decimal number") from None
        if not number.is_finite() or number < 0:
            raise self.error(field, f"{value!r} must be a finite number, not negative")
        return number

    def string_list(
        self, field: str, *, choices: Sequence[str] | None = None, required: bool = True
    ) -> tuple[str, ...]:
        if field not in self.data and not required:
            return ()
        value = self._get(field)
        if not isinstance(value, list):
            raise self.error(field, f"expected a list of text, got {_kind(value)}")
        result: list[str] = []
        for raw in cast(list[object], value):
            if not isinstance(raw, str) or not raw.strip():
                raise self.error(field, f"entries must be non-empty text, got {raw!r}")
            entry = raw.strip()
            if choices is not None and entry not in choices:
                raise self.error(field, f"{entry!r} is not one of {', '.join(choices)}")
            if entry in result:
                raise self.error(field, f"{entry!r} is listed twice")
            result.append(entry)
        if not result:
            raise self.error(field, "must not be empty")
        return tuple(result)

    def optional_date(self, field: str) -> datetime.date | None:
        return self.date(field) if field in self.data else None

    def date(self, field: str) -> datetime.date:
        value = self._get(field)
        # TOML datetimes are datetime.date subclasses: refuse them, a norm set starts on a day.
        if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
            raise self.error(field, f"expected a date like 2023-10-01, got {_kind(value)}")
        return value


def _kind(value: object) -> str:
    return {
        bool: "true/false",
        int: "integer",
        float: "float",
        str: "text",
        list: "list",
        dict: "table",
    }.get(type(value), type(value).__name__)


# --- parsing ---------------------------------------------------------------------


def _basis_cap_formula(t: _Table) -> tuple[Basis, int | None, str | None]:
    """Read basis, cap and formula, and check which formula parameters are present."""
    basis = cast(Basis, t.choice("basis", BASES))
    cap = t.money("cap")
    if basis == "cap" and cap is None:
        raise t.error("cap", 'missing (required when basis = "cap")')
    if basis == "actual" and cap is not None:
        raise t.error("cap", 'not allowed when basis = "actual" (actual costs have no cap)')

    formula: str | None = None
    if basis == "formula":
        formula = t.choice("formula", tuple(FORMULAS))
        for param in FORMULAS[formula]:
            if not t.has(param):
                raise t.error(param, f"missing (required by formula {formula!r})")
        needed = set(FORMULAS[formula])
    else:
        if t.has("formula"):
            raise t.error("formula", 'only allowed when basis = "formula"')
        needed = set()
    for param in sorted(_FORMULA_PARAMS - needed):
        if t.has(param):
            raise t.error(param, "not used by this item's basis/formula")

    return basis, cap, formula


def _budget_code(t: _Table) -> str:
    code = t.text("budget_code", allow_empty=True, default="")
    if code and not re.fullmatch(r"\d{4}", code):
        raise t.error("budget_code", f'{code!r} must be a 4-digit tiểu mục, e.g. "6658"')
    return code


def _parse_item(origin: str, index: int, raw: object) -> NormItemSpec:
    if not isinstance(raw, dict):
        raise NormFileError(f"{origin}: items[{index}]: expected a table, got {_kind(raw)}")
    data = cast(dict[str, object], raw)
    code_value = data.get("code")
    label = f"item {code_value!r}" if isinstance(code_value, str) else f"items[{index}]"
    t = _Table(origin, label, data)
    code = t.text("code")
    if not _ITEM_CODE.fullmatch(code):
        raise t.error("code", f"{code!r} must be upper-case ASCII letters, digits and _")
    t.check_keys(_ITEM_KEYS)

    basis, cap, formula = _basis_cap_formula(t)

    applies_to = t.string_list("applies_to", choices=APPLIES_TO)
    if "all" in applies_to and len(applies_to) > 1:
        raise t.error("applies_to", '"all" cannot be combined with other categories')

    litres_per_km = t.decimal("litres_per_km")
    if litres_per_km is not None and litres_per_km == 0:
        raise t.error("litres_per_km", "must be more than 0")
    min_km = t.integer("min_distance_km")
    min_km_difficult = t.integer("min_distance_km_difficult")
    if min_km is not None and min_km_difficult is not None and min_km_difficult > min_km:
        raise t.error("min_distance_km_difficult", "must not exceed min_distance_km")
    ratio = t.decimal("ratio")
    if ratio is not None and ratio == 0:
        raise t.error("ratio", "must be more than 0")

    return NormItemSpec(
        code=code,
        name=t.text("name"),
        unit=t.text("unit"),
        basis=basis,
        applies_to=applies_to,
        source=t.text("source"),
        confidence=cast(Confidence, t.choice("confidence", CONFIDENCES)),
        cap=cap,
        lecturer_tier=t.integer("lecturer_tier", minimum=1, maximum=5),
        place_types=t.string_list("place_types", choices=PLACE_TYPES, required=False),
        formula=formula,
        litres_per_km=litres_per_km,
        min_distance_km=min_km,
        min_distance_km_difficult=min_km_difficult,
        ratio=ratio,
        of_items=t.string_list("of_items", required=False),
        persons_per_room=t.integer("persons_per_room", minimum=1),
        class_days_under=t.integer("class_days_under", minimum=1),
        minority_language_uplift=t.decimal("minority_language_uplift"),
        threshold=t.money("threshold"),
        budget_code=_budget_code(t),
        note=t.text("note", allow_empty=True, default=""),
    )


def _parse(origin: str, document: Mapping[str, object]) -> NormSetSpec:
    top = _Table(origin, "top level", document)
    top.check_keys(_TOP_KEYS)
    version = top.integer("schema_version", minimum=1)
    if version is None:
        raise top.error("schema_version", "missing")
    if version != SCHEMA_VERSION:
        raise top.error(
            "schema_version", f"{version} is not supported (this version reads {SCHEMA_VERSION})"
        )

    raw_set = document.get("set")
    if not isinstance(raw_set, dict):
        raise NormFileError(f"{origin}: [set] table missing")
    s = _Table(origin, "[set]", cast(dict[str, object], raw_set))
    s.check_keys(_SET_KEYS)
    code = s.text("code")
    if not _SET_CODE.fullmatch(code):
        raise s.error("code", f"{code!r} must be upper-case ASCII letters, digits, '.', '_', '-'")
    effective_from = s.date("effective_from")
    effective_to = s.optional_date("effective_to")
    if effective_to is not None and effective_to < effective_from:
        raise s.error("effective_to", f"{effective_to} is before effective_from {effective_from}")

    raw_items = document.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        raise NormFileError(f"{origin}: no [[items]] (a norm set needs at least one item)")
    items: list[NormItemSpec] = []
    seen: set[str] = set()
    for index, raw in enumerate(cast(list[object], raw_items)):
        item = _parse_item(origin, index, raw)
        if item.code in seen:
            raise NormFileError(f"{origin}: item {item.code!r}: field 'code': duplicate code")
        seen.add(item.code)
        items.append(item)
    for item in items:
        for ref in item.of_items:
            if ref not in seen:
                raise NormFileError(
                    f"{origin}: item {item.code!r}: field 'of_items': "
                    f"{ref!r} is not an item of this set"
                )
            if ref == item.code:
                raise NormFileError(
                    f"{origin}: item {item.code!r}: field 'of_items': refers to itself"
                )

    return NormSetSpec(
        code=code,
        name=s.text("name"),
        legal_basis=s.string_list("legal_basis"),
        province=s.text("province", allow_empty=True),
        effective_from=effective_from,
        effective_to=effective_to,
        items=tuple(items),
        origin=origin,
        schema_version=version,
    )


def load_norm_file(
    source: str | os.PathLike[str] | Traversable, *, origin: str | None = None
) -> NormSetSpec:
    """Read a norm set.

    ``source`` is a path (``pathlib.Path``, any ``os.PathLike`` or an
    importlib.resources ``Traversable``), or a ``str``: a ``str`` without a line
    break that ends in ``.toml`` is a path, any other ``str`` is the TOML text
    itself. ``origin`` overrides the name used in error messages.
    """
    text: str
    if isinstance(source, str) and ("\n" in source or not source.endswith(".toml")):
        name = origin or "<text>"
        text = source
    else:
        traversable: Traversable = Path(source) if isinstance(source, str | os.PathLike) else source
        name = origin or (
            os.fspath(traversable) if isinstance(traversable, os.PathLike) else traversable.name
        )
        try:
            text = traversable.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise NormFileError(f"{name}: cannot read the file: {exc}") from exc
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise NormFileError(f"{name}: not valid TOML: {exc}") from exc
    return _parse(name, document)


def shipped_norm_sets() -> list[NormSetSpec]:
    """Every ``*.toml`` in the ``resources.norms`` package, in file-name order."""
    folder = resources.files("resources.norms")
    files = sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".toml") and entry.is_file()),
        key=lambda entry: entry.name,
    )
    sets: list[NormSetSpec] = []
    codes: dict[str, str] = {}
    for entry in files:
        spec = load_norm_file(entry, origin=entry.name)
        if spec.code in codes:
            raise NormFileError(
                f"{entry.name}: [set]: field 'code': {spec.code!r} already used by "
                f"{codes[spec.code]}"
            )
        codes[spec.code] = entry.name
        sets.append(spec)
    return sets
