"""The lecturer fee tier a position calls for (TT 36/2018/TT-BTC Điều 5 k2 a, as amended by
TT 06/2023/TT-BTC), from the catalogue shipped as data: resources/catalogues/lecturer_tiers.toml.

A suggestion for the lecturer form and a check on the estimate: the tier stays the user's
choice (a lecturer's degree may earn a higher tier than their post).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from models.text.vntext import nfc, strip_tones


@dataclass(frozen=True)
class TierMatch:
    tier: int
    position: str  # the catalogue's words that matched
    label: str  # the tier's description in the circular
    source: str


@dataclass(frozen=True)
class _Entry:
    tier: int
    position: str
    key: str  # lower case, with tones
    label: str


def _words(text: str) -> str:
    """Lower-case words with tones, single spaces, punctuation dropped, padded by spaces."""
    return " " + " ".join(re.findall(r"\w+", nfc(text).lower())) + " "


@cache
def _catalogue() -> tuple[str, tuple[_Entry, ...]]:
    text = (
        resources.files("resources.catalogues")
        .joinpath("lecturer_tiers.toml")
        .read_text(encoding="utf-8")
    )
    data = tomllib.loads(text)
    entries = tuple(
        _Entry(int(t["tier"]), position, _words(position), str(t["label"]))
        for t in data["tiers"]
        for position in t["positions"]
    )
    return str(data["source"]), entries


def tier_catalogue() -> list[tuple[int, str]]:
    """(tier, description) of each tier, for the form's hint and the CLI."""
    seen: dict[int, str] = {}
    for entry in _catalogue()[1]:
        seen.setdefault(entry.tier, entry.label)
    return sorted(seen.items())


def suggest_tier(title: str) -> TierMatch | None:
    """The tier of the longest catalogue position found in `title`; None when nothing
    matches. Case is ignored; tones too, but only when the title has none ("pho cuc truong"
    is a Phó Cục trưởng, while "Trưởng bản" is never a "Trưởng ban")."""
    words = _words(title)
    source, entries = _catalogue()
    if strip_tones(words) == words:  # typed without tones: compare without tones
        found = [e for e in entries if strip_tones(e.key) in words]
    else:
        found = [e for e in entries if e.key in words]
    if not found:
        return None
    best = max(found, key=lambda e: (len(e.key), -e.tier))
    return TierMatch(best.tier, best.position, best.label, source)
